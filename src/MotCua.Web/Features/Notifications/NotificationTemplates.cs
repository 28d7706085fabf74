using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Messages;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Notifications;

/// <summary>
/// A notification rendered from the template in use (docs/MESSAGES.md §4): the template's row id and version (for
/// <c>notifications.template_id|template_version</c>), the subject (e-mail only), the body as sent, the SMS segments
/// (SMS only), and for Zalo the ZNS template id and its parameters (ZNS parameter name → value).
/// </summary>
public sealed record RenderedNotification(int TemplateId, int Version, NotificationEvent Event, NotificationChannel Channel,
    string? Subject, string Body, int? Segments, string? ZnsTemplateId, IReadOnlyDictionary<string, string>? ZnsData);

/// <summary>What a template says with the sample values: subject, body, and for SMS its encoding, length and segments.</summary>
public sealed record NotificationTemplatePreview(string? Subject, string? Body, string? Encoding, int? Units, int? Segments, string? Problem);

/// <summary>One version of a template as the administrator sees it, with who saved it (null: the default) and its preview.</summary>
public sealed record NotificationTemplateView(int Id, string Event, string EventTitle, string Channel, int Version, string? Subject, string Body,
    bool WithoutDiacritics, string? ZnsTemplateId, IReadOnlyDictionary<string, string>? ZnsParams, bool Active, DateTimeOffset CreatedAt,
    string? CreatedBy, NotificationTemplatePreview Preview);

/// <summary>A template's version in use and every version, newest first; the placeholders its event offers and requires.</summary>
public sealed record NotificationTemplateDetail(NotificationTemplateView Current, IReadOnlyList<NotificationTemplateView> Versions,
    IReadOnlyList<string> Placeholders, IReadOnlyList<string> Required);

/// <summary>
/// A new version of a template (PUT): subject (e-mail only), body, without diacritics (SMS only), ZNS template id and
/// parameters (Zalo only: placeholder → ZNS parameter name), active (default true; false turns the channel off for the
/// event).
/// </summary>
public sealed record NotificationTemplateRequest(string? Subject, string? Body, bool? WithoutDiacritics, string? ZnsTemplateId,
    Dictionary<string, string>? ZnsParams, bool? Active);

/// <summary>What saving gave: the template's detail, or 404 text, or 422 errors by field, or a 409 text (a concurrent edit).</summary>
public sealed record NotificationTemplateOutcome(NotificationTemplateDetail? Detail, string? NotFound = null,
    IDictionary<string, string[]>? Errors = null, string? Conflict = null);

/// <summary>
/// The notification templates (migration 0026): rendering the version in use for a planner, and the administrator's
/// list, history and edits (each edit a new version, written to the audit log). Scoped: it uses the request's or the
/// expansion's <see cref="MotCuaDb"/>.
/// </summary>
public sealed class NotificationTemplates(MotCuaDb db, TimeProvider clock)
{
    /// <summary>
    /// Renders the latest version of the template of <paramref name="event"/> on <paramref name="channel"/> with
    /// <paramref name="values"/> (placeholder name → value, formatted as <see cref="NotificationPlaceholders"/> says:
    /// a planner gives every placeholder of <see cref="NotificationPlaceholders.AllowedFor"/>). Null when that version is
    /// not active (the administrator turned the channel off for the event) or there is no template.
    /// </summary>
    /// <exception cref="NotificationTemplateException">A placeholder the template uses has no value (the message names it).</exception>
    public async Task<RenderedNotification?> RenderAsync(NotificationEvent @event, NotificationChannel channel,
        IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        var row = await LatestAsync(@event, channel, ct);
        if (row is not { Active: true }) return null;
        var message = Template(row).Render(values);
        return new(row.Id, row.Version, @event, channel, message.Subject, message.Body, message.Sms?.Segments, row.ZnsTemplateId, message.ZnsData);
    }

    /// <summary>The version in use of every (event, channel), by event then channel.</summary>
    public async Task<IReadOnlyList<NotificationTemplateView>> ListAsync(CancellationToken ct)
    {
        var rows = await db.NotificationTemplates.AsNoTracking()
            .Where(t => t.Version == db.NotificationTemplates.Where(o => o.Event == t.Event && o.Channel == t.Channel).Max(o => o.Version))
            .ToListAsync(ct);
        var names = await NamesAsync(rows, ct);
        return [.. rows.OrderBy(r => NotificationTemplate.EventNamed(r.Event)).ThenBy(r => NotificationTemplate.ChannelNamed(r.Channel)).Select(r => View(r, names))];
    }

    /// <summary>The template of an event and channel with its history; null when either name is unknown or it has none.</summary>
    public async Task<NotificationTemplateDetail?> DetailAsync(string @event, string channel, CancellationToken ct)
    {
        if (NotificationTemplate.EventNamed(@event) is not { } e || NotificationTemplate.ChannelNamed(channel) is null) return null;
        var rows = await db.NotificationTemplates.AsNoTracking().Where(t => t.Event == @event && t.Channel == channel)
            .OrderByDescending(t => t.Version).ToListAsync(ct);
        if (rows.Count == 0) return null;
        var names = await NamesAsync(rows, ct);
        var views = rows.Select(r => View(r, names)).ToList();
        return new(views[0], views, NotificationPlaceholders.AllowedFor(e), NotificationPlaceholders.RequiredFor(e));
    }

