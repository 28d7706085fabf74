namespace MotCua.Domain.Queue;

/// <summary>
/// The queue's settings (<c>Motcua:Queue</c>, docs/ADMINISTRATION.md) [choice, docs/design/ISSUE17.md §10]: remote tickets
/// open <see cref="RemoteOpensMinutesBefore"/> minutes before the day's first opening and stop
/// <see cref="RemoteStopsMinutesBeforeClose"/> minutes before its last closing; at most <see cref="RemoteShare"/> of the
/// day's expected capacity goes to remote tickets; "Vắng mặt" needs two calls and <see cref="NoShowMinutes"/> minutes.
/// </summary>
public sealed record QueueSettings
{
    public int RemoteOpensMinutesBefore { get; init; } = 30;
    public int RemoteStopsMinutesBeforeClose { get; init; } = 60;
    public double RemoteShare { get; init; } = 0.5;
    public int NoShowMinutes { get; init; } = 5;

    /// <summary>The defaults above.</summary>
    public static QueueSettings Default { get; } = new();
}
