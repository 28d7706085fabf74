using System.Globalization;
using System.Text.RegularExpressions;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Reports;

/// <summary>
/// A figure MotCua counts for the 766 index (Quyết định 766/QĐ-TTg, 2022: Bộ chỉ số chỉ đạo, điều hành và đánh giá chất
/// lượng phục vụ người dân, doanh nghiệp). Each is a count of dossiers or of adoptions (a procedure a unit applies) over
/// one agency or the province and one month in Vietnam time; the web counts and lists each from one set of rows, so a
/// figure and its drill-down cannot differ.
/// </summary>
public enum Index766Input
{
    /// <summary>Adoptions: procedures the unit applies (agency_procedures), as of the request.</summary>
    AdoptedProcedures = 1,
    /// <summary>Adoptions whose published record is complete: a time limit, the documents, the legal basis and the fee (amount or text).</summary>
    CompletelyPublishedProcedures,
    /// <summary>Adoptions offered online, partly or in full (Nghị định 42/2022).</summary>
    OnlineProcedures,
    /// <summary>Adoptions with a fee or charge in VND (the unit's or the catalogue's).</summary>
    FeeProcedures,
    /// <summary>Fee adoptions whose unit has an active collection account, so a VietQR payment can be asked for.</summary>
    FeeProceduresWithOnlinePayment,
    /// <summary>Dossiers received in the month (the received instant).</summary>
    ReceivedDossiers,
    /// <summary>Dossiers received in the month that were submitted online (channel 2).</summary>
    OnlineDossiers,
    /// <summary>Dossiers whose result was ready in the month (statuses 9 and 10, a refusal on the merits included).</summary>
    ResolvedDossiers,
    /// <summary>Resolved dossiers finished by their original due date (supplement and payment waits excluded) with at most one supplement request.</summary>
    ResolvedOnTime,
    /// <summary>Procedures with a dossier resolved in the month.</summary>
    ResolvedProcedures,
    /// <summary>Of those, procedures whose dossiers used on average no more than their time limit.</summary>
    ProceduresWithinTimeLimit,
    /// <summary>Dossiers received in the month with something to pay: a fee due, a payment request or a payment.</summary>
    DossiersWithPayment,
    /// <summary>Of those, dossiers with a payment made online (payments.method = 'online') and not refunded in full: money
    /// handed back whole was not a payment of the dossier (issue 14's finding).</summary>
    DossiersPaidOnline,
    /// <summary>Resolved dossiers whose result notice was issued as a digitally signed PDF.</summary>
    ElectronicResults,
    /// <summary>Dossiers received in the month that reached the National Portal: a message of theirs to it (<c>DongBoHoSoMC</c>,
    /// <c>CapNhatTienDoHoSoMC</c>) was delivered (outbox target <c>dvcqg</c>).</summary>
    SyncedDossiers,
    /// <summary>Dossiers received in the month whose documents were digitised at intake (a file submitted online or
    /// scanned at the desk, a document the portal sent digitised, or one reused from data already digitised) and, once
    /// their result is ready, with an electronic result (as <see cref="ElectronicResults"/>).</summary>
    DigitisedDossiers,
    /// <summary>Dossiers received in the month that reused digitised data instead of asking for a paper again: an earlier
    /// dossier's digitised or result file ("Dùng lại") or a document held by the citizen's store or a published database.</summary>
    ReusedDataDossiers,
    /// <summary>Dossiers received in the month that took data from the citizen's side: the applicant verified against the
    /// population database or by VNeID (<c>dossier_applicant_verifications</c>), or a document from the citizen's store.</summary>
    CitizenDataDossiers,
    /// <summary>Ratings given in the month whose overall answer is "không hài lòng" (counted by the rating's own statement;
    /// a rating never names its dossier, so this figure has no list behind it).</summary>
    UnsatisfiedRatings,
    /// <summary>Feedback cases (phản ánh, kiến nghị) closed at the agency in the month: the answer published, refused, or
    /// transferred to a body outside MotCua (<see cref="Feedback.FeedbackClosure.ClosedAt"/>).</summary>
    ClosedFeedback,
    /// <summary>Of those, the cases whose every step met its deadline (<see cref="Feedback.FeedbackClosure.OnTime"/>).</summary>
    FeedbackOnTime,
    /// <summary>Dossiers received in the month that MotCua handles: not the ones a ministry's system sends for monitoring
    /// (<see cref="DossierOrigin.Monitored"/>), which that system syncs to the portal and whose files and papers
    /// MotCua never holds: the denominator of 1.2 and 4.2–4.4, whose numerators they can never reach (fresh trial p16p).</summary>
    OwnReceivedDossiers,
    /// <summary>Dossiers whose result was ready in the month that MotCua handles (not monitored): the denominator of 4.1.</summary>
    OwnResolvedDossiers,
}

