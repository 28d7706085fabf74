using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Ratings;

/// <summary>Whether a dossier may be rated now.</summary>
public enum RatingWindowState
{
    Open = 1,
    /// <summary>The dossier is not closed yet: "Hồ sơ chưa trả kết quả".</summary>
    NotClosed,
    /// <summary>More than the window's days since it was closed: "Đã quá 30 ngày".</summary>
    Expired,
}

/// <summary>
/// When the applicant may rate (ISSUE17 §1.5): after the result is returned (status 10), or after a refusal (3) or a stop
/// (8), which may be rated too [choice: the citizen's view of a refusal counts as much as of a result], until
/// <c>windowDays</c> calendar days (Motcua:Ratings:WindowDays, 30 by default [choice]) after the closing event.
/// </summary>
public static class RatingWindow
{
    /// <summary>The window's calendar days unless Motcua:Ratings:WindowDays says otherwise [choice].</summary>
    public const int DefaultDays = 30;

    /// <summary>The statuses that close a dossier for rating, and the action whose event closed it.</summary>
    public static readonly IReadOnlyDictionary<DossierStatus, DossierEventAction> Closing = new Dictionary<DossierStatus, DossierEventAction>
    {
        [DossierStatus.Returned] = DossierEventAction.Return,
        [DossierStatus.NotReceived] = DossierEventAction.Refuse,
        [DossierStatus.Stopped] = DossierEventAction.Stop,
    };

    /// <summary>
    /// The window's state for a dossier at <paramref name="status"/> closed at <paramref name="closedAt"/> (the closing
    /// event's instant; null when no such event is recorded), seen at <paramref name="now"/>.
    /// </summary>
    public static RatingWindowState StateOf(DossierStatus status, DateTimeOffset? closedAt, DateTimeOffset now, int windowDays)
    {
        if (!Closing.ContainsKey(status) || closedAt is null) return RatingWindowState.NotClosed;
        return now - closedAt.Value > TimeSpan.FromDays(windowDays) ? RatingWindowState.Expired : RatingWindowState.Open;
    }

    /// <summary>The Vietnamese reason a closed window gives, for the 409 and the page.</summary>
    public static string Explain(RatingWindowState state, int windowDays) => state switch
    {
        RatingWindowState.NotClosed => "Hồ sơ chưa trả kết quả nên chưa thể đánh giá.",
        RatingWindowState.Expired => $"Đã quá {windowDays} ngày kể từ khi trả kết quả nên không thể đánh giá.",
        _ => "",
    };
}
