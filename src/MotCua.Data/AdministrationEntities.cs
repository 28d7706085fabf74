using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace MotCua.Data;

/// <summary>One version of an agency (migration 0011): its fields as they became, from which day, on which decision.</summary>
public sealed class AgencyVersion
{
    public int AgencyId { get; init; }
    public int Version { get; init; }
    /// <summary>The day the change took effect (Vietnam date); null for the state found before the first recorded change.</summary>
    public DateOnly? ValidFrom { get; init; }
    public required string LegalBasis { get; init; }
    public required JsonDocument Snapshot { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int? UserId { get; init; }
}

/// <summary>A merger or split of agencies and its report of what moved where (Domain/Administration/Reorganisation.cs).</summary>
public sealed class ReorganisationRecord
{
    public long Id { get; set; }
    /// <summary>"merger" or "split".</summary>
    public required string Kind { get; init; }
    public DateOnly EffectiveOn { get; init; }
    public required string LegalBasis { get; init; }
    public required int[] FromAgencyIds { get; init; }
    public required int[] ToAgencyIds { get; init; }
    public required JsonDocument Report { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int? UserId { get; init; }
}

public static class AdministrationModel
{
    public static void ConfigureAdministration(this ModelBuilder model)
    {
        model.Entity<AgencyVersion>().ToTable("agency_versions").HasKey(v => new { v.AgencyId, v.Version });
        model.Entity<ReorganisationRecord>().ToTable("reorganisations");
    }
}
