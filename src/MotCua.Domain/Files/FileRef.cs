using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MotCua.Domain.Files;

/// <summary>
/// A stored content: its <see cref="Sha256"/> (<see cref="ContentHash"/> of the exact bytes, the store's key), its size
/// in bytes, its media type (<see cref="FileSniffer.MediaType"/>) and, for a PDF, its page count (null for images).
/// </summary>
public sealed record FileRef(string Sha256, long Size, string MediaType, int? Pages);

/// <summary>The name of a stored content: SHA-256 of its exact bytes in lower-case hexadecimal (64 characters).</summary>
public static class ContentHash
{
    /// <summary>The hash of <paramref name="bytes"/>, as <c>stored_files.sha256</c> holds it.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>True for 64 lower-case hexadecimal characters: a value that can name a stored file (and a path part).</summary>
    public static bool IsValid(string? value) =>
        value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}

/// <summary>
/// The name a file is shown under (kept for display only, never used to decide its kind or its path): the last part of
/// what the sender gave (browsers on Windows send <c>C:\…\x.pdf</c>), NFC, control characters removed, the extension of
/// the kind the content was sniffed as (".pdf", ".jpg"/".jpeg", ".png"), at most <see cref="MaxLength"/> characters with the
/// extension kept, and a fallback from the kind when nothing is left.
/// </summary>
public static class DisplayName
{
    /// <summary>The longest name kept (<c>display_name</c>'s CHECK).</summary>
    public const int MaxLength = 200;

    /// <summary>The cleaned name of a file of <paramref name="kind"/> sent as <paramref name="given"/> (may be null).</summary>
    public static string Clean(string? given, FileKind kind)
    {
        var name = (given ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var kept = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC))
            if (!char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format) kept.Append(c);
        name = kept.ToString().Trim().Trim('.').Trim();
        name = name.Length == 0 ? "tep" + Extension(kind) : WithExtensionOf(name, kind);
        if (name.Length > MaxLength)
        {
            var extension = Path.GetExtension(name);
            if (extension.Length > 10) extension = "";
            var stem = name[..(MaxLength - extension.Length)];
            // Never cut a surrogate pair in half.
            if (char.IsHighSurrogate(stem[^1])) stem = stem[..^1];
            name = stem + extension;
        }
        return name;
    }

    // The extension follows the kind the content was sniffed as, never the sender's (trial17t LOW 7: a PNG sent as
    // "card.pdf" was served as "card.pdf" and opened as a broken PDF): an extension of another accepted kind is replaced,
    // a name without one gets the kind's.
    private static string WithExtensionOf(string name, FileKind kind)
    {
        var wanted = Extension(kind);
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (wanted.Length == 0 || extension == wanted || (kind == FileKind.Jpeg && extension is ".jpeg" or ".jpe")) return name;
        var stem = extension is ".pdf" or ".jpg" or ".jpeg" or ".jpe" or ".png" ? name[..^extension.Length] : name;
        return stem + wanted;
    }

    private static string Extension(FileKind kind) => kind switch
    {
        FileKind.Pdf => ".pdf",
        FileKind.Jpeg => ".jpg",
        FileKind.Png => ".png",
        _ => "",
    };
}
