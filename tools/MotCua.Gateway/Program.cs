using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.Gateway;

// A fake of the two HTTP gateways MotCua sends citizens' messages through (docs/MESSAGES.md §3), run as a process of its
// own by the tests (GatewayProcess) and by ./run.sh's demo: an SMS brandname gateway (POST /sms/send) and Zalo's ZNS
// template API (POST /message/template). It records what it accepts (GET /messages), fails, slows down or refuses a
// number on command (POST /control), and a moment after each message posts a signed delivery receipt to MotCua.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(services => new GatewayState(services.GetRequiredService<IConfiguration>()["Gateway:ReceiptUrl"]));
builder.Services.AddSingleton<ReceiptSender>();
builder.Services.AddHttpClient();
var app = builder.Build();
var settings = app.Configuration.GetSection("Gateway");

app.MapPost("/sms/send", async (HttpRequest request, GatewayState state, ReceiptSender receipts, CancellationToken ct) =>
{
    if (await state.InterfereAsync(request.HttpContext, ct) is { } down) return down;
    if (request.Headers["X-Api-Key"] != settings["ApiKey"])
        return Results.Json(new { error = "unauthorized", message = "Khóa API không đúng." }, statusCode: 401);
    var body = await ReadAsync(request, ct);
    var to = body?["to"]?.GetValue<string>();
    var text = body?["text"]?.GetValue<string>();
    var brandname = body?["brandname"]?.GetValue<string>();
    var messageId = body?["messageId"]?.GetValue<string>();
    if (to is null || !Phones.IsInternational(to))
        return Results.Json(new { error = "invalid_phone", message = "Số điện thoại phải có dạng 84xxxxxxxxx." }, statusCode: 400);
    if (string.IsNullOrEmpty(text) || string.IsNullOrEmpty(brandname) || string.IsNullOrEmpty(messageId))
        return Results.Json(new { error = "invalid_request", message = "Thiếu text, brandname hoặc messageId." }, statusCode: 400);
    var provider = settings["SmsProvider"] ?? "sms";
    if (state.IsRefused(to))
    {
        receipts.Schedule(provider, settings["SmsSecret"], messageId, null, "failed", "Thuê bao từ chối nhận tin quảng bá/chăm sóc khách hàng.");
        return Results.Json(new { error = "blocked_number", message = "Thuê bao đã từ chối nhận tin nhắn thương hiệu." }, statusCode: 400);
    }
    var (record, fresh) = state.Accept(new Recorded("sms", "", messageId, to, text, brandname, null, null, DateTimeOffset.UtcNow));
    if (fresh) receipts.Schedule(provider, settings["SmsSecret"], messageId, record.Id, "delivered", null);
    return Results.Json(new { id = record.Id });
});

app.MapPost("/message/template", async (HttpRequest request, GatewayState state, ReceiptSender receipts, CancellationToken ct) =>
{
    if (await state.InterfereAsync(request.HttpContext, ct) is { } down) return down;
    // Zalo answers HTTP 200 with an error code in the body for everything but its own outages.
    if (request.Headers["access_token"] != settings["AccessToken"]) return Zalo(-124, "Access token is invalid");
    var body = await ReadAsync(request, ct);
    var phone = body?["phone"]?.GetValue<string>();
    var templateId = body?["template_id"]?.ToString();
    var data = body?["template_data"] as JsonObject;
    var trackingId = body?["tracking_id"]?.GetValue<string>();
    if (phone is null || !Phones.IsInternational(phone)) return Zalo(-108, "Phone number is invalid");
    if (string.IsNullOrEmpty(templateId) || data is null || string.IsNullOrEmpty(trackingId)) return Zalo(-100, "Invalid parameter: template_id, template_data and tracking_id are required");
    var provider = settings["ZaloProvider"] ?? "zalo";
    if (state.IsRefused(phone))
    {
        receipts.Schedule(provider, settings["ZaloSecret"], trackingId, null, "failed", "User has blocked ZNS messages.");
        return Zalo(-118, "Zalo account does not exist or has been disabled");
    }
    var values = data.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "");
    var (record, fresh) = state.Accept(new Recorded("zalo", "", trackingId, phone, string.Join("; ", values.Select(v => $"{v.Key}={v.Value}")), null, templateId, values, DateTimeOffset.UtcNow));
    if (fresh) receipts.Schedule(provider, settings["ZaloSecret"], trackingId, record.Id, "delivered", null);
    return Results.Json(new { error = 0, message = "Success", data = new { msg_id = record.Id, sent_time = record.ReceivedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) } });
});

