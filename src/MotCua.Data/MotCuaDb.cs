using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Data;

public sealed class MotCuaDb(DbContextOptions<MotCuaDb> options) : DbContext(options)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Procedure specs and internal processes in jsonb: web defaults with enums as camelCase strings.</summary>
    public static readonly JsonSerializerOptions SpecJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public DbSet<Province> Provinces => Set<Province>();
    public DbSet<Commune> Communes => Set<Commune>();
    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<Procedure> Procedures => Set<Procedure>();
    public DbSet<ProcedureVersion> ProcedureVersions => Set<ProcedureVersion>();
    public DbSet<AgencyProcedure> AgencyProcedures => Set<AgencyProcedure>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();
    public DbSet<Dossier> Dossiers => Set<Dossier>();
    public DbSet<DossierEvent> DossierEvents => Set<DossierEvent>();
    /// <summary>The worklists' narrow copy of the dossiers not yet ended (migration 0055), read only.</summary>
    public DbSet<WorklistDossier> WorklistDossiers => Set<WorklistDossier>();
    public DbSet<WorklistCount> WorklistCounts => Set<WorklistCount>();
    public DbSet<WorklistDueCount> WorklistDueCounts => Set<WorklistDueCount>();
    public DbSet<StepStay> StepStays => Set<StepStay>();
    public DbSet<SupplementNotice> SupplementNotices => Set<SupplementNotice>();
    public DbSet<IdempotencyKey> IdempotencyKeys => Set<IdempotencyKey>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<OutboxAttempt> OutboxAttempts => Set<OutboxAttempt>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationReceipt> NotificationReceipts => Set<NotificationReceipt>();
    public DbSet<NotificationTemplateVersion> NotificationTemplates => Set<NotificationTemplateVersion>();
    public DbSet<CalendarDayRow> CalendarDays => Set<CalendarDayRow>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<CatalogImport> CatalogImports => Set<CatalogImport>();
    // Issue 14, fees: the fee of a dossier fixed at intake (FeeEntities.cs).
    public DbSet<DossierFeeRow> DossierFees => Set<DossierFeeRow>();
    // Issue 14, requests helper: collection accounts and payment requests (PaymentRequestEntities.cs).
    public DbSet<CollectionAccountRow> CollectionAccounts => Set<CollectionAccountRow>();
    public DbSet<PaymentRequestRow> PaymentRequests => Set<PaymentRequestRow>();
    public DbSet<SearchTerm> SearchTerms => Set<SearchTerm>();
    public DbSet<FieldVerificationRecord> FieldVerifications => Set<FieldVerificationRecord>();
    public DbSet<DossierLoss> DossierLosses => Set<DossierLoss>();
    // Issue 17, piece 0: the file store and citizen accounts (FileEntities.cs).
    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();
    public DbSet<StagedFile> StagedFiles => Set<StagedFile>();
    public DbSet<DossierFile> DossierFiles => Set<DossierFile>();
    public DbSet<Citizen> Citizens => Set<Citizen>();
    // Issue 17, piece E: queue tickets, counters and kiosks (QueueEntities.cs).
    public DbSet<QueueService> QueueServices => Set<QueueService>();
    public DbSet<QueueCounter> QueueCounters => Set<QueueCounter>();
    public DbSet<QueueSerial> QueueSerials => Set<QueueSerial>();
    public DbSet<QueueTicket> QueueTickets => Set<QueueTicket>();
    public DbSet<KioskDeviceRow> KioskDevices => Set<KioskDeviceRow>();

    /// <summary>Mirrors the SQL function the trigram index is built on, so LINQ queries can use the index.</summary>
    public static string Unaccent(string text) => throw new InvalidOperationException("Only for use in queries.");

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Npgsql writes only UTC offsets to timestamptz; the Domain works in Vietnam time.
        builder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.HasDbFunction(typeof(MotCuaDb).GetMethod(nameof(Unaccent))!).HasName("f_unaccent").HasSchema("public");

        model.Entity<Province>().HasKey(p => p.Code);
        // Issue 14, fees.
        model.Entity<DossierFeeRow>().ToTable("dossier_fees").HasKey(f => f.DossierId);
        model.Entity<DossierFeeRow>().Property(f => f.DossierId).ValueGeneratedNever();
        // Issue 14, requests helper.
        model.Entity<CollectionAccountRow>().ToTable("collection_accounts");
        model.Entity<PaymentRequestRow>().ToTable("payment_requests");
        model.Entity<Commune>().HasKey(c => c.Code);
        model.Entity<Procedure>().HasKey(p => p.Code);
        model.Entity<Procedure>().Property(p => p.Levels).HasConversion<int>();
        model.Entity<ProcedureVersion>().HasKey(v => new { v.ProcedureCode, v.Version });
        model.Entity<AgencyProcedure>().HasKey(a => new { a.AgencyId, a.ProcedureCode });
        model.Entity<AgencyProcedure>().Property(a => a.TimeLimitUnit).HasConversion<short?>();
        model.Entity<AgencyProcedure>().Ignore(a => a.TimeLimit);
        model.Entity<AgencyProcedure>().Property(a => a.Process).IsJson(SpecJson);
        model.Entity<AgencyProcedure>().Property(a => a.ProcessDraft).IsJson(SpecJson);
        // Unique on (key, client, user) with NULLS NOT DISTINCT (migration 0022): no column alone is a key; only read here.
        model.Entity<IdempotencyKey>().HasNoKey();
        model.Entity<OutboxMessage>().ToTable("outbox");
        model.Entity<OutboxAttempt>().ToTable("outbox_attempts");
        model.Entity<NotificationReceipt>().ToTable("notification_receipts");
        model.Entity<NotificationTemplateVersion>().ToTable("notification_templates").Property(t => t.ZnsParams).IsJson();
        model.Entity<CalendarDayRow>().ToTable("calendar_days").HasKey(d => d.Date);
        model.Entity<AuditEntry>().ToTable("audit_log");
        model.Entity<SupplementNotice>().Property(n => n.ApplicantKind).HasConversion<short>();
        model.Entity<SupplementNotice>().Property(n => n.Items).IsJson();
        model.Entity<DossierLoss>().Property(l => l.Kind).HasConversion<short>();
        // Issue 17, piece 0.
        model.Entity<StoredFile>().HasKey(f => f.Sha256);
        model.Entity<StagedFile>().Property(f => f.Purpose).HasConversion<short>();
        model.Entity<DossierFile>().Property(f => f.Purpose).HasConversion<short>();
        model.Entity<Citizen>().Property(c => c.Assurance).HasConversion<short>();
        var worklist = model.Entity<WorklistDossier>();
        worklist.ToTable("worklist_dossiers");
        worklist.Property(w => w.Id).ValueGeneratedNever();
        worklist.Property(w => w.Status).HasConversion<short>();
        worklist.Property(w => w.CurrentStepKind).HasConversion<short?>();
        worklist.Property(w => w.ResultKind).HasConversion<short?>();
        var counts = model.Entity<WorklistCount>();
        counts.ToTable("worklist_counts").HasNoKey();
        counts.Property(c => c.Status).HasConversion<short>();
        counts.Property(c => c.CurrentStepKind).HasConversion<short?>();
        counts.Property(c => c.ResultKind).HasConversion<short?>();
        var dueCounts = model.Entity<WorklistDueCount>();
        dueCounts.ToTable("worklist_due_counts").HasNoKey();
        dueCounts.Property(c => c.Status).HasConversion<short>();

        var stay = model.Entity<StepStay>();
        stay.ToTable("step_stays").HasKey(s => new { s.DossierId, s.Ordinal });
        stay.Property(s => s.StepKind).HasConversion<short>();

        var dossier = model.Entity<Dossier>();
        dossier.Property(d => d.Channel).HasConversion<short>();
        dossier.Property(d => d.Status).HasConversion<short>();
        dossier.Property(d => d.Origin).HasConversion<short>();
        dossier.Property(d => d.TimeLimitUnit).HasConversion<short>();
        dossier.Ignore(d => d.TimeLimit);
        dossier.ComplexProperty(d => d.Applicant, applicant => applicant.Property(a => a.Kind).HasConversion<short>());
        dossier.ComplexProperty(d => d.Notifications);
        dossier.ComplexProperty(d => d.ResultDelivery, delivery => delivery.Property(r => r.Method).HasConversion<short>());
        dossier.Property(d => d.Documents).IsJson();
        dossier.Property(d => d.DueExplanation).IsJson();
        dossier.Property(d => d.FormData).IsJson();
        // Two officers acting on the same dossier: the second save fails instead of overwriting the first.
        dossier.Property<uint>("Version").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
        dossier.HasMany(d => d.Events).WithOne().HasForeignKey(e => e.DossierId);
        dossier.Navigation(d => d.Events).HasField("_events").UsePropertyAccessMode(PropertyAccessMode.Field);
        model.Entity<DossierEvent>().Property(e => e.FromStatus).HasConversion<short?>();
        model.Entity<DossierEvent>().Property(e => e.ToStatus).HasConversion<short>();
        model.ConfigureProcessing();
        model.ConfigureAdministration();
        model.ConfigureQueue();

        // The SQL migrations name everything in snake_case; already-snake names pass through unchanged.
        foreach (var entity in model.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table) entity.SetTableName(SnakeCase(table));
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase(property.GetColumnName()));
            foreach (var complex in entity.GetComplexProperties())
                foreach (var property in complex.ComplexType.GetProperties())
                    property.SetColumnName(SnakeCase(complex.Name) + "_" + SnakeCase(property.Name));
        }
    }

    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1])) builder.Append('_');
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}
