using System.Globalization;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Outbox;

/// <summary>The administrator's API for what leaves MotCua (docs/MESSAGES.md); administrator role only.</summary>
public static class OutboxEndpoints
{
    public static void MapOutboxEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/outbox").WithTags("Administration").RequireAuthorization(Policies.Admin);
        admin.MapGet("/backlog", async (OutboxAdministration outbox, CancellationToken ct) => Results.Ok(await outbox.BacklogAsync(ct)))
            .WithSummary("Tồn đọng theo kênh gửi: chờ gửi, chờ gửi lại, đang gửi, đã gửi trong 24 giờ, thất bại");
        admin.MapGet("/", async (string? state, string? target, int? page, OutboxAdministration outbox, HttpResponse response, CancellationToken ct) =>
            {
                if (state is not null && !OutboxAdministration.States.Contains(state))
                    return Problems.Field("state", $"Trạng thái phải là một trong: {string.Join(", ", OutboxAdministration.States)}.");
                var (items, total) = await outbox.ListAsync(state, target, page ?? 1, ct);
                response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
                return Results.Ok(items);
            })
            .WithSummary("Thư theo trạng thái (queued|retrying|delivered|dead) và kênh, mới nhất trước; tổng số ở X-Total-Count");
        admin.MapGet("/{id:long}", async (long id, OutboxAdministration outbox, CancellationToken ct) =>
                await outbox.DetailAsync(id, ct) is { } detail ? Results.Ok(detail) : Problems.NotFound($"Không có thư số {id}."))
            .WithSummary("Một thư với nội dung và mọi lần gửi (thời điểm, đích, kết quả, câu trả lời, thời gian)");
        admin.MapPost("/{id:long}/resend", async (long id, OutboxAdministration outbox, HttpContext http, CancellationToken ct) =>
                await outbox.ResendAsync(id, http.User, ct) switch
                {
                    { NotFound: { } missing } => Problems.NotFound(missing),
                    { Conflict: { } conflict } => Problems.Conflict(conflict),
                    { Row: var row } => Results.Ok(row),
                })
            .WithSummary("Gửi lại một thư đã thất bại: một loạt lần gửi mới, các lần cũ vẫn lưu");
    }
}
