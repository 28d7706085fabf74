using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Letters;

/// <summary>
/// /ho-so/{code}/xac-minh: the field verifications of a dossier, each with its biên bản, and the form the officer holding it
/// at appraisal records a new one with (<see cref="LetterRecords.FieldVerificationAsync"/>, the rule and answers of the API).
/// </summary>
[Authorize]
public sealed class FieldVerificationsModel(MotCuaDb db, TimeProvider clock) : FormPage
{
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty] public string? Place { get; set; }
    /// <summary>Vietnam wall-clock time from a datetime-local input, e.g. "2025-11-17T09:20".</summary>
    [BindProperty] public string? StartedAt { get; set; }
    [BindProperty] public string? EndedAt { get; set; }
    /// <summary>One participant a line, with their position.</summary>
    [BindProperty] public string? Participants { get; set; }
    [BindProperty] public string? Chair { get; set; }
    [BindProperty] public string? Secretary { get; set; }
    [BindProperty] public string? Findings { get; set; }

    public Dossier Dossier { get; private set; } = null!;
    public IReadOnlyList<(FieldVerificationRecord Row, string Pdf)> Records { get; private set; } = [];
    /// <summary>Why the signed-in officer may not record one now; null when they may.</summary>
    public string? Refusal { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var unreadable = new List<FieldProblem>();
        var request = new FieldVerificationRequest(Place, LetterRecords.TypedInstant(StartedAt, "startedAt", unreadable),
            LetterRecords.TypedInstant(EndedAt, "endedAt", unreadable), Participants?.Split('\n'), Chair, Secretary, Findings);
        var outcome = await LetterRecords.FieldVerificationAsync(db, User, Code, request, clock, ct, unreadable);
        if (outcome.Recorded is not null) return Redirect($"/ho-so/{Code}/xac-minh");
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
        Records = await LetterRecords.FieldVerificationsOfAsync(db, dossier, ct);
        Refusal = Claims.OfficerOf(User) is { } officer ? dossier.CheckFieldVerification(officer)?.Message : "Chỉ cán bộ đăng nhập mới lập được biên bản.";
        return true;
    }
}
