using MotCua.Data;
using MotCua.Domain.Reports;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Reports;

/// <summary>One input of an indicator as the API shows it: its code (for the drill-down), name and count; the count is null for an input not held.</summary>
public sealed record Index766InputView(string? Input, string Name, long? Count, string? Dossiers);

/// <summary>A sub-indicator: formula, inputs, rate (0..1), points of its maximum, state ("scored", "pending", "noCases") and why it is not scored;
/// <c>less</c>, when present, is subtracted from the numerator before the rate (5.2: the unsatisfied ratings, a count with no list behind it).</summary>
public sealed record Index766IndicatorView(string Id, string Name, string Formula, decimal MaxPoints, decimal FullAtPercent, string State,
    Index766InputView Numerator, Index766InputView? Denominator, decimal? Rate, decimal? Points, string? Reason, Index766InputView? Less = null);

/// <summary>A group: its weight, the points scored and the maximum of its measurable indicators.</summary>
public sealed record Index766GroupView(int Number, string Name, decimal MaxPoints, decimal Points, decimal MeasuredMax, IReadOnlyList<Index766IndicatorView> Indicators);

/// <summary>
/// The index of an agency (null: the province) for a month: <c>points</c> of <c>measuredMax</c> (the indicators MotCua can
/// measure), <c>percent</c> = points ÷ measuredMax × 100; pending and no-case indicators count in neither. A month
/// without dossiers (<c>noDossiers</c>: none received or resolved) has no <c>percent</c> (<see cref="Index766Result"/>).
/// </summary>
public sealed record Index766View(string? Agency, string Scope, string Month, DateTimeOffset ComputedAt, decimal Points, decimal MeasuredMax, decimal? Percent,
    string Total, IReadOnlyList<Index766GroupView> Groups, bool NoDossiers = false);

/// <summary>The index month by month (<c>from</c>, <c>to</c> as yyyy-MM, inclusive): each month's index as
/// <see cref="Index766View"/>, oldest first.</summary>
public sealed record Index766SeriesView(string? Agency, string Scope, string From, string To, DateTimeOffset ComputedAt, IReadOnlyList<Index766View> Months);

/// <summary>The rows behind one input of one indicator, a page of 50; <c>kind</c> says which list is filled (dossiers,
/// adoptions, procedures, or feedback for 5.1: register numbers and instants, no sender's data).</summary>
public sealed record Index766RowsView(string? Agency, string Scope, string Month, string Indicator, string Input, string InputName, string Kind, long Total, int Page, int PageSize,
    IReadOnlyList<Index766DossierRow> Dossiers, IReadOnlyList<Index766AdoptionRow> Adoptions, IReadOnlyList<Index766ProcedureRow> Procedures,
    IReadOnlyList<Index766FeedbackRow> Feedback);

