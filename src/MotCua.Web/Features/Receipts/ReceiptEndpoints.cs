using MotCua.Data;
using MotCua.Documents;
using MotCua.Domain.Receipts;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Features.Lookup;
using MotCua.Web.Features.Payments;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Receipts;

/// <summary>Why a receipt is cancelled (required, at most <see cref="ReceiptCancellation.MaxReasonLength"/> characters).</summary>
public sealed record CancelReceiptRequest(string? Reason);

/// <summary>A unit's own form number ("01BLP0-001"), series prefix (two capital letters) and tax code (optional: 10 digits
/// or "0100047516-001", <see cref="TaxCode"/>; empty or absent when the unit has none) as the administrator sets them.</summary>
public sealed record ReceiptSeriesRequest(string? FormNumber, string? SeriesPrefix, string? TaxCode = null);

/// <summary>A unit's receipt numbering as set: what its next receipts are numbered in, and the tax code they print (null: none).</summary>
public sealed record ReceiptSeriesView(string AgencyCode, string FormNumber, string SeriesPrefix, string? TaxCode = null);


/// <summary>
/// The e-receipt's routes (docs/FEES.md "Biên lai and the fee register"):
/// <list type="bullet">
/// <item><c>GET /api/v1/receipts/{id}.pdf</c> (signed on each serving by the deployment's certificate for the collecting
/// unit, <see cref="IssuedReceipts.SignedPdfAsync"/>): officers who may read the receipt's dossier (DossierAccess: the receiving
/// unit, the agencies that held it, their leaders, the inspector) and the integrated system that submitted it; anyone else
/// 404, unauthenticated 401.</item>
/// <item><c>GET /xac-thuc/bien-lai/{token}.pdf</c>: the payer's copy, for whoever holds the receipt's verification token
/// (the QR printed on the receipt). The dossier code alone does not open it: the code is public (the lookup shows a masked
/// name only), the receipt prints the payer's full name.</item>
/// <item><c>POST /api/v1/receipts/{id}/cancel { reason }</c>: the accountant or leader of the collecting unit
/// (<see cref="ReceiptCancellation"/>, written by <see cref="ReceiptCancellations"/>, the path /ke-toan takes too); never a
/// deletion; audit-logged.</item>
/// <item><c>GET /api/v1/registers/fees?agency=&amp;from=&amp;to=</c> (JSON), <c>.pdf</c> (A4 landscape), <c>.xlsx</c>: the fee
/// register of the caller's unit (<see cref="FeeRegisters"/>); from and to are yyyy-MM-dd, inclusive.</item>
/// <item><c>PUT /api/v1/admin/agencies/{code}/receipt-series { formNumber, seriesPrefix }</c>: the administrator sets the
/// unit's own form number and series (<see cref="ReceiptNumbering.SettingProblems"/>, 422 naming the field); audit-logged.</item>
/// </list>
/// </summary>
public static class ReceiptEndpoints
{
    public static void MapReceiptEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/receipts").RequireAuthorization(Policies.Api).WithTags("Receipts");
        api.MapGet("/{id:long}.pdf", PdfAsync).WithMetadata(new PersonalDataAttribute(PersonalFields.FullName))
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Biên lai thu phí, lệ phí điện tử (PDF A5; ĐÃ HỦY khi đã hủy)");
        api.MapPost("/{id:long}/cancel", CancelAsync)
            .Accepts<CancelReceiptRequest>("application/json").Produces<CancelledReceiptView>()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Hủy biên lai (kế toán, lãnh đạo đơn vị thu; không xóa, giữ số)");

