using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using MotCua.Domain.Dossiers;

namespace MotCua.Data;

/// <summary>A demo key pair and certificate (PKCS#12) used to sign result PDFs: "ca" and "signer".</summary>
public sealed class SigningCertificate
{
    public required string Name { get; init; }
    public required byte[] Pkcs12 { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
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
        dossier.Property(d => d.Process).HasColumnType("jsonb").HasConversion(Json<IReadOnlyList<PlannedStep>>());
        dossier.Property(d => d.CoAgencyTasks).HasColumnType("jsonb").HasConversion(Json<IReadOnlyList<CoAgencyTask>>());
        dossier.Property(d => d.Pauses).HasColumnType("jsonb").HasConversion(Json<IReadOnlyList<DossierPause>>(PauseJson));
        dossier.Property(d => d.SupplementItems).HasColumnType("jsonb").HasConversion(Json<IReadOnlyList<SupplementItem>>());
        dossier.Property(d => d.CurrentStepKind).HasConversion<short?>();
        dossier.Property(d => d.ResultKind).HasConversion<short?>();
        dossier.Property(d => d.ReturnMethod).HasConversion<short?>();
        dossier.HasOne<SupplementNotice>().WithMany().HasForeignKey(SupplementNoticeId);
        // The same strings as before the action was typed: no stored row and no API answer changes.
        model.Entity<DossierEvent>().Property(e => e.Action).HasConversion(a => a.Code(), code => DossierEventActions.Parse(code));
        model.Entity<SigningCertificate>().ToTable("signing_certificates").HasKey(c => c.Name);
    }

    // A pause keeps its reason in Vietnamese in dossiers.pauses, as it was stored before the reason was typed.
    private static readonly JsonSerializerOptions PauseJson = new(MotCuaDb.Json) { Converters = { new PauseReasonText() } };

    // Lists are compared by their JSON: the aggregate replaces them whole, never mutates them in place.
    private static ValueConverter<T, string> Json<T>(JsonSerializerOptions? options = null) where T : class => new(
        v => JsonSerializer.Serialize(v, options ?? MotCuaDb.Json),
        v => JsonSerializer.Deserialize<T>(v, options ?? MotCuaDb.Json)!);

    private sealed class PauseReasonText : JsonConverter<PauseReason>
    {
        public override PauseReason Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            PauseReasons.Parse(reader.GetString() ?? throw new JsonException("Lý do tạm dừng trống."));

        public override void Write(Utf8JsonWriter writer, PauseReason value, JsonSerializerOptions options) => writer.WriteStringValue(value.Vietnamese());
    }
}