    /// <summary>
    /// Saves a new version of the template of <paramref name="event"/> on <paramref name="channel"/> after the Domain's
    /// checks (<see cref="NotificationTemplate.Problems"/>), and writes the change to the audit log
    /// (<c>admin.notification-template.update</c>). Unknown names: NotFound; invalid: Errors by field; two administrators
    /// saving the same template at once: the second gets Conflict and saves nothing.
    /// </summary>
    public async Task<NotificationTemplateOutcome> SaveAsync(string @event, string channel, NotificationTemplateRequest request,
        ClaimsPrincipal who, CancellationToken ct)
    {
        if (NotificationTemplate.EventNamed(@event) is not { } e) return new(null, NotFound: $"Không có loại thông báo '{Problems.Echo(@event)}'.");
        if (NotificationTemplate.ChannelNamed(channel) is not { } c) return new(null, NotFound: $"Không có kênh thông báo '{Problems.Echo(channel)}'.");
        var template = new NotificationTemplate(e, c, NullIfEmpty(request.Subject), request.Body ?? "", request.WithoutDiacritics ?? false,
            NullIfEmpty(request.ZnsTemplateId?.Trim()), request.ZnsParams);
        var problems = template.Problems();
        if (problems.Count > 0) return new(null, Errors: problems);
        var latest = await LatestAsync(e, c, ct);
        var row = new NotificationTemplateVersion
        {
            Event = @event, Channel = channel, Version = (latest?.Version ?? 0) + 1, Subject = template.Subject, Body = template.Body,
            WithoutDiacritics = template.WithoutDiacritics, ZnsTemplateId = template.ZnsTemplateId,
            ZnsParams = c == NotificationChannel.Zalo ? new(template.ZnsParams!) : null, Active = request.Active ?? true,
            CreatedAt = clock.GetUtcNow(), CreatedBy = Claims.UserIdOf(who),
        };
        db.NotificationTemplates.Add(row);
        db.AuditLog.Add(new AuditEntry
        {
            At = row.CreatedAt, UserId = row.CreatedBy, Action = "admin.notification-template.update", Subject = $"notification-template:{@event}/{channel}",
            Details = JsonSerializer.SerializeToDocument(new { row.Version, row.Active, PreviousVersion = latest?.Version, row.Subject, row.Body }, MotCuaDb.Json),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return new(null, Conflict: "Mẫu này vừa được lưu một phiên bản khác; tải lại để xem phiên bản mới nhất rồi sửa lại.");
        }
        return new(await DetailAsync(@event, channel, ct));
    }

    /// <summary>What a template, valid or not, says with the sample values of its event: the page's live preview.</summary>
    public static NotificationTemplatePreview Preview(NotificationTemplate template)
    {
        var (message, problem) = template.TryRender(NotificationPlaceholders.Samples(template.Event));
        // What saving would refuse is said while typing (a subject over 200 characters renders well and is still refused),
        // and a text that cannot be rendered with the event's samples has a problem the checks name better (an unknown
        // or foreign placeholder) than "no value for …".
        var problems = template.Problems();
        var refused = problems.TryGetValue("subject", out var p) ? "Tiêu đề: " + p[0]
            : problems.TryGetValue("body", out p) ? "Nội dung: " + p[0]
            : problems.Values.FirstOrDefault()?[0];
        if (message is null) return new(null, null, null, null, null, refused ?? problem);
        return new(message.Subject, message.Body, message.Sms is { } sms ? sms.Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2" : null,
            message.Sms?.Units, message.Sms?.Segments, refused);
    }

    private Task<NotificationTemplateVersion?> LatestAsync(NotificationEvent @event, NotificationChannel channel, CancellationToken ct)
    {
        var (e, c) = (NotificationTemplate.Name(@event), NotificationTemplate.Name(channel));
        return db.NotificationTemplates.AsNoTracking().Where(t => t.Event == e && t.Channel == c).OrderByDescending(t => t.Version).FirstOrDefaultAsync(ct);
    }

    private static NotificationTemplate Template(NotificationTemplateVersion row) => new(
        NotificationTemplate.EventNamed(row.Event)!.Value, NotificationTemplate.ChannelNamed(row.Channel)!.Value, row.Subject, row.Body,
        row.WithoutDiacritics, row.ZnsTemplateId, row.ZnsParams);

    private async Task<Dictionary<int, string>> NamesAsync(IEnumerable<NotificationTemplateVersion> rows, CancellationToken ct)
    {
        var ids = rows.Where(r => r.CreatedBy is not null).Select(r => r.CreatedBy!.Value).Distinct().ToList();
        return ids.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
    }

    private static NotificationTemplateView View(NotificationTemplateVersion r, Dictionary<int, string> names)
    {
        var template = Template(r);
        return new(r.Id, r.Event, NotificationTemplate.Title(template.Event), r.Channel, r.Version, r.Subject, r.Body, r.WithoutDiacritics,
            r.ZnsTemplateId, r.ZnsParams, r.Active, r.CreatedAt, r.CreatedBy is { } id ? names.GetValueOrDefault(id) : null, Preview(template));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
