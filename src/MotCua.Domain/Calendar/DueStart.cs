using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Calendar;

/// <summary>
/// The instant a dossier's time limit counts from when it was received at one point and is handled by another
/// agency (since July 2025 centres receive dossiers regardless of administrative boundary; the route then carries it
/// to the competent agency).
/// </summary>
/// <remarks>
/// Rule [reported, not confirmed]: Nghị định 309/2026/NĐ-CP, amending Nghị định 118/2025/NĐ-CP, is reported to count
/// such a dossier's time from the moment the competent agency receives it, with the 15:00 cut-off applying to that
/// moment (docs/REGULATIONS.md §1, §8.6). We could not read the decree's text; Nghị định 118/2025 itself counts from the
/// receipt by the one-stop unit. The rule lives here alone, so that the text, once checked, changes one method.
/// The cut-off is applied by <see cref="WorkingCalendar.ValidStart(DateTimeOffset, Channel, TimeOnly?)"/> to whichever
/// instant this returns.
/// </remarks>
public static class DueStart
{
    /// <summary>The competent agency's receipt when the dossier was received elsewhere first, else the receipt at the point.</summary>
    /// <param name="receivedAtPoint">When the receiving point received the dossier (Vietnam time or any offset).</param>
    /// <param name="receivedByCompetentAgency">When the competent agency received it; null when the point is that agency.</param>
    public static DateTimeOffset CountFrom(DateTimeOffset receivedAtPoint, DateTimeOffset? receivedByCompetentAgency) =>
        receivedByCompetentAgency is { } competent && competent > receivedAtPoint ? competent : receivedAtPoint;
}
