using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Queue;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Queue;

/// <summary>
/// /quan-tri/xep-hang: the administrator lists, adds, edits and closes the services and counters of a centre's queue
/// (docs/CITIZENS.md "Queue administration"); the administrator alone, as /quan-tri/don-vi [choice: a centre's leader
/// does not edit his own centre's queue, since the agency pages are the administrator's]. Each form changes one service or
/// one counter and saves the whole configuration through <see cref="QueueAdministration"/> (the same check and audit
/// as the API); the page never deletes: a service stops giving tickets, a counter closes.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminModel(QueueAdministration queues, MotCuaDb db) : FormPage
{
    [BindProperty(SupportsGet = true, Name = "co-quan")] public string? Agency { get; set; }

    /// <summary>The agencies that receive dossiers, for the choice of centre: code and name.</summary>
    public IReadOnlyList<(string Code, string Name)> Agencies { get; private set; } = [];
    public QueueConfigurationAnswer? Queue { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Agency is not null && Queue is null ? NotFound() : Page();
    }

    /// <summary>Adds or edits the service of letter <paramref name="letter"/>; "Ngừng cấp số" is <paramref name="active"/> false.</summary>
    public Task<IActionResult> OnPostServiceAsync([FromForm(Name = "chu")] string? letter, [FromForm(Name = "ten")] string? name, [FromForm(Name = "linh-vuc")] string? fields,
        [FromForm(Name = "so-truc-tuyen")] string? quota, [FromForm(Name = "dang-dung")] bool active, CancellationToken ct) => SaveAsync(current =>
    {
        int? remote = null;
        if (!string.IsNullOrWhiteSpace(quota))
        {
            if (!int.TryParse(quota.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                return (null, "Số lấy trực tuyến tối đa là một số nguyên từ 0, hoặc để trống.");
            remote = n;
        }
        var wanted = new QueueServiceSetting(letter?.Trim().ToUpperInvariant(), name,
            [.. (fields ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], remote, active);
        var services = current.Services!.ToList();
        var at = services.FindIndex(s => s.Letter == wanted.Letter);
        if (at < 0) services.Add(wanted);
        else services[at] = wanted;
        return (current with { Services = services }, $"Đã lưu dịch vụ {wanted.Letter}.");
    }, ct);

    /// <summary>Adds or edits the counter numbered <paramref name="number"/>; "Đóng quầy" is <paramref name="closed"/>.</summary>
    public Task<IActionResult> OnPostCounterAsync([FromForm(Name = "so")] string? number, [FromForm(Name = "ten")] string? name,
        [FromForm(Name = "dich-vu")] string[]? services, [FromForm(Name = "dong")] bool closed, CancellationToken ct) => SaveAsync(current =>
    {
        if (!int.TryParse(number?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            return (null, "Số quầy là một số nguyên từ 1 đến 999.");
        var wanted = new QueueCounterSetting(n, name, services ?? [], closed);
        var counters = current.Counters!.ToList();
        var at = counters.FindIndex(c => c.Number == n);
        if (at < 0) counters.Add(wanted);
        else counters[at] = wanted;
        return (current with { Counters = counters }, $"Đã lưu quầy {n}.");
    }, ct);

    private async Task<IActionResult> SaveAsync(Func<QueueConfiguration, (QueueConfiguration? Next, string Message)> change, CancellationToken ct)
    {
        if (await queues.ReadAsync(Agency, ct) is not { } current)
        {
            Errors["co-quan"] = [$"Không có cơ quan mã {Agency}."];
            return await RefusedAsync(ct);
        }
        var (next, message) = change(current.Configuration);
        if (next is null)
        {
            Errors["form"] = [message];
            return await RefusedAsync(ct);
        }
        var outcome = await queues.SaveAsync(current.Agency, next, User, ct);
        if (outcome?.Errors is { } errors)
        {
            foreach (var (field, text) in errors) Errors[field] = [text];
            return await RefusedAsync(ct);
        }
        TempData["luu"] = message;
        return Redirect("/quan-tri/xep-hang?co-quan=" + Uri.EscapeDataString(current.Agency));
    }

    private async Task<IActionResult> RefusedAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Agencies = [.. (await db.Agencies.AsNoTracking().Where(a => a.ReceivesDossiers && a.EndedOn == null).OrderBy(a => a.Code)
            .Select(a => new { a.Code, a.Name }).ToListAsync(ct)).Select(a => (a.Code, a.Name))];
        Queue = await queues.ReadAsync(Agency, ct);
        Message = Errors.Count == 0 ? TempData["luu"] as string : null;
    }
}
