using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using MotCua.Domain.Files;
using Npgsql;

namespace MotCua.Data;

/// <summary>
/// Settings of the file store (<c>Motcua:Files</c>, docs/FILES.md): where it lives, the upload limits
/// (<see cref="UploadLimits"/>; bytes, pixels, pages, files), the scanner and how long a staged upload waits.
/// </summary>
public sealed class FileStoreOptions
{
    /// <summary>The store's folder (default <c>.motcua/files</c> under the working folder).</summary>
    public string Root { get; set; } = Path.Combine(".motcua", "files");
    public long MaxPdfBytes { get; set; } = new UploadLimits().MaxPdfBytes;
    public long MaxImageBytes { get; set; } = new UploadLimits().MaxImageBytes;
    public long MaxPixels { get; set; } = new UploadLimits().MaxPixels;
    public int MaxPages { get; set; } = new UploadLimits().MaxPages;
    public int MaxFilesPerDossier { get; set; } = new UploadLimits().MaxFilesPerDossier;
    public long MaxDossierBytes { get; set; } = new UploadLimits().MaxDossierBytes;
    /// <summary><c>None</c> (default) or <c>Clamd</c>.</summary>
    public string Scanner { get; set; } = "None";
    /// <summary>clamd's Unix socket (Debian's default).</summary>
    public string ClamdSocket { get; set; } = "/var/run/clamav/clamd.ctl";
    /// <summary>When true, an unreachable scanner refuses uploads with 503 instead of storing them unscanned.</summary>
    public bool RequireScan { get; set; }
    /// <summary>Hours a staged upload stays usable by its owner (default 24).</summary>
    public int StagedHours { get; set; } = 24;
    /// <summary>Files one signed-in citizen may stage in any hour, all routes together (default 30; docs/CITIZENS.md).</summary>
    public int CitizenFilesPerHour { get; set; } = 30;

    /// <summary>The limits as the Domain states them.</summary>
    public UploadLimits Limits => new()
    {
        MaxPdfBytes = MaxPdfBytes, MaxImageBytes = MaxImageBytes, MaxPixels = MaxPixels, MaxPages = MaxPages,
        MaxFilesPerDossier = MaxFilesPerDossier, MaxDossierBytes = MaxDossierBytes,
    };
}

/// <summary>What <see cref="FileStore.WriteAsync"/> made of one file: the stored content (with its cleaned display name
/// and, for images, dimensions), or the refusal, never both.</summary>
public sealed record StoreOutcome(StoredFile? File, string? DisplayName, UploadRefusal? Refusal)
{
    public static StoreOutcome Refused(UploadRefusal refusal) => new(null, null, refusal);
}

