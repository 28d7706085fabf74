using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Text;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Letters;

/// <summary>
/// /ho-so/{code}/mat-hu-hong: the losses recorded on a dossier, each with its apology, and the form the leader of the agency
/// holding it records one with (<see cref="LetterRecords.LossAsync"/>, the rule and answers of the API).
/// </summary>
[Authorize]
public sealed class LossesModel(MotCuaDb db, TimeProvider clock) : FormPage
{
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty] public LossKind? Kind { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Remedy { get; set; }
    /// <summary>The cost in VND as typed; dots and spaces between thousands are allowed ("1.250.000").</summary>
    [BindProperty] public string? CostVnd { get; set; }
    /// <summary>Vietnam wall-clock time from a datetime-local input; empty when the date promised stands.</summary>
    [BindProperty] public string? NewDueAt { get; set; }

    public Dossier Dossier { get; private set; } = null!;
    public IReadOnlyList<(DossierLoss Row, string Pdf)> Records { get; private set; } = [];
    /// <summary>Why the signed-in officer may not record one now; null when they may.</summary>
    public string? Refusal { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var unreadable = new List<FieldProblem>();
        var (cost, costProblem) = TypedMoney.ReadVnd(CostVnd, "costVnd", "Chi phí");
        if (costProblem is not null) unreadable.Add(costProblem);
        var due = LetterRecords.TypedInstant(NewDueAt, "newDueAt", unreadable);
        var outcome = await LetterRecords.LossAsync(db, User, Code, new LossRequest(Kind, Description, Remedy, cost, due), clock, ct, unreadable);
        if (outcome.Recorded is not null) return Redirect($"/ho-so/{Code}/mat-hu-hong");
        if (outcome.Status == StatusCodes.Status404NotFound || !await LoadAsync(ct)) return NotFound();
        if (outcome.Problems is { } problems) Errors = problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
        else Message = outcome.Detail;
        Response.StatusCode = outcome.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await DossierAccess.ReadAsync(db, User, Code, ct) is not { } dossier) return false;
        Dossier = dossier;
        Records = await LetterRecords.LossesOfAsync(db, dossier, ct);
        Refusal = Claims.OfficerOf(User) is { } officer ? dossier.CheckLossRecord(officer)?.Message : "Chỉ cán bộ đăng nhập mới ghi nhận được.";
        return true;
    }
}
