using System.Text.Json;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Data;

// Rows that carry no rules of their own; the rules live in MotCua.Domain.

public sealed class Province
{
    public required string Code { get; init; }
    public required string Name { get; init; }
}

public sealed class Commune
{
    public required string Code { get; init; }
    public required string ProvinceCode { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
}

public static class AgencyKinds
{
    public const string ProvinceCenter = "province_center";
    public const string Department = "department";
    public const string Commune = "commune";
}

public sealed class Agency
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>The people's committee above the unit, printed at the top left of every form.</summary>
    public required string SuperiorName { get; set; }
    public required string Kind { get; set; }
    public required string ProvinceCode { get; set; }
    public string? CommuneCode { get; set; }
    public int? ParentId { get; set; }
    public string Address { get; set; } = "";
    /// <summary>The desk's contact phone, printed on notices.</summary>
    public string Phone { get; set; } = "";
    /// <summary>The place name in the date line of forms ("Huế, ngày ...").</summary>
    public required string PlaceName { get; set; }
    public bool ReceivesDossiers { get; set; }
    public string? OfficeHours { get; set; }
    public TimeOnly? Cutoff { get; set; }
    /// <summary>The day a merger or split ended the unit (no new intake from then); null while it operates.</summary>
    public DateOnly? EndedOn { get; set; }
    /// <summary>The reorganisation that ended it.</summary>
    public long? EndedBy { get; set; }
    /// <summary>The head's title as the signer block prints it ("Giám đốc", "Chủ tịch"); deputies sign "KT." it.</summary>
    public string HeadTitle { get; set; } = "Giám đốc";
    /// <summary>The head's full name, who signs the documents the agency issues; empty when not set.</summary>
    public string HeadName { get; set; } = "";
    /// <summary>The agency's symbol in document numbers ("TTPVHCC" in "05/PXL-TTPVHCC"); empty means the initials of its name.</summary>
    public string Symbol { get; set; } = "";
}

public sealed class Procedure
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Field { get; set; }
    public ProcedureLevel Levels { get; set; }
    public int CurrentVersion { get; set; }
    /// <summary>Code, name and field in one text, indexed by trigram over its unaccented form.</summary>
    public required string SearchText { get; set; }
    /// <summary>SHA-256 of the spec as last parsed from the national catalogue; a re-import with the same hash adds nothing.</summary>
    public string? ImportSha256 { get; set; }
    /// <summary>The catalogue row parsed only partly: some fields keep their published text.</summary>
    public bool Partial { get; set; }
    /// <summary>Name, field and results folded by <see cref="MotCua.Domain.Catalog.SearchText"/>; the search_vector column is generated from them.</summary>
    public string? SearchName { get; set; }
    public string? SearchField { get; set; }
    public string? SearchDescription { get; set; }
    /// <summary>The <see cref="MotCua.Domain.Catalog.SearchText.Version"/> the three were folded with; rows under another one are folded again at start-up.</summary>
    public short? SearchFolding { get; set; }

    /// <summary>Folds what search reads from <paramref name="spec"/> into the search columns.</summary>
    public void IndexForSearch(ProcedureSpec spec)
    {
        (SearchName, SearchField, SearchDescription) = MotCua.Domain.Catalog.SearchText.ForProcedure(spec);
        SearchFolding = MotCua.Domain.Catalog.SearchText.Version;
    }
}

/// <summary>An everyday phrasing the catalogue search expands (<see cref="EverydayTerm"/>), as an administrator saved it.</summary>
public sealed class SearchTerm
{
    public int Id { get; set; }
    public required string Phrase { get; set; }
    public required string Expansion { get; set; }
    /// <summary>A grouping for the list ("Hộ tịch", "Đất đai" …); free text, may be empty.</summary>
    public string Topic { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public int? UpdatedBy { get; set; }
}

public sealed class ProcedureVersion
{
    public required string ProcedureCode { get; init; }
    public int Version { get; init; }
    public required JsonDocument Spec { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>"seed", "import:&lt;id&gt;" or "edit".</summary>
    public string Source { get; init; } = "seed";
    public int? UserId { get; init; }
}

/// <summary>
/// An agency's adoption of a procedure with its local terms. <see cref="Process"/> is the published internal process
/// (checked by <see cref="InternalProcess.Problems"/>); <see cref="ProcessDraft"/> is the one being edited, possibly broken.
/// Null local terms mean the procedure's published ones apply.
/// </summary>
public sealed class AgencyProcedure
{
    public int AgencyId { get; init; }
    public required string ProcedureCode { get; init; }
    public TimeOnly? Cutoff { get; set; }
    public decimal? TimeLimitAmount { get; set; }
    public MotCua.Domain.Calendar.TimeUnit? TimeLimitUnit { get; set; }
    public decimal? Fee { get; set; }
    public string? FeeText { get; set; }
    /// <summary>Whether the local <see cref="Fee"/> is a phí (<c>fee</c>) or a lệ phí (<c>charge</c>, the default), as the
    /// fee's items write it (migration 0098): the intake item's kind, the receipt's wording and the register's column.</summary>
    public string FeeKind { get; set; } = "charge";
    public InternalProcess? Process { get; set; }
    public InternalProcess? ProcessDraft { get; set; }

