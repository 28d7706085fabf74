using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Feedback;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Outbox;
using MotCua.Web.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Feedback;

/// <summary>What registration answers: the register number (null for a complaint or denunciation routed away), the status
/// (API name), the handling deadline <see cref="HandleBy"/> (15 working days, Vietnam time; the same name and meaning as
/// <see cref="FeedbackDetail.HandleBy"/>), where a complaint was sent, and whether this is a replay.</summary>
/// <remarks>Sixteenth trial LOW 11b: this was <c>dueAt</c>, while the detail's <c>dueAt</c> is the deadline of the step the
/// feedback waits on now (the classification's first); no client of ours read the receipt's, so it was renamed, not kept.</remarks>
public sealed record FeedbackReceipt(string? Number, string Status, string StatusName, DateTimeOffset? HandleBy, string? RoutedTo, bool Replayed = false);

/// <summary>One recorded act, as officers read it.</summary>
public sealed record FeedbackEventView(DateTimeOffset At, string Actor, string Action, string? FromStatus, string ToStatus, string Note);

/// <summary>A feedback as the handling agency's officers read it: the sender's contact data included (audited read).</summary>
public sealed record FeedbackDetail(
    string? Number, string Kind, string KindName, string Channel, string ChannelName, string Status, string StatusName,
    string SenderName, string? SenderPhone, string? SenderEmail, string SenderAddress, string? SenderIdNumber,
    string AgencyCode, string AgencyName, string? ProcedureCode, string? ProcedureName, string? Subject, string Content,
    DateTimeOffset ReceivedAt, DateTimeOffset? CallAt, string? PortalCode, string? Classification, string? ClassificationName,
    string? TransferredTo, string? RoutedTo, DateTimeOffset RefuseBy, DateTimeOffset InformationBy, DateTimeOffset TransferBy,
    DateTimeOffset HandleBy, DateTimeOffset? PublishBy, DateTimeOffset? DueAt, bool Overdue, string? DueExplanation,
    string? Answer, DateTimeOffset? AnsweredAt, string? PublishedText, DateTimeOffset? PublishedAt, string SuggestedPublicText,
    IReadOnlyList<string> Allowed, IReadOnlyList<FeedbackEventView> Events);

/// <summary>A line of the officers' list (overdue first, then by deadline).</summary>
public sealed record FeedbackLine(string? Number, string KindName, string ChannelName, string Status, string StatusName, string SenderName,
    string Summary, DateTimeOffset ReceivedAt, DateTimeOffset? DueAt, bool Overdue);

/// <summary>What the public reads of a feedback by its number: nothing about the sender; the answer once published. A refused
/// or transferred one shows the officer's <see cref="Reason"/> (masked like the answer), a transferred one the agency it went
/// to (<see cref="TransferredTo"/>), a complaint or denunciation where to send it (<see cref="RoutedTo"/>); <see cref="HandleBy"/>
/// (Vietnam time) only while the feedback waits to be handled (<see cref="FeedbackCase.AwaitsHandling"/>), null once closed.</summary>
public sealed record PublicFeedback(string Number, string KindName, string AgencyName, string? ProcedureName, string? Subject, string Status,
    string StatusName, DateTimeOffset ReceivedAt, DateTimeOffset? HandleBy, string? PublishedText, DateTimeOffset? PublishedAt,
    string? Reason = null, string? TransferredTo = null, string? RoutedTo = null);

/// <summary>
/// The figures the dashboards and the reports count, for one agency, feedback only (complaints and denunciations routed away
/// are counted apart, never in <see cref="Received"/>): received in the period [from, to] (Vietnam dates of
/// registration), of those answered, answered on time (by the handling deadline), published; and now: open, overdue.
/// </summary>
public sealed record FeedbackFigures(DateOnly From, DateOnly To, int Received, int Answered, int AnsweredOnTime, int Published, int Refused,
    int Transferred, int RoutedAway, int Open, int Overdue)
{
    /// <summary>The figures of several agencies over the same period, added up (each count is a count of rows, so the
    /// province's is the sum of its agencies').</summary>
    public static FeedbackFigures Sum(DateOnly from, DateOnly to, IEnumerable<FeedbackFigures> parts) =>
        parts.Aggregate(new FeedbackFigures(from, to, 0, 0, 0, 0, 0, 0, 0, 0, 0), (a, b) => new(from, to, a.Received + b.Received, a.Answered + b.Answered,
            a.AnsweredOnTime + b.AnsweredOnTime, a.Published + b.Published, a.Refused + b.Refused, a.Transferred + b.Transferred,
            a.RoutedAway + b.RoutedAway, a.Open + b.Open, a.Overdue + b.Overdue));
}

/// <summary>An overdue feedback as the dashboards list it: its number, the agency holding it (code, name), its status in
/// Vietnamese and its deadline (Vietnam time).</summary>
public sealed record OverdueFeedback(string Number, string AgencyCode, string AgencyName, string StatusName, DateTimeOffset DueAt);

/// <summary>One agency's line of the province-wide figures: its code, name and <see cref="FeedbackFigures"/>.</summary>
public sealed record AgencyFeedbackFigures(string Code, string Name, FeedbackFigures Figures);

/// <summary>The province-wide figures (<c>scope=province</c>): the total, the sum of the lines, and one line per agency that
/// holds any feedback, in agency-name order.</summary>
public sealed record ProvinceFeedbackFigures(DateOnly From, DateOnly To, FeedbackFigures Total, IReadOnlyList<AgencyFeedbackFigures> Agencies);

/// <summary>The input of an act (API body and page form alike); each act reads the fields it needs.</summary>
public sealed record FeedbackActInput(string? Classification, string? Reason, string? TransferTo, string? What, string? Note, string? Text,
    string? Kind, string? Destination);