/// <summary>What an input counts: dossiers (the drill-down lists dossiers) or adoptions / procedures (it lists those).</summary>
public enum Index766InputKind
{
    Dossiers = 1,
    Adoptions,
    Procedures,
    /// <summary>Ratings: counted, never listed (the evaluator's identity is confidential, the rating names no dossier).</summary>
    Ratings,
    /// <summary>Feedback cases of the register (/pakn): the drill-down lists them by number, without the sender's data.</summary>
    Feedback,
}

/// <summary>
/// One sub-indicator of the index: its number ("3.2"), name, formula, the two inputs of its rate and its maximum points.
/// <see cref="FullAt"/> is the rate (0..1) at or above which it scores full points (1 when the text sets no threshold);
/// <see cref="PendingInput"/> names what MotCua does not hold yet, in which case nothing is invented and it scores nothing.
/// <see cref="Less"/>, when set, is taken off the numerator (5.2: on time less the unsatisfied ratings), never below 0.
/// </summary>
public sealed record Index766Indicator(
    string Id, int Group, string Name, string Formula, decimal MaxPoints, decimal FullAt,
    Index766Input? Numerator, Index766Input? Denominator, string? PendingInput)
{
    /// <summary>An input subtracted from the numerator before the rate is taken; null for a plain ratio.</summary>
    public Index766Input? Less { get; init; }

    /// <summary>Measurable now: both inputs are held.</summary>
    public bool IsMeasurable => PendingInput is null;
}

/// <summary>One of the five groups, with its weight in points (18/20/22/22/18, 100 in all).</summary>
public sealed record Index766Group(int Number, string Name, decimal MaxPoints);

/// <summary>Where an indicator stands: scored, pending an input MotCua does not hold, or without a case this month.</summary>
public enum Index766State
{
    Scored = 1,
    /// <summary>An input is not held yet: named, never invented (none today; kept for an indicator added before its data).</summary>
    Pending,
    /// <summary>Its denominator is 0 this month (no dossier or procedure to judge): no rate, not counted either way.</summary>
    NoCases,
}

/// <summary>An indicator's figures and points; <see cref="Rate"/> and <see cref="Points"/> are null unless scored.</summary>
public sealed record Index766Score(Index766Indicator Indicator, Index766State State, long? Numerator, long? Denominator, decimal? Rate, decimal? Points, string? Reason);

/// <summary>A group's indicators; <see cref="Points"/> of what was scored out of <see cref="MeasuredMax"/>.</summary>
public sealed record Index766GroupScore(Index766Group Group, IReadOnlyList<Index766Score> Indicators, decimal Points, decimal MeasuredMax);

/// <summary>
/// The index for a scope and month. <see cref="Points"/> sums the scored indicators; <see cref="MeasuredMax"/> is the
/// maximum of those indicators, so the total reads "Points of MeasuredMax" and <see cref="Percent"/> is
/// Points / MeasuredMax × 100 (null when nothing was scored). Pending and no-case indicators count in neither [choice]:
/// scoring them 0 would mark an agency down for what MotCua has not built, and full marks would invent them.
/// A month without dossiers (<see cref="NoDossiers"/>: none received, none resolved) has no total (<see cref="Percent"/>
/// null) [choice, second trial]: DOMAIN §6's index rates the service given to citizens, and the catalogue indicators alone
/// (1.1, 3.1, 3.3: 20 of 100 points) scaled to 100 read as 94.7 for a unit that served nobody. Their points are still
/// shown, indicator by indicator and in <see cref="Points"/> of <see cref="MeasuredMax"/>.
/// </summary>
public sealed record Index766Result(IReadOnlyList<Index766GroupScore> Groups, decimal Points, decimal MeasuredMax, decimal? Percent, bool NoDossiers = false)
{
    /// <summary>The index's full scale.</summary>
    public const decimal Scale = 100m;
}

