using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Shared;

namespace MotCua.Web.Features.Processing;

/// <summary>The amount the officer fixes, on accepting an online dossier, for a fee the catalogue's text could not be read
/// to (Domain <see cref="OfficerFee"/>): integer VND, <c>fee</c> (phí) or <c>charge</c> (lệ phí), and what it is and on
/// what it rests; the same fields as intake's <c>fee</c>.</summary>
public sealed record AcceptanceOfficerFee(long? AmountVnd, string? Kind, string? Note);

/// <summary>
/// The fee of an online dossier settled when the desk accepts it (issue 14, docs/FEES.md "Tenth trial"): a dossier
/// submitted online whose fee is by case (the citizen or the integrated system chose none) or could not be read is stored
/// <c>unplaced</c>; its acceptance offers the desk's choice (the case, or the officer's amount), fixes the fee by the one
/// rule <see cref="DossierFee.Fix"/> on the Vietnam date of submission, and raises the payment request with its VietQR as
/// intake does (<see cref="PaymentRequests.RaisedAtIntake"/>). A fee already placed is not touched.
/// </summary>
public static class AcceptanceFee
{
    /// <summary>What the acceptance form offers: the preview of the dossier's channel fee (its cases) when the stored fee
    /// is unplaced, with whether it asks a case or the officer's amount; null when the fee needs nothing.</summary>
    public sealed record Choice(FeePreview Preview, bool AsksCase, bool AsksOfficerFee);

    private sealed record Terms(FeeRules? Rules, long? LocalFeeVnd, string? LocalFeeText, string? PublishedText);

    /// <summary>The choice the acceptance of <paramref name="dossier"/> offers, or null (fee placed, none stored, or a
    /// local fee set at adoption, which needs no choice).</summary>
    public static async Task<Choice?> ChoiceAsync(MotCuaDb db, Dossier dossier, CancellationToken ct)
    {
        if (await TermsAsync(db, dossier, ct) is not { } terms || terms.LocalFeeVnd is not null) return null;
        var preview = FeePreview.Of(terms.Rules, dossier.Channel, VietnamTime.DateOf(dossier.SubmittedAt), null, null, terms.PublishedText, dossier.FormData);
        var byCase = terms.Rules is { ByCase: true };
        return new Choice(preview, byCase, !byCase && preview.Fee.Source == FeeSource.Unplaced && preview.CountedRule is null);
    }

