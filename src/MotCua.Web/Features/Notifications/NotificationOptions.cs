using MotCua.Domain.Messages;

namespace MotCua.Web.Features.Notifications;

/// <summary>Configuration of who is told what (<c>Motcua:Notifications</c>, docs/MESSAGES.md §5).</summary>
public sealed class NotificationOptions
{
    /// <summary>When no SMS or Zalo leaves, "HH:mm-HH:mm" Vietnam time (<see cref="Domain.Messages.QuietHours.Parse"/>);
    /// equal bounds turn it off.</summary>
    public string QuietHours { get; set; } = "21:00-07:00";

    /// <summary>An event older than this when it is expanded (an old backlog) tells the citizen nothing.</summary>
    public int StaleAfterHours { get; set; } = 24;

    /// <summary>The parsed quiet period.</summary>
    /// <exception cref="InvalidOperationException">The configured value is not "HH:mm-HH:mm".</exception>
    public QuietHours Quiet => Domain.Messages.QuietHours.Parse(QuietHours)
        ?? throw new InvalidOperationException($"Motcua:Notifications:QuietHours phải có dạng HH:mm-HH:mm, không phải '{QuietHours}'.");
}
