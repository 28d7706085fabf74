using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Data;

/// <summary>A demo key pair of migration 0005 stored in clear ("ca", "signer"): read once to be sealed into
/// <see cref="SigningKey"/> and deleted.</summary>
public sealed class SigningCertificate
{
    public required string Name { get; init; }
    public required byte[] Pkcs12 { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// A certificate and its sealed private key (migration 0020). <see cref="Certificate"/> is DER and public;
/// <see cref="SealedKey"/> is the PKCS#12 (certificate and key, no password) sealed with the deployment key, so the
/// database alone signs nothing.
/// </summary>
public sealed class SigningKey
{
    public const string Ca = "ca";
    public const string System = "system";
    public const string Officer = "officer";
    public const string Demo = "demo";
    public const string Imported = "imported";

    public long Id { get; init; }
    /// <summary><see cref="Ca"/>, <see cref="System"/> or <see cref="Officer"/>.</summary>
    public required string Purpose { get; init; }
    /// <summary>The signer, for an <see cref="Officer"/> key.</summary>
    public int? UserId { get; init; }
    /// <summary><see cref="Demo"/> (made by the demo CA) or <see cref="Imported"/> (an administrator's PFX).</summary>
    public required string Source { get; init; }
    public required byte[] Certificate { get; init; }
    public required byte[] SealedKey { get; init; }
    /// <summary>The id of the deployment key that sealed <see cref="SealedKey"/> (DeploymentKey.Id).</summary>
    public required string SealedBy { get; init; }
    public required string Subject { get; init; }
    public required string Issuer { get; init; }
    /// <summary>Hex, as X509Certificate2.SerialNumber gives it.</summary>
    public required string SerialNumber { get; init; }
    /// <summary>SHA-256 of <see cref="Certificate"/>, lowercase hex: how a verification finds a signer among the keys.</summary>
    public required string Thumbprint { get; init; }
    public DateTimeOffset NotBefore { get; init; }
    public DateTimeOffset NotAfter { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int? CreatedBy { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
    public int? RevokedBy { get; set; }
}

/// <summary>One number given to one issued document (migration 0014); a reprint finds it by <see cref="Key"/>.</summary>
public sealed class IssuedDocument
{
    /// <summary>Names the document, e.g. "dossier:42:Apology".</summary>
    public required string Key { get; init; }
    public int AgencyId { get; init; }
    public required string Kind { get; init; }
    /// <summary>The symbol the serial counts in ("TB-TTPVHCC"), shared by the kinds printed with it.</summary>
    public required string Series { get; init; }
    public int Year { get; init; }
    public int Serial { get; init; }
    /// <summary>As printed after "Số:", e.g. "05/PXL-TTPVHCC".</summary>
    public required string Number { get; init; }
    public DateTimeOffset IssuedAt { get; init; }
    /// <summary>The signed file as first issued, for a document that does not change once issued; null for a living one
    /// (the control slip, which grows with each hand-over) and until the first print.</summary>
    public byte[]? Pdf { get; set; }
}

/// <summary>How the processing state of the Dossier aggregate (Domain/Dossiers/Dossier.Processing.cs) maps onto migration 0004.</summary>
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
        dossier.Property(d => d.Pauses).IsJson(PauseJson);
        dossier.Property(d => d.SupplementItems).IsJson();
        dossier.Property(d => d.CurrentStepKind).HasConversion<short?>();
        dossier.Property(d => d.ResultKind).HasConversion<short?>();
        dossier.Property(d => d.ReturnMethod).HasConversion<short?>();
        dossier.HasOne<SupplementNotice>().WithMany().HasForeignKey(SupplementNoticeId);
        // The same strings as before the action was typed: no stored row and no API answer changes.
        model.Entity<DossierEvent>().Property(e => e.Action).HasConversion(a => a.Code(), code => DossierEventActions.Parse(code));
        model.Entity<DossierEvent>().Property(e => e.SuppliedDocuments).IsJson();
        model.Entity<DossierEvent>().Property(e => e.MissingDocuments).IsJson();
        model.Entity<SigningCertificate>().ToTable("signing_certificates").HasKey(c => c.Name);
        model.Entity<SigningKey>().ToTable("signing_keys").HasKey(k => k.Id);
        model.Entity<IssuedDocument>().ToTable("issued_documents").HasKey(d => d.Key);
    }

    // A pause keeps its reason in Vietnamese in dossiers.pauses, as it was stored before the reason was typed.
    private static readonly JsonSerializerOptions PauseJson = new(MotCuaDb.Json) { Converters = { new PauseReasonText() } };

    private sealed class PauseReasonText : JsonConverter<PauseReason>
    {
        public override PauseReason Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            PauseReasons.Parse(reader.GetString() ?? throw new JsonException("Lý do tạm dừng trống."));

        public override void Write(Utf8JsonWriter writer, PauseReason value, JsonSerializerOptions options) => writer.WriteStringValue(value.Vietnamese());
    }
}
