using MotCua.Domain.Messages;

namespace MotCua.Web.Features.Notifications;

/// <summary>
/// The production <see cref="INotificationRenderer"/>: the administrator's template in use (<see cref="NotificationTemplates"/>)
/// with the planner's values. A value the event does not have (no reason given) reads "không nêu", never a literal
/// placeholder; a template that still cannot be rendered is logged and the fixed wording goes instead, so one edited
/// template never holds back the event's other messages.
/// </summary>
public sealed class TemplateRenderer(NotificationTemplates templates, ILogger<TemplateRenderer> log) : INotificationRenderer
{
    public async Task<NotificationText?> RenderAsync(NotificationEvent @event, NotificationChannel channel, IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        var named = NotificationPlaceholders.All.ToDictionary(p => p.Name,
            p => values.TryGetValue(p.Name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : "không nêu");
        try
        {
            if (await templates.RenderAsync(@event, channel, named, ct) is not { } rendered) return null;
            return new NotificationText(rendered.Subject, rendered.Body, rendered.Segments, rendered.TemplateId, rendered.Version,
                rendered.ZnsTemplateId, rendered.ZnsData);
        }
        catch (NotificationTemplateException e)
        {
            log.LogWarning(e, "Mẫu thông báo {Event}/{Channel} không dùng được; gửi nội dung mặc định.", @event, channel);
            return await new FixedNotificationRenderer().RenderAsync(@event, channel, values, ct);
        }
    }
}
