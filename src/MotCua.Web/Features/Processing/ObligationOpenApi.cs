using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using MotCua.Domain.Payments;
using MotCua.Domain.Text;
using MotCua.Web.Features.Payments;

namespace MotCua.Web.Features.Processing;

/// <summary>
/// What the OpenAPI document cannot infer of <see cref="FinancialObligationRequest"/>: <c>note</c> is required, at most
/// <see cref="TypedText.MaxNote"/> characters, and <c>kind</c> one of <see cref="ObligationKinds"/> (fee, charge, levy),
/// required with an amount. A schema transformer applied to each property's schema (docs/FEES.md "Seventh round").
/// </summary>
public static class ObligationOpenApi
{
    /// <summary>The kinds of a financial obligation's amount (<see cref="ObligationKinds"/>).</summary>
    public static readonly IReadOnlyList<string> Kinds = [ObligationKinds.Fee, ObligationKinds.Charge, ObligationKinds.Levy];

    /// <summary>Sets the description, bounds and enum of the body's <c>note</c> and <c>kind</c>; other schemas pass unchanged.</summary>
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonPropertyInfo is not { } property || property.DeclaringType != typeof(FinancialObligationRequest)) return Task.CompletedTask;
        switch (property.Name)
        {
            case "note":
                schema.MinLength = 1;
                schema.MaxLength = TypedText.MaxNote;
                schema.Description = "Nghĩa vụ tài chính người dân phải thực hiện (bắt buộc; là tên khoản thu trên yêu cầu và trên biên lai).";
                break;
            case "kind":
                PaymentsOpenApi.Enum(schema, Kinds, "Bắt buộc khi có amountVnd. fee: phí; charge: lệ phí; levy: thuế, tiền sử dụng đất hoặc khoản nộp ngân sách khác (không lập biên lai thu phí, lệ phí).");
                break;
        }
        return Task.CompletedTask;
    }
}
