using MotCua.Data;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Notifications;

public static class NotificationEndpoints
{
    /// <summary><c>GET /api/v1/dossiers/{code}/notifications</c>: the dossier's messages (<see cref="NotificationView"/>),
    /// to whoever may read the dossier (<see cref="DossierAccess"/>); 404 problem+json otherwise.</summary>
    public static void MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/dossiers/{code}/notifications", async (string code, HttpContext http, MotCuaDb db, CancellationToken ct) =>
            await DossierAccess.ReadAsync(db, http.User, code, ct) is { } d
                ? Results.Ok(await DossierMessages.ListAsync(db, d.Code, ct))
                : Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)} hoặc bạn không có quyền xem."))
            .RequireAuthorization(Policies.Api).WithTags("Dossiers")
            .WithMetadata(new PersonalDataAttribute(PersonalFields.Phone, PersonalFields.Email))
            .Produces<IReadOnlyList<NotificationView>>().ProducesProblem(404).WithSummary("Các thông báo đã gửi cho người nộp về hồ sơ");
    }
}
