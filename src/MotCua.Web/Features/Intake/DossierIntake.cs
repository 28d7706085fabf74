using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Identity;
using MotCua.Domain.Messages;
using MotCua.Domain.Registers;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Catalog;
using Npgsql;

namespace MotCua.Web.Features.Intake;

/// <summary>
/// One path for every intake: read what it needs in one statement, validate, compute the due date with the agency's
/// working calendar, and write the dossier with its code serial, register line, first event and outbox message in
/// another.
/// </summary>
public sealed partial class DossierIntake(MotCuaDb db, NpgsqlDataSource data, CalendarStore calendars, TimeProvider clock, FileStoreOptions files)
{
    /// <summary>The error key of the desk's <c>incomplete</c> refusal (<see cref="ReceiveAsync"/>).</summary>
    public const string IncompleteKey = "receiveIncomplete";

    /// <summary>
    /// Receives (or refuses, with Mẫu 03) a dossier. <paramref name="officer"/> is the officer at the desk, checked by
    /// <see cref="Dossier.CheckIntake"/> before anything is read or written; null for an integrated system, which the API
    /// authenticates by its key. <paramref name="feeCaseRequired"/> (the desk, where the officer can ask the applicant)
    /// refuses, keyed <c>feeCase</c>, a dossier whose channel fee is by case with no case chosen; an API client may leave
    /// it out and the fee is fixed as unplaced. A fee the text could not be read to is fixed by the officer's amount when one is
    /// given (<see cref="IntakeRequest.Fee"/>, Domain <c>OfficerFee</c>; 422 keyed <c>fee.amountVnd</c>, <c>fee.kind</c>,
    /// <c>fee.note</c>), else it stays unplaced and Mẫu 01 says the agency fixes it.
    /// <paramref name="applicantVerified"/>: the applicant's data was read from the national population database (a citizen
    /// signed in by VNeID, or the desk's lookup token for this CCCD and name), so a line the list exempts in that case does not
    /// count as required (<see cref="Dossier.CheckDocumentsHandedIn"/>). <paramref name="portal"/> (a dossier pushed by the National Portal) records
    /// the portal's code and account and each document's file, digitised and reused flags, in the same statement. When the
    /// caller has a transaction open on the context, the dossier is written in it (<see cref="IntakeWrite.WriteAsync"/>) and a
    /// concurrent use of the same Idempotency-Key raises its unique violation to the caller, who rolls back and asks again.
    /// <paramref name="incomplete"/>: the desk's <see cref="MotCua.Domain.Digitisation.DocumentChecklist.CheckComplete"/> refusal
    /// (required lines not handed in, not confirmed), answered as an error keyed <see cref="IncompleteKey"/> with the others;
    /// null for the API, which receives as the system sends (docs/FILES.md). <paramref name="missingDocuments"/>: the names of
    /// the required lines the officer received the dossier without, the box "Vẫn tiếp nhận khi còn thiếu giấy tờ" ticked
    /// (<see cref="MotCua.Domain.Digitisation.DocumentChecklist.MissingRequired"/>), kept on its intake event
    /// (<see cref="DossierEvent.MissingDocuments"/>, migration 0122); null or empty otherwise.
    /// </summary>
    public async Task<IntakeOutcome> ReceiveAsync(IntakeRequest request, Actor actor, IntakeDecision decision = IntakeDecision.Receive,
        string? refusalReason = null, string? refusalLegalBasis = null, string? idempotencyKey = null, string? requestHash = null,
        Officer? officer = null, CancellationToken ct = default, bool feeCaseRequired = false, PortalIntake? portal = null, bool applicantVerified = false,
        string? incomplete = null, IReadOnlyList<string>? missingDocuments = null)
    {
        var now = clock.GetUtcNow();
        var errors = IntakeValidation.Validate(request, now);
        // The desk's refusal of a dossier missing required lines the officer did not confirm (DocumentChecklist.CheckComplete,
        // CIT35 LOW 6), among the other errors so the officer sees every problem at once.
        if (incomplete is not null && decision == IntakeDecision.Receive) errors.TryAdd(IncompleteKey, [incomplete]);
        var agencyCode = request.AgencyCode?.Trim() ?? "";
        var procedureCode = request.ProcedureCode?.Trim() ?? "";
        var found = await ReadAsync(agencyCode, procedureCode, actor.ClientId, KeyOfficer(actor), KeyCitizen(actor), idempotencyKey, ct);
        if (idempotencyKey is not null && found.Answered && await ReplayAsync(actor, idempotencyKey, requestHash!, ct) is { } replay)
            return replay;
        var (agency, version) = (found.Agency, found.Version);
        if (officer is not null && Dossier.CheckIntake(officer, agency?.Id ?? officer.AgencyId ?? 0) is { } refusal)
            return new IntakeOutcome(null, null, Forbidden: refusal.Message);
        if (agency is null && agencyCode.Length > 0)
            errors.TryAdd("agencyCode", [$"Không tìm thấy cơ quan có mã '{request.AgencyCode}'."]);
        else if (agency is { ReceivesDossiers: false })
            errors.TryAdd("agencyCode", [await WhyNotReceivingAsync(agency, ct)]);

        (ProcedureSpec Spec, int Version)? procedure = null;
        if (procedureCode.Length > 0)
        {
            if (version is not { } v)
                errors.TryAdd("procedureCode", [$"Không tìm thấy thủ tục có mã '{request.ProcedureCode}'."]);
            else
            {
                procedure = (await ProcedureSpecs.LoadVersionAsync(db, procedureCode, v, ct), v);
                if (agency is { ReceivesDossiers: true } && found.Adoption is null)
                    errors.TryAdd("procedureCode", [$"{agency.Name} không tiếp nhận thủ tục {procedureCode}."]);
            }
        }
        // The e-form the procedure declares is collected with the dossier, so registers and reports never ask for it again.
        // A refused dossier keeps none: nothing will be done with it.
        IReadOnlyDictionary<string, string>? formValues = null;
        // A chứng thực fee by the e-form's counts adds its count fields when the procedure's own e-form lacks them (CountedFees).
        if (procedure is { Spec: var spec } && decision == IntakeDecision.Receive)
        {
            var submittedForm = request.FormData ?? new Dictionary<string, string?>();
            var formFields = CountedFees.FormOf(spec);
            if (formFields.Count == 0 && submittedForm.Count > 0)
                errors.TryAdd("formData", ["Thủ tục này không có tờ khai điện tử; không gửi kèm formData."]);
            else if (formFields.Count > 0)
            {
                var (values, formErrors) = EForm.Validate(formFields, submittedForm, VietnamTime.DateOf(now));
                foreach (var (field, messages) in formErrors) errors.TryAdd($"formData.{field}", messages);
                formValues = values;
            }
        }
        if (procedure is { Spec: var listed } && decision == IntakeDecision.Receive && request.Documents is { } handedIn
            && Dossier.CheckDocumentsHandedIn(listed, Domain.Dossiers.Channels.Parse(request.Channel) ?? Channel.Direct, handedIn.Count, applicantVerified) is { } noDocuments)
            errors.TryAdd("documents", [noDocuments]);
        // The length of a name is checked against the procedure's published list: the catalogue's own names never block intake.
        for (var i = 0; i < (request.Documents?.Count ?? 0); i++)
            if (DocumentNames.Problem(request.Documents![i]?.Name, procedure?.Spec) is { } nameProblem)
                errors.TryAdd($"documents[{i}].name", [nameProblem]);
        if (decision == IntakeDecision.Refuse && string.IsNullOrWhiteSpace(refusalReason))
            errors.TryAdd("refusalReason", ["Vui lòng nêu rõ lý do từ chối tiếp nhận."]);

        var parsedChannel = Domain.Dossiers.Channels.Parse(request.Channel);
        // Only a channel the catalogue publishes for the procedure: an online dossier of a direct-only procedure has no
        // time limit or fee of its own to fix (trial of issue 14); nothing else is checked for it.
        if (procedure is { Spec: var offered } && parsedChannel is { } asked && !offered.PublishedChannels.Contains(asked))
        {
            errors.TryAdd("channel", [$"Thủ tục {offered.Code} không công bố hình thức nộp \"{asked.Vietnamese()}\"; hình thức được công bố: "
                + string.Join(", ", offered.PublishedChannels.Select(c => c.Vietnamese().ToLowerInvariant())) + "."]);
            return new IntakeOutcome(null, errors);
        }
        // Issue 17 (cit31): the applicant's choice of how to receive the result; absent, the channel's default. A refused
        // dossier returns nothing, so its choice is never refused.
        ResultDelivery? delivery = null;
        if (parsedChannel is { } receivedBy && decision == IntakeDecision.Receive)
        {
            var (chosen, field, problem) = ResultDelivery.Choose(receivedBy, request.ResultDelivery,
                request.ResultAddress is null ? null : IntakeValidation.Nfc(request.ResultAddress),
                request.Applicant?.Address is { } typed ? IntakeValidation.Nfc(typed) : null);
            if (problem is not null) errors.TryAdd(field!, [problem]);
            delivery = chosen;
        }
        var terms = procedure is { } p && parsedChannel is { } c ? ProcedureSpecs.TimeTermsFor(p.Spec, c) : null;
        var timeCase = request.TimeCase ?? 0;
        TimeLimit? published = null;
        string? condition = null;
        if (terms is not null && (timeCase < 0 || timeCase > terms.Cases.Count))
            errors.TryAdd("timeCase", [terms.Cases.Count == 0
                ? "Thủ tục không công bố trường hợp riêng về thời hạn cho kênh này; bỏ timeCase hoặc để 0."
                : $"Trường hợp về thời hạn phải từ 0 (thời hạn chung) đến {terms.Cases.Count}."]);
        else if (terms is not null)
        {
            published = terms.LimitOfCase(timeCase);
            condition = timeCase == 0 ? null : terms.Cases[timeCase - 1].Condition ?? terms.Cases[timeCase - 1].TimeText;
            if (published is null && timeCase > 0) errors.TryAdd("timeCase", ["Trường hợp này chưa công bố thời hạn giải quyết; chọn trường hợp khác."]);
        }
        if (procedure is not null && parsedChannel is not null && published is null)
            errors.TryAdd("procedureCode", ["Thủ tục chưa công bố thời hạn giải quyết; không thể hẹn ngày trả kết quả."]);
        if (request.CompetentReceivedAt is { } competent && competent < (request.SubmittedAt ?? now))
            errors.TryAdd("competentReceivedAt", ["Cơ quan có thẩm quyền không thể nhận hồ sơ trước khi nơi tiếp nhận nhận hồ sơ."]);
        // Issue 14: the fee, fixed by the one Domain rule from the adopted version's channel, the day and the unit's local fee.
        FixedFee? fee = null;
        if (request.FeeExemption is { } exempt && (string.IsNullOrWhiteSpace(exempt.Reason) || string.IsNullOrWhiteSpace(exempt.LegalBasis)))
        {
            // Each empty half is named, so a client fixes both in one round (trial 14m, LOW 2).
            if (string.IsNullOrWhiteSpace(exempt.Reason)) errors.TryAdd("feeExemption.reason", ["Miễn phí, lệ phí phải nêu rõ lý do."]);
            if (string.IsNullOrWhiteSpace(exempt.LegalBasis)) errors.TryAdd("feeExemption.legalBasis", ["Miễn phí, lệ phí phải nêu rõ căn cứ pháp lý."]);
        }
        else if (procedure is { Spec: var priced } && parsedChannel is { } feeChannel && found.Adoption is { } adopted && decision == IntakeDecision.Receive)
        {
            var rules = priced.Channels.FirstOrDefault(c => c.Channel == feeChannel) is { } own ? FeeTextReader.Read(priced, own) : null;
            // A case chosen where the unit's local fee applies would not be charged: said, never ignored (fourteenth trial, LOW 14).
            if (request.FeeCase is not null && adopted.Fee is { } localFee)
                errors.TryAdd("feeCase", [$"Cơ quan áp dụng mức phí, lệ phí riêng ({MotCua.Domain.Text.TypedMoney.Format((long)localFee)} đồng) cho thủ tục này, không thu theo trường hợp; bỏ feeCase."]);
            else if (request.FeeCase is { } feeCase && (rules is not { ByCase: true } || feeCase < 1 || feeCase > rules.Items.Count))
                errors.TryAdd("feeCase", [rules is { ByCase: true }
                    ? $"Trường hợp thu phí phải từ 1 đến {rules.Items.Count}."
                    : "Thủ tục không công bố phí theo trường hợp cho kênh này; bỏ feeCase."]);
            else if (feeCaseRequired && request.FeeCase is null && rules is { ByCase: true } && adopted.Fee is null)
                errors.TryAdd("feeCase", ["Thủ tục thu phí, lệ phí theo trường hợp: chọn trường hợp áp dụng cho hồ sơ này."]);
            else if (FeeQuantityError(request.FeeItems, rules, request.FeeCase) is { } quantityError)
                errors.TryAdd(quantityError.Field, [quantityError.Message]);
            else
                fee = DossierFee.Fix(rules, feeChannel, VietnamTime.DateOf(request.SubmittedAt ?? now), adopted.Fee is { } local ? (long)local : null,
                    adopted.FeeText, request.FeeExemption is { } e ? new FeeExemption(IntakeValidation.Nfc(e.Reason!), IntakeValidation.Nfc(e.LegalBasis!)) : null,
                    request.FeeCase, request.FeeItems?.ToDictionary(q => q.Item, q => q.Quantity), formValues, priced.Channels.FirstOrDefault(c => c.Channel == feeChannel)?.FeeText,
                    DossierFee.LocalKindOf(adopted.FeeKind), priced.Name);
            // Seventh round fixes: a fee the text could not be read to is fixed by the officer when given (Domain OfficerFee).
            // Never required: many such fees are set during processing (a financial obligation), and intake must not stop on them.
            if (fee is { Source: FeeSource.Unplaced } && request.Fee is not null)
            {
                var (typed, problems) = OfficerFee.Validate(request.Fee?.AmountVnd, request.Fee?.Kind, IntakeValidation.Nfc(request.Fee?.Note ?? ""));
                foreach (var problem in problems) errors.TryAdd(problem.Field, [problem.Message]);
                fee = typed?.Apply(fee, procedure?.Spec.Name) ?? fee;
            }
            else if (fee is not null && request.Fee is not null)
                errors.TryAdd("fee", ["Phí, lệ phí của thủ tục đã xác định được từ văn bản công bố (hoặc mức đơn vị quy định): bỏ mục phí do cán bộ xác định."]);
        }
        // Issue 17: files uploaded before and named by the documents; a refused dossier keeps none.
        var staged = decision == IntakeDecision.Receive ? await StagedFilesAsync(request.Documents, request.Applicant?.IdNumber, agency?.Id ?? 0, actor, now,
            procedure?.Spec.Documents.Count(d => d.Kind == DocumentLineKind.Document && !d.MustPresentOnly) ?? 0, errors, ct) : [];
        if (errors.Count > 0)
        {
            // A concurrent request with the same key may have taken these staged files since the key was looked up: its answer
            // is this one's (two taps, two connections, one dossier).
            if (idempotencyKey is not null && await ReplayAsync(actor, idempotencyKey, requestHash!, ct) is { } first) return first;
            return new IntakeOutcome(null, errors);
        }

        var channel = parsedChannel!.Value;
        var submittedAt = request.SubmittedAt ?? now;
        var calendar = await calendars.ForAsync(agency!.OfficeHours, agency.Cutoff, ct);
        var adoption = found.Adoption!;
        var effective = EffectiveTimeLimit.Of(procedure!.Value.Spec, channel, adoption.TimeLimit, calendar, timeCase)!.Value;
        var due = calendar.ComputeDue(DueStart.CountFrom(submittedAt, request.CompetentReceivedAt), effective, channel, adoption.Cutoff);
        var reference = new ProcedureRef(procedure.Value.Spec.Code, procedure.Value.Version, procedure.Value.Spec.Name, effective, condition);
        var applicant = IntakeValidation.Clean(request.Applicant!);
        var documents = request.Documents!.Select((d, i) =>
        {
            var document = new ReceivedDocument(IntakeValidation.Nfc(d.Name!), d.Original, d.Copies,
                (Domain.Identity.ReuseSource)d.Reused, d.Reused > 0 ? IntakeValidation.Nfc(d.ReuseRef!) : null);
            return portal?.Documents.ElementAtOrDefault(i) is { } file
                ? document with { FileUrl = file.FileUrl, Digitised = file.Digitised, Reused = (Domain.Identity.ReuseSource)file.Reused }
                : document;
        }).ToList();

        var entersRegister = decision == IntakeDecision.Receive && channel != Channel.Online;
        var receivedOn = VietnamTime.DateOf(submittedAt);
        // No code yet: the database numbers the dossier as it stores it (see IntakeWrite).
        var dossier = decision == IntakeDecision.Refuse
            ? Dossier.RefuseAtDesk("", agency.Id, reference, channel, applicant, documents, submittedAt, IntakeValidation.Nfc(refusalReason!), IntakeValidation.Nfc(refusalLegalBasis ?? ""), actor, now)
            : channel == Channel.Online
                ? Dossier.SubmitOnline("", agency.Id, reference, applicant, documents, submittedAt, due, actor, now, formValues, request.CompetentReceivedAt)
                : Dossier.Receive("", agency.Id, reference, channel, applicant, documents, request.Sets ?? 1, submittedAt, due, actor, now, formValues,
                    request.CompetentReceivedAt, missingDocuments);
        if (portal is not null) dossier.PushedByPortal(portal.PortalCode, portal.AccountId);
        if (delivery is not null) dossier.ChooseResultDelivery(delivery);
        dossier.AgreeToNotifications(request.Notifications is { } n ? new NotificationConsent(n.Sms, n.Zalo, n.Email) : NotificationConsent.Default);
        try
        {
            var (code, line) = await IntakeWrite.For(db.Model).WriteAsync(db, data, dossier, agency.Code, receivedOn, entersRegister, idempotencyKey, requestHash, fee,
                OfficialBooks.Entering(reference.Code, procedure.Value.Spec.Field, EntryAct.Receipt).SingleOrDefault(), staged,
                await VerifiedByVneIdAsync(actor, request.Applicant, ct), ct);
            dossier.Numbered(code, line is null ? null : receivedOn.Year, line);
        }
        catch (PostgresException e) when (idempotencyKey is not null && db.Database.CurrentTransaction is null
            && e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "idempotency_keys_once" })
        {
            // A concurrent retry with the same key won; nothing of this one was written. Answer with its dossier. Inside a
            // caller's transaction (a portal push) the violation aborted it: the caller rolls back and asks again.
            return (await ReplayAsync(actor, idempotencyKey, requestHash!, ct))!;
        }
        catch (PostgresException e) when (e.SqlState == IntakeWrite.StagedFilesGone)
        {
            // Checked above, then expired or taken by a concurrent intake before the write: nothing was written. That intake
            // may be a retry with the same key (outside a caller's transaction, which this failure aborted): its answer.
            if (idempotencyKey is not null && db.Database.CurrentTransaction is null && await ReplayAsync(actor, idempotencyKey, requestHash!, ct) is { } first)
                return first;
            return IntakeOutcome.Invalid("documents", "Một tệp đã tải lên vừa hết hạn hoặc vừa được gắn vào hồ sơ khác; hãy tải lên lại.");
        }
        return new IntakeOutcome(dossier, null);
    }

    /// <summary>
    /// The staged files the documents name (<c>documents[i].stagedFiles</c>, issue 17), in order: each must be the
    /// actor's own upload (an officer's, a citizen's or an integrated system's), for a submission or a desk scan, not
    /// yet expired (<c>Motcua:Files:StagedHours</c>) nor used, and named once; else an error keyed
    /// <c>documents[i].stagedFiles[j]</c> that says nothing of whose it is. The dossier's file count and bytes are held
    /// to <see cref="Domain.Files.UploadLimits.CheckDossier"/> (keyed <c>documents</c>), whose file count grows with the
    /// procedure's <paramref name="documentLines"/> (<see cref="Domain.Files.UploadLimits.FilesAllowed"/>).
    /// </summary>
    private async Task<IReadOnlyList<StagedUse>> StagedFilesAsync(IReadOnlyList<IntakeDocument?>? documents, string? applicantIdNumber, int agencyId, Actor actor,
        DateTimeOffset now, int documentLines, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var named = (documents ?? []).SelectMany((d, i) => (d?.StagedFiles ?? []).Select((id, j) => (Id: id, Index: i, Position: j, d!.Name))).ToList();
        if (named.Count == 0) return [];
        var ids = named.Select(n => n.Id).Distinct().ToList();
        var rows = await db.StagedFiles.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Join(db.StoredFiles, s => s.Sha256, f => f.Sha256, (s, f) => new
            {
                s.Id, s.OwnerUserId, s.OwnerCitizenId, s.OwnerClientId, s.ExpiresAt, s.DossierId, s.Purpose, f.Size,
                ReusedOwner = db.DossierFiles.Where(o => o.Id == s.ReusedFromId).Select(o => o.OwnerIdNumber).FirstOrDefault(),
                ReusedName = db.DossierFiles.Where(o => o.Id == s.ReusedFromId).Select(o => o.DocumentName).FirstOrDefault(),
                ReusedAgency = db.DossierFiles.Where(o => o.Id == s.ReusedFromId)
                    .Select(o => db.Dossiers.Where(d => d.Id == o.DossierId).Select(d => (int?)d.ReceivingAgencyId).FirstOrDefault()).FirstOrDefault(),
                Reused = s.ReusedFromId != null,
            })
            .ToDictionaryAsync(s => s.Id, ct);
        var seen = new HashSet<long>();
        var uses = new List<StagedUse>();
        long bytes = 0;
        foreach (var (id, index, position, name) in named)
        {
            var key = $"documents[{index}].stagedFiles[{position}]";
            var owned = rows.TryGetValue(id, out var row) && row.DossierId is null && row.Purpose != FilePurpose.Supplement && row.ExpiresAt > now
                && (actor.CitizenId is { } citizen ? row.OwnerCitizenId == citizen
                    : actor.ClientId is { } client ? row.OwnerClientId == client
                    : actor.UserId is { } user && row.OwnerUserId == user);
            if (!owned)
                errors.TryAdd(key, ["Tệp đã tải lên không dùng được: không tìm thấy, đã hết hạn hoặc đã được dùng; hãy tải lên lại."]);
            else if (!seen.Add(id))
                errors.TryAdd(key, ["Mỗi tệp chỉ gắn vào hồ sơ một lần."]);
            // A reused file ("Dùng lại") was offered for the CCCD typed then; the applicant must still be that citizen.
            else if (row!.Reused && row.ReusedOwner != applicantIdNumber?.Trim())
                errors.TryAdd(key, ["Giấy tờ dùng lại thuộc người có số định danh khác với người nộp hồ sơ này: bỏ giấy tờ đó hoặc sửa số định danh."]);
            // And it comes from a dossier this unit received (DeskDigitisation.EarlierFilesAsync, docs/FILES.md "Reuse").
            else if (row.Reused && row.ReusedAgency != agencyId)
                errors.TryAdd(key, ["Chỉ dùng lại được giấy tờ của hồ sơ do chính đơn vị này tiếp nhận: bỏ giấy tờ đó."]);
            // Nor about another person than the applicant (a child's birth certificate, a death): the number does not say
            // which person (trial 17t MEDIUM 3; the page hides the offer, this holds for a crafted or stale form).
            else if (row.Reused && (Domain.Digitisation.DocumentSubject.IsAboutAnotherPerson(name) || Domain.Digitisation.DocumentSubject.IsAboutAnotherPerson(row.ReusedName)))
                errors.TryAdd(key, [Domain.Digitisation.DocumentSubject.ReuseRefusal(name ?? row.ReusedName ?? "")]);
            else
            {
                bytes += row!.Size;
                uses.Add(new StagedUse(id, index, IntakeValidation.Nfc(name ?? "")));
            }
        }
        if (files.Limits.CheckDossier(0, 0, uses.Count, bytes, documentLines) is { } tooMuch) errors.TryAdd("documents", [tooMuch.Message]);
        return uses;
    }

    /// <summary>
    /// Issue 17 (766 index, 4.4): whether the applicant is proven by VNeID: the actor is a citizen whose account was signed
    /// in by VNeID (<c>citizens.assurance</c>, <see cref="CitizenAssurance.VneId"/>) and the dossier's applicant has that
    /// account's CCCD and name (<see cref="CitizenLookupRules.SameName"/>: case, spaces and Unicode composition aside).
    /// A citizen submitting for someone else, or signed in by a one-time code, is not.
    /// </summary>
    private async Task<bool> VerifiedByVneIdAsync(Actor actor, IntakeApplicant? applicant, CancellationToken ct)
    {
        if (actor.CitizenId is not { } citizenId || applicant is null) return false;
        var citizen = await db.Citizens.AsNoTracking().Where(c => c.Id == citizenId)
            .Select(c => new { c.IdNumber, c.FullName, c.Assurance }).SingleOrDefaultAsync(ct);
        return citizen is { Assurance: CitizenAssurance.VneId, FullName: { } name }
            && citizen.IdNumber == applicant.IdNumber?.Trim()
            && CitizenLookupRules.SameName(applicant.FullName, name);
    }

    // A unit ended by a merger or split says since when and where to submit now; any other unit simply does not receive.
    private async Task<string> WhyNotReceivingAsync(IntakeAgency agency, CancellationToken ct)
    {
        var ended = await db.Agencies.AsNoTracking().Where(a => a.Id == agency.Id && a.EndedBy != null)
            .Select(a => new { a.EndedOn, By = db.Set<ReorganisationRecord>().First(r => r.Id == a.EndedBy) }).FirstOrDefaultAsync(ct);
        if (ended is null) return $"{agency.Name} không phải đơn vị tiếp nhận hồ sơ.";
        var successors = await db.Agencies.AsNoTracking().Where(s => ended.By.ToAgencyIds.Contains(s.Id)).OrderBy(s => s.Code)
            .Select(s => new { s.Name, s.Code }).ToListAsync(ct);
        return MotCua.Domain.Administration.Reorganisation.IntakeRefusal(agency.Name, ended.EndedOn!.Value, ended.By.LegalBasis,
            [.. successors.Select(s => (s.Name, s.Code))]);
    }

    // Whose key it is: an API client's, or else the officer's whose desk form carried it (IntakeWrite stores it so).
    private static int? KeyOfficer(Actor actor) => actor.ClientId is null ? actor.UserId : null;

    // Or the citizen's whose online submission carried it (IntakeWrite stores the actor's citizen; migration 0090).
    private static long? KeyCitizen(Actor actor) => actor.ClientId is null && actor.UserId is null ? actor.CitizenId : null;

    private async Task<IntakeOutcome?> ReplayAsync(Actor actor, string key, string requestHash, CancellationToken ct)
    {
        var officer = KeyOfficer(actor);
        var citizen = KeyCitizen(actor);
        var first = await db.IdempotencyKeys.AsNoTracking()
            .FirstOrDefaultAsync(k => k.Key == key && k.ClientId == actor.ClientId && k.UserId == officer && k.CitizenId == citizen, ct);
        if (first is null) return null;
        if (first.RequestSha256 != requestHash)
            return IntakeOutcome.Invalid("Idempotency-Key", "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác.");
        var dossier = await db.Dossiers.AsNoTracking().FirstAsync(d => d.Code == first.DossierCode, ct);
        return new IntakeOutcome(dossier, null, Replayed: true);
    }

    // A quantity is asked only for an item published per a quantity unit (FeeUnits), once per item, 1 to 10,000; when the
    // items are cases (FeeRules.ByCase), only for the chosen case's item: another case is not charged, so a quantity for it
    // would be silently dropped (sixth trial: feeCase 4 with item 3 × 2 answered 201 and charged 1).
    private static (string Field, string Message)? FeeQuantityError(IReadOnlyList<IntakeFeeQuantity>? quantities, FeeRules? rules, int? feeCase)
    {
        if (quantities is null) return null;
        for (var i = 0; i < quantities.Count; i++)
        {
            var q = quantities[i];
            if (q is null) return ($"feeItems[{i}]", "Mỗi dòng số lượng phải có item và quantity.");
            if (rules is not null && q.Item >= 1 && q.Item <= rules.Items.Count && rules.Items[q.Item - 1].Counted is not null)
                return ($"feeItems[{i}].item", "Phí chứng thực tính theo số trang, số bản hoặc số giấy tờ ghi trên tờ khai (formData); bỏ dòng này.");
            if (rules is null || q.Item < 1 || q.Item > rules.Items.Count || rules.Items[q.Item - 1].Unit is null)
                return ($"feeItems[{i}].item", "Khoản phí này không thu theo số lượng (chiếc, loại, tấn …); bỏ dòng này.");
            if (rules.ByCase && q.Item != feeCase)
                return ($"feeItems[{i}].item", $"Khoản «{rules.Items[q.Item - 1].Name}» không thuộc trường hợp thu phí đã chọn (feeCase {feeCase}); bỏ dòng này hoặc chọn đúng trường hợp.");
            if (q.Quantity is < 1 or > FeeUnits.MaxQuantity)
                return ($"feeItems[{i}].quantity", $"Số lượng của «{rules.Items[q.Item - 1].Name}» phải là số nguyên từ 1 đến {FeeUnits.MaxQuantity:N0}.");
            if (quantities.Take(i).Any(o => o?.Item == q.Item))
                return ($"feeItems[{i}].item", "Mỗi khoản phí chỉ ghi số lượng một lần.");
        }
        return null;
    }
}
