using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Data;

/// <summary>A demo key pair and certificate (PKCS#12) used to sign result PDFs: "ca" and "signer".</summary>
public sealed class SigningCertificate
{
    public required string Name { get; init; }
    public required byte[] Pkcs12 { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>How the processing state of the Dossier aggregate (Domain/Dossiers/Processing.cs) maps onto migration 0004.</summary>
public static class ProcessingModel
{
    /// <summary>The Mẫu 02 notice printed for a supplement requested during appraisal (a supplement_notices row).</summary>
    public const string SupplementNoticeId = "SupplementNoticeId";

    public static void ConfigureProcessing(this ModelBuilder model)
    {
        var dossier = model.Entity<Dossier>();
        dossier.Ignore(d => d.CurrentStep);
        dossier.Ignore(d => d.IsPaused);
        dossier.Ignore(d => d.Completion);
        dossier.Property(d => d.Process).HasColumnType("jsonb").HasConversion(Json<IReadOnlyList<PlannedStep>>());
        dossier.Property(d => d.CoAgencyTasks).HasColumnType("jsonb").HasConversion(Json<IReadOnlyList<CoAgencyTask>>());
        dossier.Property(d => d.Pauses).HasColumnType("jsonb").HasConversion(Json<IReadOnlyList<Pause>>());
        dossier.Property(d => d.SupplementItems).HasColumnType("jsonb").HasConversion(Json<IReadOnlyList<SupplementItem>>());
        dossier.Property(d => d.CurrentStepKind).HasConversion<short?>();
        dossier.Property(d => d.ResultKind).HasConversion<short?>();
        dossier.Property(d => d.ReturnMethod).HasConversion<short?>();
        dossier.HasOne<SupplementNotice>().WithMany().HasForeignKey(SupplementNoticeId);
        model.Entity<SigningCertificate>().ToTable("signing_certificates").HasKey(c => c.Name);
    }

    // Lists are compared by their JSON: the aggregate replaces them whole, never mutates them in place.
    private static ValueConverter<T, string> Json<T>() where T : class => new(
        v => JsonSerializer.Serialize(v, MotCuaDb.Json),
        v => JsonSerializer.Deserialize<T>(v, MotCuaDb.Json)!);
}
