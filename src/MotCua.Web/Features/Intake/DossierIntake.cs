using System.Data;
using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Catalog;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Intake;

/// <summary>
/// Who hands in the dossier. <c>kind</c>: <c>individual</c> (default), <c>household-business</c>, <c>enterprise</c> or
/// <c>organization</c>; <c>fullName</c> is the person's or the organisation's name, <c>idNumber</c> its identifier (CCCD,
/// household business number, enterprise code NNNNNNNNNN or NNNNNNNNNN-NNN, organisation code if any), and
/// <c>representative</c> the person acting for an organisation or household business (see <see cref="ApplicantIdentity"/>).
/// </summary>
public sealed record IntakeApplicant(string? FullName, string? IdNumber, string? Phone, string? Email, string? Address,
    string? Kind = null, string? Representative = null);

public sealed record IntakeDocument(
    string? Name,
    [property: JsonConverter(typeof(CountOrFlagConverter))] int Original,
    int Copies);

/// <summary>A dossier handed over at the desk, by post, or pushed by another system.</summary>
/// <param name="SubmittedAt">When the receiving point received it; without an offset it is Vietnam time (<see cref="VietnamTime.TryParseInstant"/>).</param>
/// <param name="TimeCase">The published case of the channel's time limit that applies (1-based into
/// <see cref="ChannelTerms.Cases"/>, e.g. "trong trường hợp giấy tờ phức tạp"); 0 or absent: the channel's own limit.</param>
/// <param name="CompetentReceivedAt">When the competent agency received a dossier that this point received for it
/// (boundary-free intake); the time limit then counts from it (<see cref="DueStart"/>).</param>
public sealed record IntakeRequest(
    string? ProcedureCode,
    string? AgencyCode,
    string? Channel,
    IntakeApplicant? Applicant,
    IReadOnlyList<IntakeDocument>? Documents,
    DateTimeOffset? SubmittedAt = null,
    int? Sets = null,
    IReadOnlyDictionary<string, string?>? FormData = null,
    int? TimeCase = null,
    DateTimeOffset? CompetentReceivedAt = null);

public enum IntakeDecision
{
    Receive,
    Refuse,
}