/// <summary>
/// Issue 15, the 766 index live (Quyết định 766/QĐ-TTg; docs/REPORTS.md §5):
/// <list type="bullet">
/// <item><c>GET /api/v1/reports/index-766?agency=&amp;month=yyyy-MM</c>: groups, indicators with formula, inputs, points and the pending reason.</item>
/// <item><c>GET /api/v1/reports/index-766?agency=&amp;from=yyyy-MM&amp;to=yyyy-MM</c>: the same, month by month (<see cref="Index766SeriesView"/>;
/// <c>to</c> default the current month, <c>from</c> default January of <c>to</c>'s year, at most <see cref="Index766Month.MaxSeries"/> months).</item>
/// <item><c>GET /api/v1/reports/index-766/dossiers?agency=&amp;month=&amp;indicator=&amp;input=&amp;page=</c>: the rows behind a figure.</item>
/// </list>
/// Leaders read their unit, the inspector and the administrator the province and any unit (403 otherwise); an unknown
/// agency, a month not understood or in the future, an unknown indicator or an input not of that indicator are 422 naming
/// the field. Counted from the rows at request time.
/// </summary>
public static class Index766Endpoints
{
    public static void MapIndex766Endpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reports/index-766").RequireAuthorization(Policies.Api).WithTags("Reports");
        api.MapGet("/", IndexAsync).Produces<Index766View>().Produces<Index766SeriesView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Chỉ số 766 của đơn vị hoặc toàn tỉnh: một tháng (month), hoặc từng tháng từ from đến to (lãnh đạo, trưởng phòng, hệ thống được cấp: đơn vị mình; thanh tra, quản trị: toàn tỉnh)");
        api.MapGet("/dossiers", RowsAsync).Produces<Index766RowsView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Các hồ sơ (hoặc thủ tục) tạo nên một số liệu của chỉ số 766, theo trang");
    }

    private static async Task<IResult> IndexAsync(string? agency, string? month, string? from, string? to, HttpContext http, MotCuaDb db, NpgsqlDataSource data,
        TimeProvider clock, IConfiguration configuration, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var series = !string.IsNullOrWhiteSpace(from) || !string.IsNullOrWhiteSpace(to);
        var (scope, refusal) = await Index766Reads.ResolveAsync(db, http.User, agency, series ? null : month, now, ct);
        if (refusal is not null) return Refuse(refusal);
        if (!series)
        {
            var (result, counts) = await Index766Reads.ScoreAsync(data, scope!, now, Index766Reads.RatingWindowDays(configuration), ct);
            return Results.Ok(View(scope!, result, counts, now));
        }
        if (!string.IsNullOrWhiteSpace(month))
            return Problems.Field("month", "Dùng month cho một tháng, hoặc from và to cho chuỗi theo tháng, không dùng cả hai.");
        var (months, problem) = await SeriesAsync(data, scope!, from, to, now, Index766Reads.RatingWindowDays(configuration), ct);
        return problem is not null ? Refuse(problem)
            : Results.Ok(new Index766SeriesView(scope!.Agency?.Code, scope.Name, months[0].Month, months[^1].Month, now, months));
    }

    /// <summary>The index of <paramref name="scope"/>'s agency for each month from <paramref name="from"/> to <paramref name="to"/>
    /// (<see cref="Index766Month.Series"/>), each counted as a single month is (<paramref name="ratingWindowDays"/>: the rating
    /// window, which decides whether a month's ratings are final); or the refusal naming <c>from</c> or <c>to</c>.</summary>
    public static async Task<(IReadOnlyList<Index766View> Months, Index766Refusal? Refusal)> SeriesAsync(NpgsqlDataSource data, Index766Scope scope, string? from,
        string? to, DateTimeOffset now, int ratingWindowDays, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (months, field, message) = Index766Month.Series(from, to, now);
        if (months is null) return ([], new(StatusCodes.Status422UnprocessableEntity, field, message!));
        var views = new List<Index766View>();
        foreach (var month in months)
        {
            var one = scope with { Month = month };
            var (result, counts) = await Index766Reads.ScoreAsync(data, one, now, ratingWindowDays, ct);
            views.Add(View(one, result, counts, now));
        }
        return (views, null);
    }

    private static async Task<IResult> RowsAsync(string? agency, string? month, string? indicator, string? input, int? page, HttpContext http, MotCuaDb db,
        NpgsqlDataSource data, TimeProvider clock, CancellationToken ct)
    {
        var (scope, refusal) = await Index766Reads.ResolveAsync(db, http.User, agency, month, clock.GetUtcNow(), ct);
        if (refusal is not null) return Refuse(refusal);
        var (found, which, problem) = Figure(indicator, input);
        if (problem is not null) return Refuse(problem);
        var rows = await Index766Reads.RowsAsync(data, scope!, which!.Value, Paging.Clamp(page), ct);
        return Results.Ok(new Index766RowsView(scope!.Agency?.Code, scope.Name, scope.Month.ToString(), found!.Id, which.Value.Code(), which.Value.Vietnamese(),
            rows.Kind.ToString().ToLowerInvariant(), rows.Total, rows.Page, rows.PageSize, rows.Dossiers, rows.Adoptions, rows.Procedures, rows.Feedback));
    }

    /// <summary>The indicator and the input of it a drill-down asks for, or a refusal naming <c>indicator</c> or <c>input</c>.</summary>
    public static (Index766Indicator? Indicator, Index766Input? Input, Index766Refusal? Refusal) Figure(string? indicator, string? input)
    {
        if (Index766.Find(indicator?.Trim()) is not { } found)
            return (null, null, new(StatusCodes.Status422UnprocessableEntity, "indicator",
                "Chỉ số phải là một trong: " + string.Join(", ", Index766.Indicators.Select(i => i.Id)) + "."));
        var allowed = new[] { found.Numerator, found.Denominator }.OfType<Index766Input>().ToList();
        if (Index766.ParseInput(input?.Trim()) is not { } which || !allowed.Contains(which))
            return (found, null, new(StatusCodes.Status422UnprocessableEntity, "input", allowed.Count == 0
                ? $"Chỉ số {found.Id} chưa có số liệu nào để xem hồ sơ."
                : $"Số liệu của chỉ số {found.Id} phải là một trong: " + string.Join(", ", allowed.Select(a => a.Code())) + "."));
        return (found, which, null);
    }

    /// <summary>The address of the drill-down page behind an input.</summary>
    public static string PageLink(Index766Scope scope, string indicator, Index766Input input) =>
        $"/bao-cao/chi-so-766/ho-so?agency={Uri.EscapeDataString(scope.Agency?.Code ?? "")}&month={scope.Month}&indicator={indicator}&input={input.Code()}";

    private static IResult Refuse(Index766Refusal refusal) => refusal.Field is { } field
        ? Problems.Field(field, refusal.Message, refusal.Status)
        : Problems.Forbidden(refusal.Message);

    /// <summary>The API's view of a scored index.</summary>
    public static Index766View View(Index766Scope scope, Index766Result result, IReadOnlyDictionary<Index766Input, long> counts, DateTimeOffset now)
    {
        Index766InputView Input(Index766Indicator indicator, Index766Input? input, string? missing) => input is { } i
            ? new(i.Code(), i.Vietnamese(), counts.TryGetValue(i, out var count) ? count : null, Index766.KindOf(i) == Index766InputKind.Ratings ? null
                : $"/api/v1/reports/index-766/dossiers?agency={Uri.EscapeDataString(scope.Agency?.Code ?? "")}&month={scope.Month}&indicator={indicator.Id}&input={i.Code()}")
            : new(null, missing ?? "", null, null);
        return new Index766View(scope.Agency?.Code, scope.Name, scope.Month.ToString(), now, result.Points, result.MeasuredMax, result.Percent,
            result.Percent is { } percent
                ? $"{result.Points:0.##} / {result.MeasuredMax:0.##} điểm của các chỉ số đo được ({percent:0.##}%); các chỉ số chưa có dữ liệu không tính."
                : result.NoDossiers ? NoDossiersText(result)
                : "Chưa có chỉ số nào đo được trong tháng.",
            [.. result.Groups.Select(g => new Index766GroupView(g.Group.Number, g.Group.Name, g.Group.MaxPoints, g.Points, g.MeasuredMax,
                [.. g.Indicators.Select(s => new Index766IndicatorView(s.Indicator.Id, s.Indicator.Name, s.Indicator.Formula, s.Indicator.MaxPoints, s.Indicator.FullAt * 100m,
                    StateCode(s.State), Input(s.Indicator, s.Indicator.Numerator, s.Indicator.PendingInput),
                    s.Indicator.Denominator is null ? null : Input(s.Indicator, s.Indicator.Denominator, null), s.Rate is { } r ? Math.Round(r, 4) : null, s.Points, s.Reason,
                    s.Indicator.Less is null ? null : Input(s.Indicator, s.Indicator.Less, null)))]))],
            result.NoDossiers);
    }

    /// <summary>The total's sentence for a month without dossiers (no score; the catalogue indicators' points stand alone).</summary>
    public static string NoDossiersText(Index766Result result) =>
        $"Không có hồ sơ trong tháng: không tính điểm tổng. Các chỉ số về thủ tục (công khai, dịch vụ công trực tuyến, thanh toán) vẫn được chấm: {result.Points:0.##} / {result.MeasuredMax:0.##} điểm.";

    private static string StateCode(Index766State state) => state switch
    {
        Index766State.Scored => "scored",
        Index766State.Pending => "pending",
        _ => "noCases",
    };
}