app.MapGet("/messages", (string? to, GatewayState state) => Results.Json(state.Messages(to)));

app.MapPost("/control", async (HttpRequest request, GatewayState state, CancellationToken ct) =>
{
    var body = await ReadAsync(request, ct);
    var answer = state.Control(body);
    return answer is null ? Results.Json(new { error = "invalid_control", message = "mode phải là fail, slow, refuse, receipts hoặc normal." }, statusCode: 400) : Results.Json(answer);
});

app.Run();

static IResult Zalo(int error, string message) => Results.Json(new { error, message });

static async Task<JsonObject?> ReadAsync(HttpRequest request, CancellationToken ct)
{
    try { return await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject; }
    catch (JsonException) { return null; }
}

namespace MotCua.Gateway
{
    /// <summary>A message the gateway accepted: <c>Id</c> is the gateway's own id, <c>MessageId</c> MotCua's
    /// (<c>messageId</c> for SMS, <c>tracking_id</c> for Zalo), <c>To</c> the number as sent (84xxxxxxxxx).</summary>
    public sealed record Recorded(string Channel, string Id, string MessageId, string To, string Text, string? Brandname,
        string? TemplateId, IReadOnlyDictionary<string, string>? TemplateData, DateTimeOffset ReceivedAt);

    /// <summary>Vietnamese mobile numbers as the gateways take them: 84 and nine digits.</summary>
    public static class Phones
    {
        public static bool IsInternational(string phone) => phone.Length == 11 && phone.StartsWith("84", StringComparison.Ordinal) && phone.All(char.IsAsciiDigit);

        /// <summary>A number given in either form (0xxxxxxxxx or 84xxxxxxxxx) as the gateways compare it.</summary>
        public static string Key(string phone) => phone.StartsWith('0') ? "84" + phone[1..] : phone.TrimStart('+');
    }

    /// <summary>
    /// What the gateway has accepted and how it is told to misbehave: <c>fail</c> (the next <c>count</c> requests answer
    /// <c>status</c>, 503 by default, with an optional <c>retryAfter</c> in seconds), <c>slow</c> (every request waits
    /// <c>ms</c> first), <c>refuse</c> (a number is refused for good), <c>normal</c> (all of it undone), and
    /// <c>receipts</c> (receipts go to <c>url</c> from now on: a test's MotCua has its port only once it runs).
    /// </summary>
    public sealed class GatewayState(string? receiptUrl)
    {
        private readonly Lock gate = new();
        private readonly List<Recorded> accepted = [];
        private readonly HashSet<string> refused = [];
        private int failures, failStatus = 503, slowMs;
        private int? retryAfter;
        private long sequence;

        /// <summary>MotCua's base address for receipts; none are sent while it is empty.</summary>
        public string? ReceiptUrl
        {
            get { lock (gate) return receiptUrl; }
        }

