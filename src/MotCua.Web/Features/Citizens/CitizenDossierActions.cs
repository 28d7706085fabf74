using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Features.Payments;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Citizens;

/// <summary>What a citizen's action on a dossier answers: the changed dossier, or the HTTP status (404, 409, 422) with the
/// field the refusal is about and its Vietnamese message.</summary>
public sealed record CitizenActionOutcome(Dossier? Dossier, int Status, string? Field = null, string? Message = null)
{
    public bool Succeeded => Dossier is not null;

    public static CitizenActionOutcome NotFound(string code) =>
        new(null, StatusCodes.Status404NotFound, null, $"Không tìm thấy hồ sơ {Problems.Echo(code)}.");

    /// <summary>The problem the API answers (404; 409 typed <c>dossier-transition</c>; 422 naming the field).</summary>
    public IResult ToProblem() => Status switch
    {
        StatusCodes.Status404NotFound => Problems.NotFound(Message ?? ""),
        StatusCodes.Status409Conflict => Results.Problem(statusCode: Status, type: CitizenDossierActions.TransitionProblemType,
            title: "Không phù hợp với trạng thái hồ sơ", detail: Message),
        _ => Problems.Field(Field ?? "dossier", Message ?? "", Status),
    };
}

/// <summary>A file staged to answer one item of a supplement request: its staged id, the item (0-based), shown name, pages
/// (null for an image).</summary>
public sealed record SupplementFileView(long Id, int Item, string DisplayName, int? Pages);

/// <summary>
/// A citizen's own actions on a dossier (issue 17, piece B, docs/CITIZENS.md), one path for the page
/// <c>/cong-dan/ho-so/{code}</c> and the JSON API <c>/cong-dan/api/dossiers/{code}/…</c>: answering a supplement request
/// online (Mẫu 02, <see cref="Dossier.AnswerSupplementOnline"/>) and asking to withdraw
/// (<see cref="Dossier.RequestWithdrawalByApplicant"/>). A dossier the citizen may not read is 404, never 403
/// (<see cref="DossierAccess.CanRead"/>); a wrong status is 409; bad input 422 naming the field.
/// </summary>
public sealed class CitizenDossierActions(MotCuaDb db, CalendarStore calendars, TimeProvider clock, IDataProtectionProvider protection)
{
    /// <summary>The problem type of a refused transition (409).</summary>
    public const string TransitionProblemType = "https://motcua.vn/problems/dossier-transition";

    /// <summary>The supplement files the citizen staged for the dossier <paramref name="dossierId"/> and not yet sent,
    /// oldest first.</summary>
    public async Task<IReadOnlyList<SupplementFileView>> StagedSupplementAsync(long dossierId, long citizenId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.StagedFiles.AsNoTracking()
            .Where(s => s.DossierId == dossierId && s.OwnerCitizenId == citizenId && s.Purpose == FilePurpose.Supplement && s.ExpiresAt > now)
            .OrderBy(s => s.Id)
            .Join(db.StoredFiles, s => s.Sha256, f => f.Sha256, (s, f) => new SupplementFileView(s.Id, s.SupplementItem ?? 0, s.DisplayName, f.Pages))
            .ToListAsync(ct);
    }

