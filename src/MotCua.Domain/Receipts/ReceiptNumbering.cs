using System.Globalization;
using System.Text.RegularExpressions;

namespace MotCua.Domain.Receipts;

/// <summary>
/// The form number (ký hiệu mẫu biên lai) and series (ký hiệu biên lai) a receipt is numbered in, and how its number
/// prints (docs/FEES.md "Biên lai and the fee register"). Numbers run from 1 without gaps per agency, form and series
/// (Nghị định 123/2020/NĐ-CP Điều 32 as amended by Nghị định 70/2025/NĐ-CP: số biên lai in sequence); the series carries
/// the two last digits of the year, so a new year starts a new series at 1, as an e-invoice's number restarts on 1 January
/// (Điều 10 khoản 3). A receipt is never renumbered or deleted: a cancelled one keeps its number.
/// </summary>
public static partial class ReceiptNumbering
{
    /// <summary>
    /// The form number of a receipt for fees and charges without a printed face value, electronic
    /// ("biên lai thu phí, lệ phí không in sẵn mệnh giá"), as the unit registers it with the tax office.
    /// </summary>
    public const string FormNumber = "01BLP0-001";

    /// <summary>The greatest number a series takes (seven digits, as the number prints).</summary>
    public const int MaxNumber = 9_999_999;

    /// <summary>The two letters of the series when the unit has not registered its own.</summary>
    public const string DefaultSeriesPrefix = "MC";

    /// <summary>
    /// The series of receipts issued in <paramref name="year"/> (Vietnam time) under <paramref name="prefix"/>: "MC-26E"
    /// for 2026; E = electronic.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is not between 2000 and 2099.</exception>
    /// <exception cref="ArgumentException">The prefix is not two capital letters.</exception>
    public static string Series(int year, string prefix = DefaultSeriesPrefix)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 2000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 2099);
        if (!PrefixPattern().IsMatch(prefix ?? "")) throw new ArgumentException("Ký hiệu biên lai bắt đầu bằng hai chữ cái in hoa.", nameof(prefix));
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{year % 100:00}E");
    }

    /// <summary>
    /// What is wrong with a unit's own form number and series prefix (the administrator's setting), as field → Vietnamese
    /// message (<c>formNumber</c>, <c>seriesPrefix</c>); empty when both may be used. A form number has the default's
    /// shape: two digits, 3–6 capital letters or digits, a dash, three digits ("01BLP0-001").
    /// </summary>
    public static IReadOnlyDictionary<string, string> SettingProblems(string? formNumber, string? seriesPrefix)
    {
        var problems = new Dictionary<string, string>();
        if (formNumber is null || !FormNumberPattern().IsMatch(formNumber))
            problems["formNumber"] = "Ký hiệu mẫu biên lai theo dạng 01BLP0-001 (hai chữ số, 3–6 chữ in hoa hoặc số, gạch nối, ba chữ số).";
        if (seriesPrefix is null || !PrefixPattern().IsMatch(seriesPrefix))
            problems["seriesPrefix"] = "Ký hiệu biên lai bắt đầu bằng hai chữ cái in hoa (ví dụ MC).";
        return problems;
    }

    /// <summary>Whether <paramref name="series"/> has the series' shape: two capital letters, a dash, two digits, "E".</summary>
    public static bool IsSeries(string? series) => series is not null && SeriesPattern().IsMatch(series);

    /// <summary>The number as it prints: seven digits with leading zeros, 1 → "0000001".</summary>
    /// <exception cref="ArgumentOutOfRangeException">The number is below 1 or above <see cref="MaxNumber"/>.</exception>
    public static string Printed(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, MaxNumber);
        return number.ToString("0000000", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A receipt's number as every page, file and API answer shows it: the series, a dash and the printed number,
    /// ("MC-26E", 2 → "MC-26E-0000002"), so that two series' receipts of the same number are never confused.
    /// </summary>
    /// <exception cref="ArgumentException">The series is not of the series' shape (<see cref="IsSeries"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The number is below 1 or above <see cref="MaxNumber"/>.</exception>
    public static string Display(string series, int number)
    {
        if (!IsSeries(series)) throw new ArgumentException("Ký hiệu biên lai không đúng dạng (ví dụ MC-26E).", nameof(series));
        return series + "-" + Printed(number);
    }

    /// <summary>
    /// The first number missing from <paramref name="numbers"/> (the numbers of one series), or null when they run 1..n
    /// without a gap or a repeat; a repeated number is reported as itself.
    /// </summary>
    public static int? FirstGap(IEnumerable<int> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var expected = 1;
        foreach (var n in numbers.Order())
        {
            if (n != expected)
            {
                return n < expected ? n : expected;
            }
            expected++;
        }
        return null;
    }

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^[0-9]{2}[A-Z0-9]{3,6}-[0-9]{3}$")]
    private static partial Regex FormNumberPattern();

    [GeneratedRegex("^[A-Z]{2}-[0-9]{2}E$")]
    private static partial Regex SeriesPattern();
}