        /// <summary>The answer of a request the gateway is told to fail, after the wait it is told to take; null when it
        /// should go on. A client that gives up during the wait gets nothing and nothing is recorded.</summary>
        public async Task<IResult?> InterfereAsync(HttpContext http, CancellationToken ct)
        {
            int wait;
            lock (gate) wait = slowMs;
            if (wait > 0) await Task.Delay(wait, ct);
            lock (gate)
            {
                if (failures <= 0) return null;
                failures--;
                if (retryAfter is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Json(new { error = "unavailable", message = "Cổng nhắn tin đang quá tải, vui lòng thử lại sau." }, statusCode: failStatus);
            }
        }

        public bool IsRefused(string phone)
        {
            lock (gate) return refused.Contains(Phones.Key(phone));
        }

        /// <summary>Records a message unless one with the same channel and message id came before (the same message again
        /// after a sender's crash), whose record is returned instead.</summary>
        public (Recorded Record, bool Fresh) Accept(Recorded message)
        {
            lock (gate)
            {
                if (accepted.FirstOrDefault(m => m.Channel == message.Channel && m.MessageId == message.MessageId) is { } earlier) return (earlier, false);
                var record = message with { Id = $"{message.Channel}-{++sequence:D6}" };
                accepted.Add(record);
                return (record, true);
            }
        }

        public IReadOnlyList<Recorded> Messages(string? to)
        {
            lock (gate) return [.. accepted.Where(m => to is null || m.To == Phones.Key(to))];
        }

        /// <summary>Applies a control command; null when it is not one.</summary>
        public object? Control(JsonObject? command)
        {
            var mode = command?["mode"]?.GetValue<string>();
            lock (gate)
            {
                switch (mode)
                {
                    case "fail":
                        failures = command!["count"]?.GetValue<int>() ?? 1;
                        failStatus = command["status"]?.GetValue<int>() ?? 503;
                        retryAfter = command["retryAfter"]?.GetValue<int>();
                        break;
                    case "slow":
                        slowMs = command!["ms"]?.GetValue<int>() ?? 0;
                        break;
                    case "refuse" when command!["to"]?.GetValue<string>() is { Length: > 0 } to:
                        refused.Add(Phones.Key(to));
                        break;
                    case "receipts" when command!["url"]?.GetValue<string>() is { Length: > 0 } url:
                        receiptUrl = url;
                        break;
                    case "normal":
                        (failures, failStatus, retryAfter, slowMs) = (0, 503, null, 0);
                        refused.Clear();
                        break;
                    default:
                        return null;
                }
                return new { mode, failures, slowMs, refused = refused.Order().ToArray(), receiptUrl };
            }
        }
    }

    /// <summary>
    /// Posts delivery receipts to MotCua (<see cref="GatewayState.ReceiptUrl"/>, from <c>Gateway:ReceiptUrl</c> or the
    /// <c>receipts</c> control; none when empty) a moment after a
    /// message (<c>Gateway:ReceiptDelayMilliseconds</c>): <c>POST /api/v1/notifications/receipts/{provider}</c> with
    /// <c>{messageId, providerMessageId, status, at, detail}</c>, signed as MotCua checks it: <c>X-Timestamp</c> (Unix
    /// seconds) and <c>X-Signature</c>, the hex HMAC-SHA256 of "timestamp.body" under the provider's shared secret.
    /// </summary>
    public sealed class ReceiptSender(IHttpClientFactory http, GatewayState state, IConfiguration configuration, ILogger<ReceiptSender> log)
    {
        public void Schedule(string provider, string? secret, string messageId, string? providerMessageId, string status, string? detail)
        {
            var baseUrl = state.ReceiptUrl;
            if (string.IsNullOrEmpty(baseUrl) || string.IsNullOrEmpty(secret)) return;
            var delay = configuration.GetValue("Gateway:ReceiptDelayMilliseconds", 200);
            _ = Task.Run(async () =>
            {
                await Task.Delay(delay);
                var at = DateTimeOffset.UtcNow;
                var body = JsonSerializer.Serialize(new { messageId, providerMessageId, status, at, detail }, JsonSerializerOptions.Web);
                // A receiver that is briefly away gets the receipt again, as real gateways do; it stores a receipt once.
                for (var attempt = 1; attempt <= 3; attempt++)
                {
                    try
                    {
                        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                        using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl.TrimEnd('/')}/api/v1/notifications/receipts/{provider}")
                        {
                            Content = new StringContent(body, Encoding.UTF8, "application/json"),
                        };
                        request.Headers.Add("X-Timestamp", timestamp);
                        request.Headers.Add("X-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"))));
                        using var response = await http.CreateClient().SendAsync(request);
                        log.LogInformation("Biên nhận {Status} cho {MessageId}: {Code}", status, messageId, (int)response.StatusCode);
                        if ((int)response.StatusCode < 500) return;
                    }
                    catch (HttpRequestException e)
                    {
                        log.LogWarning("Không gửi được biên nhận cho {MessageId}: {Error}", messageId, e.Message);
                    }
                    await Task.Delay(1000 * attempt);
                }
            });
        }
    }
}
