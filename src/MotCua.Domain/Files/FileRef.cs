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
/// what the sender gave (browsers on Windows send <c>C:\…\x.pdf</c>), NFC, control characters removed, at most
/// <see cref="MaxLength"/> characters with the extension kept, and a fallback from the kind when nothing is left.
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
        if (name.Length == 0) name = "tep" + Extension(kind);
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

    private static string Extension(FileKind kind) => kind switch
    {
        FileKind.Pdf => ".pdf",
        FileKind.Jpeg => ".jpg",
        FileKind.Png => ".png",
        _ => "",
    };
}
