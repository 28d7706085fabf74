using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Domain.Queue;

namespace MotCua.Web.Features.Queue;

/// <summary>
/// /quay/goi: the desk's queue panel, loaded by htmx into <c>&lt;div id="goi-so"&gt;</c> on /tiep-nhan (a fragment, no
/// layout): the receiving officer takes a counter for the day, then "Gọi số tiếp theo", "Gọi lại", "Bắt đầu", "Xong",
/// "Vắng mặt" (<see cref="TicketRules"/>). Other officers get 204 (nothing shown) and 403 on a write. Without htmx a
/// post returns to /tiep-nhan; with it the panel answers 200 with the outcome written in it, since htmx does not swap
/// an error status.
/// </summary>
[Authorize]
public sealed class DeskPanelModel(QueueStore store) : PageModel
{
    public IReadOnlyList<CounterView> Counters { get; private set; } = [];
    /// <summary>The counter this officer holds today, or null.</summary>
    public CounterView? Mine { get; private set; }
    public TicketView? Current { get; private set; }
    /// <summary>The code of the dossier this officer received while serving <see cref="Current"/>, which "Xong" links.</summary>
    public string? Received { get; private set; }
    public int Waiting { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (QueueEndpoints.ReceivingOfficer(HttpContext) is null) return new NoContentResult();
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostTakeAsync([FromForm(Name = "counter")] int? counter, CancellationToken ct) => ActAsync(async (officer, ct) =>
    {
        if (counter is not { } id || await store.CounterAsync(id, ct) is not { } chosen || chosen.AgencyId != officer.AgencyId)
            return "Chọn một quầy của bộ phận một cửa đơn vị mình.";
        if (chosen.Closed) return QueueEndpoints.ClosedCounter;
        await store.TakeCounterAsync(chosen.Id, officer.Actor.UserId!.Value, ct);
        return $"Đã nhận Quầy {chosen.Number}.";
    }, ct);

    public Task<IActionResult> OnPostNextAsync(CancellationToken ct) => ActAsync(async (officer, ct) =>
    {
        if (await MineAsync(officer.AgencyId!.Value, officer.Actor.UserId!.Value, ct) is not { } mine) return "Nhận một quầy trước khi gọi số.";
        var call = await store.CallNextAsync(mine, officer.Actor.UserId!.Value, ct);
        if (call.Refusal is not null) return call.Refusal;
        var ended = call.Ended.Count > 0 ? $"Số {string.Join(", ", call.Ended)}. " : "";
        return ended + (call.Called is { } ticket ? $"Mời số {ticket.Number} đến Quầy {mine.Number}." : "Không còn ai chờ các dịch vụ của quầy.");
    }, ct);

    /// <summary>A post naming no handler of the panel (a crafted "<c>handler=Done</c>", an old page): nothing changes and the
    /// panel says so, rather than rendering without its counters ("chưa khai báo quầy", trial 17t LOW 9).</summary>
    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        ActAsync((_, _) => Task.FromResult<string?>("Không có số nào để kết thúc hay gọi: yêu cầu không nêu số và thao tác của bảng gọi số; không có gì thay đổi."), ct);

    public Task<IActionResult> OnPostRecallAsync([FromForm(Name = "ticket")] long? ticket, CancellationToken ct) => TicketAsync(ticket, TicketAction.Recall, ct);
    public Task<IActionResult> OnPostStartAsync([FromForm(Name = "ticket")] long? ticket, CancellationToken ct) => TicketAsync(ticket, TicketAction.Start, ct);
    public Task<IActionResult> OnPostFinishAsync([FromForm(Name = "ticket")] long? ticket, CancellationToken ct) => TicketAsync(ticket, TicketAction.Done, ct);
    public Task<IActionResult> OnPostNoShowAsync([FromForm(Name = "ticket")] long? ticket, CancellationToken ct) => TicketAsync(ticket, TicketAction.NoShow, ct);

    private Task<IActionResult> TicketAsync(long? ticket, TicketAction action, CancellationToken ct) => ActAsync(async (officer, ct) =>
    {
        if (ticket is not { } id) return action == TicketAction.Done ? "Không có số nào để kết thúc: chưa chọn số đang phục vụ." : "Chưa chọn số.";
        var dossier = action == TicketAction.Done ? await store.ReceivedDuringAsync(id, officer.Actor.UserId!.Value, ct) : null;
        var (outcome, refusal, done) = await store.ActAsync(id, officer.AgencyId!.Value, action, dossier?.Id, ct);
        return outcome switch
        {
            TicketActOutcome.Done => $"Số {done!.Number}: {TicketRules.Name(done.State)}{(done.Dossier is { } code ? $"; hồ sơ {code}" : "")}.",
            TicketActOutcome.NotFound => "Không có số này tại bộ phận một cửa của đơn vị.",
            _ => refusal,
        };
    }, ct);

    private async Task<IActionResult> ActAsync(Func<Domain.Dossiers.Officer, CancellationToken, Task<string?>> act, CancellationToken ct)
    {
        if (QueueEndpoints.ReceivingOfficer(HttpContext) is not { } officer) return Forbid();
        Message = await act(officer, ct);
        if (!string.Equals(Request.Headers["HX-Request"], "true", StringComparison.Ordinal)) return Redirect("/tiep-nhan");
        await LoadAsync(ct);
        return Page();
    }

    private async Task<CounterView?> MineAsync(int agencyId, int userId, CancellationToken ct) =>
        (await store.CountersAsync(agencyId, ct)).FirstOrDefault(c => c.OfficerUserId == userId && c.Open);

    private async Task LoadAsync(CancellationToken ct)
    {
        var officer = QueueEndpoints.ReceivingOfficer(HttpContext)!;
        Counters = await store.CountersAsync(officer.AgencyId!.Value, ct);
        Mine = Counters.FirstOrDefault(c => c.OfficerUserId == officer.Actor.UserId && c.Open);
        if (Mine is null) return;
        Current = await store.CurrentAsync(Mine.Id, ct);
        if (Current is { State: TicketState.Serving }) Received = (await store.ReceivedDuringAsync(Current.Id, officer.Actor.UserId!.Value, ct))?.Code;
        Waiting = (await store.ServicesAsync(officer.AgencyId!.Value, ct)).Where(s => Mine.ServiceIds.Contains(s.Id)).Sum(s => s.Waiting);
    }
}
