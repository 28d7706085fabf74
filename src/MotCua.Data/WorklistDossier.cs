using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Data;

/// <summary>
/// A dossier not yet ended (every status but not received, stopped and returned) as the worklists filter and sort it:
/// the columns of <see cref="Dossier"/> of the same names, copied by the transaction that changes the dossier (migration
/// 0055's trigger on dossiers; never written by the app). About 70 bytes a row, so a unit's lists count a hundred rows
/// per page read instead of one 2 KB dossier row (docs/PERFORMANCE.md "Worklists at millions of dossiers").
/// </summary>
public sealed class WorklistDossier
{
    public long Id { get; init; }
    public DossierStatus Status { get; init; }
    public int ReceivingAgencyId { get; init; }
    /// <summary>The agency holding the dossier now.</summary>
    public int CurrentAgencyId { get; init; }
    /// <summary>The agencies with a co-agency task still open on the dossier.</summary>
    public int[] OpenTaskAgencyIds { get; init; } = [];
    public StepKind? CurrentStepKind { get; init; }
    public int? AssigneeUserId { get; init; }
    public ResultKind? ResultKind { get; init; }
    /// <summary>The due instant (UTC in the database), null while no time limit runs.</summary>
    public DateTimeOffset? DueAt { get; init; }
}
