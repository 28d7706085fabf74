namespace MotCua.Domain.Queue;

/// <summary>Where a queue ticket stands; the numbers are <c>queue_tickets.state</c> (migration 0070).</summary>
public enum TicketState : short
{
    /// <summary>Taken, not yet called (đang chờ).</summary>
    Waiting = 1,
    /// <summary>Called to a counter (đã gọi), once or again.</summary>
    Called = 2,
    /// <summary>The officer started serving it (đang phục vụ).</summary>
    Serving = 3,
    /// <summary>Served (đã xong).</summary>
    Done = 4,
    /// <summary>Called twice and the holder did not come (vắng mặt).</summary>
    NoShow = 5,
    /// <summary>Given up by its holder before being called (đã hủy).</summary>
    Cancelled = 6,
}

/// <summary>What an officer or holder does to a ticket.</summary>
public enum TicketAction
{
    /// <summary>"Gọi lại": call the same number again.</summary>
    Recall,
    /// <summary>"Bắt đầu": the holder came; serving starts.</summary>
    Start,
    /// <summary>"Xong": served.</summary>
    Done,
    /// <summary>"Vắng mặt": the holder did not come after two calls.</summary>
    NoShow,
    /// <summary>"Hủy số": the holder gives the ticket up while waiting.</summary>
    Cancel,
}

/// <summary>How a ticket was taken; <c>queue_tickets.channel</c>.</summary>
public enum TicketChannel : short
{
    /// <summary>At an enrolled kiosk of the centre.</summary>
    Kiosk = 1,
    /// <summary>From a phone by the centre's link or QR.</summary>
    Remote = 2,
    /// <summary>By an officer at the desk for a walk-in.</summary>
    Desk = 3,
}

/// <summary>
/// The ticket's transitions (docs/QUEUE.md) [choice, docs/design/ISSUE17.md §9]: Waiting → Called by "Gọi số tiếp theo"
/// (not here: the call picks the ticket in one statement), Called → Called ("Gọi lại"), Called → Serving, Serving → Done,
/// Called → NoShow once called at least twice and <see cref="QueueSettings.NoShowMinutes"/> after the first call,
/// Waiting → Cancelled. Satisfaction is given once, on a Done ticket.
/// </summary>
public static class TicketRules
{
    /// <summary>The state after <paramref name="action"/>, or null with the Vietnamese reason when it is not allowed.</summary>
    /// <param name="calledAt">The first call's instant (null when never called).</param>
    /// <param name="callCount">How many times the number was called.</param>
    public static (TicketState? Next, string? Refusal) After(TicketState state, TicketAction action, DateTimeOffset now, DateTimeOffset? calledAt, int callCount, QueueSettings settings) =>
        (state, action) switch
        {
            (TicketState.Called, TicketAction.Recall) => (TicketState.Called, null),
            (TicketState.Called, TicketAction.Start) => (TicketState.Serving, null),
            (TicketState.Serving, TicketAction.Done) => (TicketState.Done, null),
            (TicketState.Called, TicketAction.NoShow) when callCount >= 2 && calledAt is { } first && now - first >= TimeSpan.FromMinutes(settings.NoShowMinutes)
                => (TicketState.NoShow, null),
            (TicketState.Called, TicketAction.NoShow) =>
                (null, $"Chỉ ghi vắng mặt khi đã gọi số ít nhất hai lần và đã quá {settings.NoShowMinutes} phút từ lần gọi đầu."),
            (TicketState.Waiting, TicketAction.Cancel) => (TicketState.Cancelled, null),
            _ => (null, $"Không thể {Verb(action)} một số {Name(state)}."),
        };

    /// <summary>
    /// What "Gọi số tiếp theo" does first to a ticket the counter still holds (trial17t MEDIUM 4: it stayed open for ever,
    /// lost to the figures and to its holder's satisfaction answer), in the same transaction as the call [choice]:
    /// Serving → Done at that instant (the officer forgot "Xong": ending it is kinder than refusing, and the serving time
    /// ends when the officer moved on); Called → NoShow when <see cref="After"/> allows "Vắng mặt" (two calls and
    /// <see cref="QueueSettings.NoShowMinutes"/>); a called ticket not yet a no-show refuses the call with the reason, so
    /// a holder still walking to the counter is not skipped behind their back. Any other state is left as it is.
    /// </summary>
    /// <param name="number">The ticket's number as shown (<c>A004</c>), for the refusal.</param>
    /// <returns>The state to write (null: nothing to change), or the Vietnamese refusal.</returns>
    public static (TicketState? Next, string? Refusal) BeforeNextCall(string number, TicketState state, DateTimeOffset now, DateTimeOffset? calledAt, int callCount, QueueSettings settings) =>
        state switch
        {
            TicketState.Serving => (TicketState.Done, null),
            TicketState.Called when After(state, TicketAction.NoShow, now, calledAt, callCount, settings).Next is { } noShow => (noShow, null),
            TicketState.Called => (null,
                $"Số {number} đang được gọi tại quầy: bấm “Bắt đầu” khi người dân đến, hoặc “Gọi lại”; chỉ gọi số tiếp theo khi số này xong " +
                $"hoặc có thể ghi vắng mặt (đã gọi ít nhất hai lần và quá {settings.NoShowMinutes} phút từ lần gọi đầu)."),
            _ => (null, null),
        };

    /// <summary>The state's Vietnamese name as the ticket page and the desk show it.</summary>
    public static string Name(TicketState state) => state switch
    {
        TicketState.Waiting => "đang chờ",
        TicketState.Called => "đang được gọi",
        TicketState.Serving => "đang được phục vụ",
        TicketState.Done => "đã phục vụ xong",
        TicketState.NoShow => "vắng mặt",
        _ => "đã hủy",
    };

    private static string Verb(TicketAction action) => action switch
    {
        TicketAction.Recall => "gọi lại",
        TicketAction.Start => "bắt đầu phục vụ",
        TicketAction.Done => "kết thúc",
        TicketAction.NoShow => "ghi vắng mặt",
        _ => "hủy",
    };

    /// <summary>The three satisfaction answers on a served ticket: 2 hài lòng, 1 bình thường, 0 không hài lòng.</summary>
    public static string SatisfactionName(int value) => value switch { 2 => "Hài lòng", 1 => "Bình thường", 0 => "Không hài lòng", _ => throw new ArgumentOutOfRangeException(nameof(value)) };

    /// <summary>True for a value <see cref="SatisfactionName"/> knows.</summary>
    public static bool IsSatisfaction(int value) => value is >= 0 and <= 2;
}
