using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Dossiers;

public sealed record DossierAgency(string Code, string Name);

/// <summary>A document of the dossier: name, originals and copies handed over, and for one not asked for because the
/// citizen's data holds it, <c>reused</c> 1 (citizen's store) or 2 (published database) with <c>reuseRef</c>; 0 and null otherwise;
/// <c>files</c> (issue 17) are the files attached to the line, each fetched at its <c>url</c>.</summary>
public sealed record DossierDocumentView(string Name, int Original, int Copies, int Reused = 0, string? ReuseRef = null, IReadOnlyList<DossierFileView>? Files = null);

/// <summary>A file of a dossier (issue 17): its id, the name it is shown under, media type, size in bytes, pages of a PDF
/// (null for an image) and the API address that serves it to whoever may read the dossier.</summary>
public sealed record DossierFileView(long Id, string Name, string Type, long Size, int? Pages, string Url);

/// <summary>An event of the dossier's history (Vietnam time): who, what (<c>action</c>), from and to which status, its note and
/// step; <c>missingDocuments</c>, on the intake event of a dossier the desk received although lines the list requires were
/// not handed in ("Vẫn tiếp nhận khi còn thiếu giấy tờ"), the names of those lines, null otherwise.</summary>
public sealed record DossierEventView(DateTimeOffset At, string Actor, string Action, int? FromStatus, int ToStatus, string? Note, string? Step,
    IReadOnlyList<string>? MissingDocuments = null);

public sealed record StepView(int Index, string Name, StepKind Kind, string Performer, string TimeAllowed, DossierAgency Agency, DateTimeOffset? StartedAt, DateTimeOffset? DueAt);

public sealed record ExtensionView(DateTimeOffset At, string Reason, DateTimeOffset NewDueAt);

public sealed record CoAgencyTaskView(int StepIndex, string Name, string Performer, DossierAgency Agency, DateTimeOffset OpenedAt, DateTimeOffset DueAt,
    DateTimeOffset? DoneAt, string? DoneBy, string? Answer);

/// <summary>An action the officer cannot take now, with the Domain's reason; <c>kind</c> is how the API would answer it
/// (wrongState 409, notPermitted 403); <c>notAtThisStage</c> when the dossier's status or step is not one it belongs to.</summary>
public sealed record UnavailableActionView(ProcessingAction Action, DossierRefusal Kind, string Reason, bool NotAtThisStage);

/// <summary>How the result was returned: when (Vietnam time), by which method, to whom, and the postal slip. <c>method</c> is
/// null for a dossier monitored from a ministry's system (origin 3): the portal's HoSo reports the return's instant
/// (<c>NgayTra</c>), never its method (fresh trial p16n: the view answered 500).</summary>
public sealed record ReturnView(DateTimeOffset At, ReturnMethod? Method, string? ReceivedBy, string? DispatchNumber, string? PostalStatus);

/// <summary>Where the dossier is in its internal process, what stopped its clock, and what the signed-in officer may do now.</summary>
public sealed record ProcessingView(
    DossierAgency Holder, DossierAgency? ResolvingAgency, StepView? CurrentStep, IReadOnlyList<CoAgencyTaskView> CoAgencyTasks, IReadOnlyList<string> Steps, string? Assignee, DateTimeOffset? TransferredAt,
    DateTimeOffset? OriginalDueAt, bool Paused, IReadOnlyList<Pause> Pauses, IReadOnlyList<SupplementItem> SupplementItems,
    ExtensionView? Extension, ResultKind? Result, string? ResultNote, DateTimeOffset? ResultReadyAt, CompletionTiming? Completion,
    ReturnView? Return, string? WithdrawalReason, string? StopReason, IReadOnlyList<ProcessingAction> AllowedActions,
    IReadOnlyList<UnavailableActionView> UnavailableActions);

public sealed record DossierView(
    string Code, int Status, string StatusName, string Channel, string ProcedureCode, int ProcedureVersion, string ProcedureName,
    DossierAgency Agency, Applicant Applicant, IReadOnlyList<DossierDocumentView> Documents, int Sets,
    DateTimeOffset SubmittedAt, DateTimeOffset? ReceivedAt, string TimeLimit, DateTimeOffset? DueAt, IReadOnlyList<SkippedPeriod> DueExplanation,
    string? RefusalReason, string? RefusalLegalBasis, int? RegisterNumber, IReadOnlyDictionary<string, string>? FormData, ProcessingView Processing,
    MotCua.Web.Features.Fees.FeeView? Fee = null, ApplicantVerificationView? Verification = null)
{
    /// <summary>The National Portal's code (MaHoSo) of a dossier it pushed, the one its citizen knows; null for any other.</summary>
    public string? PortalCode { get; init; }

    /// <summary>How the applicant chose at intake to receive the result (issue 17, Domain <c>ResultDelivery</c>).</summary>
    public ResultDeliveryView? ResultDelivery { get; init; }
}

