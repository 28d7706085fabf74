namespace MotCua.Domain.Ratings;

/// <summary>One of the nine indicators of a unit's score, with how MotCua proposes it.</summary>
public sealed record UnitIndicator(int Number, string Name, string ProposedFrom);

/// <summary>A grade band: a total at or above <see cref="Min"/> (of 18) takes <see cref="Name"/> unless a higher band does.</summary>
public sealed record ScoringBand(decimal Min, string Name);

/// <summary>A score typed for an indicator refused, with the field named.</summary>
public sealed record UnitScoreError(string Field, string Message);

/// <summary>
/// The scoring of agencies by Thông tư 01/2018/TT-VPCP's nine indicators, 2, 1 or 0 points each, 18 in all [reported,
/// one implementation's report template, ISSUE17 §13]. The unit's self-score (điểm tự chấm) and the province office's
/// appraised score (điểm thẩm định) are kept side by side, never overwriting each other; the bands are [unverified] and
/// live in the table <c>scoring_bands</c>, which an administrator may correct.
/// </summary>
public static class UnitScoring
{
    /// <summary>The highest score of one indicator.</summary>
    public const decimal MaxPerIndicator = 2m;

    /// <summary>The nine indicators in the circular's order as reported.</summary>
    public static readonly IReadOnlyList<UnitIndicator> Indicators =
    [
        new(1, "Tổng thời gian giải quyết so với thời hạn quy định", "Hồ sơ sớm hạn 2, đúng hạn 1, quá hạn 0"),
        new(2, "Thời gian thực hiện của từng cơ quan, đơn vị (kể cả phối hợp)", "Mọi bước trong thời gian cho phép 2, trễ một bước 1, trễ nhiều bước 0"),
        new(3, "Số lần liên hệ với nơi tiếp nhận để hoàn thiện hồ sơ", "Không yêu cầu bổ sung 2, một lần 1, từ hai lần 0"),
        new(4, "Số cơ quan, đơn vị phải liên hệ", "Trung bình tiêu chí 2 của phiếu đánh giá trong quý"),
        new(5, "Tiếp nhận, giải quyết, trả kết quả qua Bộ phận Một cửa", "Cơ quan tiếp nhận là Trung tâm Phục vụ hành chính công hoặc cấp xã 2, khác 0"),
        new(6, "Công khai thủ tục hành chính", "Thủ tục công khai đủ thời hạn, thành phần, căn cứ, phí 2, thiếu 0"),
        new(7, "Thái độ của cán bộ, công chức, viên chức", "Trung bình tiêu chí 5 của phiếu đánh giá trong quý"),
        new(8, "Tiếp nhận, xử lý phản ánh, kiến nghị", "Trung bình tiêu chí 7 của phiếu đánh giá trong quý"),
        new(9, "Cung cấp dịch vụ công trực tuyến", "Toàn trình 2, một phần 1, không có 0"),
    ];

    /// <summary>
    /// The bands as reported (≥ 16 Xuất sắc, 12 Tốt, 9 Khá, 6 Trung bình, below Yếu) [unverified]: the default rows of
    /// <c>scoring_bands</c>.
    /// </summary>
    public static readonly IReadOnlyList<ScoringBand> DefaultBands =
        [new(16m, "Xuất sắc"), new(12m, "Tốt"), new(9m, "Khá"), new(6m, "Trung bình"), new(0m, "Yếu")];

    /// <summary>The band of <paramref name="total"/> (of 18) among <paramref name="bands"/>, or null when none applies.</summary>
    public static string? Band(decimal total, IEnumerable<ScoringBand> bands) =>
        bands.OrderByDescending(b => b.Min).FirstOrDefault(b => total >= b.Min)?.Name;

    /// <summary>
    /// Checks a typed score for <paramref name="indicator"/> (1..9): a number 0..2 with at most two decimals (a quarter's
    /// average of dossiers' 2/1/0 may be fractional). Errors name <c>indicator</c> or <paramref name="field"/>.
    /// </summary>
    public static UnitScoreError? Check(int indicator, decimal? score, string field)
    {
        if (indicator is < 1 or > 9) return new("indicator", "Chỉ số phải từ 1 đến 9.");
        if (score is null) return new(field, "Nhập điểm từ 0 đến 2.");
        if (score < 0 || score > MaxPerIndicator) return new(field, $"Điểm của chỉ số {indicator} phải từ 0 đến 2 (đang nhập {score}).");
        if (decimal.Round(score.Value, 2) != score.Value) return new(field, "Điểm lấy tối đa hai chữ số thập phân.");
        return null;
    }

    /// <summary>The first day of the quarter <paramref name="text"/> names: <c>2026-Q3</c> or <c>Q3/2026</c>; null if neither.</summary>
    public static DateOnly? Quarter(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim().ToUpperInvariant();
        var m = System.Text.RegularExpressions.Regex.Match(t, @"^(?:(\d{4})-Q([1-4])|Q([1-4])/(\d{4}))$");
        if (!m.Success) return null;
        var year = int.Parse(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
        var q = int.Parse(m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
        return year is < 2000 or > 2100 ? null : new DateOnly(year, q * 3 - 2, 1);
    }

    /// <summary>
    /// Refuses a score for a quarter (its first day) that has not begun on <paramref name="today"/> (a Vietnam date, the
    /// app's clock): a unit is scored on what it did, so a later quarter has nothing to score yet (trial 17u, L5). The
    /// error names <c>quarter</c>.
    /// </summary>
    public static UnitScoreError? CheckBegun(DateOnly quarter, DateOnly today) => quarter > today
        ? new("quarter", $"Quý {QuarterName(quarter)} chưa bắt đầu (từ ngày {quarter:dd/MM/yyyy}): chỉ chấm điểm quý đã bắt đầu.")
        : null;

    /// <summary>The printed name of a quarter: "Q3/2026".</summary>
    public static string QuarterName(DateOnly first) => $"Q{(first.Month + 2) / 3}/{first.Year}";
}
