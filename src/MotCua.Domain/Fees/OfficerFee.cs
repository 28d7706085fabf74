using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;

namespace MotCua.Domain.Fees;

/// <summary>
/// The amount an officer fixes at intake for a fee the catalogue's text could not be read to
/// (<see cref="FeeSource.Unplaced"/>: a rate set by the provincial People's Council, a reduction of unstated rate, an
/// amount the reader could not place; issue 14, docs/FEES.md "Seventh round fixes"): integer VND, its kind (phí or lệ
/// phí, Luật Phí và lệ phí 2015 keeps them apart) and a note saying what it is and on what it rests (it names the item on
/// the payment request and the receipt).
/// </summary>
public sealed record OfficerFee(long AmountVnd, FeeKind Kind, string Note)
{
    /// <summary>Longest note kept, in characters.</summary>
    public const int MaxNoteLength = 300;

    /// <summary>The kinds as the API writes them (<c>fee</c> phí, <c>charge</c> lệ phí), as the fee's items store them.</summary>
    public const string FeeCode = "fee", ChargeCode = "charge";

    /// <summary>
    /// Checks what the officer gave: <paramref name="amountVnd"/> 1 to <see cref="PaymentAmount.MaxVnd"/> đồng (field
    /// <c>{prefix}amountVnd</c>), <paramref name="kind"/> <c>fee</c> | <c>charge</c> (<c>{prefix}kind</c>) and a note of
    /// 2 to <see cref="MaxNoteLength"/> characters (<c>{prefix}note</c>). Problems are in Vietnamese, as the desk shows them
    /// beside the fields and the API in its 422.
    /// </summary>
    public static (OfficerFee? Value, IReadOnlyList<FieldProblem> Problems) Validate(long? amountVnd, string? kind, string? note, string prefix = "fee.")
    {
        var problems = new List<FieldProblem>();
        if (amountVnd is null)
            problems.Add(new(prefix + "amountVnd", "Nhập số tiền phí, lệ phí cán bộ xác định (số nguyên đồng, ví dụ 50.000)."));
        else if (PaymentAmount.Problem(amountVnd, prefix + "amountVnd", "Số tiền phí, lệ phí") is { } amount)
            problems.Add(amount);
        FeeKind? parsed = kind?.Trim() switch { FeeCode => FeeKind.Fee, ChargeCode => FeeKind.Charge, _ => null };
        if (parsed is null)
            problems.Add(new(prefix + "kind", "Chọn khoản thu là phí hay lệ phí."));
        var text = string.Join(' ', (note ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length is < 2 or > MaxNoteLength)
            problems.Add(new(prefix + "note", $"Ghi rõ khoản phí, lệ phí và căn cứ xác định số tiền (2 đến {MaxNoteLength} ký tự)."));
        return problems.Count > 0 ? (null, problems) : (new OfficerFee(amountVnd!.Value, parsed!.Value, text), problems);
    }

    /// <summary>
    /// The fee <paramref name="unplaced"/> (fixed by <see cref="DossierFee.Fix"/> as <see cref="FeeSource.Unplaced"/>)
    /// with this amount: one item of this kind named after the fee, "Phí &lt;act&gt;" / "Lệ phí &lt;act&gt;" from
    /// <paramref name="procedureName"/> (<see cref="FeeTextReader.ItemName"/>), the note as its basis (the item's rule,
    /// shown beside the amount), never its name (tenth trial, finding 8: "Thông tư 64/2025/TT-BTC: 50% mức phí" named the
    /// item on Mẫu 01); the catalogue's published text kept beside it; source <see cref="FeeSource.Officer"/>; the
    /// exemption, if any, kept (nothing then due).
    /// </summary>
    /// <exception cref="ArgumentException">The fee was read to an amount (only an unplaced fee is fixed by the officer).</exception>
    public FixedFee Apply(FixedFee unplaced, string? procedureName = null)
    {
        ArgumentNullException.ThrowIfNull(unplaced);
        if (unplaced.Source != FeeSource.Unplaced)
            throw new ArgumentException("Chỉ phí, lệ phí chưa xác định được từ văn bản công bố mới do cán bộ xác định.", nameof(unplaced));
        var item = new ChargedItem(FeeTextReader.ItemName(Kind, procedureName), Kind, AmountVnd, unplaced.PublishedText ?? Note, Note);
        return new FixedFee([item], Kind == FeeKind.Fee ? AmountVnd : 0, Kind == FeeKind.Charge ? AmountVnd : 0,
            unplaced.Exemption is null ? AmountVnd : 0, FeeSource.Officer, unplaced.PublishedText, unplaced.Exemption) { Reason = unplaced.Reason };
    }
}
