using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>
/// A payment partner (a bank, the payment platform) as the tests drive it: registered by the administrator over
/// <c>POST /api/v1/admin/payment-partners</c> (its 32-byte secret answered once, in base64), and its callbacks to
/// <c>POST /api/v1/payments/callback</c> signed as docs/FEES.md "### Confirmation" tells a partner to: the hex HMAC-SHA256,
/// keyed by the secret, of "{timestamp}.{body}" (timestamp in Unix seconds), in the headers <c>X-MotCua-Partner</c>,
/// <c>X-MotCua-Timestamp</c> and <c>X-MotCua-Signature</c>. Computed with .NET's HMAC, never the server's helper, so a
/// test checks the server against the documented recipe. The one copy, for the web tests and the browser tests (which reference this project).
/// </summary>
public sealed record PaymentPartner(string Name, byte[] Secret)
{
    /// <summary>The callback's path.</summary>
    public const string CallbackPath = "/api/v1/payments/callback";

    /// <summary>Registers partner <paramref name="name"/> (<paramref name="title"/>, default "Ngân hàng {name}") through
    /// <paramref name="administrator"/> (a client signed in as the administrator) and keeps the secret answered; fails the
    /// test unless 201 with a 32-byte secret.</summary>
    public static async Task<PaymentPartner> CreateAsync(HttpClient administrator, string name, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        var response = await administrator.PostAsJsonAsync("/api/v1/admin/payment-partners", new { name, title = title ?? $"Ngân hàng {name}" });
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"partner {name}: {(int)response.StatusCode} {text}");
        var secret = Convert.FromBase64String(JsonDocument.Parse(text).RootElement.GetProperty("secret").GetString()!);
        if (secret.Length != 32) throw new InvalidOperationException($"partner {name}: a secret of {secret.Length} bytes");
        return new PaymentPartner(name, secret);
    }

    /// <summary>A callback body: <paramref name="paidAt"/> written with its offset to the second ("2025-11-19T09:30:00+07:00").</summary>
    public static string Body(string transactionId, long amountVnd, string purpose, DateTimeOffset paidAt, string? payerName = "TRAN THI BINH") =>
        JsonSerializer.Serialize(new { transactionId, amountVnd, purpose, paidAt = paidAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), payerName });

    /// <summary>The signature of <paramref name="body"/> signed at Unix second <paramref name="timestamp"/>: 64 lower-case hex digits.</summary>
    public string Sign(long timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}")));

    /// <summary>The callback request of <paramref name="body"/> signed at <paramref name="signedAt"/> (its Unix second), with
    /// <paramref name="signature"/> instead of the right one when a test sends a wrong one.</summary>
    public HttpRequestMessage Request(string body, DateTimeOffset signedAt, string? signature = null)
    {
        var timestamp = signedAt.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, CallbackPath) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-MotCua-Partner", Name);
        request.Headers.Add("X-MotCua-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-MotCua-Signature", signature ?? Sign(timestamp, body));
        return request;
    }

    /// <summary>Sends <paramref name="body"/> signed at <paramref name="signedAt"/> through <paramref name="client"/>; the answer as it came.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient client, string body, DateTimeOffset signedAt)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = Request(body, signedAt);
        return await client.SendAsync(request);
    }

    /// <summary>Sends a callback of the payment and answers the payment recorded; fails the test unless 200.</summary>
    public async Task<JsonElement> PaidAsync(HttpClient client, DateTimeOffset signedAt, string transactionId, long amountVnd, string purpose, DateTimeOffset paidAt,
        string? payerName = "TRAN THI BINH")
    {
        using var response = await SendAsync(client, Body(transactionId, amountVnd, purpose, paidAt, payerName), signedAt);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"callback {transactionId}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