    /// <summary>The local time limit, when the agency set one shorter than the legal one.</summary>
    public MotCua.Domain.Calendar.TimeLimit? TimeLimit =>
        TimeLimitAmount is { } amount && TimeLimitUnit is { } unit ? new MotCua.Domain.Calendar.TimeLimit(amount, unit) : null;
}

/// <summary>One run of the national catalogue import and its report.</summary>
public sealed class CatalogImport
{
    public long Id { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public required string Source { get; set; }
    public int? UserId { get; set; }
    public int Total { get; set; }
    public int FullRows { get; set; }
    public int PartialRows { get; set; }
    public int RawTextFields { get; set; }
    public int RejectedRows { get; set; }
    public int Added { get; set; }
    public int Changed { get; set; }
    public int Unchanged { get; set; }
    public JsonDocument Issues { get; set; } = JsonDocument.Parse("[]");
    public JsonDocument Changes { get; set; } = JsonDocument.Parse("[]");
    public string? Error { get; set; }
}

public static class Roles
{
    public const string ReceivingOfficer = "receiving_officer";
    public const string Specialist = "specialist";
    public const string DepartmentHead = "department_head";
    public const string Leader = "leader";
    public const string Accountant = "accountant";
    public const string Admin = "admin";
    public const string Inspector = "inspector";
}

public sealed class User
{
    public int Id { get; set; }
    public required string UserName { get; set; }
    public required string PasswordHash { get; set; }
    public required string FullName { get; set; }
    public required string Role { get; set; }
    public int? AgencyId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>Set when an administrator deactivates the account: it can no longer sign in.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }
    public DateTimeOffset? PasswordChangedAt { get; set; }
    /// <summary>Changes with the password, role, agency or deactivation, so that a session issued before can be recognised.</summary>
    public string SecurityStamp { get; set; } = NewSecurityStamp();
    /// <summary>Chức vụ as a signer block prints it ("Phó Giám đốc"); null for an officer who signs no document.</summary>
    public string? Position { get; set; }

