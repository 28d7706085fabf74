using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MotCua.Domain.Messages;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Notifications;

/// <summary>
/// /quan-tri/mau-thong-bao, the administrator's notification templates: the version in use of each event on each
/// channel; with <c>?su-kien=…&amp;kenh=…</c> the edit form of one, a preview that follows the typing (htmx posts the
/// form to <c>?handler=Preview</c>: the sample values rendered, and for SMS the encoding and segment count) and the
/// history of its versions. Saving adds a version (<see cref="NotificationTemplates.SaveAsync"/>).
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class NotificationTemplateEditorModel(NotificationTemplates templates) : FormPage
{
    [BindProperty(SupportsGet = true, Name = "su-kien")] public string? Event { get; set; }
    [BindProperty(SupportsGet = true, Name = "kenh")] public string? Channel { get; set; }
    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public bool WithoutDiacritics { get; set; }
    [BindProperty] public string? ZnsTemplateId { get; set; }
    /// <summary>The ZNS parameters one per line, <c>placeholder=parameter</c>, e.g. <c>maHoSo=ma_ho_so</c>.</summary>
    [BindProperty] public string? ZnsParams { get; set; }
    [BindProperty] public bool Active { get; set; } = true;

    public IReadOnlyList<NotificationTemplateView> Templates { get; private set; } = [];
    public NotificationTemplateDetail? Detail { get; private set; }
    public NotificationTemplatePreview? Preview { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? luu, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Detail is { Current: var current })
        {
            (Subject, Body, WithoutDiacritics, ZnsTemplateId, Active) = (current.Subject, current.Body, current.WithoutDiacritics, current.ZnsTemplateId, current.Active);
            ZnsParams = current.ZnsParams is { } map ? string.Join("\n", map.Select(p => $"{p.Key}={p.Value}")) : null;
            Preview = current.Preview;
        }
        if (luu is { } version) Message = $"Đã lưu phiên bản {version}.";
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var (map, mapProblem) = ParseParams();
        if (mapProblem is not null) Errors["znsParams"] = [mapProblem];
        else
        {
            var outcome = await templates.SaveAsync(Event ?? "", Channel ?? "", Edit(map), User, ct);
            if (outcome is { Detail: { } saved })
                return Redirect($"/quan-tri/mau-thong-bao?su-kien={Uri.EscapeDataString(Event!)}&kenh={Uri.EscapeDataString(Channel!)}&luu={saved.Current.Version}");
            if (outcome.Errors is { } errors) Errors = errors;
            Message = outcome.NotFound ?? outcome.Conflict;
        }
        await LoadAsync(ct);
        Preview = Render();
        return Page();
    }

    public PartialViewResult OnPostPreview() => Partial("_NotificationTemplatePreview", Render() ?? new NotificationTemplatePreview(null, null, null, null, null,
        "Chọn loại thông báo và kênh để xem trước."));

    /// <summary>The Vietnamese name of a channel by its stored name.</summary>
    public static string ChannelTitle(string channel) => NotificationTemplate.ChannelNamed(channel) is { } c ? NotificationTemplate.Title(c) : channel;

    private NotificationTemplatePreview? Render()
    {
        if (NotificationTemplate.EventNamed(Event) is not { } e || NotificationTemplate.ChannelNamed(Channel) is not { } c) return null;
        var (map, problem) = ParseParams();
        if (problem is not null) return new(null, null, null, null, null, problem);
        return NotificationTemplates.Preview(new(e, c, c == NotificationChannel.Email ? Subject : null, Body ?? "",
            c == NotificationChannel.Sms && WithoutDiacritics, ZnsTemplateId, map));
    }

    private NotificationTemplateRequest Edit(Dictionary<string, string>? map)
    {
        var channel = NotificationTemplate.ChannelNamed(Channel);
        // The form shows only the fields of its channel; a stale value of another channel's field is not the editor's intent.
        return new(channel == NotificationChannel.Email ? Subject : null, Body, channel == NotificationChannel.Sms && WithoutDiacritics,
            channel == NotificationChannel.Zalo ? ZnsTemplateId : null, channel == NotificationChannel.Zalo ? map : null, Active);
    }

    // "placeholder=parameter" per line; blank lines are skipped.
    private (Dictionary<string, string>? Map, string? Problem) ParseParams()
    {
        if (string.IsNullOrWhiteSpace(ZnsParams)) return (null, null);
        var map = new Dictionary<string, string>();
        foreach (var (line, number) in ZnsParams.Split('\n').Select((l, i) => (l.Trim(), i + 1)).Where(l => l.Item1.Length > 0))
        {
            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                return (null, $"Dòng {number} của tham số ZNS phải có dạng trường=tham_so, ví dụ maHoSo=ma_ho_so.");
            var placeholder = parts[0].Trim('{', '}');
            if (!map.TryAdd(placeholder, parts[1])) return (null, $"Trường {{{placeholder}}} được gán tham số ZNS hai lần.");
        }
        return (map, null);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Templates = await templates.ListAsync(ct);
        Detail = Event is null || Channel is null ? null : await templates.DetailAsync(Event, Channel, ct);
        if (Detail is null && (Event ?? Channel) is not null) Message ??= "Không có mẫu thông báo này.";
    }
}
