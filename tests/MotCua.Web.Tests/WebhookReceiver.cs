using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MotCua.Web.Tests;

/// <summary>
/// A webhook receiver as an integrated system runs one: a Kestrel server of the test's own on a real port that checks
/// each delivery's signature the way docs/MESSAGES.md §8 tells receivers to (HMAC-SHA256 of "{timestamp}.{body}" under
/// the secret, compared in constant time) and records what arrived. It can be stopped and started again on the same
/// port (a receiver that is down refuses connections), and slowed or made to hang.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? server;

    public sealed record Delivery(Guid MessageId, string Event, string Body, JsonElement Payload);

    /// <summary>The port, fixed at the first start so that a restart listens where the subscription points.</summary>
    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>The secret the deliveries must be signed with (known once the subscription is created).</summary>
    public string? Secret { get; set; }

    /// <summary>How long each answer waits (zero: at once; <see cref="Timeout.InfiniteTimeSpan"/>: until the caller gives up).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Every delivery with a valid signature, in arrival order (a repeat is recorded again).</summary>
    public ConcurrentQueue<Delivery> Received { get; } = new();

    public int BadSignatures;

    /// <summary>The receiver's clock for the timestamp check (the app's test clock when the app runs on one).</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Limits.MaxConcurrentConnections = null).UseUrls($"http://127.0.0.1:{Port}");
        var app = builder.Build();
        app.MapPost("/hook", (Func<HttpContext, Task<IResult>>)HandleAsync);
        app.MapPost("/gone", () => Results.StatusCode(StatusCodes.Status410Gone));
        await app.StartAsync();
        if (Port == 0) Port = new Uri(app.Urls.First()).Port;
        server = app;
    }

    public async Task StopAsync()
    {
        if (server is null) return;
        await server.StopAsync();
        await server.DisposeAsync();
        server = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var timestamp = http.Request.Headers["X-MotCua-Timestamp"].ToString();
        var signature = http.Request.Headers["X-MotCua-Signature"].ToString();
        if (Secret is null || !Verify(Secret, timestamp, body, signature, Now()))
        {
            Interlocked.Increment(ref BadSignatures);
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }
        using var json = JsonDocument.Parse(body);
        Received.Enqueue(new Delivery(Guid.Parse(http.Request.Headers["X-MotCua-Message-Id"].ToString()), http.Request.Headers["X-MotCua-Event"].ToString(),
            Encoding.UTF8.GetString(body), json.RootElement.Clone()));
        if (Delay != TimeSpan.Zero)
        {
            try { await Task.Delay(Delay, http.RequestAborted); }
            catch (OperationCanceledException) { return Results.Empty; }
        }
        return Results.Ok();
    }

    /// <summary>The receiver's check, as docs/MESSAGES.md §8 gives it: the timestamp within five minutes, then the HMAC.</summary>
    public static bool Verify(string secret, string timestamp, byte[] body, string signature, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, out var seconds) || Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300) return false;
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }
}