/// <summary>The applicant's choice of how to receive the result: <c>method</c> desk, post or electronic; <c>address</c>
/// where the post goes (post only); <c>text</c> as the pages say it.</summary>
public sealed record ResultDeliveryView(ReturnMethod Method, string? Address, string Text);

public static class DossierEndpoints
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;

    public static void MapDossierEndpoints(this IEndpointRouteBuilder app)
    {
        var dossiers = app.MapGroup("/api/v1/dossiers/{code}").RequireAuthorization(Policies.Api).WithTags("Dossiers");

        dossiers.MapGet("", async (string code, HttpContext http, MotCuaDb db, TimeProvider clock, CancellationToken ct) =>
            await DossierAccess.ReadAsync(db, http.User, code, ct) is { } d
                ? Results.Ok(await ViewAsync(db, d, Claims.OfficerOf(http.User), ct))
                : NotFound(code))
            .WithMetadata(new PersonalDataAttribute(PersonalFields.All))
            .Produces<DossierView>().ProducesProblem(404).WithSummary("Chi tiết hồ sơ (đơn vị tiếp nhận hoặc hệ thống đã nộp)");

        dossiers.MapGet("/events", async (string code, HttpContext http, MotCuaDb db, TimeProvider clock, CancellationToken ct) =>
            await DossierAccess.ReadAsync(db, http.User, code, ct) is { } d
                ? Results.Ok(d.Events.Select(e => new DossierEventView(e.At.ToOffset(Vn), e.ActorName, e.Action.Code(), (int?)e.FromStatus, (int)e.ToStatus, e.Note, e.StepName, e.MissingDocuments)))
                : NotFound(code))
            .Produces<IEnumerable<DossierEventView>>().ProducesProblem(404).WithSummary("Lịch sử xử lý hồ sơ");

        dossiers.MapGet("/receipt.pdf", async (string code, HttpContext http, MotCuaDb db, IssuedForms issued, TimeProvider clock, CancellationToken ct) =>
        {
            var d = await DossierAccess.ReadAsync(db, http.User, code, ct);
            if (d is null) return NotFound(code);
            if (d.PaperRefusal is { } monitored) return Problems.Conflict(monitored);
            if (d.ReceivedAt is null || d.DueAt is null)
                return Problems.Conflict($"Hồ sơ {code} ở trạng thái \"{d.Status.Vietnamese()}\" chưa có giấy tiếp nhận và hẹn trả kết quả.");
            // The rating code only on the intake's own print, by the officer who received it (IntakePrints, rat28 HIGH A).
            var atIntake = http.Request.Query[IntakePrints.Parameter] == "1" && Claims.UserIdOf(http.User) is { } userId
                && await IntakePrints.UseAsync(db, d.Id, userId, clock.GetUtcNow(), ct);
            return Results.File(await DossierForms.ReceiptAsync(db, issued, d, http.Request, ct, atIntake), "application/pdf", $"{code}-giay-tiep-nhan.pdf");
        }).WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Phone, PersonalFields.Email, PersonalFields.Address))
            .Produces(200, contentType: "application/pdf").ProducesProblem(404).ProducesProblem(409).WithSummary("Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả");

        dossiers.MapGet("/refusal.pdf", async (string code, HttpContext http, MotCuaDb db, IssuedForms issued, TimeProvider clock, CancellationToken ct) =>
        {
            var d = await DossierAccess.ReadAsync(db, http.User, code, ct);
            if (d is null) return NotFound(code);
            if (d.PaperRefusal is { } monitored) return Problems.Conflict(monitored);
            if (d.Status != DossierStatus.NotReceived) return Problems.Conflict($"Hồ sơ {code} không bị từ chối tiếp nhận.");
            return Results.File(await DossierForms.RefusalAsync(db, issued, d, ct), "application/pdf", $"{code}-tu-choi.pdf");
        }).WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Phone, PersonalFields.Email, PersonalFields.Address))
            .Produces(200, contentType: "application/pdf").ProducesProblem(404).ProducesProblem(409).WithSummary("Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ");

        app.MapGet("/api/v1/supplement-notices/{id:long}.pdf", async (long id, HttpContext http, MotCuaDb db, IssuedForms issued, PersonalDataReads reads, CancellationToken ct) =>
        {
            var notice = await db.SupplementNotices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct);
            if (notice is null || Claims.AgencyIdOf(http.User) != notice.AgencyId)
                return Problems.NotFound($"Không tìm thấy phiếu yêu cầu bổ sung số {id}.");
            reads.Read($"supplement-notice:{id}");
            return Results.File(await DossierForms.SupplementAsync(db, issued, notice, ct), "application/pdf", $"phieu-bo-sung-{id}.pdf");
        }).RequireAuthorization(Policies.Api).WithTags("Dossiers").WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Phone, PersonalFields.Email, PersonalFields.Address))
            .Produces(200, contentType: "application/pdf").WithSummary("Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ");
    }

    private static IResult NotFound(string code) => Problems.NotFound($"Không tìm thấy hồ sơ {Problems.Echo(code)} hoặc bạn không có quyền xem.");

    /// <param name="officer">The signed-in officer, whose allowed actions are listed; null for an integrated system.</param>
    public static async Task<DossierView> ViewAsync(MotCuaDb db, Dossier d, Officer? officer, CancellationToken ct)
    {
        var files = await db.DossierFiles.AsNoTracking().Where(f => f.DossierId == d.Id).OrderBy(f => f.Id)
            .Join(db.StoredFiles, f => f.Sha256, s => s.Sha256, (f, s) => new { f.Id, f.DocumentIndex, Name = f.DisplayName, Type = s.MediaType, s.Size, f.Pages })
            .ToListAsync(ct);
        var ids = d.CoAgencyTasks.Select(t => t.AgencyId).Append(d.ReceivingAgencyId).Append(d.CurrentAgencyId).Append(d.ResolvingAgencyId ?? d.CurrentAgencyId).ToList();
        var agencies = await db.Agencies.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => new DossierAgency(a.Code, a.Name), ct);
        var step = d.CurrentStep is { } s
            ? new StepView(d.CurrentStepIndex!.Value, s.Name, s.Kind, s.Performer, s.Allowance.ToString(), agencies[d.CurrentAgencyId],
                d.CurrentStepStartedAt?.ToOffset(Vn), d.CurrentStepDueAt?.ToOffset(Vn))
            : null;
        var tasks = d.CoAgencyTasks.Select(t => new CoAgencyTaskView(t.StepIndex, t.Name, t.Performer, agencies[t.AgencyId], t.OpenedAt.ToOffset(Vn), t.DueAt.ToOffset(Vn),
            t.DoneAt?.ToOffset(Vn), t.DoneBy, t.Answer)).ToList();
        var processing = new ProcessingView(agencies[d.CurrentAgencyId], d.ResolvingAgencyId is { } resolving ? agencies[resolving] : null, step, tasks, d.Process.Select(p => p.Name).ToList(), d.AssigneeName, d.TransferredAt?.ToOffset(Vn),
            d.OriginalDueAt?.ToOffset(Vn), d.IsPaused, [.. d.Pauses.Select(p => p.ForCalendar())], d.SupplementItems,
            d.ExtendedAt is { } extendedAt ? new ExtensionView(extendedAt.ToOffset(Vn), d.ExtensionReason!, d.ExtensionDueAt!.Value.ToOffset(Vn)) : null,
            d.ResultKind, d.ResultNote, d.ResultReadyAt?.ToOffset(Vn), d.Completion,
            d.ReturnedAt is { } returnedAt ? new ReturnView(returnedAt.ToOffset(Vn), d.ReturnMethod, d.ReturnedTo, d.DispatchNumber, d.PostalStatus) : null,
            d.WithdrawalReason, d.StopReason,
            officer is null ? [] : Enum.GetValues<ProcessingAction>().Where(a => d.Allows(a, officer)).ToList(),
            officer is null ? [] : Enum.GetValues<ProcessingAction>().Select(a => d.RefusalOf(a, officer)).OfType<ActionRefusal>()
                .Select(r => new UnavailableActionView(r.Action, r.Kind, r.Reason, r.NotAtThisStage)).ToList());
        return new DossierView(d.Code, (int)d.Status, d.Status.Vietnamese(), d.Channel.ToString().ToLowerInvariant(), d.ProcedureCode, d.ProcedureVersion,
            d.ProcedureName, agencies[d.ReceivingAgencyId], d.Applicant, d.Documents.Select((x, i) => new DossierDocumentView(x.Name, x.Originals, x.Copies, (int)x.Reused, x.ReuseRef,
                files.Where(f => f.DocumentIndex == i).Select(f => new DossierFileView(f.Id, f.Name, f.Type, f.Size, f.Pages, $"/api/v1/dossiers/{d.Code}/files/{f.Id}")).ToList())).ToList(), d.Sets,
            d.SubmittedAt.ToOffset(Vn), d.ReceivedAt?.ToOffset(Vn), d.TimeLimit.ToString(), d.DueAt?.ToOffset(Vn), d.DueExplanation,
            d.RefusalReason, d.RefusalLegalBasis, d.RegisterNumber, d.FormData, processing, await MotCua.Web.Features.Fees.DossierFees.ReadAsync(db, d.Id, ct),
            await ApplicantVerifications.ReadAsync(db, d.Id, ct)) {
            PortalCode = d.PortalCode,
            ResultDelivery = new(d.ResultDelivery.Method, d.ResultDelivery.Address, d.ResultDelivery.Text),
        };
    }
}
