using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.Domain.NationalPortal;
using MotCua.Web.Features.Outbox;

using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.NationalPortal;

/// <summary>
/// The <c>dvcqg</c> target: POSTs a row's envelope (JSON, UTF-8) to the portal (<see cref="PortalOptions.SyncUrl"/>, or
/// <see cref="PortalOptions.ProgressUrl"/> for progress steps) with <c>X-Message-Id</c> (the same on every attempt: the
/// simulator de-duplicates on it; the real portal upserts by MaHoSo) and the configured credential (<see cref="PortalClient"/>). Answers (docs/PORTAL.md):
/// HTTP 2xx with <c>error_code "0"</c> delivered; a create answered "đã tồn tại" sent again at once as an update (Tan
/// Dan's behaviour) and delivered when that is accepted; any other <c>error_code</c> refused (dead, the portal's words
/// kept); 401 a new token once, then failed, never dead (a rotated credential must not dead-letter the backlog); 408,
/// 429 and 5xx, a time-out or no connection failed (retried, not before a <c>Retry-After</c>); another 4xx refused.
/// </summary>
public sealed class NationalPortalTarget(PortalClient portal, TimeProvider clock) : IOutboxTarget
{
    public string Name => PortalPlanner.Target;

    /// <summary>The portal is out or back as a whole (issue 16: a ten-minute outage catches up in order when it returns):
    /// its first answer after failures releases every row waiting on its back-off.</summary>
    public bool ReleasesBackoffOnRecovery => true;

    /// <summary>A dossier's rows behind a dead one wait for its re-push (trial 16i MEDIUM 2). [choice, over sending the whole
    /// step list in every CapNhatTienDoHoSoMC: the portal's service takes the new steps of a dossier and appends them, as
    /// the simulator does, and a dossier refused once has a problem someone must look at anyway; letting later steps pass
    /// put the portal's progress out of order (an approval before the appraisal it rests on) and a later HoSo met a status
    /// the portal had not taken (4→10 refused). Held, they leave in order right after the re-opened row.]</summary>
    public bool HoldsKeyBehindDead => true;

    public async Task<DeliveryOutcome> DeliverAsync(OutboxDelivery message, CancellationToken ct)
    {
        var settings = portal.Settings;
        if (!settings.Configured) return DeliveryOutcome.Refused("Chưa cấu hình địa chỉ Cổng DVCQG (Motcua:Portal:SyncUrl).");
        var body = JsonNode.Parse(message.Payload.GetRawText()) as JsonObject;
        if (body?["service"]?.GetValue<string>() is not { } service) return DeliveryOutcome.Refused("Thư không mang tên dịch vụ của Cổng.");
        var url = service == PortalPayload.StepService && !string.IsNullOrWhiteSpace(settings.ProgressUrl) ? settings.ProgressUrl! : settings.SyncUrl!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            var answer = await SendAsync(url, body, message.MessageId, timeout.Token);
            if (answer.Outcome is { } done) return done;
            // Tan Dan's behaviour: a create of a dossier the portal already holds is sent again as an update.
            if (answer.Exists && body["isUpdating"]?.GetValue<string>() == "false")
            {
                body["isUpdating"] = "true";
                var update = await SendAsync(url, body, message.MessageId, timeout.Token);
                return update.Outcome ?? DeliveryOutcome.Refused($"Cổng báo hồ sơ đã tồn tại; cập nhật bị từ chối: {update.Text}");
            }
            return DeliveryOutcome.Refused(answer.Text);
        }
        catch (HttpRequestException e)
        {
            return DeliveryOutcome.Failed($"Không kết nối được Cổng DVCQG: {NetworkErrors.Vietnamese(e)}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return DeliveryOutcome.Failed($"Cổng DVCQG không trả lời trong {settings.TimeoutSeconds:0.#} giây.");
        }
    }

    /// <summary>One call: the outcome when it is final (delivered, failed), or null with the portal's words when it refused
    /// (<c>Exists</c> when it says the dossier already exists).</summary>
    private async Task<(DeliveryOutcome? Outcome, HttpStatusCode Status, bool Exists, string Text)> SendAsync(string url, JsonObject body, Guid messageId,
        CancellationToken ct)
    {
        var json = body.ToJsonString();
        using var response = await portal.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Message-Id", messageId.ToString());
            return request;
        }, HttpCompletionOption.ResponseContentRead, ct);
        if (response is null) return (DeliveryOutcome.Failed("Không lấy được token của Cổng DVCQG."), HttpStatusCode.Unauthorized, false, "");
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(ct);
        var (code, words) = Answer(text);
        var said = $"{status} {code}: {words}".Trim();
        if (response.StatusCode == HttpStatusCode.Unauthorized) return (DeliveryOutcome.Failed($"{said} (xác thực với Cổng không thành công)"), response.StatusCode, false, said);
        if (status is 408 or 425 or 429 or >= 500) return (DeliveryOutcome.Failed(said, RetryAfter(response)), response.StatusCode, false, said);
        if (!response.IsSuccessStatusCode) return (DeliveryOutcome.Refused(said), response.StatusCode, false, said);
        if (code == "0") return (DeliveryOutcome.Delivered(said), response.StatusCode, false, said);
        return (null, response.StatusCode, words.Contains("đã tồn tại", StringComparison.OrdinalIgnoreCase), said);
    }

    // {"error_code": "0", "message": "..."}; anything else is shown as it came, cut short.
    private static (string Code, string Message) Answer(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            var code = json.RootElement.TryGetProperty("error_code", out var c) ? c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText() : "";
            var message = json.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            return (code, message);
        }
        catch (JsonException)
        {
            return ("", text.Length > 300 ? text[..300] : text);
        }
    }

    private DateTimeOffset? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => clock.GetUtcNow() + delta,
        { Date: { } date } => date,
        _ => null,
    };
}
