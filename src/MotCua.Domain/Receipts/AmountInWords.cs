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
    private static readonly string[] Scales = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ"];

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
        var groups = new List<int>();
        for (var n = number; n > 0; n /= 1000)
        {
            groups.Add((int)(n % 1000));
        }
        var parts = new List<string>();
        for (var i = groups.Count - 1; i >= 0; i--)
        {
            if (groups[i] == 0)
            {
                continue;
            }
            // A group after the first is read in full ("không trăm", "linh") so that its place is heard.
            parts.Add(Group(groups[i], full: i != groups.Count - 1));
            if (Scales[i].Length > 0)
            {
                parts.Add(Scales[i]);
            }
        }
        return string.Join(' ', parts);
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