    public static string NewSecurityStamp() => Guid.NewGuid().ToString("N");
}

public sealed class ApiClient
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string KeySha256 { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The unit whose reports the system may read (its roll-up, as a leader of it would), or null: no report
    /// (migration 0050, docs/API.md "Reports").</summary>
    public int? ReportAgencyId { get; set; }
}

public sealed class SupplementNotice
{
    public long Id { get; set; }
    public int AgencyId { get; set; }
    public required string ProcedureCode { get; set; }
    public required string ApplicantFullName { get; set; }
    public string? ApplicantPhone { get; set; }
    public MotCua.Domain.Identity.ApplicantKind ApplicantKind { get; set; } = MotCua.Domain.Identity.ApplicantKind.Individual;
    public string? ApplicantIdNumber { get; set; }
    public string? ApplicantRepresentative { get; set; }
    public string? ApplicantAddress { get; set; }
    public string? ApplicantEmail { get; set; }
    /// <summary>The dossier a notice issued during appraisal belongs to (its code and receipt are printed); null for a
    /// notice handed out at the desk, where no dossier is created.</summary>
    public long? DossierId { get; set; }
    public required IReadOnlyList<SupplementItem> Items { get; set; }
    public int? OfficerUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A create answered once: a repeat with the same key returns the same dossier. The key belongs to the API
/// client that sent it (<see cref="ClientId"/>) or to the officer whose desk form carried it (<see cref="UserId"/>).</summary>
public sealed class IdempotencyKey
{
    public int? ClientId { get; init; }
    public int? UserId { get; init; }
    /// <summary>The citizen whose online submission sent the key (migration 0090); exactly one of the three owners is set.</summary>
    public long? CitizenId { get; init; }
    public required string Key { get; init; }
    public required string RequestSha256 { get; init; }
    public required string DossierCode { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// One message to one target, written in the transaction of the change that caused it and delivered by the outbox worker
/// (migration 0024): at least once, under a stable <see cref="MessageId"/>, in id order among the rows that share an
/// <see cref="OrderingKey"/>.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>What the message says, e.g. <c>dossier.status</c>, <c>notification.sms</c>, <c>webhook</c>.</summary>
    public required string Topic { get; init; }
    public required JsonDocument Payload { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; set; }
    /// <summary>The id a receiver de-duplicates on: the same for every attempt, random unless derived from a parent's.</summary>
    public Guid MessageId { get; init; } = Guid.CreateVersion7();
    /// <summary>The adapter that delivers it (<c>dossier-events</c>, <c>email</c>, <c>sms</c>, <c>zalo</c>, <c>webhook</c>, …).</summary>
    public required string Target { get; init; }
    /// <summary>Rows with the same key leave in id order, e.g. <c>sms:{dossier code}</c>; null for a row that waits for none.</summary>
    public string? OrderingKey { get; init; }
    public int Attempts { get; set; }
    /// <summary>When the worker may claim it next: its creation, or the end of the back-off after a failed attempt.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>Until when a worker holds it; a worker that died lets it go when this passes.</summary>
    public DateTimeOffset? LockedUntil { get; set; }
    /// <summary>When the last attempt failed or the target refused it: dead-lettered, waiting for the administrator.</summary>
    public DateTimeOffset? DeadAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>One attempt to deliver an outbox row: when, to which target, the outcome, the target's answer and its duration.</summary>
public sealed class OutboxAttempt
{
    public long Id { get; set; }
    public long OutboxId { get; init; }
    /// <summary>1 for the first attempt.</summary>
    public int Attempt { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Target { get; init; }
    /// <summary><c>delivered</c>, <c>failed</c> (retried) or <c>refused</c> (never retried).</summary>
    public required string Outcome { get; init; }
    public required string Answer { get; init; }
    public int DurationMs { get; init; }
}

/// <summary>
/// A notification about a dossier (migration 0024): one message to one recipient on one channel (<c>email</c>, <c>sms</c>,
/// <c>zalo</c>), carried by the outbox row with the same <see cref="MessageId"/>; <see cref="Event"/> is a
/// <c>NotificationEvent</c> name in camelCase. Its state comes from that row and the gateway's receipts.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }
    public Guid MessageId { get; init; }
    public string? DossierCode { get; init; }
    public required string Channel { get; init; }
    public required string Event { get; init; }
    /// <summary>The address or phone number it went to, as sent.</summary>
    public required string Recipient { get; init; }
    public string? Subject { get; init; }
    public required string Body { get; init; }
    /// <summary>SMS segments the body takes (70 characters each with diacritics, 160 without; fewer when split); null off SMS.</summary>
    public int? Segments { get; init; }
    public int? TemplateId { get; init; }
    public int? TemplateVersion { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A delivery receipt from a gateway for the message MotCua sent under <see cref="MessageId"/>: <c>delivered</c> or <c>failed</c>.</summary>
public sealed class NotificationReceipt
{
    public long Id { get; set; }
    public Guid MessageId { get; init; }
    public required string Provider { get; init; }
    public string? ProviderMessageId { get; init; }
    public required string Status { get; init; }
    public string? Detail { get; init; }
    /// <summary>When the gateway says it happened.</summary>
    public DateTimeOffset At { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}

public sealed class CalendarDayRow
{
    public DateOnly Date { get; init; }
    public required string Kind { get; set; }
    public required string Name { get; set; }
    /// <summary>Why a holiday or compensatory day sits on a weekend (required there, optional elsewhere).</summary>
    public string? Note { get; set; }
}

public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; init; }
    public int? UserId { get; init; }
    public required string Action { get; init; }
    public required string Subject { get; init; }
    public JsonDocument? Details { get; init; }
}

/// <summary>A field verification recorded during appraisal (migration 0015): printed as its biên bản.</summary>
public sealed class FieldVerificationRecord
{
    public long Id { get; set; }
    public long DossierId { get; init; }
    /// <summary>The agency that held the dossier and verified: the letterhead and the number of the biên bản.</summary>
    public int AgencyId { get; init; }
    public required string Place { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset EndedAt { get; init; }
    public required string[] Participants { get; init; }
    public required string Chair { get; init; }
    public required string Secretary { get; init; }
    public required string Findings { get; init; }
    public int RecordedByUserId { get; init; }
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>The verification as the Domain and the biên bản know it.</summary>
    public FieldVerification ToDomain() => new(Place, StartedAt, EndedAt, Participants, Chair, Secretary, Findings);
}

/// <summary>A dossier lost or damaged by the agency holding it (migration 0015): printed as the agency's apology.</summary>
public sealed class DossierLoss
{
    public long Id { get; set; }
    public long DossierId { get; init; }
    /// <summary>The agency at fault, which apologises, bears the cost and signs.</summary>
    public int AgencyId { get; init; }
    public LossKind Kind { get; init; }
    public required string Description { get; init; }
    public required string Remedy { get; init; }
    public long CostVnd { get; init; }
    public DateTimeOffset? NewDueAt { get; init; }
    public int RecordedByUserId { get; init; }
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>The loss as the Domain and the apology know it.</summary>
    public LossRecord ToDomain() => new(Kind, Description, Remedy, CostVnd, NewDueAt);
}