/// <summary>What intake answered: the dossier, the errors per field, or <see cref="Forbidden"/> (the officer's role may not do it; nothing was written).</summary>
public sealed record IntakeOutcome(Dossier? Dossier, IDictionary<string, string[]>? Errors, bool Replayed = false, string? Forbidden = null)
{
    public static IntakeOutcome Invalid(string field, string message) => new(null, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// One path for every intake: read what it needs in one statement, validate, compute the due date with the agency's
/// working calendar, and write the dossier with its code serial, register line, first event and outbox message in
/// another.
/// </summary>
public sealed partial class DossierIntake(MotCuaDb db, NpgsqlDataSource data, CalendarStore calendars, TimeProvider clock)
{
    private const int MaxDocuments = 100;

    // The catalogue publishes document names of up to 4,704 characters (1.013225, a building permit lists every drawing);
    // the desk sends the published name, so the bound leaves room for the catalogue and still stops abuse.
    private const int MaxDocumentName = 6000;

    /// <summary>
    /// Receives (or refuses, with Mẫu 03) a dossier. <paramref name="officer"/> is the officer at the desk, checked by
    /// <see cref="Dossier.CheckIntake"/> before anything is read or written; null for an integrated system, which the API
    /// authenticates by its key.
    /// </summary>
    public async Task<IntakeOutcome> ReceiveAsync(IntakeRequest request, Actor actor, IntakeDecision decision = IntakeDecision.Receive,
        string? refusalReason = null, string? refusalLegalBasis = null, string? idempotencyKey = null, string? requestHash = null,
        Officer? officer = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var errors = Validate(request, now);
        var agencyCode = request.AgencyCode?.Trim() ?? "";
        var procedureCode = request.ProcedureCode?.Trim() ?? "";
        var found = await ReadAsync(agencyCode, procedureCode, actor.ClientId, idempotencyKey, ct);
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
        if (procedure is { Spec: var form } && decision == IntakeDecision.Receive)
        {
            var submittedForm = request.FormData ?? new Dictionary<string, string?>();
            if (form.FormFields.Count == 0 && submittedForm.Count > 0)
                errors.TryAdd("formData", ["Thủ tục này không có tờ khai điện tử; không gửi kèm formData."]);
            else if (form.FormFields.Count > 0)
            {
                var (values, formErrors) = EForm.Validate(form.FormFields, submittedForm, VietnamTime.DateOf(now));
                foreach (var (field, messages) in formErrors) errors.TryAdd($"formData.{field}", messages);
                formValues = values;
            }
        }
        if (decision == IntakeDecision.Refuse && string.IsNullOrWhiteSpace(refusalReason))
            errors.TryAdd("refusalReason", ["Vui lòng nêu rõ lý do từ chối tiếp nhận."]);

        var parsedChannel = ParseChannel(request.Channel);
        var terms = procedure is { } p && parsedChannel is { } c ? ProcedureSpecs.TimeTermsFor(p.Spec, c) : null;
        var timeCase = request.TimeCase ?? 0;
        TimeLimit? limit = null;
        string? condition = null;
        if (terms is not null && (timeCase < 0 || timeCase > terms.Cases.Count))
            errors.TryAdd("timeCase", [terms.Cases.Count == 0
                ? "Thủ tục không công bố trường hợp riêng về thời hạn cho kênh này; bỏ timeCase hoặc để 0."
                : $"Trường hợp về thời hạn phải từ 0 (thời hạn chung) đến {terms.Cases.Count}."]);
        else if (terms is not null)
        {
            limit = terms.LimitOfCase(timeCase);
            condition = timeCase == 0 ? null : terms.Cases[timeCase - 1].Condition ?? terms.Cases[timeCase - 1].TimeText;
            if (limit is null && timeCase > 0) errors.TryAdd("timeCase", ["Trường hợp này chưa công bố thời hạn giải quyết; chọn trường hợp khác."]);
        }
        if (procedure is not null && parsedChannel is not null && limit is null)
            errors.TryAdd("procedureCode", ["Thủ tục chưa công bố thời hạn giải quyết; không thể hẹn ngày trả kết quả."]);
        if (request.CompetentReceivedAt is { } competent && competent < (request.SubmittedAt ?? now))
            errors.TryAdd("competentReceivedAt", ["Cơ quan có thẩm quyền không thể nhận hồ sơ trước khi nơi tiếp nhận nhận hồ sơ."]);
        if (errors.Count > 0) return new IntakeOutcome(null, errors);

        var channel = parsedChannel!.Value;
        var submittedAt = request.SubmittedAt ?? now;
        var calendar = await calendars.ForAsync(agency!.OfficeHours, agency.Cutoff, ct);
        // An agency may promise less than the law allows (never more); the shorter of the two binds it.
        var adoption = found.Adoption!;
        if (adoption is { TimeLimitAmount: { } localAmount, TimeLimitUnit: { } localUnit }
            && calendar.WorkingTimeOf(new TimeLimit(localAmount, localUnit)) < calendar.WorkingTimeOf(limit!.Value))
            limit = new TimeLimit(localAmount, localUnit);
        var due = calendar.ComputeDue(DueStart.CountFrom(submittedAt, request.CompetentReceivedAt), limit!.Value, channel, adoption.Cutoff);
        var reference = new ProcedureRef(procedure!.Value.Spec.Code, procedure.Value.Version, procedure.Value.Spec.Name, limit.Value, condition);
        var applicant = Clean(request.Applicant!);
        var documents = request.Documents!.Select(d => new ReceivedDocument(Nfc(d.Name!), d.Original, d.Copies)).ToList();

        var entersRegister = decision == IntakeDecision.Receive && channel != Channel.Online;
        var receivedOn = VietnamTime.DateOf(submittedAt);
        // No code yet: the database numbers the dossier as it stores it (see WriteAsync).
        var dossier = decision == IntakeDecision.Refuse
            ? Dossier.RefuseAtDesk("", agency.Id, reference, channel, applicant, documents, submittedAt, Nfc(refusalReason!), Nfc(refusalLegalBasis ?? ""), actor, now)
            : channel == Channel.Online
                ? Dossier.SubmitOnline("", agency.Id, reference, applicant, documents, submittedAt, due, actor, now, formValues, request.CompetentReceivedAt)
                : Dossier.Receive("", agency.Id, reference, channel, applicant, documents, request.Sets ?? 1, submittedAt, due, actor, now, formValues, request.CompetentReceivedAt);
        try
        {
            var (code, line) = await WriteAsync(dossier, agency.Code, receivedOn, entersRegister, idempotencyKey, requestHash, now, ct);
            dossier.Numbered(code, line is null ? null : receivedOn.Year, line);
        }
        catch (PostgresException e) when (idempotencyKey is not null && e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "idempotency_keys_pkey" })
        {
            // A concurrent retry with the same key won; nothing of this one was written. Answer with its dossier.
            return (await ReplayAsync(actor, idempotencyKey, requestHash!, ct))!;
        }
        return new IntakeOutcome(dossier, null);
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

    private sealed record IntakeAgency(int Id, string Code, string Name, bool ReceivesDossiers, string? OfficeHours, TimeOnly? Cutoff);

    private sealed record AdoptionTerms(TimeOnly? Cutoff, decimal? TimeLimitAmount, TimeUnit? TimeLimitUnit);

    private sealed record IntakeReads(IntakeAgency? Agency, AdoptionTerms? Adoption, int? Version, bool Answered);

    // One round trip for everything intake reads: the agency, whether it adopted the procedure, the current version,
    // and whether this Idempotency-Key was answered before. Raw SQL: on the busiest write path EF's query pipeline
    // cost more CPU than PostgreSQL running the query (docs/PERFORMANCE.md).
    private const string ReadSql = """
        SELECT a.id, a.code, a.name, a.receives_dossiers, a.office_hours, a.cutoff,
            ap.agency_id IS NOT NULL, ap.cutoff, ap.time_limit_amount, ap.time_limit_unit,
            p.current_version,
            $3::text IS NOT NULL AND EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.client_id = $4 AND k.key = $3)
        FROM (SELECT) AS one
        LEFT JOIN agencies a ON a.code = $1
        LEFT JOIN agency_procedures ap ON ap.agency_id = a.id AND ap.procedure_code = $2
        LEFT JOIN procedures p ON p.code = $2
        """;

    private async Task<IntakeReads> ReadAsync(string agencyCode, string procedureCode, int? clientId, string? key, CancellationToken ct)
    {
        await using var command = data.CreateCommand(ReadSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = agencyCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = procedureCode });
        command.Parameters.Add(Nullable(key, NpgsqlDbType.Text));
        command.Parameters.Add(Nullable(clientId, NpgsqlDbType.Integer));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
        await reader.ReadAsync(ct);
        T? Value<T>(int i) where T : struct => reader.IsDBNull(i) ? null : reader.GetFieldValue<T>(i);
        var agency = reader.IsDBNull(0) ? null : new IntakeAgency(reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
            reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetString(4), Value<TimeOnly>(5));
        var adoption = reader.GetBoolean(6)
            ? new AdoptionTerms(Value<TimeOnly>(7), Value<decimal>(8), Value<short>(9) is { } unit ? (TimeUnit)unit : null)
            : null;
        return new IntakeReads(agency, adoption, Value<int>(10), reader.GetBoolean(11));
    }

    /// <summary>
    /// Mẫu 02 at the desk: the dossier is incomplete, nothing changes state, but the notice given out is kept. Only a
    /// receiving officer of the unit may hand it out (<see cref="Dossier.CheckIntake"/>): otherwise <c>Forbidden</c> says why.
    /// </summary>
    public async Task<(SupplementNotice? Notice, IDictionary<string, string[]>? Errors, string? Forbidden)> RequestSupplementAsync(
        int agencyId, string? procedureCode, IntakeApplicant applicant, IReadOnlyList<SupplementItem> items, Officer officer, CancellationToken ct)
    {
        if (Dossier.CheckIntake(officer, agencyId) is { } refusal) return (null, null, refusal.Message);
        var actor = officer.Actor;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(procedureCode) || !await db.Procedures.AnyAsync(p => p.Code == procedureCode.Trim(), ct))
            errors["procedureCode"] = ["Vui lòng chọn thủ tục."];
        // Only the name is needed to hand out the notice; what else was typed is printed as it is.
        var kind = ApplicantIdentity.Parse(applicant.Kind) ?? ApplicantKind.Individual;
        if (string.IsNullOrWhiteSpace(applicant.FullName)) errors["applicant.fullName"] = [ApplicantIdentity.CheckName(kind, null)!];
        var cleanItems = items.Where(i => !string.IsNullOrWhiteSpace(i.Document)).Select(i => new SupplementItem(Nfc(i.Document), Nfc(i.Reason ?? ""))).ToList();
        if (cleanItems.Count == 0) errors["items"] = ["Đánh dấu ít nhất một giấy tờ còn thiếu hoặc chưa hợp lệ."];
        else if (cleanItems.Any(i => i.Reason.Length == 0)) errors["items"] = ["Nêu rõ lý do cho từng giấy tờ cần bổ sung."];
        if (errors.Count > 0) return (null, errors, null);
        var notice = new SupplementNotice
        {
            AgencyId = agencyId,
            ProcedureCode = procedureCode!.Trim(),
            ApplicantFullName = Nfc(applicant.FullName!),
            ApplicantPhone = string.IsNullOrWhiteSpace(applicant.Phone) ? null : applicant.Phone.Trim(),
            ApplicantKind = kind,
            ApplicantIdNumber = string.IsNullOrWhiteSpace(applicant.IdNumber) ? null : applicant.IdNumber.Trim().ToUpperInvariant(),
            ApplicantRepresentative = string.IsNullOrWhiteSpace(applicant.Representative) ? null : Nfc(applicant.Representative),
            Items = cleanItems,
            OfficerUserId = actor.UserId,
            CreatedAt = clock.GetUtcNow(),
        };
        db.SupplementNotices.Add(notice);
        await db.SaveChangesAsync(ct);
        return (notice, null, null);
    }

