using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Webhooks;

/// <summary>The administrator's API for webhook subscriptions (docs/MESSAGES.md §8); administrator role only.</summary>
public static class WebhookEndpoints
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/webhooks").WithTags("Administration").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", async (WebhookSubscriptions webhooks, CancellationToken ct) => Results.Ok(await webhooks.ListAsync(ct)))
            .WithSummary("Các đăng ký webhook, mới nhất trước (không kèm khóa bí mật)");
        admin.MapGet("/{id:int}", async (int id, WebhookSubscriptions webhooks, CancellationToken ct) =>
                await webhooks.FindAsync(id, ct) is { } view ? Results.Ok(view) : Problems.NotFound($"Không có đăng ký webhook số {id}."))
            .WithSummary("Một đăng ký webhook");
        admin.MapPost("/", async (WebhookRequest request, WebhookSubscriptions webhooks, HttpContext http, CancellationToken ct) =>
            {
                var (created, errors) = await webhooks.CreateAsync(request, http.User, ct);
                return created is null ? Problems.Validation(errors) : Results.Created($"/api/v1/admin/webhooks/{created.Subscription.Id}", created);
            })
            .WithSummary("Thêm đăng ký webhook; khóa bí mật để kiểm chữ ký chỉ trả về một lần này");
        admin.MapPut("/{id:int}", async (int id, WebhookRequest request, WebhookSubscriptions webhooks, HttpContext http, CancellationToken ct) =>
                await webhooks.UpdateAsync(id, request, http.User, ct) switch
                {
                    ({ } updated, _) => Results.Ok(updated),
                    (null, { Count: > 0 } errors) => Problems.Validation(errors),
                    _ => Problems.NotFound($"Không có đăng ký webhook số {id}."),
                })
            .WithSummary("Sửa đăng ký webhook: tên, địa chỉ, sự kiện, bộ lọc, đang chạy hay ngừng (khóa bí mật giữ nguyên)");
        admin.MapPost("/{id:int}/deactivate", async (int id, WebhookSubscriptions webhooks, HttpContext http, CancellationToken ct) =>
                await webhooks.SetActiveAsync(id, false, http.User, ct) is { } view ? Results.Ok(view) : Problems.NotFound($"Không có đăng ký webhook số {id}."))
            .WithSummary("Ngừng đăng ký webhook: không nhận sự kiện mới nữa");
        admin.MapPost("/{id:int}/reactivate", async (int id, WebhookSubscriptions webhooks, HttpContext http, CancellationToken ct) =>
                await webhooks.SetActiveAsync(id, true, http.User, ct) is { } view ? Results.Ok(view) : Problems.NotFound($"Không có đăng ký webhook số {id}."))
            .WithSummary("Chạy lại đăng ký webhook đã ngừng");
    }
}
