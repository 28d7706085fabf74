using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Reminders;

/// <summary>A notice in the officer's list. <c>Kind</c>: warning, overdue, escalation or summary; <c>Emailed</c>: an
/// e-mail went to the officer's address too.</summary>
public sealed record OfficerNoticeView(long Id, string Kind, string? DossierCode, string? Step, DateTimeOffset? DueAt, string Title,
    string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, bool Emailed);

/// <summary>The signed-in officer's own notices (<c>officer_notices</c>): unread first, newest first; marking one read.</summary>
public sealed class OfficerNotices(MotCuaDb db, TimeProvider clock)
{
    public const int PageSize = 50;

    /// <summary>The newest <see cref="PageSize"/> notices of <paramref name="userId"/>, unread first.</summary>
    public async Task<IReadOnlyList<OfficerNoticeView>> ListAsync(int userId, CancellationToken ct) =>
        [.. (await db.Database.SqlQuery<OfficerNoticeView>($"""
            SELECT id AS "Id", kind AS "Kind", dossier_code AS "DossierCode", step AS "Step", due_at AS "DueAt", title AS "Title",
                   body AS "Body", created_at AS "CreatedAt", read_at AS "ReadAt", message_id IS NOT NULL AS "Emailed"
            FROM officer_notices WHERE user_id = {userId}
            ORDER BY read_at IS NOT NULL, created_at DESC, id DESC LIMIT {PageSize}
            """).ToListAsync(ct)).Select(n => n with { DueAt = n.DueAt?.ToOffset(VietnamTime.Offset), CreatedAt = n.CreatedAt.ToOffset(VietnamTime.Offset), ReadAt = n.ReadAt?.ToOffset(VietnamTime.Offset) })];

    /// <summary>How many notices of <paramref name="userId"/> are unread.</summary>
    public async Task<int> UnreadAsync(int userId, CancellationToken ct) =>
        (await db.Database.SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM officer_notices WHERE user_id = {userId} AND read_at IS NULL""").ToListAsync(ct)).Single();

    /// <summary>Marks the notice read; false when <paramref name="userId"/> has no notice <paramref name="id"/> (another's
    /// notice is as absent as a missing one). Marking twice keeps the first time.</summary>
    public async Task<bool> MarkReadAsync(int userId, long id, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            UPDATE officer_notices SET read_at = coalesce(read_at, {clock.GetUtcNow().ToUniversalTime()}) WHERE id = {id} AND user_id = {userId}
            """, ct) == 1;
}

public static class OfficerNoticeEndpoints
{
    public static void MapOfficerNoticeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/officer-notices", async (HttpContext http, OfficerNotices notices, CancellationToken ct) =>
            Claims.UserIdOf(http.User) is { } userId
                ? Results.Ok(await notices.ListAsync(userId, ct))
                : NotAnOfficer())
        .RequireAuthorization(Policies.Api).WithTags("Reminders")
        .Produces<IReadOnlyList<OfficerNoticeView>>().ProducesProblem(StatusCodes.Status403Forbidden)
        .WithSummary("Thông báo của cán bộ đang đăng nhập: nhắc sắp đến hạn, quá hạn, báo cáo vượt cấp, tổng hợp hằng ngày (chưa đọc trước, mới nhất trước)");

        app.MapPost("/api/v1/officer-notices/{id:long}/read", async (long id, HttpContext http, OfficerNotices notices, CancellationToken ct) =>
            Claims.UserIdOf(http.User) is not { } userId ? NotAnOfficer()
            : await notices.MarkReadAsync(userId, id, ct) ? Results.NoContent()
            : Problems.NotFound($"Không có thông báo số {id} của bạn."))
        .RequireAuthorization(Policies.Api).WithTags("Reminders")
        .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
        .WithSummary("Đánh dấu một thông báo của mình là đã đọc");
    }

    private static IResult NotAnOfficer() =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Không có quyền", detail: "Thông báo nhắc việc chỉ dành cho cán bộ, công chức đã đăng nhập.");
}
