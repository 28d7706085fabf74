using Microsoft.AspNetCore.Mvc;
using MotCua.Domain.Ratings;
using MotCua.Domain.Reports;
using MotCua.Data;
using MotCua.Web.Features.Lookup;
using MotCua.Web.Features.Reports;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Ratings;

/// <summary>A rating sent to <c>POST /api/v1/ratings</c>: the dossier's code, its rating token, the points per criterion
/// keyed "1".."8", the overall verdict, an optional comment and the channel.</summary>
public sealed record RatingRequest(string? Code, string? Token, Dictionary<string, int?>? Answers, string? Overall, string? Comment, string? Channel);

/// <summary>The answer to a recorded rating.</summary>
public sealed record RatingReceipt(bool Rated);

/// <summary>A write of one unit score: the indicator (1..9), exactly one of the two columns (0..2), the reason or note.</summary>
public sealed record UnitScoreWrite(int? Indicator, decimal? SelfScore, decimal? AppraisedScore, string? Reason);

/// <summary>
/// Ratings over HTTP (docs/RATINGS.md, docs/API.md): the applicant's anonymous rating (code + token, no cookie, so no
/// antiforgery header; an officer's cookie or an API key refused, <see cref="RatingCaller"/>; Lookup's rate limit per client address; 8 KB), the figures by agency, procedure or officer, and the
/// TT 01/2018 unit scores read and written.
/// </summary>
public static class RatingEndpoints
{
    /// <summary>The largest rating body, in bytes.</summary>
    public const long MaxBody = 8 * 1024;

    /// <summary>The problem types of a refused rating.</summary>
    public const string NotFoundType = "https://motcua.vn/problems/rating-not-found";
    public const string AlreadyRatedType = "https://motcua.vn/problems/already-rated";
    public const string NotOpenType = "https://motcua.vn/problems/rating-not-open";

    /// <summary>The one answer to an unknown code or a wrong token.</summary>
    public const string NotFoundText = "Không tìm thấy hồ sơ với mã hồ sơ và mã đánh giá này. Kiểm tra lại mã đánh giá in trên giấy tiếp nhận hoặc trong tin nhắn.";
    public const string AlreadyRatedText = "Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần.";
    public const string BusyType = "https://motcua.vn/problems/rating-busy";
    public const string BusyText = "Hồ sơ này đang được đánh giá cùng lúc từ nơi khác; xin gửi lại sau ít phút.";