/// <summary>
/// The content-addressed file store (issue 17, docs/FILES.md): every accepted file lies once under
/// <c>{Root}/sha256/ab/cd/&lt;64 hex&gt;</c> (folders 0700, files 0600), immutable, whatever the number of dossiers that use
/// it, with one <c>stored_files</c> row. A file is streamed in 64 KB buffers into <c>{Root}/tmp</c> under an incremental
/// SHA-256 and never held whole in memory; its kind comes from its first 16 bytes (<see cref="FileSniffer"/>); the copy
/// stops at the limit of its kind + 1 byte without reading the rest. Then the PDF's pages and encryption (<c>pdfinfo</c>)
/// or the image's dimensions (<see cref="ImageHeaders"/>), the scanning hook (<see cref="IFileScanner"/>), the move into
/// place, and last the row: a crash leaves at most an orphan file, never a row without its file.
/// </summary>
public sealed class FileStore(FileStoreOptions options, IFileScanner scanner, NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>The copy buffer: 64 KB, as the issue asks, rented, never one per file.</summary>
    public const int BufferSize = 64 * 1024;

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The store's folder, absolute.</summary>
    public string Root { get; } = Path.GetFullPath(options.Root);

    /// <summary>The limits uploads are held to.</summary>
    public UploadLimits Limits { get; } = options.Limits;

    /// <summary>Where a stored content lies: <c>{Root}/sha256/ab/cd/&lt;hash&gt;</c>.</summary>
    /// <exception cref="ArgumentException">Not a content hash (64 lower-case hex), so never a path outside the store.</exception>
    public string PathOf(string sha256) => ContentHash.IsValid(sha256)
        ? Path.Combine(Root, "sha256", sha256[..2], sha256[2..4], sha256)
        : throw new ArgumentException("Không phải mã băm SHA-256 của một tệp.", nameof(sha256));

    /// <summary>The folder uploads are copied into while in flight (same file system as the store, so the move is a rename).</summary>
    public string TempFolder => Path.Combine(Root, "tmp");

    /// <summary>
    /// Reads one file from <paramref name="content"/> (to its end, or to the limit + 1 byte), checks it and stores it, or
    /// refuses it: 415 when its first bytes are no PDF, JPEG or PNG (the rest unread), 413 over its kind's byte limit
    /// (the rest unread), 422 for too many pixels or pages, an encrypted or damaged PDF, active content or an infected
    /// file, 503 when a scan is required and the scanner is unavailable. A refused file leaves nothing behind. The same
    /// bytes stored twice give the same row and one file on disk. <paramref name="givenName"/> is the sender's file name,
    /// kept for display only (<see cref="DisplayName.Clean"/>).
    /// </summary>
    public async Task<StoreOutcome> WriteAsync(Stream content, string? givenName, CancellationToken ct)
    {
        CreateFolder(TempFolder);
        var temp = Path.Combine(TempFolder, Guid.NewGuid().ToString("N"));
        try
        {
            var (outcome, copied) = await CopyAsync(content, temp, ct);
            if (outcome is not null) return outcome;
            var (hash, kind, size, active) = copied;
            int? pages = null, width = null, height = null;
            if (kind == FileKind.Pdf)
            {
                var (count, encrypted) = await PdfInfoAsync(temp, ct);
                if (Limits.CheckPdf(count, encrypted, active) is { } refusal) return StoreOutcome.Refused(refusal);
                pages = count;
            }
            else
            {
                if (ImageHeaders.Read(temp, kind) is not var (w, h))
                    return StoreOutcome.Refused(new(UploadRefusalKind.Refused, "file-damaged", "Không đọc được kích thước ảnh: tệp ảnh bị hỏng."));
                if (Limits.CheckImage(w, h) is { } refusal) return StoreOutcome.Refused(refusal);
                (width, height) = (w, h);
            }

            var scan = await scanner.ScanAsync(temp, ct);
            if (scan.Verdict == ScanVerdict.Infected)
                return StoreOutcome.Refused(new(UploadRefusalKind.Refused, "file-infected", $"Tệp bị phần mềm diệt virus từ chối ({scan.Detail})."));
            if (scan.Verdict == ScanVerdict.Unavailable && options.RequireScan)
                return StoreOutcome.Refused(new(UploadRefusalKind.Unavailable, "scanner-unavailable",
                    "Chưa kiểm tra được tệp bằng phần mềm diệt virus; hãy gửi lại sau ít phút."));

            var final = PathOf(hash);
            CreateFolder(Path.GetDirectoryName(final)!);
            // Immutable by name: if the same bytes are already there (stored before, or by a request racing this one),
            // the file on disk is this file.
            if (!File.Exists(final))
            {
                try { File.Move(temp, final); }
                catch (IOException) when (File.Exists(final)) { }
            }

            var row = new StoredFile
            {
                Sha256 = hash, Size = size, MediaType = kind.MediaType(), Pages = pages, Width = width, Height = height,
                ScanVerdict = (short)(scan.Verdict == ScanVerdict.Clean ? 1 : 0),
                Scanner = scan.Verdict == ScanVerdict.Clean ? scanner.Name : null,
                CreatedAt = clock.GetUtcNow(),
            };
            await InsertAsync(row, ct);
            return new(row, DisplayName.Clean(givenName, kind), null);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Opens a stored content for reading (asynchronous, sequential, shared read), for serving and backups.</summary>
    /// <exception cref="FileNotFoundException">The row names a file the store does not hold (restored without its files).</exception>
    public FileStream Open(string sha256) =>
        new(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private readonly record struct Copied(string Hash, FileKind Kind, long Size, string? ActiveContent);

    // The copy: at most limit + 1 bytes are ever read from the request; the kind is known after the first 16.
    private async Task<(StoreOutcome?, Copied)> CopyAsync(Stream content, string temp, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var head = new byte[FileSniffer.HeadLength];
            var headLength = 0;
            var kind = FileKind.Unknown;
            var limit = Limits.MaxBytes(FileKind.Unknown);
            PdfActiveContent? active = null;
            long total = 0;
            var fileOptions = new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0,
                Options = FileOptions.Asynchronous,
            };
            if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = FileMode0600;
            await using (var file = new FileStream(temp, fileOptions))
            {
                while (true)
                {
                    var want = (int)Math.Min(BufferSize, limit + 1 - total);
                    var read = await content.ReadAsync(buffer.AsMemory(0, want), ct);
                    if (read == 0) break;
                    var chunk = buffer.AsMemory(0, read);
                    if (headLength < head.Length)
                    {
                        var take = Math.Min(read, head.Length - headLength);
                        chunk.Span[..take].CopyTo(head.AsSpan(headLength));
                        headLength += take;
                        if (headLength == head.Length)
                        {
                            kind = FileSniffer.Sniff(head);
                            if (UploadLimits.CheckKind(kind) is { } unsupported) return (StoreOutcome.Refused(unsupported), default);
                            limit = Limits.MaxBytes(kind);
                            if (kind == FileKind.Pdf) active = new PdfActiveContent();
                        }
                    }
                    total += read;
                    if (total > limit) return (StoreOutcome.Refused(Limits.CheckSize(kind, total)!), default);
                    hash.AppendData(chunk.Span);
                    active?.Append(chunk.Span);
                    await file.WriteAsync(chunk, ct);
                }
                if (headLength < head.Length)
                {
                    kind = FileSniffer.Sniff(head.AsSpan(0, headLength));
                    if (total == 0) return (StoreOutcome.Refused(Limits.CheckSize(kind, 0)!), default);
                    if (UploadLimits.CheckKind(kind) is { } unsupported) return (StoreOutcome.Refused(unsupported), default);
                    if (kind == FileKind.Pdf)
                    {
                        active = new PdfActiveContent();
                        active.Append(head.AsSpan(0, headLength));
                    }
                }
                // On disk before it is named by a row: a crash after the row never finds the file missing.
                file.Flush(flushToDisk: true);
            }
            return (null, new Copied(Convert.ToHexStringLower(hash.GetHashAndReset()), kind, total, active?.Complete()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The page count of the PDF at <paramref name="path"/> and whether it is encrypted, as pdfinfo (poppler-utils) reads
    /// them (30 s at most). A PDF with a user password does not open at all ("Incorrect password"): it is encrypted too.
    /// Anything else it cannot open is damaged (pages null). Also the OCR worker's count of a searchable copy's pages.
    /// </summary>
    public static async Task<(int? Pages, bool Encrypted)> PdfInfoAsync(string path, CancellationToken ct)
    {
        var start = new ProcessStartInfo("pdfinfo") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Không chạy được pdfinfo (gói poppler-utils).");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return (null, false);
        }
        var (text, problem) = (await output, await errors);
        if (problem.Contains("Incorrect password", StringComparison.OrdinalIgnoreCase)) return (null, true);
        if (process.ExitCode != 0) return (null, false);
        int? pages = null;
        var encrypted = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("Pages:", StringComparison.Ordinal) && int.TryParse(line[6..].Trim(), out var n)) pages = n;
            if (line.StartsWith("Encrypted:", StringComparison.Ordinal)) encrypted = line[10..].TrimStart().StartsWith("yes", StringComparison.Ordinal);
        }
        return (pages, encrypted);
    }

    private async Task InsertAsync(StoredFile row, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO stored_files (sha256, size, media_type, pages, width, height, scan_verdict, scanner, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (sha256) DO NOTHING
            """);
        foreach (var value in new object?[] { row.Sha256, row.Size, row.MediaType, row.Pages, row.Width, row.Height, row.ScanVerdict, row.Scanner, row.CreatedAt })
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, FolderMode);
    }
}
