using System.Runtime.InteropServices;
using System.Security.Cryptography;
using MotCua.Domain.Files;

namespace MotCua.Data;

/// <summary>
/// The file store's side of a backup (issue 17, design §2 "Backups", docs/FILES.md): the database's backup holds the
/// rows, this holds the contents they name. <see cref="Backup"/> copies every stored content into
/// <c>&lt;backup&gt;/files/sha256/ab/cd/&lt;hash&gt;</c> (a hard link when the backup lies on the store's file system, else
/// a copy; a content already there is skipped, as contents never change) and writes <c>&lt;backup&gt;/files.sha256</c>
/// (<c>sha256sum</c>'s format, so an operator can check it with <c>sha256sum -c</c>). <see cref="Restore"/> re-hashes every
/// file of the backup against its name before laying it into the store and <b>adds</b> to the store, never deletes: a store
/// that holds more than the restored database names is valid. Progress in Vietnamese, one line per step.
/// </summary>
public sealed class FileBackups(string storeRoot, TextWriter output)
{
    /// <summary>The folder of a backup that holds the contents.</summary>
    public const string FolderName = "files";

    /// <summary>The list of the backup's contents and their SHA-256, beside <see cref="FolderName"/>.</summary>
    public const string ManifestName = "files.sha256";

    /// <summary>How old an unnamed content must be before <see cref="Orphans"/> lists it (an upload in flight is not one).</summary>
    public static readonly TimeSpan OrphanAge = TimeSpan.FromDays(7);

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The store's folder, absolute.</summary>
    public string Root { get; } = Path.GetFullPath(storeRoot);

    /// <summary>What a backup or a restore did, in files.</summary>
    public sealed record Counts(int Linked, int Copied, int Skipped, IReadOnlyList<string> Refused);

    /// <summary>
    /// Copies the store into <paramref name="backup"/> (a folder, created when missing) and writes its manifest. A store
    /// that does not exist yet (no upload ever) gives an empty folder and manifest.
    /// </summary>
    public Counts Backup(string backup)
    {
        var target = Path.Combine(Path.GetFullPath(backup), FolderName);
        CreateFolder(target);
        int linked = 0, copied = 0, skipped = 0;
        var lines = new List<string>();
        foreach (var (hash, source) in Contents(Root))
        {
            var destination = PathIn(target, hash);
            lines.Add($"{hash}  {FolderName}/sha256/{hash[..2]}/{hash[2..4]}/{hash}");
            if (File.Exists(destination)) { skipped++; continue; }
            CreateFolder(Path.GetDirectoryName(destination)!);
            if (HardLink(source, destination)) linked++;
            else
            {
                CopyInto(source, destination);
                copied++;
            }
        }
        lines.Sort(StringComparer.Ordinal);
        File.WriteAllLines(Path.Combine(Path.GetFullPath(backup), ManifestName), lines);
        output.WriteLine($"Kho tệp: {lines.Count} tệp vào {target} ({linked} liên kết cứng, {copied} bản chép, {skipped} đã có sẵn); danh sách SHA-256 ở {ManifestName}.");
        return new(linked, copied, skipped, []);
    }

    /// <summary>
    /// Lays the contents of <paramref name="backup"/> into the store: each file listed in its manifest is hashed again and
    /// refused when its bytes do not match its name (damaged in storage); a content the store already holds is skipped.
    /// Nothing in the store is removed or overwritten. A backup taken before issue 17 (no manifest) restores nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">Some files were refused (named in the message); the others were laid down.</exception>
    public Counts Restore(string backup)
    {
        backup = Path.GetFullPath(backup);
        var manifest = Path.Combine(backup, ManifestName);
        if (!File.Exists(manifest))
        {
            output.WriteLine($"Bản sao lưu {Path.GetFileName(backup)} không có kho tệp ({ManifestName}): không có tệp nào để khôi phục.");
            return new(0, 0, 0, []);
        }
        CreateFolder(Path.Combine(Root, "tmp"));
        int copied = 0, skipped = 0;
        var refused = new List<string>();
        foreach (var line in File.ReadLines(manifest).Where(l => l.Length > 0))
        {
            var hash = line.Split("  ", 2)[0];
            if (!ContentHash.IsValid(hash)) { refused.Add(line); continue; }
            var source = PathIn(Path.Combine(backup, FolderName), hash);
            var destination = PathIn(Root, hash);
            if (File.Exists(destination)) { skipped++; continue; }
            if (!File.Exists(source) || HashOf(source) != hash) { refused.Add(hash); continue; }
            // Through tmp and a rename, as an upload: the store never shows a half-copied content under its name.
            var temp = Path.Combine(Root, "tmp", Guid.NewGuid().ToString("N"));
            CopyInto(source, temp);
            CreateFolder(Path.GetDirectoryName(destination)!);
            try { File.Move(temp, destination); }
            catch (IOException) when (File.Exists(destination)) { File.Delete(temp); }
            copied++;
        }
        output.WriteLine($"Kho tệp: {copied} tệp khôi phục vào {Root}, {skipped} đã có sẵn, {refused.Count} bị từ chối (không khớp SHA-256).");
        if (refused.Count > 0)
            throw new InvalidOperationException($"{refused.Count} tệp trong bản sao lưu bị hỏng (nội dung không khớp mã SHA-256) và không được khôi phục: {string.Join(", ", refused)}.");
        return new(0, copied, skipped, refused);
    }

    /// <summary>The contents of the store no row names (<paramref name="named"/>: every <c>stored_files.sha256</c>) whose
    /// file is older than <see cref="OrphanAge"/> at <paramref name="now"/>: what a crash between the move and the row left.
    /// Listed, never deleted (that is the operator's act).</summary>
    public IReadOnlyList<(string Hash, string Path, long Bytes, DateTimeOffset Written)> Orphans(IReadOnlySet<string> named, DateTimeOffset now) =>
        [.. Contents(Root).Where(c => !named.Contains(c.Hash))
            .Select(c => (c.Hash, c.Path, Info: new FileInfo(c.Path)))
            .Where(c => now - new DateTimeOffset(c.Info.LastWriteTimeUtc, TimeSpan.Zero) > OrphanAge)
            .Select(c => (c.Hash, c.Path, c.Info.Length, new DateTimeOffset(c.Info.LastWriteTimeUtc, TimeSpan.Zero)))
            .OrderBy(c => c.Hash, StringComparer.Ordinal)];

    // Every content of a store (or of a backup's folder): files named by a valid hash under sha256/ab/cd/.
    private static IEnumerable<(string Hash, string Path)> Contents(string root)
    {
        var folder = Path.Combine(root, "sha256");
        if (!Directory.Exists(folder)) yield break;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var hash = Path.GetFileName(file);
            if (ContentHash.IsValid(hash) && file == PathIn(root, hash)) yield return (hash, file);
        }
    }

    private static string PathIn(string root, string hash) => Path.Combine(root, "sha256", hash[..2], hash[2..4], hash);

    private static string HashOf(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void CopyInto(string source, string destination)
    {
        File.Copy(source, destination);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(destination, FileMode0600);
    }

    private static void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, FolderMode);
    }

    // link(2): false when the two paths are on different file systems (EXDEV) or links are not allowed there.
    private static bool HardLink(string source, string destination) => !OperatingSystem.IsWindows() && Link(source, destination) == 0;

    [DllImport("libc", EntryPoint = "link")]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
