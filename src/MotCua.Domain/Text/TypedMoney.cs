using System.Globalization;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Text;

/// <summary>
/// An amount of money in đồng as a Vietnamese officer types it on any page (a local fee at adoption, a catalogue
/// channel fee, an obligation, a payment or refund at /ke-toan, the cost of a loss): digits, with a dot or a space
/// between groups of three ("12.000.000", "12 000 000"; Vietnamese writes the dot as the thousands separator, TCVN and
/// the State Bank's own notices), optionally followed by "đồng" or "đ". The đồng has no subunit in use, so a decimal
/// comma ("30,5"), a dot that does not separate thousands ("30.5"), a sign or letters are refused with a message for the
/// field, never read as another amount: the sixth trial's adoption page read "30.000" as 30 đồng through a number input.
/// </summary>
public static class TypedMoney
{
    /// <summary>The most digits an amount may have: 13, the length of the VietQR amount field (EMVCo tag 54) in đồng.</summary>
    public const int MaxDigits = 13;

    /// <summary>
    /// Reads <paramref name="typed"/> as whole đồng. Blank gives (null, null); an unreadable amount gives a problem on
    /// <paramref name="field"/> whose Vietnamese message names the value by <paramref name="label"/> ("Số tiền",
    /// "Phí, lệ phí") and shows how to write it; it never names the field code. A readable amount of more than
    /// <see cref="MaxDigits"/> digits gets <see cref="Payments.PaymentAmount.Problem"/>'s limit message, the API's.
    /// </summary>
    public static (long? AmountVnd, FieldProblem? Problem) ReadVnd(string? typed, string field, string label = "Số tiền")
    {
        if (string.IsNullOrWhiteSpace(typed)) return (null, null);
        var text = typed.Trim();
        foreach (var unit in new[] { "đồng", "đ" })
            if (text.EndsWith(unit, StringComparison.OrdinalIgnoreCase)) { text = text[..^unit.Length].TrimEnd(); break; }
        var groups = text.Split(['.', ' ', '\u00a0', '\u202f'], StringSplitOptions.None);
        var readable = groups.All(g => g.Length > 0 && g.All(char.IsAsciiDigit))
            && (groups.Length == 1 || (groups[0].Length <= 3 && groups.Skip(1).All(g => g.Length == 3)));
        var digits = string.Concat(groups);
        if (!readable)
            return (null, new FieldProblem(field, $"{label} \"{typed.Trim()}\" không đọc được: nhập số nguyên đồng, dấu chấm ngăn cách hàng nghìn, ví dụ 12.500.000."));
        // A readable amount over the limit gets the limit's own message, as the API gives it (trial14r LOW 1).
        return digits.TrimStart('0').Length <= MaxDigits
            ? (long.Parse(digits, CultureInfo.InvariantCulture), null)
            : (null, Payments.PaymentAmount.Problem(Payments.PaymentAmount.MaxVnd + 1, field, label));
    }

    /// <summary>How an amount is shown back in a text input: "30.000"; "" for none.</summary>
    public static string Format(long? amountVnd) =>
        amountVnd?.ToString("#,0", CultureInfo.GetCultureInfo("vi-VN")) ?? "";
}
