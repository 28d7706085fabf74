using System.Reflection;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Web.Tests;

/// <summary>
/// Dossiers made for the reports' tests (Biểu 06, the dashboard, the report pages in Chromium) in a state written directly,
/// not reached through the actions: received at a unit, then put in <c>status</c> with the instants the reports count.
/// The caller draws every random value, so a seeded generator gives the same dossiers as before this helper.
/// </summary>
public static class GeneratedDossiers
{
    /// <summary>Sets a property the aggregate keeps private to its actions (a state no action sequence reaches cheaply).</summary>
    public static void Set<T>(Dossier dossier, string property, T value) =>
        typeof(Dossier).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!.SetValue(dossier, value);

    /// <summary>
    /// A dossier received at <paramref name="agencyId"/> at <paramref name="receivedAt"/> by <paramref name="channel"/>, due at
    /// <paramref name="dueAt"/> (Vietnam time), from the individual <paramref name="applicant"/> (a fixed CCCD, phone and
    /// address), then in <paramref name="status"/>: a result (<paramref name="resultKind"/>) ready at <paramref name="endedAt"/>
    /// when ready or returned, stopped at <paramref name="endedAt"/> when stopped, no receiving instant when only submitted.
    /// Not saved: the caller adds it.
    /// </summary>
    public static Dossier Stored(string code, int agencyId, ProcedureRef procedure, Channel channel, string applicant, DateTimeOffset receivedAt,
        DateTimeOffset dueAt, DossierStatus status, DateTimeOffset endedAt, ResultKind resultKind = ResultKind.Approved)
    {
        var dossier = Dossier.Receive(code, agencyId, procedure, channel, new Applicant(applicant, "046095001234", "0905123456", null, "Huế"), [], 1,
            receivedAt, new DueDateResult(receivedAt, dueAt, []), new Actor("Kiểm thử"), receivedAt);
        Set(dossier, nameof(Dossier.Status), status);
        Set(dossier, nameof(Dossier.OriginalDueAt), (DateTimeOffset?)dueAt);
        if (status is DossierStatus.ResultReady or DossierStatus.Returned)
        {
            Set(dossier, nameof(Dossier.ResultReadyAt), (DateTimeOffset?)endedAt);
            Set(dossier, nameof(Dossier.ResultKind), (ResultKind?)resultKind);
        }
        if (status == DossierStatus.Stopped) Set(dossier, nameof(Dossier.StoppedAt), (DateTimeOffset?)endedAt);
        if (status == DossierStatus.Submitted) Set(dossier, nameof(Dossier.ReceivedAt), (DateTimeOffset?)null);
        return dossier;
    }
}
