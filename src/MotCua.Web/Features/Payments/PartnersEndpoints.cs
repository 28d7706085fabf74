using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Payments;

/// <summary>The administrator's API for payment partners (docs/FEES.md "### Confirmation"); administrator role only.</summary>
public static class PartnersEndpoints
{
    public static void MapPartnersEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/payment-partners").WithTags("Administration").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", async (PartnersAdministration partners, CancellationToken ct) => Results.Ok(await partners.ListAsync(ct)))
            .WithSummary("Các đối tác thanh toán, mới nhất trước (không kèm khóa bí mật)");
        admin.MapPost("/", async (PartnerRequest request, PartnersAdministration partners, HttpContext http, CancellationToken ct) =>
            {
                var (created, errors) = await partners.CreateAsync(request, http.User, ct);
                return created is null ? Problems.Validation(errors) : Results.Created($"/api/v1/admin/payment-partners/{created.Partner.Id}", created);
            })
            .WithSummary("Thêm đối tác thanh toán; khóa bí mật HMAC (base64 của 32 byte) chỉ trả về một lần này")
            .Produces<CreatedPartner>(StatusCodes.Status201Created).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        admin.MapPost("/{id:int}/deactivate", async (int id, PartnersAdministration partners, HttpContext http, CancellationToken ct) =>
                await partners.DeactivateAsync(id, http.User, ct) is { } view ? Results.Ok(view) : Problems.NotFound($"Không có đối tác thanh toán số {id}."))
            .WithSummary("Ngừng đối tác thanh toán: thông báo của đối tác bị từ chối từ nay");
    }
}
