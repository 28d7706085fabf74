using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using MotCua.Domain.Ratings;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Features.Payments;
using MotCua.Web.Features.Processing;
using MotCua.Web.Features.Ratings;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Citizens;

/// <summary>One of the citizen's dossiers as the page and the JSON API show it: the dossier, its timeline in words, the days
/// its due date skipped (null once closed), the files sent (not the result), the supplement files staged and not yet sent,
/// the open payment requests (amount left, VietQR), the own rating link while the window is open and the rating not final,
/// and what the citizen may do.</summary>
public sealed record CitizenDossierDetail(Dossier Dossier, IReadOnlyList<TimelineLine> Timeline, string? DueExplanation, IReadOnlyList<CitizenFile> Files,
    IReadOnlyList<SupplementFileView> SupplementFiles, IReadOnlyList<PaymentRequestView> Payments, string? RatingLink,
    bool MayAnswerSupplement, bool MayWithdraw, bool HasResult)
{
    /// <summary>Whether the applicant's rating of the dossier is final (<see cref="RatingProofs.IsFinal"/>): the page says it
    /// was rated and no longer invites.</summary>
    public bool RatingFinal { get; init; }
}

/// <summary>
/// What a citizen reads of their own dossiers (issue 17, docs/CITIZENS.md), one path for the pages (<c>/cong-dan</c>,
/// <c>/cong-dan/ho-so/{code}</c>) and the JSON API (<c>/cong-dan/api/dossiers</c>): the list by <see cref="CitizenAccess"/>
/// and one dossier by <see cref="DossierAccess.ReadAsync"/> (null, which callers answer 404, for anyone else's).
/// </summary>
public sealed class CitizenDossierRead(MotCuaDb db, CitizenDossierActions actions, IConfiguration configuration, TimeProvider clock, RatingStore ratings)
{
    private int WindowDays => configuration.GetValue("Motcua:Ratings:WindowDays", 30);

    /// <summary>Every dossier <paramref name="citizen"/> may read, newest first (at most 2000 candidates by account or CCCD):
    /// code, procedure, status, due date while open, and the badges (supplement awaited, result, rating invited: the window
    /// open and no final rating yet, <see cref="RatingProofs.IsFinal"/>).</summary>
    public async Task<IReadOnlyList<MyDossier>> MineAsync(SignedInCitizen citizen, CancellationToken ct)
    {
        // The candidates by account or CCCD, then the one access rule (a code to another phone opens no CCCD's dossier).
        var rows = await db.Dossiers.AsNoTracking()
            .Where(d => d.CitizenId == citizen.Id || d.Applicant.IdNumber == citizen.IdNumber)
            .OrderByDescending(d => d.SubmittedAt).ThenByDescending(d => d.Id)
            .Select(d => new
            {
                d.Id, d.Code, d.ProcedureName, d.Status, d.SubmittedAt, d.DueAt, d.ReturnedAt, d.StoppedAt, d.CitizenId,
                d.Applicant.IdNumber, d.Applicant.Phone, d.Applicant.Email,
            })
            .Take(2000).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var readable = rows.Where(r => CitizenAccess.CanRead(citizen, new DossierOwnership(r.CitizenId, r.IdNumber, r.Phone, r.Email))).ToList();
        var proofs = await ratings.ProofsAsync([.. readable.Select(r => r.Id)], ct);
        return [.. readable
            .Select(r => new MyDossier(r.Code, r.ProcedureName, r.Status, r.SubmittedAt,
                DossierStatuses.Closed.Contains(r.Status) ? null : r.DueAt,
                r.Status == DossierStatus.SupplementRequested, DossierStatuses.Finished.Contains(r.Status),
                RatingWindow.StateOf(r.Status, r.Status == DossierStatus.Returned ? r.ReturnedAt : r.Status == DossierStatus.Stopped ? r.StoppedAt : null, now, WindowDays)
                    == RatingWindowState.Open && !RatingProofs.IsFinal(proofs.TryGetValue(r.Id, out var proof) ? proof : null)))];
    }

    /// <summary>The dossier <paramref name="code"/> with everything the citizen sees of it; null when the signed-in citizen
    /// may not read it or it does not exist (one answer, 404).</summary>
    public async Task<CitizenDossierDetail?> ReadAsync(ClaimsPrincipal user, string code, CancellationToken ct)
    {
        var d = await DossierAccess.ReadAsync(db, user, code, ct);
        if (d is null || Claims.CitizenOf(user) is not { } citizen) return null;
        var receiving = await db.Agencies.AsNoTracking().Where(a => a.Id == d.ReceivingAgencyId).Select(a => a.Name).FirstAsync(ct);
        var competent = (await CompetentAgencies.OfAsync(db, d, ct)).Name;
        var files = await db.DossierFiles.AsNoTracking().Where(f => f.DossierId == d.Id && f.Purpose != FilePurpose.Result).OrderBy(f => f.Id)
            .Select(f => new CitizenFile(f.Id, f.DocumentName, f.DisplayName, f.Pages, f.Purpose == FilePurpose.Supplement)).ToListAsync(ct);
        var mayAnswer = d.CitizenMayAnswerSupplement(citizen);
        var staged = mayAnswer ? await actions.StagedSupplementAsync(d.Id, citizen.Id, ct) : [];
        var payments = (await RequestsRead.ForDossierAsync(db, d.Id, ct)).Where(p => p.Status == "open").ToList();
        var closedAt = d.Status == DossierStatus.Returned ? d.Events.LastOrDefault(e => e.Action == DossierEventAction.Return)?.At
            : d.Status == DossierStatus.Stopped ? d.Events.LastOrDefault(e => e.Action == DossierEventAction.Stop)?.At : null;
        // The own link (RatingProof.OwnLink): it replaces a rating made with the printed slip; none once the rating is final.
        var final = RatingProofs.IsFinal((await ratings.ProofsAsync([d.Id], ct)).TryGetValue(d.Id, out var proof) ? proof : null);
        var rating = RatingWindow.StateOf(d.Status, closedAt, clock.GetUtcNow(), WindowDays) == RatingWindowState.Open && !final
            ? ratings.OwnLinkOf(d.Id, d.Code)
            : null;
        return new(d, DossierModel.TimelineOf(d, receiving, competent), DossierStatuses.Closed.Contains(d.Status) ? null : SkippedPeriods.Explain(d.DueExplanation),
            files, staged, payments, rating, mayAnswer, d.CitizenMayWithdraw(citizen), DossierStatuses.Finished.Contains(d.Status)) { RatingFinal = final };
    }
}
