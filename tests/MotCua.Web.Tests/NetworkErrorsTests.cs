using System.Net;
using System.Net.Sockets;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Tests;

/// <summary>
/// Third trial of issue 16, LOW 11: the portal's outage banner and the population database's log showed .NET's English
/// "An error occurred while sending the request." with a doubled full stop. Every <see cref="HttpRequestError"/> now has a
/// Vietnamese cause without a final full stop; a real refused connection is named as one.
/// </summary>
public class NetworkErrorsTests
{
    [Fact]
    public void Every_request_error_has_a_Vietnamese_cause_without_a_final_full_stop()
    {
        foreach (var error in Enum.GetValues<HttpRequestError>())
        {
            var text = NetworkErrors.Vietnamese(new HttpRequestException(error, "An error occurred while sending the request."));
            Assert.True(text.Length > 0 && !text.EndsWith('.') && !text.Contains("error", StringComparison.OrdinalIgnoreCase)
                && text.Any(c => c > 127), $"{error}: {text}");
        }
    }

    [Fact]
    public async Task A_refused_connection_is_said_to_be_one()
    {
        // A port that was free a moment ago: nothing listens there, so the connection is refused at once.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new HttpClient();
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{port}/"));
        Assert.Equal("không mở được kết nối tới máy chủ (máy chủ tắt hoặc cổng bị chặn)", NetworkErrors.Vietnamese(e));

        // The SMS and Zalo gateways' failure, as the delivery records it (brief p16h item 7: .NET's English was appended).
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/sms/send");
        var outcome = await MotCua.Web.Features.Channels.GatewayAnswers.SendAsync(client, request, TimeProvider.System,
            (_, answer) => throw new Xunit.Sdk.XunitException($"không thể trả lời: {answer}"), CancellationToken.None);
        Assert.Equal("Không kết nối được cổng gửi tin: không mở được kết nối tới máy chủ (máy chủ tắt hoặc cổng bị chặn)", outcome.Answer);
    }

    [Fact]
    public void No_delivery_failure_appends_dotnets_English_message()
    {
        // PortalFiles, WebhookTarget and GatewayAnswers appended e.Message to what the administrator reads (brief p16h item
        // 7): every delivery that calls another system over HTTP says a failure's cause through NetworkErrors, or in words
        // of its own. (The SMTP client's and the worker's own messages are not HTTP failures: left as they are.)
        var offending = Directory.EnumerateFiles(Path.Combine(MotCuaApp.RepoRoot(), "src", "MotCua.Web", "Features"), "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("catch (HttpRequestException", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => x.line.Contains("DeliveryOutcome.", StringComparison.Ordinal) && x.line.Contains("{e.Message}", StringComparison.Ordinal))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}").ToList();
        Assert.True(offending.Count == 0, string.Join(", ", offending));
    }
}
