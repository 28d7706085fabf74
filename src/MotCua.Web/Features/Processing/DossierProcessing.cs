using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Domain.Registers;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Processing;

/// <summary>What an action needs besides the dossier: who acts, when, and the receiving unit's working calendar.</summary>
public sealed record ProcessingContext(Dossier Dossier, Officer Officer, DateTimeOffset Now, WorkingCalendar Calendar, TimeOnly? Cutoff, Agency ReceivingAgency);

/// <summary>What an officer typed for an action, from an API body or a page form; each action reads its own fields.</summary>
public sealed record ActionInput
{
    public string? Note { get; init; }
    public string? Reason { get; init; }
    /// <summary>The legal basis of a refusal to receive an online submission.</summary>
    public string? LegalBasis { get; init; }
    public string? UserName { get; init; }
    public bool SendBack { get; init; }
    public ReturnMethod? Method { get; init; }
    public string? ReceivedBy { get; init; }
    public string? DispatchNumber { get; init; }
    public string? PostalStatus { get; init; }
    public DateTimeOffset? NewDueAt { get; init; }
    /// <summary>Which co-agency task is answered (its step number from 0); by default the officer's agency's first open one.</summary>
    public int? StepIndex { get; init; }
    public IReadOnlyList<SupplementItem> Items { get; init; } = [];
    /// <summary>The amount of a financial obligation, integer VND (issue 14): it raises a payment request.</summary>
    public long? AmountVnd { get; init; }
    /// <summary>What the obligation's amount is (<see cref="ObligationKinds"/>), required with it.</summary>
    public string? ObligationKind { get; init; }
    /// <summary>When the citizen paid a financial obligation (issue 14), ending its pause then; null: now.</summary>
    public DateTimeOffset? PaidAt { get; init; }
    /// <summary>Why the page's typed paid instant could not be read (dd/MM/yyyy HH:mm); refused as field <c>paidAt</c>.</summary>
    public string? PaidAtUnreadable { get; init; }
    /// <summary>Accepting an online dossier whose fee is by case: the 1-based case that applies (<see cref="AcceptanceFee"/>).</summary>
    public int? FeeCase { get; init; }
    /// <summary>Whether accepting requires <see cref="FeeCase"/> for a fee by case (the page: the officer can ask the applicant).</summary>
    public bool FeeCaseRequired { get; init; }
    /// <summary>Accepting an online dossier whose fee could not be read: the officer's amount (<see cref="AcceptanceFee"/>).</summary>
    public AcceptanceOfficerFee? Fee { get; init; }
}

/// <summary>The answer to an action: the changed dossier, or a problem (status, Vietnamese title and detail).</summary>
public sealed record ProcessingOutcome(Dossier? Dossier, int Status, string? Title = null, string? Detail = null)
{
    public bool Succeeded => Dossier is not null;

    /// <summary>The input field the problem is about (e.g. <c>amountVnd</c>), named in the problem's <c>errors</c>.</summary>
    public string? Field { get; init; }

    /// <summary>Every field the problem is about, when the input has several wrong (a supplement request's lines);
    /// <see cref="Field"/> is then the first.</summary>
    public IReadOnlyList<FieldProblem>? Fields { get; init; }

    public static ProcessingOutcome Problem(int status, string title, string detail) => new(null, status, title, detail);

    /// <summary>problem+json; a problem about a field names it in <c>errors</c> and keeps the message as <c>detail</c> too,
    /// as a client that read only the detail before the field was named (trial 16b LOW 5) still does.</summary>
    public IResult ToProblem() => Fields is { Count: > 1 } all
        ? Results.ValidationProblem(all.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()), statusCode: Status, title: Title, detail: Detail)
        : Field is { } field
        ? Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [Detail ?? ""] }, statusCode: Status, title: Title, detail: Detail)
        : Results.Problem(statusCode: Status, title: Title, detail: Detail);
}

/// <summary>Input refused by a Domain rule about one field, after the dossier's own checks allowed the action.</summary>
public sealed class FieldProblemException(FieldProblem problem, IReadOnlyList<FieldProblem>? all = null) : Exception(problem.Message)
{
    public FieldProblem Problem { get; } = problem;