        var registers = app.MapGroup("/api/v1/registers").RequireAuthorization(Policies.Api).WithTags("Receipts")
            .WithMetadata(new PersonalDataAttribute(PersonalFields.FullName));
        registers.MapGet("/fees", async (string? agency, string? from, string? to, HttpContext http, MotCuaDb db, PersonalDataReads reads, TimeProvider clock, CancellationToken ct) =>
                await RegisterAsync(agency, from, to, http, db, reads, clock, ct, (unit, register) => Results.Ok(new FeeRegisterView(unit.Code, unit.Name, register))))
            .Produces<FeeRegisterView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).WithSummary("Sổ theo dõi thu phí, lệ phí của đơn vị trong kỳ (kế toán, lãnh đạo)");
        registers.MapGet("/fees.pdf", async (string? agency, string? from, string? to, HttpContext http, MotCuaDb db, PersonalDataReads reads, TimeProvider clock, CancellationToken ct) =>
                await RegisterAsync(agency, from, to, http, db, reads, clock, ct, (unit, register) =>
                    Results.File(FeeRegisterBook.Pdf(Letterheads.Of(unit), register), "application/pdf", $"so-thu-phi-{register.From:yyyyMMdd}-{register.To:yyyyMMdd}.pdf")))
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Sổ theo dõi thu phí, lệ phí (PDF A4 ngang)");
        registers.MapGet("/fees.xlsx", async (string? agency, string? from, string? to, HttpContext http, MotCuaDb db, PersonalDataReads reads, TimeProvider clock, CancellationToken ct) =>
                await RegisterAsync(agency, from, to, http, db, reads, clock, ct, (unit, register) =>
                    Results.File(FeeRegisterBook.Xlsx(Letterheads.Of(unit), register), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        $"so-thu-phi-{register.From:yyyyMMdd}-{register.To:yyyyMMdd}.xlsx")))
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .ProducesProblem(StatusCodes.Status403Forbidden).WithSummary("Sổ theo dõi thu phí, lệ phí (Excel, số là ô số)");

        app.MapPut("/api/v1/admin/agencies/{code}/receipt-series", SetSeriesAsync).RequireAuthorization(Policies.Admin).WithTags("Administration")
            .Accepts<ReceiptSeriesRequest>("application/json").Produces<ReceiptSeriesView>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).WithSummary("Đặt ký hiệu mẫu biên lai và ký hiệu biên lai của đơn vị (quản trị)");

        app.MapGet("/xac-thuc/bien-lai/{token}.pdf", PublicPdfAsync).WithMetadata(new PersonalDataAttribute(PersonalFields.FullName))
            .RequireRateLimiting(LookupEndpoints.RateLimitPolicy).WithTags("Receipts")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Bản biên lai của người nộp, theo mã xác thực in trên biên lai");
    }

    private static async Task<IResult> PdfAsync(long id, HttpContext http, MotCuaDb db, IssuedForms forms, PersonalDataReads reads, CancellationToken ct)
    {
        var receipt = await IssuedReceipts.ByIdAsync(db, id, ct);
        if (receipt is null || await DossierAccess.ReadAsync(db, http.User, receipt.DossierCode, ct) is null)
            return Problems.NotFound($"Không tìm thấy biên lai {id} hoặc bạn không có quyền xem.");
        reads.Read(receipt.DossierCode);
        var pdf = await IssuedReceipts.SignedPdfAsync(db, forms, receipt, LookupUrl.ReceiptVerify(http.Request, receipt.Token), publicCopy: false, ct);
        return Results.File(pdf, "application/pdf", IssuedReceipts.FileName(receipt));
    }

    private static async Task<IResult> PublicPdfAsync(string token, HttpContext http, MotCuaDb db, IssuedForms forms, PersonalDataReads reads, CancellationToken ct)
    {
        if (await IssuedReceipts.ByTokenAsync(db, token, ct) is not { } receipt)
            return Problems.NotFound("Không tìm thấy biên lai có mã xác thực này.");
        reads.Read(receipt.DossierCode);
        var pdf = await IssuedReceipts.SignedPdfAsync(db, forms, receipt, LookupUrl.ReceiptVerify(http.Request, receipt.Token), publicCopy: true, ct);
        return Results.File(pdf, "application/pdf", IssuedReceipts.FileName(receipt));
    }

    private static async Task<IResult> RegisterAsync(string? agency, string? from, string? to, HttpContext http, MotCuaDb db, PersonalDataReads reads,
        TimeProvider clock, CancellationToken ct, Func<Agency, FeeRegister, IResult> answer)
    {
        var resolved = await FeeRegisters.ResolveAsync(db, http.User, agency, from, to, clock, ct);
        if (resolved.Problem is not null) return resolved.Problem;
        var register = await FeeRegisters.BuildAsync(db, resolved.Agency!.Id, resolved.From, resolved.To, ct);
        reads.Listed($"fee-register:{resolved.Agency.Code}", register.Entries.Select(e => e.DossierCode).Distinct());
        return answer(resolved.Agency, register);
    }

    private static async Task<IResult> SetSeriesAsync(string code, HttpContext http, MotCuaDb db, TimeProvider clock, CancellationToken ct)
    {
        var (body, _, problem) = await JsonBody.ReadAsync<ReceiptSeriesRequest>(http.Request, ct);
        if (problem is not null) return problem;
        var outcome = await ReceiptSeriesSettings.SetAsync(db, code, body!.FormNumber, body.SeriesPrefix, body.TaxCode, http.User, clock.GetUtcNow(), ct);
        if (outcome.NotFound) return Problems.NotFound($"Không tìm thấy đơn vị {Problems.Echo(code)}.");
        if (outcome.Problems is { } problems) return Problems.Validation(problems.ToDictionary(p => p.Key, p => new[] { p.Value }));
        return Results.Ok(outcome.Saved);
    }

    private static async Task<IResult> CancelAsync(long id, HttpContext http, ReceiptCancellations cancellations, CancellationToken ct)
    {
        // The body as every API reads it first (400/422 naming it), then the one path the accountant's page takes too.
        var (body, _, problem) = await JsonBody.ReadAsync<CancelReceiptRequest>(http.Request, ct);
        if (problem is not null) return problem;
        var outcome = await cancellations.CancelAsync(id, body!.Reason, Claims.OfficerOf(http.User), ct);
        return outcome.View is { } view ? Results.Ok(view) : outcome.Status switch
        {
            StatusCodes.Status403Forbidden => Problems.Forbidden(outcome.Message!),
            StatusCodes.Status404NotFound => Problems.NotFound(outcome.Message!),
            StatusCodes.Status409Conflict => Problems.Conflict(outcome.Message!),
            _ => Problems.Field(outcome.Field ?? "reason", outcome.Message!),
        };
    }
}
