namespace MotCua.Domain.Calendar;

/// <summary>A stretch the count passed over, with why, in Vietnamese ("Chủ nhật", "Tết Nguyên đán", "sau 15:00", a pause's reason).</summary>
public sealed record SkippedPeriod(DateTimeOffset From, DateTimeOffset To, string Reason);

/// <summary>
/// A computed due date: <see cref="Start"/> is the valid start the count runs from, <see cref="DueAt"/> the due
/// instant (both +07:00), <see cref="Skipped"/> the explanation: the start shift and every whole day without office
/// time between submission and due, consecutive days with one reason merged, and the pauses.
/// </summary>
public sealed record DueDateResult(DateTimeOffset Start, DateTimeOffset DueAt, IReadOnlyList<SkippedPeriod> Skipped);

/// <summary>
/// A stretch during which the clock stops because the dossier waits for the citizen (supplement, payment).
/// <see cref="To"/> is null while the wait is still open.
/// </summary>
public sealed record Pause(DateTimeOffset From, DateTimeOffset? To, string Reason)
{
    public DateTimeOffset? To { get; } = To is null || To >= From
        ? To
        : throw new ArgumentException($"Khoảng dừng \"{Reason}\" kết thúc trước khi bắt đầu.", nameof(To));
}

/// <summary>
/// The one-time extension of a dossier's due date (gia hạn, with the apology slip). Classification keeps comparing
/// against <see cref="OriginalDueAt"/>; <see cref="NewDueAt"/> is what the citizen is now promised.
/// </summary>
public sealed record Extension(DateTimeOffset OriginalDueAt, DateTimeOffset NewDueAt, string Reason)
{
    public DateTimeOffset NewDueAt { get; } = NewDueAt > OriginalDueAt
        ? NewDueAt
        : throw new ArgumentException("Hạn mới phải sau hạn cũ.", nameof(NewDueAt));
}