/// <summary>The outcome of an act: done (the feedback as now), not found (or another agency's), invalid (errors by field),
/// or refused by the status (409, the Domain's message).</summary>
public sealed record FeedbackActResult(FeedbackDetail? Done, bool NotFound, Dictionary<string, string[]>? Errors, FeedbackTransitionException? Refused);

/// <summary>
/// Feedback on administrative regulations (migration 0059, docs/FEEDBACK.md): registration from every channel with its
/// number and deadlines, the officers' acts through <see cref="FeedbackCase"/> (each in one transaction with its event row
/// and the messages to the sender on the outbox), the officers' list, the public pages' reads and the figures. Plain SQL on
/// the context's connection and transaction. Deadlines use the province centre's working calendar.
/// </summary>
public sealed class FeedbackStore(MotCuaDb db, CalendarStore calendars, TimeProvider clock, IOptions<FeedbackOptions> options, IConfiguration config)
{
    private const string Columns = """
        f.id, f.number, f.kind, f.channel, f.status, f.sender_name, f.sender_phone, f.sender_email, f.sender_address, f.sender_id_number,
        a.code, a.name, f.procedure_code, p.name, f.subject, f.content, f.received_at, f.call_at, f.portal_code, f.classification,
        f.transferred_to_name, f.transferred_internal, f.routed_to, f.refuse_due_at, f.information_due_at, f.transfer_due_at, f.handle_due_at,
        f.handle_restarted_due_at, f.publish_due_at, f.due_at, f.due_explanation, f.answer, f.answered_at, f.published_text, f.published_at, f.agency_id,
        a.phone
        """;

    private const string From = "FROM feedback f JOIN agencies a ON a.id = f.agency_id LEFT JOIN procedures p ON p.code = f.procedure_code";

