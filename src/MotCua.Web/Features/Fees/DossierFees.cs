using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;

namespace MotCua.Web.Features.Fees;

/// <summary>One item of a dossier's fee as charged: <c>kind</c> is <c>fee</c> (phí) or <c>charge</c> (lệ phí), the
/// amount integer VND, <c>publishedText</c> the catalogue's words, <c>rule</c> the reduction that applied (null if none); for an
/// item published per a quantity unit (Domain <c>FeeUnits</c>) <c>quantity</c>, <c>unit</c> ("chiếc") and
/// <c>unitAmountVnd</c>, the amount being quantity × unit amount; null for an item charged once.</summary>
public sealed record FeeItemView(string Name, string Kind, long AmountVnd, string PublishedText, string? Rule,
    int? Quantity = null, string? Unit = null, long? UnitAmountVnd = null)
{
    /// <summary>"2 chiếc × 6.000.000 đồng" for an item by quantity, null otherwise.</summary>
    public string? Times => Quantity is { } q && Unit is { } u && UnitAmountVnd is { } each ? MotCua.Domain.Fees.FeeUnits.Times(q, u, each) : null;
}

/// <summary>The fee fixed at intake (<c>dossier_fees</c>): items, phí and lệ phí apart, the amount due (0 when exempt),
/// <c>source</c> (<c>catalogue</c>, <c>local</c>, <c>none</c>, <c>unplaced</c>: the catalogue's text could not be read to
/// an amount and the officer must settle it, never a 0; <c>officer</c>: the amount the officer fixed at intake for such a fee), the published text and the exemption's reason and legal basis.
/// <c>reason</c> (tenth trial, finding 7) is why the amount is unknown or waived for a period, in Vietnamese, kept apart
/// from <c>publishedText</c>, the channel's cell as the catalogue publishes it.</summary>
public sealed record FeeView(IReadOnlyList<FeeItemView> Items, long FeeVnd, long ChargeVnd, long DueVnd, string Source, string? PublishedText,
    string? ExemptionReason, string? ExemptionLegalBasis, DateTimeOffset FixedAt, string? Reason = null);

/// <summary>Reads the fee of a dossier for the dossier API and page.</summary>
public static class DossierFees
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The fee of dossier <paramref name="dossierId"/>, or null for a dossier received before fees were fixed
    /// (issue 14) or refused at the desk.</summary>
    public static async Task<FeeView?> ReadAsync(MotCuaDb db, long dossierId, CancellationToken ct)
    {
        var row = await db.DossierFees.AsNoTracking().FirstOrDefaultAsync(f => f.DossierId == dossierId, ct);
        return row is null ? null : new FeeView(row.Items.Deserialize<List<FeeItemView>>(Json)!, row.FeeVnd, row.ChargeVnd, row.DueVnd, row.Source,
            row.PublishedText, row.ExemptionReason, row.ExemptionLegalBasis, row.FixedAt.ToOffset(MotCua.Domain.Calendar.VietnamTime.Offset), row.Reason);
    }

    /// <summary>SQL of what was paid of payment request <c>r</c> in parts: its underpayments the accountant accepted
    /// (integer VND). Here, not in Payments, because Mẫu 01 (Dossiers) and the payments slice both count it.</summary>
    public const string PartsPaidSql = "coalesce((SELECT sum(q.amount_vnd) FROM payments q WHERE q.request_id = r.id AND q.flag = 'underpaid' AND q.flag_accepted), 0)::bigint";

    /// <summary>"25.000 đồng" (Vietnamese grouping).</summary>
    public static string Vnd(long amount) => amount.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN")) + " đồng";

    /// <summary>Why the amount due is what it is, beside it on the dossier page: an exempted dossier (nothing due) says it is
    /// exempt, why and on what basis, "miễn phí, lệ phí: &lt;reason&gt;; căn cứ: &lt;legal basis&gt;", never the source of
    /// the items it is exempt from (fourteenth trial, LOW 11: "0 đồng (theo thủ tục đã công bố)"); else <see cref="SourceName"/>.</summary>
    public static string DueWhy(FeeView fee)
    {
        ArgumentNullException.ThrowIfNull(fee);
        return fee.ExemptionReason is { } reason ? $"miễn phí, lệ phí: {reason.Trim()}; căn cứ: {fee.ExemptionLegalBasis?.Trim()}" : SourceName(fee.Source, fee.Reason);
    }

    /// <summary>The source in Vietnamese for the dossier page, printed in parentheses after the amount due, so the fixed
    /// wordings hold none of their own; a fee waived only for a period (source <c>none</c> with its
    /// <paramref name="reason"/>, "Miễn thu từ ngày … đến hết ngày … (…)") is named by that period, not as free.</summary>
    public static string SourceName(string source, string? reason = null) => source switch
    {
        "catalogue" => "theo thủ tục đã công bố",
        "local" => "theo mức phí đơn vị quy định khi áp dụng thủ tục",
        "none" when !string.IsNullOrWhiteSpace(reason) => reason.Trim(),
        "none" => "thủ tục không thu phí, lệ phí",
        // Printed inside parentheses after the amount: no parentheses of its own (trial 14v LOW 6).
        "officer" => "do cán bộ xác định khi tiếp nhận, vì văn bản công bố không nêu được mức thu",
        _ => "chưa xác định được mức phí từ văn bản công bố: cán bộ cần xác định",
    };
}
