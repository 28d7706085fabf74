using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Data;

/// <summary>
/// How many narrow rows (<see cref="WorklistDossier"/>) of one shape concern an agency: its relation to them as flags
/// (holder, receiving unit, open co-agency task) and the columns the lists test but the due instant. Agency ids -1 to -16
/// are the province (every flag false), each row counting once there, in the stripe of its dossier id, for the inspector:
/// one province row would make every intake of the province wait on the one before (migration 0116). Kept by the transaction that changes the
/// rows (migration 0062's trigger on worklist_dossiers; never written by the app); <see cref="N"/> may be 0.
/// </summary>
public sealed class WorklistCount
{
    public int AgencyId { get; init; }
    public bool IsHolder { get; init; }
    public bool IsReceiver { get; init; }
    public bool IsCoAgency { get; init; }
    public DossierStatus Status { get; init; }
    public StepKind? CurrentStepKind { get; init; }
    public int? AssigneeUserId { get; init; }
    public ResultKind? ResultKind { get; init; }
    /// <summary>The number of rows of this shape.</summary>
    public int N { get; init; }
}

/// <summary>
/// How many narrow rows with a due instant concern an agency (as <see cref="WorklistCount"/>), by status and by due day
/// or due month in Vietnam time (<see cref="IsMonth"/>: <see cref="DuePeriod"/> is then the month's first day). Migration
/// 0062 keeps both, so that "overdue" reads the months before the current one and the days of the current month before
/// today, whatever the number of long-overdue dossiers, and only today's rows from the copy.
/// </summary>
public sealed class WorklistDueCount
{
    public int AgencyId { get; init; }
    public bool IsHolder { get; init; }
    public bool IsReceiver { get; init; }
    public bool IsCoAgency { get; init; }
    public DossierStatus Status { get; init; }
    public bool IsMonth { get; init; }
    /// <summary>The due day (Vietnam time), or the first day of the due month when <see cref="IsMonth"/>.</summary>
    public DateOnly DuePeriod { get; init; }
    /// <summary>The number of rows due in the period.</summary>
    public int N { get; init; }
}
