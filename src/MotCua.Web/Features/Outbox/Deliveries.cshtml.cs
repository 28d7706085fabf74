using MotCua.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MotCua.Web.Features.Outbox;

/// <summary>
/// /quan-tri/gui-di, the administrator's delivery page: the backlog of every target, the rows of a state (dead-lettered
/// first of all, with the error and a re-send button), 50 a page, newest first.
/// </summary>
public sealed class DeliveriesModel(OutboxAdministration outbox) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "trangthai")] public string? State { get; set; } = "dead";
    [BindProperty(SupportsGet = true, Name = "kenh")] public string? Target { get; set; }
    [BindProperty(SupportsGet = true, Name = "trang")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<TargetBacklog> Backlog { get; private set; } = [];
    public IReadOnlyList<OutboxRowView> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public string? Message { get; private set; }
    public IReadOnlyDictionary<string, string> WebhookNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>A target's name on this page (<see cref="TargetName"/> with the webhooks' names).</summary>
    public string NameOf(string target) => TargetName(target, WebhookNames);

    /// <summary>What a target is, in Vietnamese, for the administrator: "sms" → "Tin nhắn SMS", "webhook:3" → "Webhook
    /// “Sở Tư pháp” (số 3)" with its name from <paramref name="webhookNames"/> (<see cref="OutboxAdministration.WebhookNamesAsync"/>),
    /// "Webhook số 3" without it.</summary>
    public static string TargetName(string target, IReadOnlyDictionary<string, string>? webhookNames = null) => target switch
    {
        DossierOutbox.EventsTarget => "Sự kiện hồ sơ (tách thành thông báo, webhook)",
        ChannelMessages.SmsTarget => "Tin nhắn SMS",
        ChannelMessages.ZaloTarget => "Zalo",
        ChannelMessages.EmailTarget => "Thư điện tử",
        "dvcqg" => "Cổng Dịch vụ công quốc gia",
        "dvcqg-tep" => "Tệp hồ sơ tải từ Cổng Dịch vụ công quốc gia",
        _ when webhookNames?.TryGetValue(target, out var name) == true => $"Webhook “{name}” (số {target["webhook:".Length..]})",
        _ when target.StartsWith("webhook:", StringComparison.Ordinal) => $"Webhook số {target["webhook:".Length..]}",
        _ => target,
    };

    /// <summary>What a topic is, in Vietnamese: a dossier's change of state, a reminder to an officer, a channel's message.</summary>
    public static string TopicName(string topic) => topic switch
    {
        DossierOutbox.StatusTopic => "Hồ sơ đổi trạng thái",
        DossierOutbox.ReorganisedTopic => "Hồ sơ chuyển đơn vị",
        "officer.reminder" => "Nhắc việc cán bộ",
        "portal.hoso" => "Đồng bộ hồ sơ lên Cổng DVCQG",
        "portal.step" => "Cập nhật tiến độ lên Cổng DVCQG",
        "portal.repush" => "Đẩy lại hồ sơ lên Cổng DVCQG",
        "portal.file" => "Tải tệp hồ sơ từ Cổng DVCQG",
        ChannelMessages.SmsTarget or ChannelMessages.ZaloTarget or ChannelMessages.EmailTarget => "Thông báo cho người nộp",
        _ => topic,
    };

    /// <summary>The Vietnamese name of a state.</summary>
    public static string StateName(string state) => state switch
    {
        "queued" => "Chờ gửi",
        "retrying" => "Chờ gửi lại",
        "delivered" => "Đã gửi",
        "dead" => "Thất bại",
        _ => "Chưa gửi xong",
    };

    public async Task OnGetAsync(long? guilai, CancellationToken ct)
    {
        Message = TempData["outbox.message"] as string ?? (guilai is { } id ? $"Đã đưa thư số {id} vào hàng chờ gửi lại." : null);
        await LoadAsync(ct);
    }

    /// <summary>Re-sends a dead letter; whatever the answer, the page is shown again by a redirect, so that a reload does
    /// not post again.</summary>
    public async Task<IActionResult> OnPostResendAsync(string? id, CancellationToken ct)
    {
        var back = $"/quan-tri/gui-di?trangthai={Uri.EscapeDataString(State ?? "dead")}";
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            TempData["outbox.message"] = $"Mã thư \"{id}\" không hợp lệ: mã thư là một số dương.";
            return Redirect(back);
        }
        var (_, missing, conflict) = await outbox.ResendAsync(number, User, ct);
        if ((missing ?? conflict) is { } problem)
        {
            TempData["outbox.message"] = problem;
            return Redirect(back);
        }
        return Redirect($"{back}&guilai={number}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (State is not null && !OutboxAdministration.States.Contains(State)) State = null;
        Backlog = await outbox.BacklogAsync(ct);
        (Rows, Total) = await outbox.ListAsync(State, Target, PageNumber, ct);
        WebhookNames = await outbox.WebhookNamesAsync([.. Backlog.Select(b => b.Target), .. Rows.Select(r => r.Target), Target ?? ""], ct);
    }
}