/// <summary>
/// Quyết định 766/QĐ-TTg's five groups and their sub-indicators as DOMAIN §6 reports them, their formulas and points.
/// The group weights are reported (18/20/22/22/18); the split of a group's points among its sub-indicators is not in
/// what we hold, so each group's points are shared equally among its sub-indicators [choice, docs/REPORTS.md §5].
/// </summary>
public static class Index766
{
    public static IReadOnlyList<Index766Group> Groups { get; } =
    [
        new(1, "Công khai, minh bạch", 18m),
        new(2, "Tiến độ giải quyết", 20m),
        new(3, "Dịch vụ công trực tuyến", 22m),
        new(4, "Số hóa hồ sơ", 22m),
        new(5, "Mức độ hài lòng", 18m),
    ];

    /// <summary>Every sub-indicator, in order.</summary>
    public static IReadOnlyList<Index766Indicator> Indicators { get; } =
    [
        new("1.1", 1, "Thủ tục hành chính được công khai đầy đủ",
            "Số thủ tục công khai đủ thời hạn, thành phần hồ sơ, căn cứ pháp lý, phí / Số thủ tục đơn vị áp dụng", 9m, 1m,
            Index766Input.CompletelyPublishedProcedures, Index766Input.AdoptedProcedures, null),
        new("1.2", 1, "Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia",
            "Số hồ sơ đồng bộ trạng thái lên Cổng DVCQG / Số hồ sơ tiếp nhận (trừ hồ sơ do hệ thống của bộ, ngành đồng bộ)", 9m, 1m,
            Index766Input.SyncedDossiers, Index766Input.OwnReceivedDossiers, null),
        new("2.1", 2, "Hồ sơ giải quyết đúng hạn",
            "Số hồ sơ có kết quả không muộn hơn hạn (đã trừ thời gian chờ bổ sung, nộp phí; yêu cầu bổ sung quá 1 lần tính là trễ) / Số hồ sơ có kết quả trong tháng", 10m, 1m,
            Index766Input.ResolvedOnTime, Index766Input.ResolvedDossiers, null),
        new("2.2", 2, "Thời gian giải quyết trung bình theo thủ tục",
            "Số thủ tục có thời gian giải quyết trung bình không quá thời hạn quy định / Số thủ tục có hồ sơ có kết quả trong tháng", 10m, 1m,
            Index766Input.ProceduresWithinTimeLimit, Index766Input.ResolvedProcedures, null),
        new("3.1", 3, "Thủ tục cung cấp dịch vụ công trực tuyến",
            "Số thủ tục cung cấp trực tuyến (một phần, toàn trình) / Số thủ tục đơn vị áp dụng; đủ điểm từ 80%", 5.5m, 0.8m,
            Index766Input.OnlineProcedures, Index766Input.AdoptedProcedures, null),
        new("3.2", 3, "Hồ sơ nộp trực tuyến",
            "Số hồ sơ nộp trực tuyến / Số hồ sơ tiếp nhận trong tháng; đủ điểm từ 50%", 5.5m, 0.5m,
            Index766Input.OnlineDossiers, Index766Input.ReceivedDossiers, null),
        new("3.3", 3, "Thủ tục có phí, lệ phí tích hợp thanh toán trực tuyến",
            "Số thủ tục có phí, lệ phí mà đơn vị có tài khoản thu đang dùng / Số thủ tục có phí, lệ phí; đủ điểm từ 80%", 5.5m, 0.8m,
            Index766Input.FeeProceduresWithOnlinePayment, Index766Input.FeeProcedures, null),
        new("3.4", 3, "Hồ sơ thanh toán trực tuyến",
            "Số hồ sơ có khoản nộp trực tuyến / Số hồ sơ tiếp nhận trong tháng phải nộp phí, lệ phí hoặc nghĩa vụ tài chính", 5.5m, 1m,
            Index766Input.DossiersPaidOnline, Index766Input.DossiersWithPayment, null),
        new("4.1", 4, "Kết quả giải quyết điện tử",
            "Số hồ sơ có kết quả điện tử (trả kết quả trực tuyến hoặc văn bản kết quả ký số) / Số hồ sơ có kết quả trong tháng (trừ hồ sơ giải quyết trên hệ thống của bộ, ngành)", 5.5m, 1m,
            Index766Input.ElectronicResults, Index766Input.OwnResolvedDossiers, null),
        new("4.2", 4, "Số hóa thành phần hồ sơ và kết quả",
            "Số hồ sơ được số hóa thành phần khi tiếp nhận và có kết quả điện tử / Số hồ sơ tiếp nhận (trừ hồ sơ giải quyết trên hệ thống của bộ, ngành); đủ điểm từ 80%", 5.5m, 0.8m,
            Index766Input.DigitisedDossiers, Index766Input.OwnReceivedDossiers, null),
        new("4.3", 4, "Khai thác, tái sử dụng dữ liệu số hóa",
            "Số hồ sơ dùng lại giấy tờ đã số hóa / Số hồ sơ tiếp nhận (trừ hồ sơ giải quyết trên hệ thống của bộ, ngành); đủ điểm từ 80%", 5.5m, 0.8m,
            Index766Input.ReusedDataDossiers, Index766Input.OwnReceivedDossiers, null),
        new("4.4", 4, "Sử dụng kho dữ liệu của công dân và VNeID",
            "Số hồ sơ lấy dữ liệu từ kho dữ liệu công dân, VNeID / Số hồ sơ tiếp nhận (trừ hồ sơ giải quyết trên hệ thống của bộ, ngành)", 5.5m, 1m,
            Index766Input.CitizenDataDossiers, Index766Input.OwnReceivedDossiers, null),
        new("5.1", 5, "Phản ánh, kiến nghị được xử lý đúng hạn",
            "Số phản ánh, kiến nghị kết thúc trong tháng mà mọi bước đúng hạn (từ chối ≤ 2, chuyển ≤ 5, đề nghị bổ sung ≤ 5, xử lý ≤ 15, công khai ≤ 2 ngày làm việc) / Số phản ánh, kiến nghị kết thúc trong tháng (đã công khai trả lời, từ chối, chuyển cơ quan ngoài hệ thống)", 9m, 1m,
            Index766Input.FeedbackOnTime, Index766Input.ClosedFeedback, null),
        new("5.2", 5, "Mức độ hài lòng của người dân, doanh nghiệp",
            "100% − (tỷ lệ hồ sơ trễ hạn + tỷ lệ hồ sơ bị đánh giá không hài lòng) = (Số hồ sơ đúng hạn − Số đánh giá không hài lòng) / Số hồ sơ có kết quả trong tháng; đủ điểm từ 90%", 9m, 0.9m,
            Index766Input.ResolvedOnTime, Index766Input.ResolvedDossiers, null) { Less = Index766Input.UnsatisfiedRatings },
    ];

