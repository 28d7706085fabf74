using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>An HTTP/1.1 exchange written and read as bytes, for what HttpClient will not send (chunked bodies of our
/// choosing, invalid escapes in the target, HEAD).</summary>
public static class RawHttp
{
    public sealed record Answer(int Status, Dictionary<string, string> Headers, string Body)
    {
        public string ContentType => Headers.GetValueOrDefault("content-type", "");

        public JsonElement Problem()
        {
            Assert.True(ContentType.StartsWith("application/problem+json", StringComparison.Ordinal), $"{Status} {ContentType}: {Body}");
            return JsonDocument.Parse(Body).RootElement;
        }
    }

    /// <summary>Sends <paramref name="head"/> (ending in a blank line) and <paramref name="body"/>, reads until the server closes.</summary>
    public static async Task<Answer> SendAsync(Uri server, string head, byte[]? body = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        try { if (body is not null) await stream.WriteAsync(body); }
        catch (IOException) { } // the server may answer and close before reading all of a body it refuses
        using var read = new MemoryStream();
        try { await stream.CopyToAsync(read); }
        catch (IOException) { }
        var text = Encoding.UTF8.GetString(read.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"Không có câu trả lời HTTP: '{text}'");
        var lines = text[..split].Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var rest = text[(split + 4)..];
        return new Answer(int.Parse(lines[0].Split(' ')[1]), headers, headers.GetValueOrDefault("transfer-encoding") == "chunked" ? Unchunk(rest) : rest);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var bytes = Encoding.UTF8.GetBytes(chunked);
        var at = 0;
        while (at < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\r', at);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(bytes, at, end - at), 16);
            if (size == 0) break;
            body.Append(Encoding.UTF8.GetString(bytes, end + 2, size));
            at = end + 2 + size + 2;
        }
        return body.ToString();
    }
}

/// <summary>
/// Issue 12, items 8 and 9: a body that is not JSON is a 400, a body over the intake's 1 MB a 413 even when sent in chunks
/// (no Content-Length), and an address whose escapes are not UTF-8 a clean 404; each problem+json naming what is wrong.
/// </summary>
public class MalformedBodyTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private string Post(string target, string extra) =>
        $"POST {target} HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\nX-Api-Key: {DemoData.ApiKey}\r\nIdempotency-Key: {Guid.NewGuid()}\r\n" +
        $"Content-Type: application/json\r\n{extra}Connection: close\r\n\r\n";

    [Theory]
    [InlineData("{\"procedureCode\":\"1.001193\",\"agencyCode\":\"000.10")]
    [InlineData("{\"procedureCode\":\"1.001193\",")]
    [InlineData("{")]
    [InlineData("{\"procedureCode\" \"1.001193\"}")]
    [InlineData("không phải JSON")]
    public async Task A_body_cut_short_or_not_json_is_a_400_naming_the_body(string json)
    {
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var bytes = Encoding.UTF8.GetBytes(json);
        var answer = await RawHttp.SendAsync(app.BaseAddress, Post("/api/v1/dossiers", $"Content-Length: {bytes.Length}\r\n"), bytes);
        Assert.True(answer.Status == 400, $"{answer.Status}: {answer.Body}");
        var problem = answer.Problem();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains("JSON", problem.GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    [Fact]
    public async Task A_body_over_a_small_route_limit_is_read_away_and_answered_413_on_a_connection_that_stays_open()
    {
        // The rating's 8 KB: a 1.2 MB body used to be cut by Kestrel while the client was still sending, a broken pipe
        // on a loaded machine instead of the answer. Ten in a row on one client: each a 413 naming the body, none
        // closing the connection.
        var client = app.CreateClient();
        var body = "{\"code\":\"" + new string('ạ', 200_000) + "\",\"comment\":\"" + new string('ạ', 200_000) + "\"}";
        Assert.True(Encoding.UTF8.GetByteCount(body) is > (int)Features.Ratings.RatingEndpoints.MaxBody and <= (int)Problems.RequestLimits.DrainBytes);
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.PostAsync("/api/v1/ratings", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.False(response.Headers.ConnectionClose == true, "the connection was closed");
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains("quá lớn", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_chunked_body_over_the_intake_limit_is_a_413_naming_the_body()
    {
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
        using var body = new MemoryStream();
        var chunks = 0;
        for (; chunks * chunk.Length <= JsonBody.MaxBytes + chunk.Length; chunks++)
        {
            body.Write(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
            body.Write(chunk);
            body.Write("\r\n"u8);
        }
        body.Write("0\r\n\r\n"u8);
        var answer = await RawHttp.SendAsync(app.BaseAddress, Post("/api/v1/dossiers", "Transfer-Encoding: chunked\r\n"), body.ToArray());
        Assert.True(answer.Status == 413, $"{answer.Status}: {answer.Body}");
        Assert.Contains("quá lớn", answer.Problem().GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
        output.WriteLine($"{chunks} khúc × {chunk.Length} byte, không có Content-Length → 413");
    }

    [Theory]
    [InlineData("/api/v1/lookup/%FF")]
    [InlineData("/api/v1/lookup/%C3%28")]
    [InlineData("/api/v1/lookup/000.10.01.H46-251117-%FF%FE")]
    [InlineData("/api/v1/procedures/%FF")]
    public async Task An_address_whose_escapes_are_not_utf8_is_a_clean_problem(string target)
    {
        var answer = await RawHttp.SendAsync(app.BaseAddress,
            $"GET {target} HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\nConnection: close\r\n\r\n");
        Assert.True(answer.Status is 400 or 404, $"{target}: {answer.Status} {answer.Body}");
        Assert.Equal(answer.Status, answer.Problem().GetProperty("status").GetInt32());
        output.WriteLine($"{target} → {answer.Status}");
    }
}
