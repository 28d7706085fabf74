using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MotCua.Data;
using MotCua.Domain.Administration;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Messages;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Outbox;

using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Reminders;

/// <summary>
/// One scan of the officers' reminders (docs/MESSAGES.md §7): for every unit, the steps it holds that are due within the
/// lead time (a warning to the handler), overdue (a notice to the handler), overdue beyond the margins (to the department
/// head, then the leader), and on a working day from the summary hour the list of its overdue dossiers (to its heads and
/// leaders). Each notice is an <c>officer_notices</c> row keyed by what it is about, written with ON CONFLICT DO NOTHING,
/// and, for an officer with an e-mail address, an <c>email</c> outbox row in the same transaction: whatever the number of
/// instances and scans, each notice exists once.
/// </summary>
public sealed class OfficerReminders(MotCuaDb db, CalendarStore calendars, TimeProvider clock, IOptions<ReminderOptions> options,
    IConfiguration configuration)
{
    /// <summary>The namespace of the notices' e-mail message ids (<see cref="DossierEventPlan.Derive"/> with the notice's key).</summary>
    public static readonly Guid MessageNamespace = new("5d0c5a3e-7f21-4b8e-9a43-2c6f0e1b7d94");

    private sealed record Recipient(int Id, string FullName, string Role, int? AgencyId, string? Email);

    private sealed record HeldStep(string Code, string ProcedureName, int? Index, string? Name, StepKind? Kind, DateTimeOffset DueAt,
        int? AssigneeUserId, string? AssigneeName);

    private sealed record Notice(string Key, Recipient To, OfficerNoticeKind Kind, string? Code, string? Step, DateTimeOffset? DueAt,
        string Title, string Body);

    /// <summary>Scans every unit at the app's clock; returns the notices written by this scan (those another instance or an
    /// earlier scan wrote are not written again).</summary>
    public async Task<int> ScanAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var policy = options.Value.Policy;
        var officers = await db.Users.AsNoTracking().Where(u => u.DeactivatedAt == null && u.AgencyId != null)
            .Select(u => new Recipient(u.Id, u.FullName, u.Role, u.AgencyId, u.Email)).ToListAsync(ct);
        var byId = officers.ToDictionary(o => o.Id);
        var byAgency = officers.ToLookup(o => o.AgencyId);
        var written = 0;
        foreach (var agency in await db.Agencies.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct))
        {
            if (!byAgency[agency.Id].Any()) continue;
            var calendar = await calendars.ForAsync(agency, ct);
            var notices = new List<Notice>();
            var horizon = calendar.AddWorkingTime(now, calendar.WorkingTimeOf(policy.LeadTime));
            var steps = await db.Dossiers.AsNoTracking()
                .Where(d => d.Status == DossierStatus.InProcess && d.CurrentAgencyId == agency.Id && d.CurrentStepDueAt != null && d.CurrentStepDueAt <= horizon)
                .OrderBy(d => d.CurrentStepDueAt).ThenBy(d => d.Id)
                .Select(d => new HeldStep(d.Code, d.ProcedureName, d.CurrentStepIndex, d.CurrentStepName, d.CurrentStepKind, d.CurrentStepDueAt!.Value,
                    d.AssigneeUserId, d.AssigneeName))
                .ToListAsync(ct);
            foreach (var step in steps)
                notices.AddRange(StepNotices(step, OfficerReminderRules.Alerts(now, step.DueAt, calendar, policy), byAgency[agency.Id], byId));
            if (OfficerReminderRules.SummaryDue(now, calendar, policy))
                notices.AddRange(await SummariesAsync(agency.Id, byAgency[agency.Id], now, ct));
            written += await WriteAsync(notices, now, ct);
        }
        return written;
    }

    private static string RoleName(OfficerRole role) => AccountRules.Roles.First(r => r.Value == role).Key;

    private IEnumerable<Notice> StepNotices(HeldStep step, StepAlerts alerts, IEnumerable<Recipient> unit, Dictionary<int, Recipient> byId)
    {
        if (step.Kind is not { } kind) yield break;
        var stepKey = $"{step.Code}:{step.Index}:{step.DueAt.UtcTicks}";
        if (alerts.Warn || alerts.Overdue)
        {
            var handlers = OfficerReminderRules.Handlers(kind)
                .SelectMany(h => h.AssigneeOnly && step.AssigneeUserId is { } assignee
                    ? byId.TryGetValue(assignee, out var one) ? [one] : []
                    : unit.Where(o => o.Role == RoleName(h.Role)))
                .DistinctBy(o => o.Id);
            var (noticeKind, title) = alerts.Overdue
                ? (OfficerNoticeKind.Overdue, $"Quá hạn xử lý: hồ sơ {step.Code}")
                : (OfficerNoticeKind.Warning, $"Sắp đến hạn xử lý: hồ sơ {step.Code}");
            foreach (var handler in handlers)
                yield return StepNotice($"{Slug(noticeKind)}:{handler.Id}:{stepKey}", handler, noticeKind, step, title,
                    alerts.Overdue ? "Bước xử lý của hồ sơ đã quá hạn." : "Bước xử lý của hồ sơ sắp đến hạn.");
        }
        foreach (var (due, role, level) in new[] { (alerts.ToHead, OfficerRole.DepartmentHead, "head"), (alerts.ToLeader, OfficerRole.Leader, "leader") })
        {
            if (!due) continue;
            foreach (var officer in unit.Where(o => o.Role == RoleName(role)))
                yield return StepNotice($"escalation-{level}:{officer.Id}:{stepKey}", officer, OfficerNoticeKind.Escalation, step,
                    $"Hồ sơ quá hạn cần chỉ đạo: {step.Code}",
                    $"Bước xử lý đã quá hạn quá mức cho phép; người xử lý: {step.AssigneeName ?? "chưa phân công"}.");
        }
    }

    private Notice StepNotice(string key, Recipient to, OfficerNoticeKind kind, HeldStep step, string title, string lead)
    {
        var body = new StringBuilder()
            .AppendLine(lead)
            .AppendLine($"Mã hồ sơ: {step.Code}")
            .AppendLine($"Thủ tục: {step.ProcedureName}")
            .AppendLine($"Bước: {step.Name}")
            .AppendLine($"Hạn xử lý bước: {VietnamTime.ToVietnam(step.DueAt):HH:mm dd/MM/yyyy} (giờ Việt Nam)")
            .Append($"Xem hồ sơ: {Link(step.Code)}")
            .ToString();
        return new Notice(key, to, kind, step.Code, step.Name, step.DueAt, title, body);
    }

    // Held by the unit with the clock running, past the step's or the dossier's due instant: the worklists' "overdue".
    private async Task<IEnumerable<Notice>> SummariesAsync(int agencyId, IEnumerable<Recipient> unit, DateTimeOffset now, CancellationToken ct)
    {
        var heads = unit.Where(o => o.Role == RoleName(OfficerRole.DepartmentHead) || o.Role == RoleName(OfficerRole.Leader)).ToList();
        if (heads.Count == 0) return [];
        var day = VietnamTime.DateOf(now);
        var keys = heads.Select(h => $"summary:{h.Id}:{day:yyyy-MM-dd}").ToArray();
        var sent = await db.Database.SqlQuery<string>($"""SELECT key AS "Value" FROM officer_notices WHERE key = ANY({keys})""").ToListAsync(ct);
        if (sent.Count == keys.Length) return [];
        var overdue = await db.Dossiers.AsNoTracking()
            .Where(d => d.CurrentAgencyId == agencyId && DossierStatuses.Open.Contains(d.Status) && DossierStatuses.ClockRunning.Contains(d.Status)
                && (d.CurrentStepDueAt < now || d.DueAt < now))
            .OrderBy(d => d.CurrentStepDueAt).ThenBy(d => d.Id)
            .Select(d => new { d.Code, d.ProcedureName, d.CurrentStepName, d.CurrentStepDueAt, d.DueAt, d.AssigneeName })
            .ToListAsync(ct);
        if (overdue.Count == 0) return [];
        var body = new StringBuilder($"Hồ sơ quá hạn của đơn vị lúc {VietnamTime.ToVietnam(now):HH:mm dd/MM/yyyy}: {overdue.Count} hồ sơ.");
        foreach (var d in overdue)
            body.AppendLine().Append($"- {d.Code} ({d.ProcedureName}), bước \"{d.CurrentStepName}\", hạn bước ")
                .Append(d.CurrentStepDueAt is { } s ? VietnamTime.ToVietnam(s).ToString("HH:mm dd/MM/yyyy") : "—")
                .Append(", hạn hồ sơ ").Append(d.DueAt is { } due ? VietnamTime.ToVietnam(due).ToString("HH:mm dd/MM/yyyy") : "—")
                .Append($", người xử lý: {d.AssigneeName ?? "chưa phân công"}. {Link(d.Code)}");
        var title = $"Tổng hợp hồ sơ quá hạn ngày {day:dd/MM/yyyy}: {overdue.Count} hồ sơ";
        return heads.Where(h => !sent.Contains($"summary:{h.Id}:{day:yyyy-MM-dd}"))
            .Select(h => new Notice($"summary:{h.Id}:{day:yyyy-MM-dd}", h, OfficerNoticeKind.Summary, null, null, null, title, body.ToString()));
    }

    private string Link(string code) => $"{PublicAddress.Base(configuration)}/ho-so/{code}";

    private static string Slug(OfficerNoticeKind kind) => kind.ToString().ToLowerInvariant();

    // Keys already written are skipped in one query; the rest are inserted one transaction each, ON CONFLICT DO NOTHING:
    // an instance that loses the race waits on the winner's key and writes neither the notice nor its e-mail.
    private async Task<int> WriteAsync(List<Notice> notices, DateTimeOffset now, CancellationToken ct)
    {
        if (notices.Count == 0) return 0;
        var keys = notices.Select(n => n.Key).ToArray();
        var existing = (await db.Database.SqlQuery<string>($"""SELECT key AS "Value" FROM officer_notices WHERE key = ANY({keys})""").ToListAsync(ct)).ToHashSet();
        var written = 0;
        foreach (var notice in notices.Where(n => !existing.Contains(n.Key)))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            Guid? messageId = notice.To.Email is { Length: > 0 } ? DossierEventPlan.Derive(MessageNamespace, notice.Key) : null;
            var inserted = await db.Database.SqlQuery<long>($"""
                INSERT INTO officer_notices (key, user_id, kind, dossier_code, step, due_at, title, body, created_at, message_id)
                VALUES ({notice.Key}, {notice.To.Id}, {Slug(notice.Kind)}, {notice.Code}, {notice.Step}, {notice.DueAt?.ToUniversalTime()},
                        {notice.Title}, {notice.Body}, {now.ToUniversalTime()}, {messageId})
                ON CONFLICT (key) DO NOTHING RETURNING id AS "Value"
                """).ToListAsync(ct);
            if (inserted.Count == 0) continue;
            if (messageId is { } id)
            {
                db.Outbox.Add(new OutboxMessage
                {
                    Target = ChannelMessages.EmailTarget,
                    Topic = "officer.reminder",
                    OrderingKey = $"email:officer:{notice.To.Id}",
                    MessageId = id,
                    Payload = JsonSerializer.SerializeToDocument(
                        new EmailPayload(notice.To.Email!, notice.To.FullName, notice.Title, notice.Body, null, notice.Code), MotCuaDb.Json),
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
            await tx.CommitAsync(ct);
            written++;
        }
        return written;
    }
}