    /// <summary>The sub-indicator numbered <paramref name="id"/> ("3.2"), or null.</summary>
    public static Index766Indicator? Find(string? id) => Indicators.FirstOrDefault(i => i.Id == id);

    /// <summary>What an input counts, for its drill-down.</summary>
    public static Index766InputKind KindOf(Index766Input input) => input switch
    {
        Index766Input.AdoptedProcedures or Index766Input.CompletelyPublishedProcedures or Index766Input.OnlineProcedures
            or Index766Input.FeeProcedures or Index766Input.FeeProceduresWithOnlinePayment => Index766InputKind.Adoptions,
        Index766Input.ResolvedProcedures or Index766Input.ProceduresWithinTimeLimit => Index766InputKind.Procedures,
        Index766Input.UnsatisfiedRatings => Index766InputKind.Ratings,
        Index766Input.ClosedFeedback or Index766Input.FeedbackOnTime => Index766InputKind.Feedback,
        _ => Index766InputKind.Dossiers,
    };

    /// <summary>The input's Vietnamese name, as the page and the API show it.</summary>
    public static string Vietnamese(this Index766Input input) => input switch
    {
        Index766Input.AdoptedProcedures => "Thủ tục đơn vị áp dụng",
        Index766Input.CompletelyPublishedProcedures => "Thủ tục công khai đầy đủ",
        Index766Input.OnlineProcedures => "Thủ tục cung cấp trực tuyến",
        Index766Input.FeeProcedures => "Thủ tục có phí, lệ phí",
        Index766Input.FeeProceduresWithOnlinePayment => "Thủ tục có phí, lệ phí thanh toán trực tuyến được",
        Index766Input.ReceivedDossiers => "Hồ sơ tiếp nhận trong tháng",
        Index766Input.OnlineDossiers => "Hồ sơ nộp trực tuyến",
        Index766Input.ResolvedDossiers => "Hồ sơ có kết quả trong tháng",
        Index766Input.ResolvedOnTime => "Hồ sơ có kết quả đúng hạn",
        Index766Input.ResolvedProcedures => "Thủ tục có hồ sơ có kết quả",
        Index766Input.ProceduresWithinTimeLimit => "Thủ tục có thời gian trung bình trong hạn",
        Index766Input.DossiersWithPayment => "Hồ sơ phải nộp phí, lệ phí, nghĩa vụ tài chính",
        Index766Input.DossiersPaidOnline => "Hồ sơ nộp tiền trực tuyến",
        Index766Input.ElectronicResults => "Hồ sơ có kết quả điện tử (trả trực tuyến hoặc ký số)",
        Index766Input.SyncedDossiers => "Hồ sơ đã đồng bộ lên Cổng Dịch vụ công quốc gia",
        Index766Input.DigitisedDossiers => "Hồ sơ số hóa thành phần khi tiếp nhận (và kết quả điện tử khi đã có)",
        Index766Input.ReusedDataDossiers => "Hồ sơ dùng lại giấy tờ, dữ liệu đã số hóa",
        Index766Input.CitizenDataDossiers => "Hồ sơ lấy dữ liệu từ CSDL dân cư, VNeID, kho dữ liệu công dân",
        Index766Input.UnsatisfiedRatings => "Đánh giá không hài lòng trong tháng",
        Index766Input.ClosedFeedback => "Phản ánh, kiến nghị kết thúc trong tháng",
        Index766Input.FeedbackOnTime => "Phản ánh, kiến nghị kết thúc đúng hạn mọi bước",
        Index766Input.OwnReceivedDossiers => "Hồ sơ tiếp nhận trong tháng giải quyết trên MotCua (trừ hồ sơ theo dõi của bộ, ngành)",
        Index766Input.OwnResolvedDossiers => "Hồ sơ có kết quả trong tháng giải quyết trên MotCua (trừ hồ sơ theo dõi của bộ, ngành)",
        _ => throw new ArgumentOutOfRangeException(nameof(input), input, null),
    };

