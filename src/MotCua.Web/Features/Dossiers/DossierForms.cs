using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Documents;
using MotCua.Domain.Calendar;
using MotCua.Domain.Documents;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Payments;

namespace MotCua.Web.Features.Dossiers;

/// <summary>
/// Fills the intake forms (Mẫu 01, 02, 03) from what the database already holds, nothing typed twice, and issues them:
/// each numbered by the receiving unit once (<see cref="IssuedForms.NumberAsync"/>) and kept as first signed (a reprint is the same file, <see cref="IssuedForms.IssuedAsync"/>; the
/// same number) and digitally signed (<see cref="IssuedForms.SignAsync"/>).
/// </summary>
public static class DossierForms
{
    private static RatingInvite RatingOf(HttpRequest request, Dossier dossier)
    {
        var key = request.HttpContext.RequestServices.GetRequiredService<Infrastructure.DeploymentKey>().DeriveKey(Domain.Ratings.RatingToken.KeyPurpose);
        var token = Domain.Ratings.RatingToken.For(key, dossier.Id);
        return new RatingInvite(token, LookupUrl.Rating(request, dossier.Code, token));
    }

    /// <summary>Mẫu 01 of a received dossier (<see cref="Dossier.ReceivedAt"/> and <see cref="Dossier.DueAt"/> set), signed.
    /// Before any money is received for its fee, the slip first issued; after, one drawn for the payments' state: what is
    /// still owed with a VietQR for it and what was paid, or, when nothing is owed, no QR and the fee said paid. The rating
    /// code only with <paramref name="forApplicantAtIntake"/> (the intake's print, <see cref="IntakePrints"/>): that slip
    /// is drawn and signed afresh and never kept, so no later print returns it.</summary>
    public static async Task<byte[]> ReceiptAsync(MotCuaDb db, IssuedForms issued, Dossier dossier, HttpRequest request, CancellationToken ct,
        bool forApplicantAtIntake = false)
    {
        var key = $"dossier:{dossier.Id}:receipt";
        // Tenth trial, finding 3: money received for the dossier's fee (a request paid, a part accepted) changes what the slip
        // asks, so a slip printed after it is drawn afresh from the state of the payments (same number, signed, not kept);
        // before any money the slip is the one first issued, as every other form.
        var paidVnd = (await db.Database.SqlQueryRaw<long>($$"""
            SELECT coalesce(sum(CASE WHEN r.status = 'paid' THEN r.amount_vnd ELSE {{Fees.DossierFees.PartsPaidSql}} END), 0)::bigint AS "Value"
            FROM payment_requests r WHERE r.dossier_id = {0} AND r.reason = 'intake' AND r.status <> 'cancelled'
            """, dossier.Id).ToListAsync(ct)).Single();
        if (paidVnd == 0 && !forApplicantAtIntake && await issued.IssuedAsync(key, ct) is { } stored) return stored;
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == dossier.ReceivingAgencyId, ct);
        // Issue 14: the latest open payment request with a QR (payment_requests, migration 0032) is printed on the slip, for
        // what is still owed of it after accepted parts, with a QR for that (as the dossier page, the lookup and the API).
        var open = (await db.Database.SqlQueryRaw<OpenRequest>($$"""
            SELECT r.vietqr AS "VietQr", r.amount_vnd AS "AmountVnd", {{Fees.DossierFees.PartsPaidSql}} AS "PaidVnd", r.purpose AS "Purpose",
                a.account_name AS "AccountName"
            FROM payment_requests r LEFT JOIN collection_accounts a ON a.id = r.account_id
            WHERE r.dossier_id = {0} AND r.status = 'open' AND r.vietqr IS NOT NULL ORDER BY r.id DESC LIMIT 1
            """, dossier.Id).ToListAsync(ct)).SingleOrDefault();
        var payment = open is null || PaymentRequests.Remaining(open.AmountVnd, open.PaidVnd) is not (> 0 and var remaining) ? null
            : new PaymentQr(PaymentRequests.QrForRemaining(open.VietQr, open.AmountVnd, remaining)!, remaining, open.Purpose, open.AccountName)
            {
                PaidVnd = open.AmountVnd - remaining,
            };
        // Eighth trial: every item of the request, as the receipt names it: a case's qualifier (1.002897 "(đối với cảng hàng
        // không khác)"), each of several items (1.004270), a single item (2.001035), the officer's item; one charged per a
        // quantity unit with its count (FeeUnits.Times). Before, only the per-unit ones were printed.
        var items = payment is null ? [] : await db.Database.SqlQuery<ItemLine>($"""
            SELECT i ->> 'name' AS "Name", (i ->> 'amountVnd')::bigint AS "AmountVnd", (i ->> 'quantity')::int AS "Quantity", i ->> 'unit' AS "Unit",
                   (i ->> 'unitAmountVnd')::bigint AS "UnitAmountVnd"
            FROM payment_requests r CROSS JOIN LATERAL jsonb_array_elements(r.items) WITH ORDINALITY AS e(i, n)
            WHERE r.id = (SELECT max(q.id) FROM payment_requests q WHERE q.dossier_id = {dossier.Id} AND q.status = 'open' AND q.vietqr IS NOT NULL)
            ORDER BY e.n
            """).ToListAsync(ct);
        // What the slip says of the fee without a QR block: an exemption, a fee not read, an amount due without a QR.
        var fee = (await db.Database.SqlQuery<FeeRow>($"""
            SELECT source AS "Source", due_vnd AS "DueVnd", exemption_reason AS "ExemptionReason", exemption_legal_basis AS "ExemptionLegalBasis",
                reason AS "Reason"
            FROM dossier_fees WHERE dossier_id = {dossier.Id}
            """).ToListAsync(ct)).SingleOrDefault();
        var pdf = IntakeForms.Receipt(new ReceiptForm
        {
            Payment = payment,
            FeeNote = fee is null ? null : FeeStatement.For(fee.Source, fee.DueVnd, fee.ExemptionReason, fee.ExemptionLegalBasis, payment is not null, fee.Reason, paidVnd),
            PaymentLines = [.. items.Select(l => l is { Quantity: { } quantity, Unit: { } unit, UnitAmountVnd: { } each }
                ? $"{l.Name}: {FeeUnits.Times(quantity, unit, each)} = {FeePreview.Vnd(quantity * each)}"
                : $"{l.Name}: {FeePreview.Vnd(l.AmountVnd)}")],
            Letterhead = Letterheads.Of(agency),
            Number = await issued.NumberAsync(agency, DocumentKind.Receipt, key, dossier.ReceivedAt!.Value, ct),
            DossierCode = dossier.Code,
            PortalCode = dossier.PortalCode,
            Applicant = ApplicantOf(dossier.Applicant),
            ProcedureName = dossier.ProcedureName,
            ProcedureCode = dossier.ProcedureCode,
            Documents = dossier.Documents,
            Sets = dossier.Sets,
            TimeLimitText = dossier.TimeLimit.ToString(),
            TimeLimitCondition = dossier.TimeLimitCondition,
            CompetentReceivedAt = dossier.CompetentReceivedAt,
            ReceivedAt = dossier.ReceivedAt!.Value,
            DueAt = dossier.DueAt!.Value,
            DueDateExplanation = SkippedPeriods.Explain(dossier.DueExplanation),
            ResultCollectionPlace = dossier.ResultDelivery.Place(agency.Name, agency.Address),
            RegisterBook = $"01/{dossier.RegisterYear}",
            RegisterLine = dossier.RegisterNumber ?? 0,
            ReceivingOfficerName = ReceivingOfficer(dossier, agency),
            Channel = dossier.Channel,
            LookupUrl = LookupUrl.For(request, dossier.Code),
            // Issue 17, rat28 HIGH A: only on the intake's print for the applicant; any officer's reprint or download had
            // carried it and they rated (docs/RATINGS.md "Who may rate").
            Rating = forApplicantAtIntake ? RatingOf(request, dossier) : null,
        });
        return await issued.SignAsync(pdf, DocumentKind.Receipt, dossier.Code, agency, ct, paidVnd == 0 && !forApplicantAtIntake ? key : null);
    }

    /// <summary>Mẫu 03 of a dossier refused at intake (status 3), signed.</summary>
    public static async Task<byte[]> RefusalAsync(MotCuaDb db, IssuedForms issued, Dossier dossier, CancellationToken ct)
    {
        var key = $"dossier:{dossier.Id}:refusal";
        if (await issued.IssuedAsync(key, ct) is { } stored) return stored;
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == dossier.ReceivingAgencyId, ct);
        var refused = dossier.Events.Last(e => e.ToStatus == DossierStatus.NotReceived);
        var pdf = IntakeForms.Refusal(new RefusalForm
        {
            Letterhead = Letterheads.Of(agency),
            Number = await issued.NumberAsync(agency, DocumentKind.Refusal, key, refused.At, ct),
            DossierCode = dossier.Code,
            PortalCode = dossier.PortalCode,
            Applicant = ApplicantOf(dossier.Applicant),
            ProcedureName = dossier.ProcedureName,
            ProcedureCode = dossier.ProcedureCode,
            ReceivedAt = dossier.SubmittedAt,
            Reason = dossier.RefusalReason ?? "",
            LegalBasis = dossier.RefusalLegalBasis ?? "",
            OfficerName = refused.ActorName,
            IssuedAt = refused.At,
        });
        return await issued.SignAsync(pdf, DocumentKind.Refusal, dossier.Code, agency, ct, key);
    }

    /// <summary>
    /// Mẫu 02 of a supplement notice. One issued during appraisal names its dossier: the dossier's code, applicant and
    /// receipt (never the notice's own date as the receipt); one handed out at the desk, where no dossier exists, prints
    /// the applicant as typed and neither a code nor a receipt. Numbered per notice, signed.
    /// </summary>
    public static async Task<byte[]> SupplementAsync(MotCuaDb db, IssuedForms issued, SupplementNotice notice, CancellationToken ct)
    {
        var key = $"supplement-notice:{notice.Id}";
        if (await issued.IssuedAsync(key, ct) is { } stored) return stored;
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == notice.AgencyId, ct);
        var procedure = await db.Procedures.AsNoTracking().FirstAsync(p => p.Code == notice.ProcedureCode, ct);
        var officer = notice.OfficerUserId is { } id ? await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.FullName).FirstAsync(ct) : "";
        var dossier = notice.DossierId is { } dossierId ? await db.Dossiers.AsNoTracking().FirstAsync(d => d.Id == dossierId, ct) : null;
        var pdf = IntakeForms.SupplementRequest(new SupplementRequestForm
        {
            Letterhead = Letterheads.Of(agency),
            Number = await issued.NumberAsync(agency, DocumentKind.SupplementRequest, key, notice.CreatedAt, ct),
            DossierCode = dossier?.Code,
            PortalCode = dossier?.PortalCode,
            Applicant = dossier is null
                ? ApplicantOf(new Applicant(notice.ApplicantFullName, notice.ApplicantIdNumber ?? "", notice.ApplicantPhone ?? "", notice.ApplicantEmail,
                    notice.ApplicantAddress ?? "") { Kind = notice.ApplicantKind, Representative = notice.ApplicantRepresentative })
                : ApplicantOf(dossier.Applicant),
            ProcedureName = dossier?.ProcedureName ?? procedure.Name,
            ProcedureCode = procedure.Code,
            ReceivedAt = dossier is null ? null : dossier.ReceivedAt ?? dossier.SubmittedAt,
            Items = notice.Items,
            ContactOfficerName = officer,
            ContactOfficerPhone = agency.Phone,
            OfficerName = officer,
            IssuedAt = notice.CreatedAt,
        });
        return await issued.SignAsync(pdf, DocumentKind.SupplementRequest, dossier?.Code ?? $"phiếu {notice.Id}", agency, ct, key);
    }

    /// <summary>The applicant block of every intake form: an organisation's representative is the person who hands the
    /// dossier in ("Người nộp"); the dossier records no other person submitting for an applicant.</summary>
    private static FormApplicant ApplicantOf(Applicant applicant) => new()
    {
        Name = applicant.FullName,
        Kind = applicant.Kind,
        IdNumber = applicant.IdNumber,
        Submitter = applicant.Representative,
        Address = applicant.Address,
        Phone = applicant.Phone,
        Email = applicant.Email,
    };

    // The officer who received the dossier at the desk or accepted it online. A dossier an integrated system delivered
    // straight to status 2 had no officer: the unit itself received it, never the system (issue 11, item 2).
    private static string ReceivingOfficer(Dossier dossier, Agency agency) =>
        dossier.Events.OrderBy(e => e.At).FirstOrDefault(e => e.ToStatus == DossierStatus.Received) is { ActorUserId: not null } received
            ? received.ActorName
            : agency.Name;

    private sealed record OpenRequest(string VietQr, long AmountVnd, long PaidVnd, string Purpose, string? AccountName);

    private sealed record ItemLine(string? Name, long AmountVnd, int? Quantity, string? Unit, long? UnitAmountVnd);

    private sealed record FeeRow(string Source, long DueVnd, string? ExemptionReason, string? ExemptionLegalBasis, string? Reason);
}
