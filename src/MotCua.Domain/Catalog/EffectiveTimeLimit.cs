using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Catalog;

/// <summary>
/// The time limit that binds an agency for a dossier of a procedure: the one intake gives the dossier (and prints on
/// Mẫu 01), the desk previews, and an adopted internal process must fit.
/// </summary>
public static class EffectiveTimeLimit
{
    /// <summary>
    /// The procedure's published limit for the channel (<see cref="ProcedureSpec.TimeTermsFor"/>), of the published case
    /// <paramref name="timeCase"/> (1-based into <see cref="ChannelTerms.Cases"/>; 0: the channel's own limit), or the
    /// agency's local limit (set at adoption) when that is shorter in office time (<see cref="WorkingCalendar.WorkingTimeOf"/>
    /// on the agency's calendar). Null when the channel publishes no limit for that case: a local limit alone does not
    /// make one, so no due date can be given. Null too for a case the channel does not publish.
    /// </summary>
    /// <remarks>
    /// The time limit is one of the components a procedure is published with (Nghị định 63/2010/NĐ-CP Art. 8(2)), so
    /// the published one is the most the law allows; an agency may promise less, never more [choice, checked at adoption:
    /// docs/CATALOG.md]. Limits in different units are compared in office time (docs/CALENDAR.md §7).
    /// </remarks>
    public static TimeLimit? Of(ProcedureSpec spec, Channel channel, TimeLimit? local, WorkingCalendar calendar, int timeCase = 0)
    {
        if (timeCase < 0 || spec.TimeTermsFor(channel)?.LimitOfCase(timeCase) is not { } published) return null;
        return local is { } l && calendar.WorkingTimeOf(l) < calendar.WorkingTimeOf(published) ? l : published;
    }
}