    /// <summary>
    /// "Gửi bổ sung": every staged supplement file of the citizen for this dossier (see <see cref="StagedSupplementAsync"/>)
    /// answers its item; the Domain refuses unless every item has one (422 keyed <c>items</c>, the message names the missing
    /// items) or the dossier is not awaiting a supplement (409). In <b>one transaction</b>: the dossier's change and its
    /// event, each item a document of the dossier (<see cref="Dossier.AnswerSupplementOnline"/>), the files as
    /// <c>dossier_files</c> purpose 2 (supplement) of that document, the staged rows removed,
    /// and the <c>dossier_supplement_answers</c> row naming the event. The time limit restarts from zero at the answer
    /// (<c>WorkingCalendar.RestartAfterSupplement</c>, Nghị định 61/2018/NĐ-CP Art. 18, docs/DOMAIN.md §3).
    /// <paramref name="chosen"/>: the API's explicit choice (item → staged ids); null takes every staged file (the page).
    /// </summary>
    public async Task<CitizenActionOutcome> AnswerSupplementAsync(ClaimsPrincipal user, string code, IReadOnlyList<(int Item, IReadOnlyList<long> Staged)>? chosen,
        CancellationToken ct)
    {
        if (await LoadAsync(user, code, ct) is not (var dossier, var citizen)) return CitizenActionOutcome.NotFound(code);
        var now = clock.GetUtcNow();
        var staged = await db.StagedFiles
            .Where(s => s.DossierId == dossier.Id && s.OwnerCitizenId == citizen.Citizen.Id && s.Purpose == FilePurpose.Supplement && s.ExpiresAt > now)
            .OrderBy(s => s.Id).ToListAsync(ct);
        if (chosen is not null)
        {
            var named = chosen.SelectMany((c, i) => c.Staged.Select((id, j) => (c.Item, Id: id, Key: $"items[{i}].stagedFiles[{j}]"))).ToList();
            foreach (var (item, id, key) in named)
                if (!staged.Any(s => s.Id == id && s.SupplementItem == item))
                    return new(null, StatusCodes.Status422UnprocessableEntity, key,
                        "Tệp đã tải lên không dùng được cho mục này: không tìm thấy, đã hết hạn hoặc đã được dùng; hãy tải lên lại.");
            staged = [.. staged.Where(s => named.Any(n => n.Id == s.Id))];
        }
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == dossier.ReceivingAgencyId, ct);
        var cutoff = await db.AgencyProcedures.AsNoTracking()
            .Where(a => a.AgencyId == agency.Id && a.ProcedureCode == dossier.ProcedureCode).Select(a => a.Cutoff).FirstOrDefaultAsync(ct);
        var calendar = await calendars.ForAsync(agency, ct);
        var items = staged.Select(s => s.SupplementItem ?? -1).Distinct().Order().ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            dossier.AnswerSupplementOnline(citizen, items, calendar, cutoff, now);
            // Each item answered is now a document of the dossier (the answer's event names its position): its files are that document's.
            var supplied = dossier.Events[^1].SuppliedDocuments!;
            var pages = await db.StoredFiles.AsNoTracking().Where(f => staged.Select(s => s.Sha256).Contains(f.Sha256)).ToDictionaryAsync(f => f.Sha256, f => f.Pages, ct);
            foreach (var s in staged)
                db.DossierFiles.Add(new DossierFile
                {
                    DossierId = dossier.Id, DocumentIndex = supplied[s.SupplementItem!.Value].Number - 1,
                    DocumentName = dossier.SupplementItems[s.SupplementItem!.Value].Document, Purpose = FilePurpose.Supplement,
                    Sha256 = s.Sha256, DisplayName = s.DisplayName, Pages = pages.GetValueOrDefault(s.Sha256), AddedAt = now,
                    AddedByCitizenId = citizen.Citizen.Id, OwnerIdNumber = dossier.Applicant.IdNumber,
                });
            db.StagedFiles.RemoveRange(staged);
            await db.SaveChangesAsync(ct);
            var eventId = dossier.Events.Max(e => e.Id);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO dossier_supplement_answers (dossier_id, event_id, items, by_citizen_id, at)
                VALUES ({dossier.Id}, {eventId}, {items.ToArray()}, {citizen.Citizen.Id}, {now})
                """, ct);
            await tx.CommitAsync(ct);
            return new(dossier, StatusCodes.Status200OK);
        }
        catch (DossierStateException e)
        {
            db.ChangeTracker.Clear();
            return Refused(e, "items");
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(null, StatusCodes.Status409Conflict, null, "Hồ sơ vừa được cập nhật; tải lại trang để xem trạng thái mới rồi thực hiện lại.");
        }
    }

    /// <summary>"Rút hồ sơ" with <paramref name="reason"/>: <see cref="Dossier.RequestWithdrawalByApplicant"/> (status 7
    /// while <see cref="Dossier.ApplicantMayWithdraw"/>; 409 otherwise; 422 keyed <c>reason</c> without one), saved with
    /// its event in one transaction, which also closes the dossier's open payment requests
    /// (<see cref="RequestClosing.CloseWithDossierAsync"/>). The one-stop unit then issues the stop notice.</summary>
    public async Task<CitizenActionOutcome> WithdrawAsync(ClaimsPrincipal user, string code, string? reason, CancellationToken ct)
    {
        if (await LoadAsync(user, code, ct) is not (var dossier, var citizen)) return CitizenActionOutcome.NotFound(code);
        try
        {
            var now = clock.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var wasClosed = PaymentMatching.IsClosed(dossier);
            dossier.RequestWithdrawalByApplicant(citizen, reason?.Trim() ?? "", now);
            // Fees38a, HIGH 2: the citizen's withdrawal closes the open payment requests as the desk's does.
            await RequestClosing.CloseWithDossierAsync(db, dossier, wasClosed, now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new(dossier, StatusCodes.Status200OK);
        }
        catch (DossierStateException e)
        {
            db.ChangeTracker.Clear();
            return Refused(e, "reason");
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(null, StatusCodes.Status409Conflict, null, "Hồ sơ vừa được cập nhật; tải lại trang để xem trạng thái mới rồi thực hiện lại.");
        }
    }

    /// <summary>The token a supplement upload form carries in its address (<c>?t=</c>): the dossier and citizen sealed for
    /// two hours, checked before the body is read, as the draft upload's (<see cref="CitizenDrafts.UploadToken"/>).</summary>
    public string UploadToken(long dossierId, long citizenId) => Protector.Protect($"{dossierId}:{citizenId}", TimeSpan.FromHours(2));

    /// <summary>True when <paramref name="token"/> was issued by <see cref="UploadToken"/> for this dossier and citizen and has not expired.</summary>
    public bool ValidUploadToken(string? token, long dossierId, long citizenId)
    {
        if (string.IsNullOrEmpty(token)) return false;
        try { return Protector.Unprotect(token) == $"{dossierId}:{citizenId}"; }
        catch (System.Security.Cryptography.CryptographicException) { return false; }
    }

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("MotCua.Citizens.SupplementUpload").ToTimeLimitedDataProtector();

    // The dossier tracked with its events, when the signed-in citizen may read it; null for anyone else (404).
    private async Task<(Dossier, CitizenActor)?> LoadAsync(ClaimsPrincipal user, string code, CancellationToken ct)
    {
        if (Claims.CitizenOf(user) is not { } citizen) return null;
        var dossier = await db.Dossiers.Include(d => d.Events.OrderBy(e => e.Id)).FirstOrDefaultAsync(d => d.Code == code, ct);
        if (dossier is null || !DossierAccess.CanRead(user, dossier)) return null;
        return (dossier, new CitizenActor(citizen, user.Identity?.Name ?? "Người nộp hồ sơ"));
    }

    private static CitizenActionOutcome Refused(DossierStateException e, string field) => e.Refusal switch
    {
        DossierRefusal.NotPermitted => new(null, StatusCodes.Status404NotFound, null, e.Message),
        DossierRefusal.WrongState => new(null, StatusCodes.Status409Conflict, null, e.Message),
        _ => new(null, StatusCodes.Status422UnprocessableEntity, field, e.Message),
    };
}
