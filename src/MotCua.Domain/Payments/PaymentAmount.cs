using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Payments;

/// <summary>
/// The one rule for an amount of money entering MotCua (issue 14, fresh trial of 4 December 2026: the callback and the
/// accountant's <c>POST /api/v1/payments</c> took 99,999,999,999,999,999 đồng): a whole number of đồng from 1 to
/// <see cref="MaxVnd"/>. Used by the accountant's confirmation (API and /ke-toan), a partner's callback, a refund, a
/// financial obligation's amount and the fee an officer fixes at the desk.
/// </summary>
public static class PaymentAmount
{
    /// <summary>
    /// The largest amount, 9,999,999,999,999 đồng (13 digits). Why this bound: it is what the VietQR amount field holds
    /// (EMVCo tag 54, 13 characters), so every request can be paid by QR; and the receipt's and the fee register's
    /// columns stay exact when summed: a register's totals reach 15 significant digits only after a hundred such
    /// amounts, which the workbook's number cells (IEEE double, 15 digits) and a JSON reader using doubles (2^53 ≈
    /// 9.007 × 10^15) still hold exactly; a 17-digit amount is already rounded in both.
    /// </summary>
    public const long MaxVnd = VietQr.MaxAmountVnd;

    /// <summary>
    /// The problem with <paramref name="amountVnd"/> (integer VND) named <paramref name="field"/> (the JSON field, e.g.
    /// <c>amountVnd</c>), with a Vietnamese message starting with <paramref name="label"/>; null when it is 1 to
    /// <see cref="MaxVnd"/>. A missing amount is a problem too.
    /// </summary>
    public static FieldProblem? Problem(long? amountVnd, string field = "amountVnd", string label = "Số tiền") => amountVnd switch
    {
        null => new FieldProblem(field, $"Nhập {label.ToLowerInvariant()} (số nguyên đồng)."),
        < 1 or > MaxVnd => new FieldProblem(field, $"{label} phải là số nguyên đồng từ 1 đến 9.999.999.999.999 (tối đa 13 chữ số)."),
        _ => null,
    };
}
