using Microsoft.EntityFrameworkCore;
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
        dossier.Property(d => d.Process).IsJson();
        dossier.Property(d => d.CoAgencyTasks).IsJson();
        dossier.Property(d => d.Pauses).IsJson();
        dossier.Property(d => d.SupplementItems).IsJson();
        dossier.Property(d => d.CurrentStepKind).HasConversion<short?>();
        dossier.Property(d => d.ResultKind).HasConversion<short?>();
        dossier.Property(d => d.ReturnMethod).HasConversion<short?>();
        dossier.HasOne<SupplementNotice>().WithMany().HasForeignKey(SupplementNoticeId);
        model.Entity<SigningCertificate>().ToTable("signing_certificates").HasKey(c => c.Name);
    }
}