    public static Channel? ParseChannel(string? channel) => channel?.Trim().ToLowerInvariant() switch
    {
        "direct" or "truc-tiep" or "1" => Channel.Direct,
        "online" or "truc-tuyen" or "2" => Channel.Online,
        "postal" or "buu-chinh" or "3" => Channel.Postal,
        _ => null,
    };

    private async Task<IntakeOutcome?> ReplayAsync(Actor actor, string key, string requestHash, CancellationToken ct)
    {
        var first = await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(k => k.ClientId == actor.ClientId && k.Key == key, ct);
        if (first is null) return null;
        if (first.RequestSha256 != requestHash)
            return IntakeOutcome.Invalid("Idempotency-Key", "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác.");
        var dossier = await db.Dossiers.AsNoTracking().FirstAsync(d => d.Code == first.DossierCode, ct);
        return new IntakeOutcome(dossier, null, Replayed: true);
    }

    /// <summary>
    /// Stores a new dossier with its first event, its outbox message and its idempotency key, numbering it on the way:
    /// the agency's serial for the day and, for a dossier received at the desk or by post, the next line of the unit's
    /// register. It is one statement, so one implicit transaction: the counter rows stay locked (which keeps serials and
    /// register lines gap-free under concurrent intake) only while PostgreSQL runs it, not across round trips.
    /// The code is the Domain's format (<see cref="DossierCode.Format"/>), built here from the serial the counter gives.
    /// </summary>
    private async Task<(string Code, int? RegisterLine)> WriteAsync(Dossier dossier, string agencyCode, DateOnly day, bool entersRegister,
        string? idempotencyKey, string? requestHash, DateTimeOffset now, CancellationToken ct)
    {
        var opened = dossier.Events.Single();
        var message = DossierMessages.StatusChanged(dossier, now);
        await using var command = data.CreateCommand(WriteSql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<int> { TypedValue = dossier.ReceivingAgencyId });
        p.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        p.Add(new NpgsqlParameter<int> { TypedValue = day.Year });
        p.Add(new NpgsqlParameter<bool> { TypedValue = entersRegister });
        p.Add(new NpgsqlParameter<string> { TypedValue = DossierCode.Prefix(agencyCode, day) });
        p.Add(new NpgsqlParameter<string> { TypedValue = dossier.ProcedureCode });
        p.Add(new NpgsqlParameter<int> { TypedValue = dossier.ProcedureVersion });
        p.Add(new NpgsqlParameter<string> { TypedValue = dossier.ProcedureName });
        p.Add(new NpgsqlParameter<short> { TypedValue = (short)dossier.Channel });
        p.Add(new NpgsqlParameter<short> { TypedValue = (short)dossier.Status });
        p.Add(new NpgsqlParameter<string> { TypedValue = dossier.Applicant.FullName });
        p.Add(new NpgsqlParameter<string> { TypedValue = dossier.Applicant.IdNumber });
        p.Add(new NpgsqlParameter<string> { TypedValue = dossier.Applicant.Phone });
        p.Add(Nullable(dossier.Applicant.Email, NpgsqlDbType.Text));
        p.Add(new NpgsqlParameter<string> { TypedValue = dossier.Applicant.Address });
        p.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(dossier.Documents, MotCuaDb.Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new NpgsqlParameter<int> { TypedValue = dossier.Sets });
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = dossier.SubmittedAt.ToUniversalTime() });
        p.Add(Nullable(dossier.ReceivedAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz));
        p.Add(new NpgsqlParameter<decimal> { TypedValue = dossier.TimeLimitAmount });
        p.Add(new NpgsqlParameter<short> { TypedValue = (short)dossier.TimeLimitUnit });
        p.Add(Nullable(dossier.DueAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz));
        p.Add(Nullable(dossier.OriginalDueAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz));
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = dossier.ClockStartedAt.ToUniversalTime() });
        p.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(dossier.DueExplanation, MotCuaDb.Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(Nullable(dossier.RefusalReason, NpgsqlDbType.Text));
        p.Add(Nullable(dossier.RefusalLegalBasis, NpgsqlDbType.Text));
        p.Add(Nullable(dossier.ApiClientId, NpgsqlDbType.Integer));
        p.Add(Nullable(dossier.FormData is null ? null : JsonSerializer.Serialize(dossier.FormData, MotCuaDb.Json), NpgsqlDbType.Jsonb));
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = opened.At.ToUniversalTime() });
        p.Add(new NpgsqlParameter<string> { TypedValue = opened.ActorName });
        p.Add(Nullable(opened.ActorUserId, NpgsqlDbType.Integer));
        p.Add(Nullable(opened.ActorClientId, NpgsqlDbType.Integer));
        p.Add(new NpgsqlParameter<string> { TypedValue = opened.Action.Code() });
        p.Add(new NpgsqlParameter<short> { TypedValue = (short)opened.ToStatus });
        p.Add(Nullable(opened.Note, NpgsqlDbType.Text));
        p.Add(new NpgsqlParameter<string> { TypedValue = message.Topic });
        p.Add(new NpgsqlParameter<string> { TypedValue = message.Payload.RootElement.GetRawText(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(Nullable(idempotencyKey, NpgsqlDbType.Text));
        p.Add(Nullable(requestHash, NpgsqlDbType.Text));
        p.Add(new NpgsqlParameter<short> { TypedValue = (short)dossier.Applicant.Kind });
        p.Add(Nullable(dossier.Applicant.Representative, NpgsqlDbType.Text));
        p.Add(Nullable(dossier.TimeLimitCondition, NpgsqlDbType.Text));
        p.Add(Nullable(dossier.CompetentReceivedAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
        await reader.ReadAsync(ct);
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1));
    }

    private static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    // $5 is DossierCode.Prefix; the serial is padded to four digits and grows beyond them, as DossierCode.Format does.
    private const string WriteSql = """
        WITH serial AS (
            INSERT INTO dossier_serials AS s (agency_id, day, last_serial) VALUES ($1, $2, 1)
            ON CONFLICT (agency_id, day) DO UPDATE SET last_serial = s.last_serial + 1
            RETURNING last_serial),
        line AS (
            INSERT INTO register_counters AS r (agency_id, year, last_number) SELECT $1, $3, 1 WHERE $4
            ON CONFLICT (agency_id, year) DO UPDATE SET last_number = r.last_number + 1
            RETURNING last_number),
        dossier AS (
            INSERT INTO dossiers (code, receiving_agency_id, current_agency_id, procedure_code, procedure_version, procedure_name,
                channel, status, applicant_full_name, applicant_id_number, applicant_phone, applicant_email, applicant_address,
                documents, sets, submitted_at, received_at, time_limit_amount, time_limit_unit, due_at, original_due_at,
                clock_started_at, due_explanation, refusal_reason, refusal_legal_basis, api_client_id, form_data,
                register_year, register_number, applicant_kind, applicant_representative, time_limit_condition, competent_received_at)
            SELECT $5 || CASE WHEN serial.last_serial < 10000 THEN lpad(serial.last_serial::text, 4, '0') ELSE serial.last_serial::text END,
                $1, $1, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29,
                CASE WHEN line.last_number IS NOT NULL THEN $3 END, line.last_number, $41, $42, $43, $44
            FROM serial LEFT JOIN line ON true
            RETURNING id, code, register_number),
        opened AS (
            INSERT INTO dossier_events (dossier_id, at, actor_name, actor_user_id, actor_client_id, action, from_status, to_status, note)
            SELECT dossier.id, $30, $31, $32, $33, $34, NULL, $35, $36 FROM dossier),
        message AS (
            INSERT INTO outbox (topic, payload, created_at)
            SELECT $37, $38 || jsonb_build_object('code', dossier.code), $30 FROM dossier),
        answered AS (
            INSERT INTO idempotency_keys (client_id, key, request_sha256, dossier_code, created_at)
            SELECT $28, $39, $40, dossier.code, $30 FROM dossier WHERE $39 IS NOT NULL)
        SELECT code, register_number FROM dossier
        """;

    /// <summary>The next line of the unit's Sổ theo dõi hồ sơ for the year; same locking as the code serial.</summary>
    public static async Task<int> NextRegisterNumberAsync(MotCuaDb db, int agencyId, int year, CancellationToken ct) =>
        (await db.Database.SqlQuery<int>($"""
            INSERT INTO register_counters (agency_id, year, last_number) VALUES ({agencyId}, {year}, 1)
            ON CONFLICT (agency_id, year) DO UPDATE SET last_number = register_counters.last_number + 1
            RETURNING last_number AS "Value"
            """).ToListAsync(ct)).Single();

    /// <summary>The checks of the request alone (applicant, documents, channel, counts), keyed by field as the API names them;
    /// what needs the database (agency, procedure, e-form) is checked by <see cref="ReceiveAsync"/>.</summary>
    public static Dictionary<string, string[]> Validate(IntakeRequest request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors.TryAdd(field, [message]);

        if (string.IsNullOrWhiteSpace(request.ProcedureCode)) Add("procedureCode", "Vui lòng chọn thủ tục hành chính.");
        if (string.IsNullOrWhiteSpace(request.AgencyCode)) Add("agencyCode", "Thiếu mã cơ quan tiếp nhận.");
        if (ParseChannel(request.Channel) is null) Add("channel", "Kênh nộp phải là 'direct' (trực tiếp), 'online' (trực tuyến) hoặc 'postal' (bưu chính).");

        var applicant = request.Applicant;
        if (applicant is null) Add("applicant", "Thiếu thông tin người nộp hồ sơ.");
        else
        {
            if (ApplicantIdentity.Parse(applicant.Kind) is not { } kind)
                Add("applicant.kind", "Loại người nộp phải là 'individual' (cá nhân), 'household-business' (hộ kinh doanh), 'enterprise' (doanh nghiệp) hoặc 'organization' (tổ chức khác).");
            else
            {
                if (ApplicantIdentity.CheckName(kind, applicant.FullName) is { } nameError) Add("applicant.fullName", nameError);
                if (ApplicantIdentity.CheckIdentifier(kind, applicant.IdNumber, VietnamTime.DateOf(now)) is { } idError) Add("applicant.idNumber", idError);
                if (ApplicantIdentity.CheckRepresentative(kind, applicant.Representative) is { } representativeError) Add("applicant.representative", representativeError);
            }
            var phone = applicant.Phone?.Trim() ?? "";
            if (phone.Length == 0) Add("applicant.phone", "Vui lòng nhập số điện thoại.");
            else if (!PhoneNumber().IsMatch(phone)) Add("applicant.phone", "Số điện thoại gồm 10 chữ số, bắt đầu bằng 0 (hoặc +84).");
            if (!string.IsNullOrWhiteSpace(applicant.Email) && !IsEmail(applicant.Email.Trim())) Add("applicant.email", "Địa chỉ thư điện tử không hợp lệ.");
            var address = applicant.Address?.Trim() ?? "";
            if (address.Length == 0) Add("applicant.address", "Vui lòng nhập địa chỉ.");
            else if (address.Length > 300) Add("applicant.address", "Địa chỉ không quá 300 ký tự.");
        }

        if (request.Documents is null) Add("documents", "Thiếu danh sách giấy tờ đã nộp.");
        else if (request.Documents.Count > MaxDocuments) Add("documents", $"Không quá {MaxDocuments} giấy tờ.");
        else
            for (var i = 0; i < request.Documents.Count; i++)
            {
                var document = request.Documents[i];
                if (document is null) { Add($"documents[{i}]", "Giấy tờ không được để trống."); continue; }
                if (string.IsNullOrWhiteSpace(document.Name)) Add($"documents[{i}].name", "Thiếu tên giấy tờ.");
                else if (document.Name.Length > MaxDocumentName) Add($"documents[{i}].name", $"Tên giấy tờ không quá {MaxDocumentName} ký tự.");
                if (document.Original is < 0 or > 99) Add($"documents[{i}].original", "Số bản chính từ 0 đến 99.");
                if (document.Copies is < 0 or > 99) Add($"documents[{i}].copies", "Số bản sao từ 0 đến 99.");
                if (document.Original + document.Copies == 0) Add($"documents[{i}]", "Mỗi giấy tờ phải có ít nhất một bản chính hoặc bản sao.");
            }

        if (request.SubmittedAt is { } submitted)
        {
            if (submitted > now.AddMinutes(5)) Add("submittedAt", "Thời điểm nộp không được ở tương lai.");
            else if (submitted < now.AddDays(-90)) Add("submittedAt", "Thời điểm nộp quá cũ (hơn 90 ngày).");
        }
        if (request.CompetentReceivedAt is { } competent && competent > now.AddMinutes(5))
            Add("competentReceivedAt", "Thời điểm cơ quan có thẩm quyền nhận hồ sơ không được ở tương lai.");
        if (request.Sets is < 1 or > 50) Add("sets", "Số bộ hồ sơ từ 1 đến 50.");
        return errors;
    }

    private static Applicant Clean(IntakeApplicant a) => new(
        Nfc(a.FullName!), a.IdNumber?.Trim().ToUpperInvariant() ?? "", a.Phone!.Trim().Replace(" ", ""),
        string.IsNullOrWhiteSpace(a.Email) ? null : a.Email.Trim(), Nfc(a.Address!))
    {
        Kind = ApplicantIdentity.Parse(a.Kind)!.Value,
        Representative = string.IsNullOrWhiteSpace(a.Representative) ? null : Nfc(a.Representative),
    };

    private static string Nfc(string text) => Regex.Replace(text.Trim(), @"\s+", " ").Normalize(System.Text.NormalizationForm.FormC);

    private static bool IsEmail(string text) =>
        text.Length <= 254 && MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.', StringComparison.Ordinal);

    [GeneratedRegex(@"^(0|\+84)[1-9][0-9]{8}$")]
    private static partial Regex PhoneNumber();
}

/// <summary>Accepts a document's originals as a count or as true/false (one original or none).</summary>
public sealed class CountOrFlagConverter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => 1,
        JsonTokenType.False => 0,
        JsonTokenType.Number when reader.TryGetInt32(out var count) => count,
        _ => throw new JsonException("Giá trị phải là số bản hoặc true/false."),
    };

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

/// <summary>Outbox messages about dossiers, for notifications and the national portal sync.</summary>
public static class DossierMessages
{
    public static OutboxMessage StatusChanged(Dossier dossier, DateTimeOffset at) => new()
    {
        Topic = "dossier.status",
        CreatedAt = at,
        Payload = JsonSerializer.SerializeToDocument(new
        {
            code = dossier.Code,
            status = (int)dossier.Status,
            procedureCode = dossier.ProcedureCode,
            channel = (int)dossier.Channel,
            at,
        }, MotCuaDb.Json),
    };
}