    // The input's name inside a sentence: only its first letter lowered, so a proper name in it ("MotCua") keeps its case
    // (trial 15s LOW 9: "trên motcua").
    private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    /// <summary>The input's API name ("resolvedOnTime"), used in the query string of the drill-down.</summary>
    public static string Code(this Index766Input input)
    {
        var name = input.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>The input named <paramref name="code"/> (its <see cref="Code"/>), or null.</summary>
    public static Index766Input? ParseInput(string? code) =>
        Enum.GetValues<Index766Input>().Where(i => i.Code() == code).Cast<Index766Input?>().FirstOrDefault();

    /// <summary>
    /// Points of a rate: full at or above <paramref name="fullAt"/> (a rate in 0..1), otherwise rate × max / fullAt,
    /// rounded to two decimals (DOMAIN §6: "full at X%"). Throws <see cref="ArgumentOutOfRangeException"/> for a rate
    /// outside 0..1, a negative maximum or a threshold outside (0, 1].
    /// </summary>
    public static decimal Points(decimal rate, decimal max, decimal fullAt)
    {
        if (rate is < 0m or > 1m) throw new ArgumentOutOfRangeException(nameof(rate), rate, "Tỷ lệ phải từ 0 đến 1.");
        if (max < 0m) throw new ArgumentOutOfRangeException(nameof(max), max, "Điểm tối đa không được âm.");
        if (fullAt is <= 0m or > 1m) throw new ArgumentOutOfRangeException(nameof(fullAt), fullAt, "Ngưỡng đủ điểm phải trong (0, 1].");
        return rate >= fullAt ? max : Math.Round(rate * max / fullAt, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// One indicator scored from the counted inputs: pending when it needs an input MotCua does not hold, no cases when
    /// its denominator is 0, scored otherwise; the numerator is less <see cref="Index766Indicator.Less"/> when it has one,
    /// never below 0 (5.2: more unsatisfied ratings than dossiers on time is a rate of 0, not a negative one). Throws
    /// <see cref="ArgumentException"/> when an input it needs is missing from <paramref name="counts"/> or when the
    /// numerator exceeds the denominator (the counts are inconsistent). An indicator whose <see cref="Index766Indicator.Less"/>
    /// is absent from <paramref name="counts"/> is pending (<see cref="RatingsNotFinalText"/>): 5.2 while the month's ratings
    /// are not final (<c>RatingPublication</c>), so no figure moves by one rating.
    /// </summary>
    public static Index766Score Score(Index766Indicator indicator, IReadOnlyDictionary<Index766Input, long> counts)
    {
        if (indicator.PendingInput is { } missing)
            return new(indicator, Index766State.Pending, null, Count(indicator.Denominator), null, null, "Chưa có dữ liệu: " + missing);
        if (indicator.Less is { } withheld && !counts.ContainsKey(withheld))
            return new(indicator, Index766State.Pending, null, Count(indicator.Denominator), null, null, RatingsNotFinalText);
        var numerator = Math.Max(0, Count(indicator.Numerator)!.Value - (Count(indicator.Less) ?? 0));
        var denominator = Count(indicator.Denominator)!.Value;
        if (numerator < 0 || denominator < 0 || numerator > denominator)
            throw new ArgumentException($"Chỉ số {indicator.Id}: tử số {numerator} và mẫu số {denominator} không hợp lệ.", nameof(counts));
        if (denominator == 0)
            return new(indicator, Index766State.NoCases, 0, 0, null, null, $"Không có {LowerFirst(indicator.Denominator!.Value.Vietnamese())} để tính.");
        var rate = (decimal)numerator / denominator;
        return new(indicator, Index766State.Scored, numerator, denominator, rate, Points(rate, indicator.MaxPoints, indicator.FullAt), null);

        long? Count(Index766Input? input) => input is not { } i ? null
            : counts.TryGetValue(i, out var n) ? n
            : throw new ArgumentException($"Thiếu số liệu \"{i.Vietnamese()}\" của chỉ số {indicator.Id}.", nameof(counts));
    }

    /// <summary>Why 5.2 is pending in a month whose ratings are not final yet (docs/RATINGS.md, "Closed months only").</summary>
    public const string RatingsNotFinalText =
        "Đánh giá của tháng chưa chốt: để giữ kín người đánh giá, số đánh giá không hài lòng chỉ được tính khi không còn đánh giá nào của tháng có thể thay đổi (hết tháng và hết thời hạn đánh giá).";

    /// <summary>The inputs the measurable indicators need (the pending ones' denominators are shown too when held).</summary>
    public static IReadOnlyList<Index766Input> NeededInputs { get; } =
        [.. Indicators.SelectMany(i => new[] { i.Numerator, i.Denominator, i.Less }).OfType<Index766Input>().Distinct().Order()];

    /// <summary>The whole index from the counted inputs (<see cref="Score(Index766Indicator, IReadOnlyDictionary{Index766Input, long})"/> for each).</summary>
    public static Index766Result Score(IReadOnlyDictionary<Index766Input, long> counts)
    {
        var groups = Groups.Select(g =>
        {
            var scores = Indicators.Where(i => i.Group == g.Number).Select(i => Score(i, counts)).ToList();
            var scored = scores.Where(s => s.State == Index766State.Scored).ToList();
            return new Index766GroupScore(g, scores, scored.Sum(s => s.Points!.Value), scored.Sum(s => s.Indicator.MaxPoints));
        }).ToList();
        var points = groups.Sum(g => g.Points);
        var max = groups.Sum(g => g.MeasuredMax);
        var noDossiers = counts.GetValueOrDefault(Index766Input.ReceivedDossiers) == 0 && counts.GetValueOrDefault(Index766Input.ResolvedDossiers) == 0;
        return new Index766Result(groups, points, max,
            max == 0m || noDossiers ? null : Math.Round(points / max * Index766Result.Scale, 2, MidpointRounding.AwayFromZero), noDossiers);
    }

}

/// <summary>A calendar month in Vietnam time, the index's period: [Start, End) as instants.</summary>
public sealed partial record Index766Month(int Year, int Month)
{
    /// <summary>The first instant of the month (00:00 of the 1st in Vietnam).</summary>
    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, VietnamTime.Offset);

    /// <summary>The first instant of the next month.</summary>
    public DateTimeOffset End => Start.AddMonths(1);

    /// <summary>As the API writes it: "2026-11".</summary>
    public override string ToString() => $"{Year:D4}-{Month:D2}";

    /// <summary>As the page shows it: "Tháng 11/2026".</summary>
    public string Vietnamese => $"Tháng {Month:D2}/{Year:D4}";

    /// <summary>As a page's table labels it, Vietnamese order: "11/2026" (the API keeps "2026-11", second trial).</summary>
    public string Label => $"{Month:D2}/{Year:D4}";

    /// <summary>The label (<see cref="Label"/>) of a month the API wrote "yyyy-MM"; the text itself when it is not one.</summary>
    public static string LabelOf(string isoMonth)
    {
        var match = MonthPattern().Match(isoMonth ?? "");
        return match.Success ? $"{match.Groups[2].Value}/{match.Groups[1].Value}" : isoMonth ?? "";
    }

    /// <summary>The month of <paramref name="now"/> in Vietnam.</summary>
    public static Index766Month Of(DateTimeOffset now)
    {
        var local = VietnamTime.ToVietnam(now);
        return new(local.Year, local.Month);
    }

    /// <summary>
    /// Reads "yyyy-MM" (the API's and the page's form); null for anything else, a month before 2000 or after
    /// <paramref name="now"/>'s month (the index of a month not begun is empty, not zero).
    /// </summary>
    public static Index766Month? Parse(string? text, DateTimeOffset now)
    {
        var match = MonthPattern().Match(text?.Trim() ?? "");
        if (!match.Success) return null;
        var month = new Index766Month(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        if (month.Month is < 1 or > 12 || month.Year < 2000) return null;
        return month.Start > Of(now).Start ? null : month;
    }

    /// <summary>The message a bad month gets, in Vietnamese.</summary>
    public const string Format = "Tháng theo dạng năm-tháng (ví dụ 2026-11), từ năm 2000 và không sau tháng hiện tại.";

    /// <summary>The longest month-by-month series read at once (three years: each month is counted from the rows).</summary>
    public const int MaxSeries = 36;

    /// <summary>
    /// The months from <paramref name="from"/> to <paramref name="to"/> inclusive ("yyyy-MM" each, as <see cref="Parse"/>
    /// reads them): <paramref name="to"/> empty is <paramref name="now"/>'s month, <paramref name="from"/> empty is January of
    /// <paramref name="to"/>'s year (the year to date). Or the field at fault ("from", "to") and a Vietnamese message: a month
    /// not understood or in the future, an end before the start, more than <see cref="MaxSeries"/> months.
    /// </summary>
    public static (IReadOnlyList<Index766Month>? Months, string? Field, string? Message) Series(string? from, string? to, DateTimeOffset now)
    {
        var last = string.IsNullOrWhiteSpace(to) ? Of(now) : Parse(to, now);
        if (last is null) return (null, "to", Format);
        var first = string.IsNullOrWhiteSpace(from) ? new Index766Month(last.Year, 1) : Parse(from, now);
        if (first is null) return (null, "from", Format);
        var count = (last.Year - first.Year) * 12 + last.Month - first.Month + 1;
        if (count < 1) return (null, "to", "Tháng cuối phải bằng hoặc sau tháng đầu.");
        if (count > MaxSeries) return (null, "from", $"Chuỗi theo tháng dài tối đa {MaxSeries} tháng.");
        return ([.. Enumerable.Range(0, count).Select(i => Of(first.Start.AddMonths(i)))], null, null);
    }

    [GeneratedRegex(@"^(\d{4})-(\d{2})$")]
    private static partial Regex MonthPattern();
}
