namespace MotCua.Data;

/// <summary>One stored content (migration 0065, <c>stored_files</c>): named by the SHA-256 of its bytes, which live on disk
/// under the file store's root (<see cref="FileStore.PathOf"/>), never in the row. Written by <see cref="FileStore"/> only.</summary>
public sealed class StoredFile
{
    /// <summary>SHA-256 of the exact bytes, lower-case hex (the key and the file's name on disk).</summary>
    public required string Sha256 { get; init; }
    /// <summary>Size in bytes.</summary>
    public long Size { get; init; }
    /// <summary><c>application/pdf</c>, <c>image/jpeg</c> or <c>image/png</c>, from the file's first bytes.</summary>
    public required string MediaType { get; init; }
    /// <summary>A PDF's page count (pdfinfo); null for images.</summary>
    public int? Pages { get; init; }
    /// <summary>An image's width and height in pixels from its header; null for PDFs.</summary>
    public int? Width { get; init; }
    public int? Height { get; init; }
    /// <summary>0 not scanned (no scanner configured), 1 clean; infected files never get a row.</summary>
    public short ScanVerdict { get; init; }
    /// <summary>The scanner that passed it (<c>clamd</c>), or null when none ran.</summary>
    public string? Scanner { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Why a file was staged or attached (<c>staged_files.purpose</c>, <c>dossier_files.purpose</c>).</summary>
public enum FilePurpose : short
{
    /// <summary>Sent with the dossier at submission (online, at the desk, at the kiosk).</summary>
    Submitted = 1,
    /// <summary>Sent to answer a supplement request (Mẫu 02).</summary>
    Supplement = 2,
    /// <summary>Scanned from paper by the officer at the desk (digitisation, Thông tư 01/2023/TT-VPCP).</summary>
    DeskScan = 3,
    /// <summary>The electronic result of the procedure (dossier_files only).</summary>
    Result = 4,
}

/// <summary>An upload made before its dossier exists (migration 0065, <c>staged_files</c>): owned by exactly one citizen,
/// one officer or one integrated system (0074), usable by that owner until <see cref="ExpiresAt"/> (<c>Motcua:Files:StagedHours</c>, default 24 h), when
/// intake or a supplement answer turns it into a <see cref="DossierFile"/> in its own statement.</summary>
public sealed class StagedFile
{
    public long Id { get; set; }
    public required string Sha256 { get; init; }
    /// <summary>The name the file is shown under (<c>MotCua.Domain.Files.DisplayName.Clean</c>).</summary>
    public required string DisplayName { get; init; }
    public FilePurpose Purpose { get; init; }
    public long? OwnerCitizenId { get; init; }
    public int? OwnerUserId { get; init; }
    /// <summary>The integrated system (<c>api_clients.id</c>) that uploaded it through <c>POST /api/v1/files/staged</c>.</summary>
    public int? OwnerClientId { get; init; }
    /// <summary>The dossier a supplement answer is for; null for a submission or a desk scan.</summary>
    public long? DossierId { get; init; }
    /// <summary>The item of the supplement request (0-based, <c>Dossier.SupplementItems</c>) a supplement answer's file is
    /// for (migration 0075); null for a submission or a desk scan.</summary>
    public int? SupplementItem { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    /// <summary>Issue 17 (0076): the earlier <c>dossier_files</c> row this desk reference reuses ("Dùng lại"), same content;
    /// null for an upload.</summary>
    public long? ReusedFromId { get; init; }
}

/// <summary>One use of a stored content in a dossier (migration 0065, <c>dossier_files</c>): the document line it answers,
/// why and by whom it was added, and whether it is a digitised copy or reused from another dossier's file.</summary>
public sealed class DossierFile
{
    public long Id { get; set; }
    public long DossierId { get; init; }
    /// <summary>Index of the document in <c>dossiers.documents</c> it belongs to; null for a result.</summary>
    public int? DocumentIndex { get; init; }
    /// <summary>The catalogue's code of the required document line, when it has one.</summary>
    public string? RequiredCode { get; init; }
    public string? DocumentName { get; init; }
    public FilePurpose Purpose { get; init; }
    public required string Sha256 { get; init; }
    public required string DisplayName { get; init; }
    public int? Pages { get; init; }
    public DateTimeOffset AddedAt { get; init; }
    public int? AddedByUserId { get; init; }
    public long? AddedByCitizenId { get; init; }
    public int? AddedByClientId { get; init; }
    /// <summary>A digitised copy of a paper document (Thông tư 01/2023/TT-VPCP), by whom and when.</summary>
    public bool Digitised { get; init; }
    public int? DigitisedByUserId { get; init; }
    public DateTimeOffset? DigitisedAt { get; init; }
    /// <summary>The earlier dossier file this one reuses (same content, another dossier of the same citizen).</summary>
    public long? ReusedFromId { get; init; }
    /// <summary>The applicant's id number, so a citizen's digitised papers and results are found for reuse by one index.</summary>
    public string? OwnerIdNumber { get; init; }
}

/// <summary>A citizen's account on MotCua (migration 0065, <c>citizens</c>); its sign-in is issue 17's piece A.</summary>
public sealed class Citizen
{
    public long Id { get; set; }
    /// <summary>The 12-digit CCCD.</summary>
    public required string IdNumber { get; init; }
    public string? FullName { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    /// <summary>1 VNeID, 2 one-time code (<c>MotCua.Domain.Identity.CitizenAssurance</c>).</summary>
    public MotCua.Domain.Identity.CitizenAssurance Assurance { get; set; }
    /// <summary>Changed on sign-out everywhere: a cookie with another stamp is refused.</summary>
    public required string SecurityStamp { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastSignInAt { get; set; }
}
