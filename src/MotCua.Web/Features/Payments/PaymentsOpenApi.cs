using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using MotCua.Domain.Payments;

namespace MotCua.Web.Features.Payments;

/// <summary>
/// What the OpenAPI document cannot infer of the payment shapes: <see cref="PaymentRequestView"/>'s <c>status</c> and
/// <c>reason</c> are strings the code emits from a fixed set (typed here as enums of those values), its <c>purpose</c>
/// the transfer description (ASCII, at most <see cref="VietQr.MaxPurposeLength"/> characters, carrying the dossier code)
/// and <c>vietQr</c> the EMVCo string. A schema transformer, applied to each property's schema as the document is
/// generated (docs/FEES.md "Seventh round"); the obligation's body has its own in Processing.
/// </summary>
public static class PaymentsOpenApi
{
    /// <summary>The statuses a payment request is stored and answered with (payment_requests.status, migrations 0032, 0040, 0103).</summary>
    public static readonly IReadOnlyList<string> RequestStatuses =
        [PaymentRequests.Open, PaymentRequests.Paid, PaymentRequests.Cancelled, PaymentRequests.Refunded, PaymentRequests.PaidElsewhere];

    /// <summary>The reasons a payment request is raised for (<see cref="PaymentRequestReasons"/>).</summary>
    public static readonly IReadOnlyList<string> RequestReasons = [PaymentRequestReasons.Intake, PaymentRequestReasons.FinancialObligation];

    /// <summary>Sets the enum, pattern and description of the properties named above; other schemas pass unchanged.</summary>
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var property = context.JsonPropertyInfo;
        if (property is null) return Task.CompletedTask;
        if (property.DeclaringType == typeof(PaymentRequestView))
        {
            switch (property.Name)
            {
                case "status":
                    Enum(schema, RequestStatuses, "open: chưa nộp; paid: đã nộp (biên lai đã lập, hoặc nghĩa vụ đã thực hiện); cancelled: hủy cùng hồ sơ (rút, từ chối, dừng); refunded: đã hoàn trả toàn bộ; "
                        + "paidElsewhere: cán bộ ghi nhận đã thực hiện nghĩa vụ tài chính ở nơi khác (kho bạc, cơ quan thuế; recordedPaidAt, recordedPaidBy), không còn thu, không có mã VietQR.");
                    break;
                case "reason":
                    Enum(schema, RequestReasons, "intake: phí, lệ phí nộp khi tiếp nhận; financialObligation: nghĩa vụ tài chính trong khi giải quyết (trạng thái 6).");
                    break;
                case "purpose":
                    schema.Pattern = "^[A-Za-z0-9 .-]+$";
                    schema.MaxLength = VietQr.MaxPurposeLength;
                    schema.Description = "Nội dung chuyển khoản (VietQR tag 62.08), chữ ASCII: \"Nop phi <mã hồ sơ>\" khi tiếp nhận, \"NVTC <số thứ tự> <mã hồ sơ>\" cho nghĩa vụ tài chính; ngân hàng đối chiếu hồ sơ theo mã hồ sơ trong đó.";
                    break;
                case "paidElsewhereVnd":
                    schema.Description = "Với yêu cầu paidElsewhere: số tiền cán bộ ghi nhận đã nộp nơi khác, tức số tiền yêu cầu trừ phần đơn vị đã thu và lập biên lai trước đó (đồng); null với trạng thái khác.";
                    break;
                case "vietQr":
                    schema.Description = "Chuỗi VietQR động (EMVCo merchant-presented, tag 38 GUID A000000727 với BIN ngân hàng và tài khoản thu của đơn vị, dịch vụ QRIBFTTA; "
                        + "53 = 704 (VND); 54 = số tiền còn phải nộp; 58 = VN; 62.08 = purpose; 63 = CRC-16/CCITT-FALSE). null khi đơn vị chưa có tài khoản thu, "
                        + "khi yêu cầu đã nộp nơi khác (paidElsewhere), hoặc khi yêu cầu không còn mở.";
                    break;
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Types <paramref name="schema"/> as one of <paramref name="values"/>, described.</summary>
    public static void Enum(OpenApiSchema schema, IReadOnlyList<string> values, string description)
    {
        schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v)!)];
        schema.Description = description;
    }
}
