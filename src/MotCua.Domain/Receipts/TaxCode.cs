using System.Text.RegularExpressions;

namespace MotCua.Domain.Receipts;

/// <summary>
/// A collecting unit's tax code (mã số thuế), printed on its receipts when it has one (Nghị định 123/2020/NĐ-CP Điều 32 as
/// amended by Nghị định 70/2025/NĐ-CP lists the collecting organisation's tax code among a receipt's contents [reported]):
/// ten digits ("0100047516"), or thirteen written with a hyphen before the last three ("0100047516-001", a dependent unit's
/// code under its parent's). Spaces typed between groups are dropped; thirteen digits typed without the hyphen get it.
/// The tenth digit is a check digit over the first nine (<see cref="CheckDigit"/>; docs/FEES.md "Trial fixes" cites the
/// sources), so a mistyped digit is refused before it is printed on every receipt.
/// </summary>
public static partial class TaxCode
{
    [GeneratedRegex(@"^(?<main>[0-9]{10})(?:-?(?<branch>[0-9]{3}))?$")]
    private static partial Regex Shape();

    /// <summary>The message when <paramref name="typed"/> (already trimmed, not empty) is not a tax code.</summary>
    public const string Message = "Mã số thuế gồm 10 chữ số (0100047516) hoặc 13 chữ số viết 0100047516-001.";

    /// <summary>The message when the shape is right but a part cannot be issued: the check digit (the tenth) does not
    /// match the first nine, or the province, sequence or branch part is all zeros.</summary>
    public const string CheckMessage = "Mã số thuế không đúng: chữ số kiểm tra (chữ số thứ 10) không khớp với 9 chữ số đầu; kiểm tra lại mã do cơ quan thuế cấp.";

    /// <summary>What /ke-toan and /quan-tri/ky-hieu-bien-lai say of a collecting unit with no tax code (fourth trial of issue
    /// 14): its receipts are issued without one, though Nghị định 123/2020/NĐ-CP as amended lists it among their contents.</summary>
    public const string MissingWarning = "Đơn vị thu chưa có mã số thuế: biên lai lập ra sẽ không ghi mã số thuế của đơn vị thu, "
        + "nội dung bắt buộc của biên lai theo Nghị định 123/2020/NĐ-CP (sửa đổi bởi Nghị định 70/2025/NĐ-CP). "
        + "Quản trị hệ thống nhập mã số thuế tại trang Ký hiệu biên lai (/quan-tri/ky-hieu-bien-lai).";

    // The weights of the first nine digits, left to right.
    private static readonly int[] Weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];

    /// <summary>
    /// The check digit of the nine digits <paramref name="firstNine"/>: 10 − (Σ digitᵢ × weightᵢ mod 11) with weights 31, 29,
    /// 23, 19, 17, 13, 7, 5, 3; null when that is 10 (no tax code is issued with those nine digits). "010004751" → 6.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="firstNine"/> is not nine ASCII digits.</exception>
    public static int? CheckDigit(string firstNine)
    {
        ArgumentNullException.ThrowIfNull(firstNine);
        if (firstNine.Length != 9 || !firstNine.All(char.IsAsciiDigit)) throw new ArgumentException("Cần đúng 9 chữ số.", nameof(firstNine));
        var sum = 0;
        for (var i = 0; i < 9; i++) sum += (firstNine[i] - '0') * Weights[i];
        var check = 10 - sum % 11;
        return check == 10 ? null : check;
    }

    /// <summary>
    /// <paramref name="typed"/> as stored and printed: null for empty (the unit has none); "0100047516" or
    /// "0100047516-001"; and the Vietnamese <see cref="Message"/> when it has neither shape, <see cref="CheckMessage"/> when
    /// its check digit is wrong or a part is all zeros (province "00", sequence "0000000", branch "000").
    /// </summary>
    public static (string? Value, string? Problem) Normalize(string? typed)
    {
        var compact = string.Concat((typed ?? "").Where(c => !char.IsWhiteSpace(c) && c != '.'));
        if (compact.Length == 0) return (null, null);
        var m = Shape().Match(compact);
        if (!m.Success) return (null, Message);
        var main = m.Groups["main"].Value;
        if (main[..2] == "00" || main[2..9] == "0000000" || m.Groups["branch"].Value == "000" || CheckDigit(main[..9]) != main[9] - '0')
            return (null, CheckMessage);
        return (m.Groups["branch"].Success ? $"{main}-{m.Groups["branch"].Value}" : main, null);
    }

    /// <summary>Whether <paramref name="value"/> has a tax code's stored shape ("0100047516" or "0100047516-001"). The check
    /// digit is not asked here: it is checked where the code is typed (<see cref="Normalize"/>), and a code stored before
    /// that check must not stop the unit's receipts from being issued.</summary>
    public static bool IsStored(string? value) => value is not null && Shape().Match(value) is { Success: true } m && (!m.Groups["branch"].Success || value[10] == '-');
}
