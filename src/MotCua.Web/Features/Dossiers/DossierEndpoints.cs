using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Account;

namespace MotCua.Web.Features.Dossiers;

public sealed record DossierAgency(string Code, string Name);

public sealed record DossierDocumentView(string Name, int Original, int Copies);

public sealed record DossierEventView(DateTimeOffset At, string Actor, string Action, int? FromStatus, int ToStatus, string? Note);

public sealed record DossierView(
    string Code, int Status, string StatusName, string Channel, string ProcedureCode, int ProcedureVersion, string ProcedureName,
    DossierAgency Agency, Applicant Applicant, IReadOnlyList<DossierDocumentView> Documents, int Sets,
    DateTimeOffset SubmittedAt, DateTimeOffset? ReceivedAt, string TimeLimit, DateTimeOffset? DueAt, IReadOnlyList<SkippedPeriod> DueExplanation,
    string? RefusalReason, string? RefusalLegalBasis, int? RegisterNumber);

public static class DossierEndpoints
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    public static void MapDossierEndpoints(this IEndpointRouteBuilder app)
    {
        var dossiers = app.MapGroup("/api/v1/dossiers/{code}").RequireAuthorization(Policies.Api).WithTags("Dossiers");

        dossiers.MapGet("", async (string code, HttpContext http, MotCuaDb db, TimeProvider clock, CancellationToken ct) =>
            await DossierAccess.ReadAsync(db, http.User, code, clock, ct) is { } d
                ? Results.Ok(await ViewAsync(db, d, ct))
                : NotFound(code))
            .Produces<DossierView>().ProducesProblem(404).WithSummary("Chi tiết hồ sơ (đơn vị tiếp nhận hoặc hệ thống đã nộp)");

        dossiers.MapGet("/events", async (string code, HttpContext http, MotCuaDb db, TimeProvider clock, CancellationToken ct) =>
            await DossierAccess.ReadAsync(db, http.User, code, clock, ct) is { } d
                ? Results.Ok(d.Events.Select(e => new DossierEventView(e.At.ToOffset(Vn), e.ActorName, e.Action, (int?)e.FromStatus, (int)e.ToStatus, e.Note)))
                : NotFound(code))
            .Produces<IEnumerable<DossierEventView>>().ProducesProblem(404).WithSummary("Lịch sử xử lý hồ sơ");

        dossiers.MapGet("/receipt.pdf", async (string code, HttpContext http, MotCuaDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var d = await DossierAccess.ReadAsync(db, http.User, code, clock, ct);
            if (d is null) return NotFound(code);
            if (d.ReceivedAt is null || d.DueAt is null)
                return Problems.Conflict($"Hồ sơ {code} ở trạng thái \"{d.Status.Vietnamese()}\" chưa có giấy tiếp nhận và hẹn trả kết quả.");
            return Results.File(await DossierForms.ReceiptAsync(db, d, http.Request, ct), "application/pdf", $"{code}-giay-tiep-nhan.pdf");
        }).Produces(200, contentType: "application/pdf").ProducesProblem(404).WithSummary("Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả");

        dossiers.MapGet("/refusal.pdf", async (string code, HttpContext http, MotCuaDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var d = await DossierAccess.ReadAsync(db, http.User, code, clock, ct);
            if (d is null) return NotFound(code);
            if (d.Status != DossierStatus.NotReceived) return Problems.Conflict($"Hồ sơ {code} không bị từ chối tiếp nhận.");
            return Results.File(await DossierForms.RefusalAsync(db, d, ct), "application/pdf", $"{code}-tu-choi.pdf");
        }).Produces(200, contentType: "application/pdf").ProducesProblem(404).WithSummary("Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ");

        app.MapGet("/api/v1/supplement-notices/{id:long}.pdf", async (long id, HttpContext http, MotCuaDb db, CancellationToken ct) =>
        {
            var notice = await db.SupplementNotices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct);
            if (notice is null || Claims.AgencyIdOf(http.User) != notice.AgencyId)
                return Problems.NotFound($"Không tìm thấy phiếu yêu cầu bổ sung số {id}.");
            return Results.File(await DossierForms.SupplementAsync(db, notice, ct), "application/pdf", $"phieu-bo-sung-{id}.pdf");
        }).RequireAuthorization(Policies.Api).WithTags("Dossiers").Produces(200, contentType: "application/pdf").WithSummary("Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ");
    }

    private static IResult NotFound(string code) => Problems.NotFound($"Không tìm thấy hồ sơ {code} hoặc bạn không có quyền xem.");

    public static async Task<DossierView> ViewAsync(MotCuaDb db, Dossier d, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().Where(a => a.Id == d.ReceivingAgencyId).Select(a => new DossierAgency(a.Code, a.Name)).FirstAsync(ct);
        return new DossierView(d.Code, (int)d.Status, d.Status.Vietnamese(), d.Channel.ToString().ToLowerInvariant(), d.ProcedureCode, d.ProcedureVersion,
            d.ProcedureName, agency, d.Applicant, d.Documents.Select(x => new DossierDocumentView(x.Name, x.Originals, x.Copies)).ToList(), d.Sets,
            d.SubmittedAt.ToOffset(Vn), d.ReceivedAt?.ToOffset(Vn), d.TimeLimit.ToString(), d.DueAt?.ToOffset(Vn), d.DueExplanation,
            d.RefusalReason, d.RefusalLegalBasis, d.RegisterNumber);
    }
}
