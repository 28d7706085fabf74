namespace MotCua.Domain.Receipts;

/// <summary>
/// An amount of Vietnamese đồng written in words, as a receipt prints "Số tiền bằng chữ" (Nghị định 123/2020/NĐ-CP,
/// Điều 32 as amended by Nghị định 70/2025/NĐ-CP: the amount in figures and in words): "Hai mươi lăm nghìn đồng".
/// Northern usage, as official forms write it: "linh" for an empty tens place ("một trăm linh năm"), "mười" for ten
/// to nineteen, "mốt" for a one after twenty and above, "tư" for a four after twenty and above, "lăm" for a five after
/// ten and above, "nghìn" for thousand; an empty hundreds place inside a number is said ("một nghìn không trăm linh
/// năm").
/// </summary>
public static class AmountInWords
{
    private static readonly string[] Digits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
    private const long Billion = 1_000_000_000;
    private static readonly (long Place, string Scale)[] Groups = [(1_000_000, "triệu"), (1000, "nghìn"), (1, "")];

    /// <summary>The amount in words with its first letter capitalised and "đồng" after it: 25000 → "Hai mươi lăm nghìn đồng".</summary>
    /// <param name="amountVnd">Integer VND, 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative.</exception>
    public static string Dong(long amountVnd)
    {
        var words = Words(amountVnd) + " đồng";
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>The number in lower-case words without a unit: 105 → "một trăm linh năm".</summary>
    /// <exception cref="ArgumentOutOfRangeException">The number is negative.</exception>
    public static string Words(long number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        if (number == 0)
        {
            return Digits[0];
        }
        var parts = new List<string>();
        Read(number, parts);
        return string.Join(' ', parts);
    }

    // Above a billion the count of billions is itself read as a number before "tỷ": 9,999 tỷ is "chín nghìn chín trăm
    // chín mươi chín tỷ", never "chín nghìn tỷ chín trăm chín mươi chín tỷ" (fresh trial of issue 14, December 2026).
    private static void Read(long number, List<string> parts)
    {
        if (number >= Billion)
        {
            Read(number / Billion, parts);
            parts.Add("tỷ");
            number %= Billion;
        }
        foreach (var (place, scale) in Groups)
        {
            var group = (int)(number / place % 1000);
            if (group == 0)
            {
                continue;
            }
            // A group after the first is read in full ("không trăm", "linh") so that its place is heard.
            parts.Add(Group(group, full: parts.Count > 0));
            if (scale.Length > 0)
            {
                parts.Add(scale);
            }
        }
    }

    private static string Group(int n, bool full)
    {
        int hundreds = n / 100, tens = n / 10 % 10, units = n % 10;
        var words = new List<string>();
        if (hundreds > 0 || full)
        {
            words.Add(Digits[hundreds]);
            words.Add("trăm");
        }
        if (tens == 0)
        {
            if (units > 0 && words.Count > 0)
            {
                words.Add("linh");
            }
        }
        else if (tens == 1)
        {
            words.Add("mười");
        }
        else
        {
            words.Add(Digits[tens]);
            words.Add("mươi");
        }
        if (units > 0)
        {
            words.Add(units switch
            {
                1 when tens >= 2 => "mốt",
                4 when tens >= 2 => "tư",
                5 when tens >= 1 => "lăm",
                _ => Digits[units],
            });
        }
        return string.Join(' ', words);
    }
}
