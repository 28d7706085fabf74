using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Notifications;

/// <summary>The administrator's API for notification templates (docs/MESSAGES.md §4); administrator role only.</summary>
public static class NotificationTemplateEndpoints
{
    public static void MapNotificationTemplateEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/notification-templates").WithTags("Administration").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", async (NotificationTemplates templates, CancellationToken ct) => Results.Ok(await templates.ListAsync(ct)))
            .WithSummary("Mẫu thông báo đang dùng của mọi loại thông báo và kênh (thư điện tử, SMS, Zalo), kèm bản xem trước với giá trị mẫu");
        admin.MapGet("/{event}/{channel}", async (string @event, string channel, NotificationTemplates templates, CancellationToken ct) =>
                await templates.DetailAsync(@event, channel, ct) is { } detail ? Results.Ok(detail)
                    : Problems.NotFound($"Không có mẫu thông báo '{Problems.Echo(@event)}' trên kênh '{Problems.Echo(channel)}'."))
            .WithSummary("Một mẫu thông báo: phiên bản đang dùng, mọi phiên bản cũ, các trường dùng được và bắt buộc");
        admin.MapPut("/{event}/{channel}", async (string @event, string channel, NotificationTemplateRequest request, NotificationTemplates templates,
                HttpContext http, CancellationToken ct) => await templates.SaveAsync(@event, channel, request, http.User, ct) switch
                {
                    { NotFound: { } missing } => Problems.NotFound(missing),
                    { Errors: { } errors } => Problems.Validation(errors),
                    { Conflict: { } conflict } => Problems.Conflict(conflict),
                    { Detail: var detail } => Results.Ok(detail),
                })
            .WithSummary("Sửa mẫu thông báo: lưu một phiên bản mới (phiên bản cũ vẫn giữ); active=false tắt kênh này cho loại thông báo");
    }
}