    /// <summary>Every problem of the input, <see cref="Problem"/> first.</summary>
    public IReadOnlyList<FieldProblem> All { get; } = all ?? [problem];
}

/// <summary>
/// One path for every processing action, from the API and from the officer pages alike: an officer who may not see the
/// dossier (<see cref="Dossier.VisibilityFor"/>) gets 404; the aggregate checks status, step, role and agency (403 for a
/// reader who does not hold it); the change, its event
/// and an outbox message are saved in one transaction; the row version makes the second of two concurrent actions fail.
/// </summary>
public sealed class DossierProcessing(MotCuaDb db, CalendarStore calendars, TimeProvider clock, SignerKeys signers)
{
    public const string ConcurrencyMessage = "Hồ sơ vừa được người khác cập nhật; tải lại hồ sơ để xem trạng thái mới rồi thực hiện lại.";

    /// <summary>Takes one action on the dossier with the officer's input.</summary>
    public Task<ProcessingOutcome> PerformAsync(ClaimsPrincipal user, string code, ProcessingAction action, ActionInput input, CancellationToken ct) =>
        RunAsync(user, code, async c =>
        {
            var (d, by, now) = (c.Dossier, c.Officer, c.Now);
            // The role before the content, as on every bound route: an officer who may not act is told so (403, 409 at the
            // wrong stage) before the checks below of what they sent (assign's userName, return's method, the extension's
            // newDueAt were 422 to anyone). Refused before this, by the endpoint, only a body that cannot be read or breaks
            // its bounds (bad JSON, a wrong type, a null list line, a text over the limit: ApiProblemTests, BoundedInputTests).
            d.Ensure(action == ProcessingAction.CompleteStep && input.SendBack ? ProcessingAction.SendBack : action, by);
            switch (action)
            {
                case ProcessingAction.AcceptOnline:
                    d.AcceptOnline(by, now);
                    // Issue 14, tenth trial: a fee by case or unread is fixed now, with its payment request, as at the desk.
                    await AcceptanceFee.FixAsync(db, d, input.FeeCase, input.Fee, input.FeeCaseRequired, by, now, ct);
                    var year = VietnamTime.DateOf(now).Year;
                    d.EnterInRegister(year, await RegisterCounters.NextAsync(db, d.ReceivingAgencyId, year, ct));
                    await RegisterBookEntries.EnterAsync(db, d, EntryAct.Receipt, now, by.Actor, ct);
                    break;
                case ProcessingAction.RefuseOnline:
                    d.RefuseOnline(input.Reason ?? "", input.LegalBasis ?? "", by, now);
                    break;
                case ProcessingAction.Transfer:
                    d.Transfer(await ProcessForAsync(d, c.ReceivingAgency, ct), c.Calendar, c.Cutoff, by, now);
                    break;
                case ProcessingAction.Assign:
                    var assignee = (await AssigneesAsync(d, ct)).FirstOrDefault(u => u.UserName == input.UserName?.Trim())
                        ?? throw new DossierStateException("Chọn một chuyên viên của đơn vị đang giải quyết hồ sơ.", field: "userName");
                    d.Assign(assignee.Id, assignee.FullName, c.Calendar, by, now);
                    break;
                case ProcessingAction.CompleteStep or ProcessingAction.SendBack:
                    d.CompleteStep(input.Note ?? "", input.SendBack || action == ProcessingAction.SendBack, c.Calendar, by, now);
                    break;
                case ProcessingAction.Approve:
                    d.Approve(input.Note, c.Calendar, by, now);
                    await RequireSignerAsync(by, ct);
                    // The civil-status act is registered, the copy or contract certified: the official books number it now.
                    await RegisterBookEntries.EnterAsync(db, d, EntryAct.Approval, now, by.Actor, ct);
                    break;
                case ProcessingAction.RefuseOnMerits:
                    d.RefuseOnMerits(input.Reason ?? "", c.Calendar, by, now);
                    await RequireSignerAsync(by, ct);
                    break;
                case ProcessingAction.ResultReady:
                    d.ResultReady(by, now);
                    break;
                case ProcessingAction.Return:
                    var method = input.Method ?? throw new DossierStateException("Chọn cách trả kết quả: tại quầy (desk), qua bưu chính (post) hoặc trực tuyến (electronic).", field: "method");
                    d.Return(new ReturnDetails(method, input.ReceivedBy, input.DispatchNumber, input.PostalStatus), by, now);
                    break;
                case ProcessingAction.RequestSupplement:
                    // Every wrong line at once (fresh trial 16f LOW G), after the role above (a role that may not act is told
                    // so whatever it sent: ProcessingRoleBeforeContentTests).
                    if (Dossier.SupplementLineProblems(input.Items) is [var (line, problem), ..] lines)
                        throw new FieldProblemException(new FieldProblem(line, problem), [.. lines.Select(l => new FieldProblem(l.Field, l.Message))]);
                    d.RequestSupplement(input.Items, c.Calendar, c.Cutoff, by, now);
                    await AttachSupplementNoticeAsync(d, by, now, ct);
                    break;
                case ProcessingAction.SupplementReceived:
                    d.SupplementReceived(c.Calendar, c.Cutoff, by, now);
                    break;
                case ProcessingAction.RequireFinancialObligation:
                    d.RequireFinancialObligation(input.Note ?? "", by, now);
                    await RaiseObligationRequestAsync(d, input.AmountVnd, input.ObligationKind?.Trim(), input.Note, by, now, ct);
                    break;
                case ProcessingAction.PaymentReceived:
                    // The officer's record that the obligation was met (paid at the tax office or treasury): it ends the
                    // pause at the paid instant, issues no receipt and marks the pause's own open requests paid elsewhere.
                    if (input.PaidAtUnreadable is { } unreadable) throw new FieldProblemException(new FieldProblem("paidAt", unreadable));
                    if (d.PaidAtProblem(input.PaidAt, now) is { } paidAtProblem) throw new FieldProblemException(paidAtProblem);
                    var pauseFrom = d.Pauses.Single(p => p.To is null).From;
                    d.PaymentReceived(input.Note, c.Calendar, c.Cutoff, by, now, input.PaidAt);
                    // The obligation's own requests are met elsewhere: no longer payable here (brief fees39).
                    await MotCua.Web.Features.Payments.RequestClosing.RecordPaidElsewhereAsync(db, d.Id, pauseFrom,
                        d.Pauses.Last(p => p.From == pauseFrom).To!.Value, by.Actor.UserId, ct);
                    break;
                case ProcessingAction.Extend:
                    d.Extend(input.Reason ?? "", input.NewDueAt ?? throw new DossierStateException("Chọn ngày hẹn trả kết quả mới.", field: "newDueAt"), c.Calendar, by, now);
                    break;
                case ProcessingAction.Withdraw:
                    d.Withdraw(input.Reason ?? "", by, now);
                    break;
                case ProcessingAction.Stop:
                    d.Stop(input.Reason ?? "", by, now);
                    break;
                case ProcessingAction.CompleteCoAgencyTask:
                    var task = input.StepIndex ?? d.CoAgencyTasks.FirstOrDefault(t => t.IsOpen && t.AgencyId == by.AgencyId)?.StepIndex ?? -1;
                    d.CompleteCoAgencyTask(task, input.Note ?? "", by, now);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(action), action, null);
            }
        }, ct);

    private async Task<ProcessingOutcome> RunAsync(ClaimsPrincipal user, string code, Func<ProcessingContext, Task> act, CancellationToken ct)
    {
        if (Claims.OfficerOf(user) is not { } officer)
            return ProcessingOutcome.Problem(StatusCodes.Status403Forbidden, "Không có quyền", "Chỉ cán bộ, công chức đăng nhập mới thực hiện được thao tác xử lý hồ sơ.");
        var dossier = await db.Dossiers.Include(d => d.Events.OrderBy(e => e.Id)).FirstOrDefaultAsync(d => d.Code == code, ct);
        if (dossier is null || !DossierAccess.CanRead(user, dossier))
            return ProcessingOutcome.Problem(StatusCodes.Status404NotFound, "Không tìm thấy", $"Không tìm thấy hồ sơ {Problems.Echo(code)} hoặc bạn không có quyền xem.");
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == dossier.ReceivingAgencyId, ct);
        var cutoff = await db.AgencyProcedures.AsNoTracking()
            .Where(a => a.AgencyId == agency.Id && a.ProcedureCode == dossier.ProcedureCode).Select(a => a.Cutoff).FirstOrDefaultAsync(ct);
        var context = new ProcessingContext(dossier, officer, clock.GetUtcNow(), await calendars.ForAsync(agency, ct), cutoff, agency);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var wasClosed = PaymentMatching.IsClosed(dossier);
            await act(context);
            // Issue 14: a dossier refused, withdrawn or stopped owes nothing more: its open requests close with it, in this
            // transaction (the one write every path that ends a dossier takes).
            await MotCua.Web.Features.Payments.RequestClosing.CloseWithDossierAsync(db, dossier, wasClosed, context.Now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new ProcessingOutcome(dossier, StatusCodes.Status200OK);
        }
        catch (DossierStateException e)
        {
            db.ChangeTracker.Clear();
            return e.Refusal switch
            {
                DossierRefusal.WrongState => ProcessingOutcome.Problem(StatusCodes.Status409Conflict, "Không phù hợp với trạng thái hồ sơ", e.Message),
                DossierRefusal.NotPermitted => ProcessingOutcome.Problem(StatusCodes.Status403Forbidden, "Không có quyền", e.Message),
                _ => ProcessingOutcome.Problem(StatusCodes.Status422UnprocessableEntity, "Dữ liệu không hợp lệ", e.Message) with { Field = e.Field },
            };
        }
        catch (FieldProblemException e)
        {
            db.ChangeTracker.Clear();
            return ProcessingOutcome.Problem(StatusCodes.Status422UnprocessableEntity, "Dữ liệu không hợp lệ", e.Problem.Message) with { Field = e.Problem.Field, Fields = e.All };
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ProcessingOutcome.Problem(StatusCodes.Status409Conflict, "Xung đột cập nhật", ConcurrencyMessage);
        }
        catch (SigningKeyUnavailableException e)
        {
            db.ChangeTracker.Clear();
            return ProcessingOutcome.Problem(StatusCodes.Status409Conflict, "Chưa có chứng thư số để ký", e.Message);
        }
    }

    // Issue 14: the financial obligation's payment request (Domain PaymentRequests.ObligationAmount), saved with the
    // pause; its QR pays into the receiving agency's active collection account, none without one.
    private async Task RaiseObligationRequestAsync(Dossier d, long? amountVnd, string? kind, string? note, Officer by, DateTimeOffset now, CancellationToken ct)
    {
        var hasOpen = await db.PaymentRequests.AnyAsync(r => r.DossierId == d.Id && r.Status == "open", ct);
        var (amount, problem) = PaymentRequests.ObligationAmount(amountVnd, hasOpen);
        if (problem is not null) throw new FieldProblemException(problem);
        if (amount is not { } due) return;
        if (PaymentRequests.ObligationKindProblem(kind) is { } kindProblem) throw new FieldProblemException(kindProblem);
        // The item records what the money is, for the receipt (phí or lệ phí) and the register; a levy gets no receipt.
        var items = System.Text.Json.JsonSerializer.SerializeToDocument(new[]
        {
            new { name = string.IsNullOrWhiteSpace(note) ? ObligationKinds.Label(kind!) : note.Trim(), kind, amountVnd = due },
        });
        var account = await MotCua.Web.Features.Payments.RequestsRead.ActiveAccountAsync(db, d.ReceivingAgencyId, ct);
        // Its own transfer description ("NVTC <n> <code>"), so a transfer for it is not taken for the intake fee.
        var number = await db.PaymentRequests.CountAsync(r => r.DossierId == d.Id && r.Reason == PaymentRequestReasons.FinancialObligation, ct) + 1;
        var purpose = PaymentRequests.ObligationPurposeOf(d.Code, number);
        db.PaymentRequests.Add(new PaymentRequestRow
        {
            DossierId = d.Id, Reason = PaymentRequestReasons.FinancialObligation, AmountVnd = due, Items = items,
            AccountId = account?.Id, Purpose = purpose, Vietqr = PaymentRequests.QrFor(purpose, due, account),
            Status = "open", CreatedAt = now, CreatedBy = by.Actor.UserId,
        });
    }

    // The leader who decides signs the result with their own certificate (ProcessingEndpoints' result.pdf): a decision
    // that could not be signed is refused, after the Domain allowed it (so who may not decide hears that instead) and
    // before anything is saved, rather than signed by the deployment's certificate in the leader's name.
    private async Task RequireSignerAsync(Officer by, CancellationToken ct)
    {
        if (await signers.RefusalAsync(by.Actor.UserId, ct) is { } why) throw new SigningKeyUnavailableException(why);
    }

    /// <summary>
    /// The process the dossier follows: the receiving agency's adopted one with its agency codes resolved, or the default
    /// (with an assignment step except at a commune, which has no departments).
    /// </summary>
    public async Task<IReadOnlyList<PlannedStep>> ProcessForAsync(Dossier dossier, Agency receiving, CancellationToken ct)
    {
        var adopted = await db.AgencyProcedures.AsNoTracking()
            .Where(a => a.AgencyId == receiving.Id && a.ProcedureCode == dossier.ProcedureCode).Select(a => a.Process).FirstOrDefaultAsync(ct);
        if (adopted is null) return DefaultProcess.For(dossier.TimeLimit, receiving.Id, withAssignment: receiving.Kind != AgencyKinds.Commune);
        var codes = adopted.Steps.Select(s => s.AgencyCode).OfType<string>().Distinct().ToList();
        var ids = await db.Agencies.AsNoTracking().Where(a => codes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Id, ct);
        if (codes.FirstOrDefault(c => !ids.ContainsKey(c)) is { } unknown)
            throw new DossierStateException($"Quy trình nội bộ nêu cơ quan mã {unknown} nhưng không tìm thấy cơ quan này; quản trị cần sửa quy trình.");
        return [.. adopted.Steps.Select(s => new PlannedStep(s.Name, s.Kind, s.Performer, s.Allowance, s.MaySendBack,
            s.AgencyCode is { } code ? ids[code] : receiving.Id))];
    }

    /// <summary>The specialists an assignment may name: officers of the agency holding the dossier.</summary>
    public Task<List<User>> AssigneesAsync(Dossier dossier, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.AgencyId == dossier.CurrentAgencyId && u.Role == Roles.Specialist).OrderBy(u => u.FullName).ToListAsync(ct);

    /// <summary>Mẫu 02 during appraisal is printed like the desk's: a supplement_notices row the dossier points at, and
    /// that points back at the dossier (whose code and receipt it prints).</summary>
    public async Task<long> AttachSupplementNoticeAsync(Dossier dossier, Officer officer, DateTimeOffset now, CancellationToken ct)
    {
        // The id is taken first so the dossier can point at the notice in the same save.
        var id = (await db.Database.SqlQuery<long>($"SELECT nextval('supplement_notices_id_seq') AS \"Value\"").ToListAsync(ct)).Single();
        var notice = new SupplementNotice
        {
            Id = id,
            AgencyId = dossier.ReceivingAgencyId,
            ProcedureCode = dossier.ProcedureCode,
            ApplicantFullName = dossier.Applicant.FullName,
            ApplicantPhone = dossier.Applicant.Phone,
            ApplicantKind = dossier.Applicant.Kind,
            ApplicantIdNumber = dossier.Applicant.IdNumber.Length == 0 ? null : dossier.Applicant.IdNumber,
            ApplicantRepresentative = dossier.Applicant.Representative,
            ApplicantAddress = dossier.Applicant.Address,
            ApplicantEmail = dossier.Applicant.Email,
            DossierId = dossier.Id,
            Items = dossier.SupplementItems,
            OfficerUserId = officer.Actor.UserId,
            CreatedAt = now,
        };
        db.SupplementNotices.Add(notice);
        db.Entry(dossier).Property(ProcessingModel.SupplementNoticeId).CurrentValue = id;
        return id;
    }
}