    /// <summary>
    /// Fixes the fee of <paramref name="dossier"/>, being accepted by <paramref name="by"/> at <paramref name="now"/>, with
    /// the case (<paramref name="feeCase"/>, 1-based) or the officer's amount given; updates <c>dossier_fees</c> (source
    /// <c>catalogue</c> or <c>officer</c>, audited as intake audits the officer's amount) and raises the payment request
    /// ("Nop phi &lt;code&gt;", the receiving unit's active collection account, its VietQR) in the acceptance's
    /// transaction. <paramref name="caseRequired"/> (the page, where the officer can ask the applicant) refuses a fee by
    /// case with none chosen; over the API it may be left out and the fee stays unplaced, as at intake.
    /// </summary>
    /// <returns>The fee stored (source <c>catalogue</c> or <c>officer</c>), or null when nothing was stored (the fee was
    /// placed already, or stays unplaced: a fee by case over the API without one, an unread fee without the amount).</returns>
    /// <exception cref="FieldProblemException">Keyed <c>feeCase</c> (out of range, not by case, or required),
    /// <c>fee</c> (the fee needs no officer's amount), <c>fee.amountVnd</c>, <c>fee.kind</c> or <c>fee.note</c>.</exception>
    public static async Task<FixedFee?> FixAsync(MotCuaDb db, Dossier dossier, int? feeCase, AcceptanceOfficerFee? officerFee, bool caseRequired, Officer by,
        DateTimeOffset now, CancellationToken ct)
    {
        var terms = await TermsAsync(db, dossier, ct);
        if (terms is null || terms.LocalFeeVnd is not null)
        {
            if (feeCase is not null) throw new FieldProblemException(new FieldProblem("feeCase", "Phí, lệ phí của hồ sơ đã xác định khi nộp: bỏ trường hợp thu phí."));
            if (officerFee is not null) throw new FieldProblemException(new FieldProblem("fee", NotAsked));
            return null;
        }
        var rules = terms.Rules;
        if (feeCase is { } chosen && (rules is not { ByCase: true } || chosen < 1 || chosen > rules.Items.Count))
            throw new FieldProblemException(new FieldProblem("feeCase", rules is { ByCase: true }
                ? $"Trường hợp thu phí phải từ 1 đến {rules.Items.Count}."
                : "Thủ tục không công bố phí theo trường hợp cho kênh này; bỏ trường hợp thu phí."));
        if (caseRequired && feeCase is null && rules is { ByCase: true })
            throw new FieldProblemException(new FieldProblem("feeCase", "Thủ tục thu phí, lệ phí theo trường hợp: chọn trường hợp áp dụng cho hồ sơ này."));
        var fee = DossierFee.Fix(rules, dossier.Channel, VietnamTime.DateOf(dossier.SubmittedAt), null, null, null, feeCase, null, dossier.FormData, terms.PublishedText);
        if (officerFee is not null)
        {
            if (fee.Source != FeeSource.Unplaced) throw new FieldProblemException(new FieldProblem("fee", NotAsked));
            var (typed, problems) = OfficerFee.Validate(officerFee.AmountVnd, officerFee.Kind, officerFee.Note);
            if (problems.Count > 0) throw new FieldProblemException(problems[0]);
            fee = typed!.Apply(fee, dossier.ProcedureName);
        }
        if (fee.Source == FeeSource.Unplaced) return null;

        var source = fee.Source.ToString().ToLowerInvariant();
        var items = FeeItemsJson.Of(fee);
        await (await db.CommandAsync("""
            UPDATE dossier_fees SET items = $2::jsonb, fee_vnd = $3, charge_vnd = $4, due_vnd = $5, source = $6, published_text = $7,
                fixed_at = $8, fixed_by = $9, reason = $10
            WHERE dossier_id = $1 AND source = 'unplaced'
            """, ct, dossier.Id, items, fee.FeeVnd, fee.ChargeVnd, fee.DueVnd, source, (object?)fee.PublishedText ?? DBNull.Value, now, (object?)by.Actor.UserId ?? DBNull.Value,
            (object?)fee.Reason ?? DBNull.Value))
            .ExecuteNonQueryAsync(ct);
        if (fee.Source == FeeSource.Officer)
            await (await db.CommandAsync("""
                INSERT INTO audit_log (at, user_id, action, subject, details)
                VALUES ($1, $2, 'dossier.fee.officer', 'dossier:' || $3, jsonb_build_object('items', $4::jsonb, 'dueVnd', $5, 'publishedText', $6::text))
                """, ct, now, (object?)by.Actor.UserId ?? DBNull.Value, dossier.Code, items, fee.DueVnd, (object?)fee.PublishedText ?? DBNull.Value)).ExecuteNonQueryAsync(ct);
        if (!PaymentRequests.RaisedAtIntake(fee.DueVnd, source)) return fee;
        var account = await Payments.RequestsRead.ActiveAccountAsync(db, dossier.ReceivingAgencyId, ct);
        var purpose = PaymentRequests.PurposeOf(dossier.Code);
        db.PaymentRequests.Add(new PaymentRequestRow
        {
            DossierId = dossier.Id, Reason = PaymentRequestReasons.Intake, AmountVnd = fee.DueVnd,
            Items = System.Text.Json.JsonDocument.Parse(items), AccountId = account?.Id, Purpose = purpose,
            Vietqr = PaymentRequests.QrFor(purpose, fee.DueVnd, account), Status = "open", CreatedAt = now, CreatedBy = by.Actor.UserId,
        });
        return fee;
    }

    private const string NotAsked = "Phí, lệ phí của hồ sơ đã xác định được từ văn bản công bố (hoặc mức đơn vị quy định): bỏ mục phí do cán bộ xác định.";

    // The dossier's channel fee as intake read it, when its stored fee is still unplaced; null otherwise.
    private static async Task<Terms?> TermsAsync(MotCuaDb db, Dossier dossier, CancellationToken ct)
    {
        var stored = await db.Database.SqlQuery<string>($"SELECT source AS \"Value\" FROM dossier_fees WHERE dossier_id = {dossier.Id}").ToListAsync(ct);
        if (stored is not ["unplaced"]) return null;
        var spec = await Catalog.ProcedureSpecs.LoadVersionAsync(db, dossier.ProcedureCode, dossier.ProcedureVersion, ct);
        var adoption = await db.AgencyProcedures.AsNoTracking()
            .Where(a => a.AgencyId == dossier.ReceivingAgencyId && a.ProcedureCode == dossier.ProcedureCode).Select(a => new { a.Fee, a.FeeText }).FirstOrDefaultAsync(ct);
        var own = spec.Channels.FirstOrDefault(c => c.Channel == dossier.Channel);
        return new Terms(own is null ? null : FeeTextReader.Read(spec, own), adoption?.Fee is { } local ? (long)local : null, adoption?.FeeText, own?.FeeText);
    }
}