    /// <summary>Registers a feedback. <paramref name="by"/> is the officer who transcribed it (desk, hotline) or the portal's
    /// client; <paramref name="replayKey"/> the public Idempotency-Key or the portal's code, under which the same body
    /// replays the first receipt and another body is a conflict (the string returned in the third item, Vietnamese).
    /// <paramref name="callerErrors"/>: what the caller already found wrong in its own fields (the portal's <c>portalCode</c>),
    /// answered in the same 422 as every error of the submission (fresh trial p16n LOW C: it hid them).</summary>
    public async Task<(FeedbackReceipt? Receipt, Dictionary<string, string[]> Errors, string? Conflict)> RegisterAsync(FeedbackSubmission s,
        FeedbackChannel channel, Actor? by, DateTimeOffset? callAt, string? portalCode, string? idempotencyKey, CancellationToken ct,
        IReadOnlyDictionary<string, string[]>? callerErrors = null)
    {
        var errors = FeedbackInput.Check(s);
        foreach (var (field, messages) in callerErrors ?? new Dictionary<string, string[]>()) errors.TryAdd(field, messages);
        if (callAt is { } call && FeedbackInput.CheckCallAt(call, clock.GetUtcNow()) is { } callProblem) errors.TryAdd("callAt", [callProblem]);
        var agency = await AgencyAsync(s.AgencyCode, ct);
        if (agency is null && !errors.ContainsKey("agencyCode")) errors["agencyCode"] = [$"Không có cơ quan mã {s.AgencyCode}."];
        var procedure = string.IsNullOrWhiteSpace(s.ProcedureCode) ? null : s.ProcedureCode.Trim();
        if (procedure is not null && !errors.ContainsKey("procedureCode")
            && await ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM procedures WHERE code = $1)", ct, procedure) is false)
            errors["procedureCode"] = [$"Không có thủ tục mã {procedure} trong danh mục."];
        if (errors.Count > 0) return (null, errors, null);

        var hash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(s, MotCuaDb.Json)));
        if (await ReplayAsync(portalCode, idempotencyKey, hash, ct) is { } replay) return replay;

        var kind = FeedbackNames.KindNames[s.Kind!.Trim()];
        var now = clock.GetUtcNow();
        var calendar = await CentreCalendarAsync(ct);
        // A hotline feedback is received when the call is taken: its deadlines count from then, not from the transcription.
        var received = callAt ?? now;
        var @case = FeedbackCase.Register(kind, received, calendar, options.Value.ComplaintsDestination);
        var year = VietnamTime.DateOf(now).Year;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            int? serial = kind.IsFeedback()
                ? await ScalarAsync<int>("INSERT INTO feedback_serials (year, next) VALUES ($1, 2) ON CONFLICT (year) DO UPDATE SET next = feedback_serials.next + 1 RETURNING next - 1", ct, year)
                : null;
            var number = serial is { } n ? FeedbackNumber.Format(year, n) : null;
            var d = @case.Deadlines;
            var id = await ScalarAsync<long>("""
                INSERT INTO feedback (number, year, serial, kind, channel, portal_code, idempotency_key, request_sha256, sender_name, sender_phone,
                    sender_email, sender_address, sender_id_number, agency_id, procedure_code, subject, content, received_at, registered_by, call_at,
                    status, refuse_due_at, information_due_at, transfer_due_at, handle_due_at, due_at, due_explanation, routed_to)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28)
                RETURNING id
                """, ct, Text(number), year, serial is null ? Null(NpgsqlDbType.Integer) : serial, (short)kind, (short)channel, Text(portalCode), Text(idempotencyKey), hash,
                s.SenderName!.Trim(), Text(FeedbackInput.NormalisePhone(s.SenderPhone)), Text(s.SenderEmail?.Trim() is { Length: > 0 } e ? e : null),
                s.SenderAddress!.Trim(), Text(s.SenderIdNumber?.Trim() is { Length: > 0 } idn ? idn : null), agency!.Value.Id, Text(procedure),
                Text(s.Subject?.Trim() is { Length: > 0 } subject ? subject : null), s.Content!.Trim(), received.ToUniversalTime(),
                by?.UserId is { } userId ? userId : Null(NpgsqlDbType.Integer), callAt is { } c ? c.ToUniversalTime() : Null(NpgsqlDbType.TimestampTz),
                (short)@case.Status, d.RefuseBy.ToUniversalTime(), d.InformationBy.ToUniversalTime(), d.TransferBy.ToUniversalTime(), d.HandleBy.ToUniversalTime(),
                @case.DueAt is { } due ? due.ToUniversalTime() : Null(NpgsqlDbType.TimestampTz), Text(SkippedPeriods.Explain(d.Skipped)), Text(@case.RoutedTo));
            var note = kind.IsFeedback()
                ? $"Tiếp nhận {kind.Vietnamese().ToLowerInvariant()} qua kênh {channel.Vietnamese().ToLowerInvariant()}."
                : $"{kind.Vietnamese()} không thuộc phạm vi phản ánh, kiến nghị: chuyển {@case.RoutedTo}.";
            await EventAsync(id, new FeedbackEvent(now, FeedbackAction.Classify, @case.Status, @case.Status, note), by, ct, registration: true);
            var receipt = new FeedbackReceipt(number, @case.Status.ApiName(), @case.Status.Vietnamese(), kind.IsFeedback() ? d.HandleBy.ToOffset(VietnamTime.Offset) : null, @case.RoutedTo);
            await TellSenderAsync(s.SenderName.Trim(), FeedbackInput.NormalisePhone(s.SenderPhone), s.SenderEmail?.Trim(), number, "feedback.received",
                number is null
                    ? ($"Nội dung bạn gửi là {kind.Vietnamese().ToLowerInvariant()}", $"Nội dung bạn gửi là {kind.Vietnamese().ToLowerInvariant()}, không giải quyết theo thủ tục phản ánh, kiến nghị. Vui lòng gửi tới: {@case.RoutedTo}.")
                    : ($"Đã tiếp nhận phản ánh, kiến nghị {number}", $"Đã tiếp nhận phản ánh, kiến nghị số {number}. Hạn xử lý: {receipt.HandleBy:dd/MM/yyyy}. Tra cứu: {PublicAddress.Base(config)}/phan-anh-kien-nghi/{number}"),
                now, ct);
            await transaction.CommitAsync(ct);
            return (receipt, errors, null);
        }
        // A concurrent submission under the same portal code or key won the unique index: answer as its replay.
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && (portalCode ?? idempotencyKey) is not null)
        {
            await transaction.RollbackAsync(ct);
            if (await ReplayAsync(portalCode, idempotencyKey, hash, ct) is { } first) return first;
            throw;
        }
    }

    private async Task<(FeedbackReceipt?, Dictionary<string, string[]>, string?)?> ReplayAsync(string? portalCode, string? idempotencyKey, string hash, CancellationToken ct)
    {
        if (portalCode is null && idempotencyKey is null) return null;
        await using var command = await db.CommandAsync(
            "SELECT number, status, handle_due_at, routed_to, request_sha256 FROM feedback WHERE portal_code = $1 OR idempotency_key = $2", ct,
            Text(portalCode), Text(idempotencyKey));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        if (reader.GetString(4) != hash)
            return (null, [], portalCode is not null
                ? $"Mã {portalCode} của Cổng đã được gửi với nội dung khác."
                : "Khóa Idempotency-Key này đã dùng cho một phản ánh, kiến nghị có nội dung khác.");
        var status = (FeedbackStatus)reader.GetInt16(1);
        return (new FeedbackReceipt(reader.IsDBNull(0) ? null : reader.GetString(0), status.ApiName(), status.Vietnamese(),
            reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(2).ToOffset(VietnamTime.Offset), reader.IsDBNull(3) ? null : reader.GetString(3), true), [], null);
    }

    /// <summary>Does <paramref name="action"/> to the feedback <paramref name="number"/> of the officer's agency.</summary>
    public async Task<FeedbackActResult> ActAsync(string number, FeedbackAction action, FeedbackActInput input, Officer officer, CancellationToken ct)
    {
        if (!FeedbackNumber.TryParse(number, out number)) return new(null, true, null, null);
        var errors = Check(action, input);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = await RowAsync(number, officer, ct, forUpdate: true);
        if (row is null) return new(null, true, null, null);
        var @case = row.Case;
        // An action the feedback's state forbids is refused as such (409) before what it carries is checked (422): the
        // officer learns that nothing they type can do it (fourth fresh trial LOW 8).
        if (!@case.Allows(action)) return new(null, false, null, new FeedbackTransitionException(@case.Status, action));
        FeedbackTransfer? transfer = null;
        int? targetAgency = null;
        if (action == FeedbackAction.Classify && errors.Count == 0)
        {
            var classification = FeedbackNames.ClassificationNames[input.Classification!.Trim()];
            if (classification is FeedbackClassification.StaffConduct or FeedbackClassification.OutsideCompetence)
            {
                if (string.IsNullOrWhiteSpace(input.TransferTo)) errors["transferTo"] = ["Nhập nơi chuyển đến: mã cơ quan trong hệ thống hoặc tên cơ quan có thẩm quyền."];
                else if (await AgencyAsync(input.TransferTo.Trim(), ct) is { } target && input.TransferTo.Trim().Contains('.', StringComparison.Ordinal))
                {
                    if (target.Id == row.AgencyId) errors["transferTo"] = ["Không chuyển cho chính cơ quan đang xử lý."];
                    else { transfer = new(target.Name, true); targetAgency = target.Id; }
                }
                else if (input.TransferTo.Trim().Length is < 3 or > 300) errors["transferTo"] = ["Tên cơ quan nhận từ 3 đến 300 ký tự."];
                else transfer = new(input.TransferTo.Trim(), false);
            }
            else if (!string.IsNullOrWhiteSpace(input.TransferTo)) errors["transferTo"] = ["Chỉ nhập nơi chuyển đến khi chuyển đi (về hành vi cán bộ hoặc không thuộc thẩm quyền)."];
        }
        if (errors.Count > 0) return new(null, false, errors, null);
        var now = clock.GetUtcNow();
        var calendar = await CentreCalendarAsync(ct);
        var happened = action switch
        {
            FeedbackAction.Classify => @case.Classify(FeedbackNames.ClassificationNames[input.Classification!.Trim()], input.Reason!.Trim(), transfer, now, calendar),
            FeedbackAction.RequestInformation => @case.RequestInformation(input.What!.Trim(), now),
            FeedbackAction.InformationReceived => @case.InformationReceived(input.Note?.Trim() is { Length: > 0 } n ? n : "Người gửi đã bổ sung thông tin.", now, calendar),
            FeedbackAction.Answer => @case.Answered(input.Text!.Trim(), now, calendar),
            FeedbackAction.Publish => @case.Publish(PublicText.Mask(input.Text!.Trim(), row.Sender, row.AgencyPhones), now),
            FeedbackAction.RouteAway => @case.RouteAway(FeedbackNames.KindNames[input.Kind!.Trim()], input.Destination!.Trim(), now),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        var d = @case.Deadlines;
        await using (var update = await db.CommandAsync("""
            UPDATE feedback SET status = $2, kind = $3, classification = $4, classified_at = coalesce($5, classified_at), transferred_to_name = $6,
                transferred_internal = $7, agency_id = coalesce($8, agency_id), transferred_from_agency_id = CASE WHEN $8 IS NULL THEN transferred_from_agency_id ELSE agency_id END,
                refuse_due_at = $9, information_due_at = $10, transfer_due_at = $11, handle_due_at = $12, handle_restarted_due_at = $13,
                answer = $14, answered_at = $15, answered_by = coalesce($16, answered_by), publish_due_at = $17, published_text = $18, published_at = $19,
                routed_to = $20, due_at = $21, due_explanation = coalesce($22, due_explanation), decision_reason = coalesce($23, decision_reason)
            WHERE id = $1
            """, ct, row.Id, (short)@case.Status, (short)@case.Kind, @case.Classification is { } cl ? (short)cl : Null(NpgsqlDbType.Smallint),
            action == FeedbackAction.Classify ? now.ToUniversalTime() : Null(NpgsqlDbType.TimestampTz), Text(@case.TransferredTo?.Name),
            @case.TransferredTo is { } t ? t.Internal : Null(NpgsqlDbType.Boolean), targetAgency is { } ta ? ta : Null(NpgsqlDbType.Integer),
            d.RefuseBy.ToUniversalTime(), d.InformationBy.ToUniversalTime(), d.TransferBy.ToUniversalTime(), d.HandleBy.ToUniversalTime(),
            Time(@case.HandleRestartedBy), Text(@case.Answer), Time(@case.AnsweredAt),
            action == FeedbackAction.Answer && officer.Actor.UserId is { } uid ? uid : Null(NpgsqlDbType.Integer),
            Time(@case.PublishBy), Text(@case.PublishedText ?? row.PublishedText), @case.PublishedAt is { } pa ? pa.ToUniversalTime() : Time(row.PublishedAt),
            Text(@case.RoutedTo ?? row.RoutedTo), Time(@case.DueAt), Text(targetAgency is null ? null : SkippedPeriods.Explain(d.Skipped)),
            Text(action == FeedbackAction.Classify ? input.Reason!.Trim() : null)))
            await update.ExecuteNonQueryAsync(ct);
        await EventAsync(row.Id, happened, officer.Actor, ct);
        if (action == FeedbackAction.Answer)
            await TellSenderAsync(row.SenderName, row.SenderPhone, row.SenderEmail, number, "feedback.answered",
                ($"Trả lời phản ánh, kiến nghị {number}", $"Phản ánh, kiến nghị số {number} đã có trả lời:\n\n{@case.Answer}\n\nKết quả được công khai tại {PublicAddress.Base(config)}/phan-anh-kien-nghi/{number}"),
                now, ct, smsText: $"PAKN {number} da co tra loi. Xem tai {PublicAddress.Base(config)}/phan-anh-kien-nghi/{number}");
        // Third trial MEDIUM 2: a refusal, a transfer and a routing away are decisions the sender learns, on the same path.
        if (FeedbackNotices.For(@case, number, input.Reason?.Trim() ?? "", $"{PublicAddress.Base(config)}/phan-anh-kien-nghi/{number}") is { } notice
            && action is FeedbackAction.Classify or FeedbackAction.RouteAway)
            await TellSenderAsync(row.SenderName, row.SenderPhone, row.SenderEmail, number, notice.Topic, (notice.Subject, notice.Text), now, ct, smsText: notice.Sms);
        if (action == FeedbackAction.RequestInformation)
            await TellSenderAsync(row.SenderName, row.SenderPhone, row.SenderEmail, number, "feedback.information",
                ($"Đề nghị bổ sung thông tin cho phản ánh, kiến nghị {number}", $"Để xử lý phản ánh, kiến nghị số {number}, đề nghị ông/bà bổ sung: {input.What!.Trim()}"),
                now, ct);
        await transaction.CommitAsync(ct);
        var done = await FindAsync(number, officer with { AgencyId = targetAgency ?? officer.AgencyId }, ct);
        return new(done, false, null, null);
    }

    /// <summary>The errors of an act's input by field (the request's names), before any row is read.</summary>
    public static Dictionary<string, string[]> Check(FeedbackAction action, FeedbackActInput input)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string? message) { if (message is not null) errors.TryAdd(field, [message]); }
        switch (action)
        {
            case FeedbackAction.Classify:
                if (string.IsNullOrWhiteSpace(input.Classification) || !FeedbackNames.ClassificationNames.ContainsKey(input.Classification.Trim()))
                    Add("classification", "Chọn phân loại: refused, staff-conduct, within-competence hoặc outside-competence.");
                Add("reason", FeedbackInput.Text(input.Reason, 5, 2000, "Lý do, căn cứ phân loại"));
                break;
            case FeedbackAction.RequestInformation:
                Add("what", FeedbackInput.Text(input.What, 10, 2000, "Nội dung đề nghị bổ sung"));
                break;
            case FeedbackAction.InformationReceived:
                if (input.Note is { Length: > 2000 }) Add("note", "Ghi chú dài quá 2000 ký tự.");
                break;
            case FeedbackAction.Answer:
                Add("text", FeedbackInput.Text(input.Text, 20, 10000, "Nội dung trả lời"));
                break;
            case FeedbackAction.Publish:
                Add("text", FeedbackInput.Text(input.Text, 20, 10000, "Nội dung công khai"));
                break;
            case FeedbackAction.RouteAway:
                if (string.IsNullOrWhiteSpace(input.Kind) || !FeedbackNames.KindNames.TryGetValue(input.Kind.Trim(), out var kind) || kind.IsFeedback())
                    Add("kind", "Chọn khieu-nai (khiếu nại) hoặc to-cao (tố cáo).");
                Add("destination", FeedbackInput.Text(input.Destination, 3, 300, "Nơi chuyển đến"));
                break;
        }
        return errors;
    }

    /// <summary>One feedback of the officer's agency, with its events; null when there is none or it is another agency's.</summary>
    public async Task<FeedbackDetail?> FindAsync(string number, Officer officer, CancellationToken ct)
    {
        if (!FeedbackNumber.TryParse(number, out number)) return null;
        var row = await RowAsync(number, officer, ct, forUpdate: false);
        if (row is null) return null;
        var events = new List<FeedbackEventView>();
        await using (var command = await db.CommandAsync(
            "SELECT at, actor, action, from_status, to_status, note FROM feedback_events WHERE feedback_id = $1 ORDER BY id", ct, row.Id))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                events.Add(new(reader.GetFieldValue<DateTimeOffset>(0).ToOffset(VietnamTime.Offset), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : ((FeedbackStatus)reader.GetInt16(3)).Vietnamese(), ((FeedbackStatus)reader.GetInt16(4)).Vietnamese(), reader.GetString(5)));
        var c = row.Case;
        var d = c.Deadlines;
        var vn = VietnamTime.Offset;
        var suggested = PublicText.Mask($"Nội dung {c.Kind.Vietnamese().ToLowerInvariant()}: {row.Subject}{(row.Subject is null ? "" : ". ")}{row.Content}\n\nTrả lời: {c.Answer}", row.Sender, row.AgencyPhones);
        return new(row.Number, c.Kind.ApiName(), c.Kind.Vietnamese(), row.Channel.ToString().ToLowerInvariant(), row.Channel.Vietnamese(), c.Status.ApiName(), c.Status.Vietnamese(),
            row.SenderName, row.SenderPhone, row.SenderEmail, row.SenderAddress, row.SenderIdNumber, row.AgencyCode, row.AgencyName, row.ProcedureCode, row.ProcedureName,
            row.Subject, row.Content, row.ReceivedAt.ToOffset(vn), row.CallAt?.ToOffset(vn), row.PortalCode, c.Classification?.ApiName(), c.Classification?.Vietnamese(),
            c.TransferredTo?.Name, c.RoutedTo, d.RefuseBy.ToOffset(vn), d.InformationBy.ToOffset(vn), d.TransferBy.ToOffset(vn), d.HandleBy.ToOffset(vn),
            c.PublishBy?.ToOffset(vn), c.DueAt?.ToOffset(vn), c.IsOverdue(clock.GetUtcNow()), row.DueExplanation, c.Answer, c.AnsweredAt?.ToOffset(vn),
            row.PublishedText, row.PublishedAt?.ToOffset(vn), suggested,
            [.. Enum.GetValues<FeedbackAction>().Where(c.Allows).Select(a => a.ToString())], events);
    }

    /// <summary>The officer's agency's feedback (never complaints routed away at registration), overdue first, then by
    /// deadline, 50 a page; <paramref name="status"/> filters by API name, <paramref name="overdueOnly"/> keeps the overdue.</summary>
    public async Task<IReadOnlyList<FeedbackLine>> ListAsync(Officer officer, FeedbackStatus? status, bool overdueOnly, int page, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        await using var command = await db.CommandAsync($"""
            SELECT f.number, f.kind, f.channel, f.status, f.sender_name, coalesce(f.subject, left(f.content, 120)), f.received_at, f.due_at
            FROM feedback f
            WHERE f.agency_id = $1 AND f.number IS NOT NULL AND f.status <> 8 AND ($2 = 0 OR f.status = $2) AND (NOT $3 OR f.due_at < $4)
            ORDER BY coalesce(f.due_at < $4, false) DESC, f.due_at NULLS LAST, f.id DESC
            LIMIT 50 OFFSET $5
            """, ct, officer.AgencyId ?? 0, (short)(status is { } s ? (short)s : 0), overdueOnly, now, (Paging.Clamp(page) - 1) * 50);
        var lines = new List<FeedbackLine>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var st = (FeedbackStatus)reader.GetInt16(3);
            DateTimeOffset? due = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7).ToOffset(VietnamTime.Offset);
            lines.Add(new(reader.GetString(0), ((FeedbackKind)reader.GetInt16(1)).Vietnamese(), ((FeedbackChannel)reader.GetInt16(2)).Vietnamese(), st.ApiName(), st.Vietnamese(),
                reader.GetString(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6).ToOffset(VietnamTime.Offset), due, due is { } x && x < now));
        }
        return lines;
    }

    /// <summary>The published answers, newest first, 20 a page: what anyone may read (masked at publication).</summary>
    public async Task<IReadOnlyList<PublicFeedback>> PublishedAsync(int page, CancellationToken ct)
    {
        await using var command = await db.CommandAsync($"""
            SELECT f.number, f.kind, a.name, p.name, f.subject, f.status, f.received_at, coalesce(f.handle_restarted_due_at, f.handle_due_at), f.published_text,
                f.published_at, f.sender_name, f.sender_id_number, f.sender_phone, f.sender_email, f.sender_address, a.phone, f.transferred_internal,
                f.decision_reason, f.transferred_to_name, f.routed_to
            {From} WHERE f.status = 7 ORDER BY f.published_at DESC, f.id DESC LIMIT 20 OFFSET $1
            """, ct, (Paging.Clamp(page) - 1) * 20);
        return await PublicAsync(command, ct);
    }

    /// <summary>A feedback by its number as the public sees it (no sender data; the subject masked), or null.</summary>
    public async Task<PublicFeedback?> PublicAsync(string number, CancellationToken ct)
    {
        if (!FeedbackNumber.TryParse(number, out number)) return null;
        await using var command = await db.CommandAsync($"""
            SELECT f.number, f.kind, a.name, p.name, f.subject, f.status, f.received_at, coalesce(f.handle_restarted_due_at, f.handle_due_at), f.published_text,
                f.published_at, f.sender_name, f.sender_id_number, f.sender_phone, f.sender_email, f.sender_address, a.phone, f.transferred_internal,
                f.decision_reason, f.transferred_to_name, f.routed_to
            {From} WHERE f.number = $1
            """, ct, number);
        return (await PublicAsync(command, ct)).SingleOrDefault();
    }

    private static async Task<IReadOnlyList<PublicFeedback>> PublicAsync(DbCommand command, CancellationToken ct)
    {
        var found = new List<PublicFeedback>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        var vn = VietnamTime.Offset;
        while (await reader.ReadAsync(ct))
        {
            var status = (FeedbackStatus)reader.GetInt16(5);
            var published = status == FeedbackStatus.Published;
            string? Optional(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var sender = new SenderData(reader.GetString(10), Optional(11), Optional(12), Optional(13), Optional(14));
            string[] agencyPhones = [reader.GetString(15)];
            bool? inside = reader.IsDBNull(16) ? null : reader.GetBoolean(16);
            // The reason of the decision that refused or moved it; the classification "within competence" keeps its reason internal.
            var reason = status is FeedbackStatus.Refused or FeedbackStatus.Transferred && Optional(17) is { } r ? PublicText.Mask(r, sender, agencyPhones) : null;
            found.Add(new(reader.GetString(0), ((FeedbackKind)reader.GetInt16(1)).Vietnamese(), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : PublicText.Mask(reader.GetString(4), sender, agencyPhones), status.ApiName(), status.Vietnamese(),
                reader.GetFieldValue<DateTimeOffset>(6).ToOffset(vn),
                FeedbackCase.AwaitsHandling(status, inside) ? reader.GetFieldValue<DateTimeOffset>(7).ToOffset(vn) : null,
                // Masked again as it is read: a text published before the rule took every spelling is masked now too.
                published ? PublicText.Mask(reader.GetString(8), sender, agencyPhones) : null, published ? reader.GetFieldValue<DateTimeOffset>(9).ToOffset(vn) : null,
                reason, Optional(18), status == FeedbackStatus.RoutedAway ? Optional(19) : null));
        }
        return found;
    }

    /// <summary>The figures of <see cref="FeedbackFigures"/> for one agency over the Vietnam dates [from, to]; an agency
    /// that holds no feedback has every count 0.</summary>
    public async Task<FeedbackFigures> FiguresAsync(int agencyId, DateOnly from, DateOnly to, CancellationToken ct) =>
        (await FiguresByAgencyAsync([agencyId], from, to, ct)).SingleOrDefault()?.Figures ?? FeedbackFigures.Sum(from, to, []);

    /// <summary>The province-wide figures over the Vietnam dates [from, to]: one line per agency holding feedback and their sum.</summary>
    public Task<ProvinceFeedbackFigures> ProvinceFiguresAsync(DateOnly from, DateOnly to, CancellationToken ct) => UnitsFiguresAsync(null, from, to, ct);

    /// <summary>The figures of the agencies <paramref name="agencyIds"/> (every agency when null) over the Vietnam dates
    /// [from, to]: one line per agency holding feedback and their sum. The dashboards pass the units of their roll-up
    /// (<c>DashboardReads.ResolveAsync</c>), so the feedback counted is that of the dossiers counted beside it.</summary>
    public async Task<ProvinceFeedbackFigures> UnitsFiguresAsync(IReadOnlyCollection<int>? agencyIds, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var lines = await FiguresByAgencyAsync(agencyIds, from, to, ct);
        return new(from, to, FeedbackFigures.Sum(from, to, lines.Select(l => l.Figures)), lines);
    }

    /// <summary>The overdue feedback (deadline passed, never complaints routed away) of the agencies <paramref name="agencyIds"/>,
    /// most overdue first, at most <paramref name="limit"/>: number, holding agency (code, name), status, deadline (Vietnam time).</summary>
    public async Task<IReadOnlyList<OverdueFeedback>> OverdueAsync(IReadOnlyCollection<int> agencyIds, int limit, CancellationToken ct)
    {
        await using var command = await db.CommandAsync("""
            SELECT f.number, a.code, a.name, f.status, f.due_at FROM feedback f JOIN agencies a ON a.id = f.agency_id
            WHERE f.agency_id = ANY ($1) AND f.number IS NOT NULL AND f.status <> 8 AND f.due_at < $2
            ORDER BY f.due_at, f.id LIMIT $3
            """, ct, agencyIds.ToArray(), clock.GetUtcNow().ToUniversalTime(), limit);
        var lines = new List<OverdueFeedback>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            lines.Add(new(reader.GetString(0), reader.GetString(1), reader.GetString(2), ((FeedbackStatus)reader.GetInt16(3)).Vietnamese(),
                reader.GetFieldValue<DateTimeOffset>(4).ToOffset(VietnamTime.Offset)));
        return lines;
    }

    // One query for all: the counts grouped by the agency holding the feedback, of the agencies given (null: every one).
    private async Task<List<AgencyFeedbackFigures>> FiguresByAgencyAsync(IReadOnlyCollection<int>? agencyIds, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var start = VietnamTime.At(from, TimeOnly.MinValue).ToUniversalTime();
        var end = VietnamTime.At(to.AddDays(1), TimeOnly.MinValue).ToUniversalTime();
        var now = clock.GetUtcNow().ToUniversalTime();
        await using var command = await db.CommandAsync("""
            SELECT a.code, a.name,
                   count(*) FILTER (WHERE f.kind IN (1, 2) AND f.status <> 8 AND f.received_at >= $2 AND f.received_at < $3),
                   count(*) FILTER (WHERE f.status IN (6, 7) AND f.received_at >= $2 AND f.received_at < $3),
                   count(*) FILTER (WHERE f.status IN (6, 7) AND f.received_at >= $2 AND f.received_at < $3 AND f.answered_at <= coalesce(f.handle_restarted_due_at, f.handle_due_at)),
                   count(*) FILTER (WHERE f.status = 7 AND f.received_at >= $2 AND f.received_at < $3),
                   count(*) FILTER (WHERE f.status = 2 AND f.received_at >= $2 AND f.received_at < $3),
                   count(*) FILTER (WHERE f.status = 4 AND f.received_at >= $2 AND f.received_at < $3),
                   count(*) FILTER (WHERE f.status = 8 AND f.received_at >= $2 AND f.received_at < $3),
                   count(*) FILTER (WHERE f.status IN (1, 3, 5, 6) OR (f.status = 4 AND f.transferred_internal)),
                   count(*) FILTER (WHERE f.due_at < $4 AND f.status <> 8)
            FROM feedback f JOIN agencies a ON a.id = f.agency_id
            WHERE $1::int[] IS NULL OR f.agency_id = ANY ($1)
            GROUP BY a.id, a.code, a.name ORDER BY a.name, a.code
            """, ct, new NpgsqlParameter { Value = (object?)agencyIds?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer }, start, end, now);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var lines = new List<AgencyFeedbackFigures>();
        while (await reader.ReadAsync(ct))
        {
            int At(int i) => (int)reader.GetInt64(i);
            lines.Add(new(reader.GetString(0), reader.GetString(1), new(from, to, At(2), At(3), At(4), At(5), At(6), At(7), At(8), At(9), At(10))));
        }
        return lines;
    }

    /// <summary>The agencies an officer may transfer to or a sender may address: code and name, operating ones only.</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> AgenciesAsync(CancellationToken ct)
    {
        var list = new List<(string, string)>();
        await using var command = await db.CommandAsync("SELECT code, name FROM agencies WHERE ended_on IS NULL ORDER BY kind <> 'province_center', name", ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add((reader.GetString(0), reader.GetString(1)));
        return list;
    }

    /// <summary>An agency's code by id (the officer's own, to preselect it on the transcription form).</summary>
    public async Task<string?> AgencyCodeAsync(int id, CancellationToken ct) =>
        await db.Agencies.AsNoTracking().Where(a => a.Id == id).Select(a => a.Code).FirstOrDefaultAsync(ct);

    private sealed record Row(long Id, string? Number, FeedbackChannel Channel, string SenderName, string? SenderPhone, string? SenderEmail, string SenderAddress,
        string? SenderIdNumber, string AgencyCode, string AgencyName, string? ProcedureCode, string? ProcedureName, string? Subject, string Content,
        DateTimeOffset ReceivedAt, DateTimeOffset? CallAt, string? PortalCode, string? DueExplanation, string? PublishedText, DateTimeOffset? PublishedAt,
        string? RoutedTo, int AgencyId, string AgencyPhone, FeedbackCase Case)
    {
        /// <summary>The sender's personal data the public text must not show.</summary>
        public SenderData Sender => new(SenderName, SenderIdNumber, SenderPhone, SenderEmail, SenderAddress);

        /// <summary>The handling agency's own published number, which the public text keeps (<see cref="PublicText.Mask"/>).</summary>
        public string[] AgencyPhones => [AgencyPhone];
    }

    private async Task<Row?> RowAsync(string number, Officer officer, CancellationToken ct, bool forUpdate)
    {
        await using var command = await db.CommandAsync($"SELECT {Columns} {From} WHERE f.number = $1 AND f.agency_id = $2{(forUpdate ? " FOR UPDATE OF f" : "")}",
            ct, number, officer.AgencyId ?? 0);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        DateTimeOffset? T(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
        var deadlines = new FeedbackDeadlines(T(23)!.Value, T(24)!.Value, T(25)!.Value, T(26)!.Value, []);
        var transfer = S(20) is { } to ? new FeedbackTransfer(to, !reader.IsDBNull(21) && reader.GetBoolean(21)) : null;
        var @case = FeedbackCase.Restore((FeedbackKind)reader.GetInt16(2), (FeedbackStatus)reader.GetInt16(4), deadlines,
            reader.IsDBNull(19) ? null : (FeedbackClassification)reader.GetInt16(19), transfer, T(27), S(31), T(32), T(28));
        return new(reader.GetInt64(0), S(1), (FeedbackChannel)reader.GetInt16(3), reader.GetString(5), S(6), S(7), reader.GetString(8), S(9),
            reader.GetString(10), reader.GetString(11), S(12), S(13), S(14), reader.GetString(15), reader.GetFieldValue<DateTimeOffset>(16), T(17), S(18), S(30),
            S(33), T(34), S(22), reader.GetInt32(35), reader.GetString(36), @case);
    }

    private async Task EventAsync(long id, FeedbackEvent e, Actor? by, CancellationToken ct, bool registration = false)
    {
        await using var command = await db.CommandAsync("""
            INSERT INTO feedback_events (feedback_id, at, user_id, actor, action, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, ct, id, e.At.ToUniversalTime(), by?.UserId is { } u ? u : Null(NpgsqlDbType.Integer), by?.Name ?? "Người gửi (trực tuyến)",
            registration ? "Tiếp nhận" : e.Action.Vietnamese(), registration ? Null(NpgsqlDbType.Smallint) : (short)e.From, (short)e.To, e.Note);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Writes the messages to the sender on the outbox, in the act's transaction: an e-mail when they gave an
    /// address, an SMS when they gave a mobile number (the channel adapters of docs/MESSAGES.md deliver them). The SMS waits
    /// for the end of the quiet hours (Motcua:Notifications:QuietHours, 21:00–07:00), as every SMS to a citizen does; the
    /// e-mail leaves at once, so each has its own ordering key (the outbox holds a key's later rows behind its first).</summary>
    private async Task TellSenderAsync(string name, string? phone, string? email, string? number, string topic, (string Subject, string Text) message,
        DateTimeOffset now, CancellationToken ct, string? smsText = null)
    {
        var key = $"feedback:{number ?? Guid.NewGuid().ToString()}";
        var quiet = Domain.Messages.QuietHours.Parse(config["Motcua:Notifications:QuietHours"] ?? "21:00-07:00") ?? Domain.Messages.QuietHours.Default;
        if (!string.IsNullOrWhiteSpace(email))
            db.Outbox.Add(new OutboxMessage
            {
                Target = ChannelMessages.EmailTarget, Topic = topic, OrderingKey = key, CreatedAt = now, NextAttemptAt = now,
                Payload = JsonSerializer.SerializeToDocument(new EmailPayload(email, name, message.Subject, message.Text, null, null), MotCuaDb.Json),
            });
        if (Domain.Messages.MobileNumber.Local(phone) is { } mobile)
            db.Outbox.Add(new OutboxMessage
            {
                Target = ChannelMessages.SmsTarget, Topic = topic, OrderingKey = key + ":sms", CreatedAt = now, NextAttemptAt = quiet.NotBefore(now),
                Payload = JsonSerializer.SerializeToDocument(new SmsPayload(mobile, smsText ?? FeedbackNotices.Sms(message.Subject), null), MotCuaDb.Json),
            });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private async Task<(int Id, string Name)?> AgencyAsync(string? code, CancellationToken ct)
    {
        await using var command = string.IsNullOrWhiteSpace(code)
            ? await db.CommandAsync("SELECT id, name FROM agencies WHERE kind = 'province_center' AND ended_on IS NULL ORDER BY id LIMIT 1", ct)
            : await db.CommandAsync("SELECT id, name FROM agencies WHERE code = $1 AND ended_on IS NULL", ct, code.Trim());
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt32(0), reader.GetString(1)) : null;
    }

    /// <summary>Whether agency <paramref name="agencyId"/> is the province centre (Trung tâm Phục vụ hành chính công), whose
    /// feedback officers read the province-wide figures [choice: counts only, no personal data].</summary>
    public async Task<bool> IsCentreAsync(int agencyId, CancellationToken ct) =>
        await db.Agencies.AsNoTracking().AnyAsync(a => a.Id == agencyId && a.Kind == AgencyKinds.ProvinceCenter, ct);

    /// <summary>The province centre's working calendar: feedback deadlines count on it wherever the feedback is handled.</summary>
    private async Task<WorkingCalendar> CentreCalendarAsync(CancellationToken ct)
    {
        var centre = await db.Agencies.AsNoTracking().Where(a => a.Kind == AgencyKinds.ProvinceCenter).OrderBy(a => a.Id).FirstOrDefaultAsync(ct);
        return centre is null ? await calendars.ForAsync(null, null, ct) : await calendars.ForAsync(centre, ct);
    }

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken ct, params object?[] parameters)
    {
        await using var command = await db.CommandAsync(sql, ct, parameters);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private static NpgsqlParameter Null(NpgsqlDbType type) => new() { Value = DBNull.Value, NpgsqlDbType = type };
    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
    private static NpgsqlParameter Time(DateTimeOffset? value) => new() { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
