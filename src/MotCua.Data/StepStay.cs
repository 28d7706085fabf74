using MotCua.Domain.Catalog;

namespace MotCua.Data;

/// <summary>
/// A kept stay of a dossier at one step (<see cref="Domain.Reports.StepVisit"/>), as <c>StepStayKeeper</c> measured it from
/// the dossier's events by its receiving unit's calendar: the <see cref="Ordinal"/>-th stay to end (0, 1, …), with the
/// receiving unit and procedure it is reported under, office time worked and the step's limit in hours. Rows are replaced
/// whole per dossier whenever the dossier is marked in <c>step_stays_pending</c> (migration 0123's triggers); the app
/// never edits one.
/// </summary>
public sealed class StepStay
{
    public long DossierId { get; init; }
    public short Ordinal { get; init; }
    public int ReceivingAgencyId { get; init; }
    public string ProcedureCode { get; init; } = "";
    public string ProcedureName { get; init; } = "";
    public short StepIndex { get; init; }
    public string StepName { get; init; } = "";
    public StepKind StepKind { get; init; }
    public DateTimeOffset EnteredAt { get; init; }
    public DateTimeOffset LeftAt { get; init; }
    /// <summary>Office time at the step less the payment waits, in hours.</summary>
    public double WorkedHours { get; init; }
    /// <summary>The step's own limit as office time, in hours.</summary>
    public double AllowanceHours { get; init; }
    public bool OnTime { get; init; }
    public bool SentBack { get; init; }
}
