namespace MotCua.Domain.Dossiers;

/// <summary>
/// A task of a co-agency in an interconnected (liên thông) procedure: opened at transfer for every CoAgency step, run in
/// parallel with the lead agency's steps, with its own deadline; the leader signs only once every task is answered.
/// </summary>
public sealed record CoAgencyTask(int StepIndex, string Name, string Performer, int AgencyId, DateTimeOffset OpenedAt, DateTimeOffset DueAt,
    DateTimeOffset? DoneAt = null, string? DoneBy = null, string? Answer = null)
{
    public bool IsOpen => DoneAt is null;
}
