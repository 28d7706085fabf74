using System.Text.RegularExpressions;

namespace MotCua.Domain.Receipts;

/// <summary>
/// A collecting unit's tax code (mã số thuế), printed on its receipts when it has one (Nghị định 123/2020/NĐ-CP Điều 32 as
/// amended by Nghị định 70/2025/NĐ-CP lists the collecting organisation's tax code among a receipt's contents [reported]):
/// ten digits ("0123456789"), or thirteen written with a hyphen before the last three ("0123456789-001", a dependent unit's
/// code under its parent's). Spaces typed between groups are dropped; thirteen digits typed without the hyphen get it.
/// The check digit is not verified: its rule was not available here, and a unit's code is what its tax office issued.
/// </summary>
public static partial class TaxCode
{
    [GeneratedRegex(@"^(?<main>[0-9]{10})(?:-?(?<branch>[0-9]{3}))?$")]
    private static partial Regex Shape();

    /// <summary>The message when <paramref name="typed"/> (already trimmed, not empty) is not a tax code.</summary>
    public const string Message = "Mã số thuế gồm 10 chữ số (0123456789) hoặc 13 chữ số viết 0123456789-001.";

    /// <summary>
    /// <paramref name="typed"/> as stored and printed: null for empty (the unit has none); "0123456789" or
    /// "0123456789-001"; and the Vietnamese <see cref="Message"/> when it is neither.
    /// </summary>
    public static (string? Value, string? Problem) Normalize(string? typed)
    {
        var compact = string.Concat((typed ?? "").Where(c => !char.IsWhiteSpace(c) && c != '.'));
        if (compact.Length == 0) return (null, null);
        var m = Shape().Match(compact);
        if (!m.Success) return (null, Message);
        return (m.Groups["branch"].Success ? $"{m.Groups["main"].Value}-{m.Groups["branch"].Value}" : m.Groups["main"].Value, null);
    }

    /// <summary>Whether <paramref name="value"/> is a tax code in its stored form (as <see cref="Normalize"/> writes it).</summary>
    public static bool IsStored(string? value) => value is not null && Normalize(value) is ({ } normal, null) && normal == value;
}