    public static void MapRatingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/ratings", async (RatingRequest request, RatingStore store, HttpContext http, CancellationToken ct) =>
            {
                if (await RatingCaller.ProblemAsync(http) is { } refused) return refused;
                var (rating, errors) = Rating.Check(request.Answers, request.Overall, request.Comment, request.Channel);
                if (rating is null) return Problems.Validation(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
                var (outcome, window) = await store.RateAsync(request.Code, request.Token, rating, ct);
                return Answer(outcome, window, store);
            })
            .AllowAnonymous().RequireRateLimiting(LookupEndpoints.RateLimitPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBody), CrossSiteRequests.RefusesSignedInCallers.Instance)
            .Produces<RatingReceipt>(StatusCodes.Status201Created).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(422).ProducesProblem(429)
            .WithTags("Ratings").WithSummary("Người nộp đánh giá việc giải quyết hồ sơ bằng mã hồ sơ và mã đánh giá (không cần tài khoản; mỗi hồ sơ một lần)");

        var reports = app.MapGroup("/api/v1/reports").WithTags("Ratings").RequireAuthorization(Policies.Api);
        reports.MapGet("/ratings", async (string? agency, string? from, string? to, string? by, RatingFigures figures, MotCuaDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            {
                if (Claims.OfficerOf(http.User) is not { } officer) return Problems.Forbidden("Hệ thống tích hợp không xem số liệu đánh giá.");
                RatingGrouping? grouping = by?.Trim() switch { null or "" or "agency" => RatingGrouping.Agency, "procedure" => RatingGrouping.Procedure, "officer" => RatingGrouping.Officer, _ => null };
                if (grouping is null) return Problems.Field("by", "by phải là agency, procedure hoặc officer.");
                var (unit, wrongAgency) = await AgencyOfAsync(agency, officer, figures, ct);
                if (wrongAgency is not null) return wrongAgency;
                var today = Domain.Calendar.VietnamTime.DateOf(clock.GetUtcNow());
                var (start, wrongFrom) = string.IsNullOrWhiteSpace(from) ? (new DateOnly(today.Year, 1, 1), null) : ReportDate.Read(from, "Ngày đầu");
                if (wrongFrom is not null) return Problems.Field("from", wrongFrom);
                var (end, wrongTo) = string.IsNullOrWhiteSpace(to) ? (today, null) : ReportDate.Read(to, "Ngày cuối");
                if (wrongTo is not null) return Problems.Field("to", wrongTo);
                if (end < start) return Problems.Field("to", "Ngày cuối phải không trước ngày đầu.");
                // The unit's reach is the reports' one rule (ReportReaders, as the 766 index: trial 17v MEDIUM 3).
                var inReach = await ReportReaders.ReachesAsync(db, http.User, unit.Id, ct);
                if (!RatingAccess.MayRead(officer, unit.Id, inReach, grouping.Value))
                    return Problems.Forbidden(officer.AgencyId == unit.Id
                        ? "Cán bộ chỉ xem kết quả đánh giá của chính mình (by=officer); số liệu theo cơ quan, thủ tục dành cho lãnh đạo cơ quan, thanh tra và quản trị."
                        : "Bạn không xem được số liệu đánh giá của cơ quan khác.");
                // Ratings carry their month only: the period is read as whole months [choice, docs/RATINGS.md].
                var first = new DateOnly(start!.Value.Year, start.Value.Month, 1);
                var last = new DateOnly(end!.Value.Year, end.Value.Month, 1);
                var rows = await figures.RowsAsync(unit.Id, first, last, grouping.Value,
                    RatingAccess.SeesEveryRow(officer) ? null : officer.Actor.UserId, ct);
                var comments = RatingAccess.MayReadComments(officer, inReach) ? await figures.CommentsAsync(unit.Id, first, last, 50, ct) : null;
                // Only published months are read (RatingPublication): the answer's period says which, the note why.
                return Results.Ok(new RatingFiguresAnswer(unit.Code, first, figures.Readable(first, last)?.To ?? last, grouping.Value.ToString().ToLowerInvariant(),
                    rows, comments, figures.Collecting(last)));
            })
            .Produces<RatingFiguresAnswer>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(422)
            .WithSummary("Kết quả đánh giá theo cơ quan, thủ tục hoặc cán bộ, chỉ của các tháng đã chốt (ô dưới 5 phiếu một tháng không tính; không có phiếu nào gắn với hồ sơ)");

        reports.MapGet("/unit-scores/{agency}/{quarter}", async (string agency, string quarter, RatingFigures figures, MotCuaDb db, HttpContext http, CancellationToken ct) =>
            {
                if (Claims.OfficerOf(http.User) is not { } officer) return Problems.Forbidden("Hệ thống tích hợp không xem điểm chấm đơn vị.");
                if (UnitScoring.Quarter(quarter) is not { } q) return Problems.Field("quarter", "Quý viết dạng 2026-Q3 hoặc Q3/2026.");
                if (await figures.AgencyAsync(agency, ct) is not { } unit) return Problems.NotFound($"Không có cơ quan mã {Problems.Echo(agency)}.");
                if (!RatingAccess.MayReadScores(officer, await ReportReaders.ReachesAsync(db, http.User, unit.Id, ct)))
                    return Problems.Forbidden("Điểm chấm đơn vị dành cho lãnh đạo cơ quan, thanh tra và quản trị.");
                return Results.Ok(await figures.SheetAsync(unit.Id, agency.Trim(), unit.Name, unit.Kind, q, ct));
            })
            .Produces<UnitScoreSheet>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(422)
            .WithSummary("Điểm đơn vị theo 9 chỉ số của Thông tư 01/2018/TT-VPCP trong quý: điểm đề xuất, tự chấm và thẩm định");

        reports.MapPut("/unit-scores/{agency}/{quarter}", async (string agency, string quarter, UnitScoreWrite write, RatingFigures figures, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            {
                if (Claims.OfficerOf(http.User) is not { } officer) return Problems.Forbidden("Hệ thống tích hợp không chấm điểm đơn vị.");
                if (UnitScoring.Quarter(quarter) is not { } q) return Problems.Field("quarter", "Quý viết dạng 2026-Q3 hoặc Q3/2026.");
                if (await figures.AgencyAsync(agency, ct) is not { } unit) return Problems.NotFound($"Không có cơ quan mã {Problems.Echo(agency)}.");
                if (!RatingAccess.MayWrite(officer, unit.Id, UnitScoreColumn.SelfScore) && !RatingAccess.MayWrite(officer, unit.Id, UnitScoreColumn.AppraisedScore))
                    return Problems.Forbidden("Điểm tự chấm do lãnh đạo của chính cơ quan nhập; điểm thẩm định do thanh tra nhập.");
                if (write.SelfScore is not null == write.AppraisedScore is not null)
                    return Problems.Field("selfScore", "Gửi đúng một trong hai: selfScore (điểm tự chấm) hoặc appraisedScore (điểm thẩm định).");
                var column = write.SelfScore is not null ? UnitScoreColumn.SelfScore : UnitScoreColumn.AppraisedScore;
                if (!RatingAccess.MayWrite(officer, unit.Id, column))
                    return Problems.Forbidden(column == UnitScoreColumn.SelfScore
                        ? "Điểm tự chấm do lãnh đạo của chính cơ quan nhập."
                        : "Điểm thẩm định do thanh tra (Văn phòng UBND tỉnh) nhập.");
                var field = column == UnitScoreColumn.SelfScore ? "selfScore" : "appraisedScore";
                if (UnitScoring.CheckBegun(q, Domain.Calendar.VietnamTime.DateOf(clock.GetUtcNow())) is { } early) return Problems.Field(early.Field, early.Message);
                if (UnitScoring.Check(write.Indicator ?? 0, write.SelfScore ?? write.AppraisedScore, field) is { } error) return Problems.Field(error.Field, error.Message);
                var reason = string.IsNullOrWhiteSpace(write.Reason) ? null : write.Reason.Trim();
                if (reason is { Length: > 1000 }) return Problems.Field("reason", "Lý do dài tối đa 1.000 ký tự.");
                if (column == UnitScoreColumn.SelfScore && reason is null) return Problems.Field("reason", "Nhập lý do khi tự chấm điểm.");
                await figures.WriteAsync(unit.Id, agency.Trim(), unit.Kind, q, write.Indicator!.Value, column, (write.SelfScore ?? write.AppraisedScore)!.Value,
                    reason, officer.Actor.UserId!.Value, clock.GetUtcNow(), ct);
                return Results.Ok(await figures.SheetAsync(unit.Id, agency.Trim(), unit.Name, unit.Kind, q, ct));
            })
            .Produces<UnitScoreSheet>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(422)
            .WithSummary("Nhập điểm tự chấm (lãnh đạo cơ quan, kèm lý do) hoặc điểm thẩm định (thanh tra) của một chỉ số, từ 0 đến 2, cho quý đã bắt đầu; được ghi nhật ký");
    }

    private static async Task<((int Id, string Code) Unit, IResult? Problem)> AgencyOfAsync(string? agency, Domain.Dossiers.Officer officer, RatingFigures figures, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(agency))
            return officer.AgencyId is { } own ? ((own, await figures.AgencyCodeAsync(own, ct)), null) : (default, Problems.Field("agency", "Chọn cơ quan (mã cơ quan)."));
        return await figures.AgencyAsync(agency, ct) is { } unit
            ? ((unit.Id, agency.Trim()), null)
            : (default, Problems.NotFound($"Không có cơ quan mã {Problems.Echo(agency)}."));
    }

    /// <summary>The HTTP answer of a rating's outcome (shared by both APIs; the page shows the same texts).</summary>
    public static IResult Answer(RateOutcome outcome, RatingWindowState window, RatingStore store) => outcome switch
    {
        RateOutcome.Rated => Results.Json(new RatingReceipt(true), statusCode: StatusCodes.Status201Created),
        RateOutcome.AlreadyRated => Results.Problem(statusCode: 409, title: Problems.TitleOf(409), detail: AlreadyRatedText, type: AlreadyRatedType),
        RateOutcome.Busy => Results.Problem(statusCode: 409, title: Problems.TitleOf(409), detail: BusyText, type: BusyType),
        RateOutcome.NotOpen => Results.Problem(statusCode: 409, title: Problems.TitleOf(409), detail: RatingWindow.Explain(window, store.WindowDays), type: NotOpenType),
        _ => Results.Problem(statusCode: 404, title: Problems.TitleOf(404), detail: NotFoundText, type: NotFoundType),
    };
}
