namespace MotCua.Domain.Files;

/// <summary>The kinds of file MotCua accepts as a dossier's documents: PDF, JPEG and PNG (issue 17), nothing else.</summary>
public enum FileKind
{
    /// <summary>Anything else (executables, archives, PostScript, HTML, SVG, text, an empty or cut-off file): refused with 415.</summary>
    Unknown = 0,
    Pdf = 1,
    Jpeg = 2,
    Png = 3,
}

/// <summary>
/// Tells what a file is from its first bytes, never from its name or the declared <c>Content-Type</c> (both are the
/// sender's word): a PDF starts with <c>%PDF-</c> at offset 0 [choice: stricter than readers that search the first
/// 1 KB, so a polyglot with a prefix is refused], a JPEG with <c>FF D8 FF</c>, a PNG with its 8-byte signature.
/// </summary>
public static class FileSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> needs; fewer than a signature's length gives Unknown.</summary>
    public const int HeadLength = 16;

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;
    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The kind of a file from its first bytes (at least <see cref="HeadLength"/> when the file has them).</summary>
    public static FileKind Sniff(ReadOnlySpan<byte> head) =>
        head.StartsWith(PdfMagic) ? FileKind.Pdf
        : head.StartsWith(PngMagic) ? FileKind.Png
        : head.StartsWith(JpegMagic) ? FileKind.Jpeg
        : FileKind.Unknown;

    /// <summary>The media type MotCua stores and serves a kind under (<c>stored_files.media_type</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">For <see cref="FileKind.Unknown"/>, which is never stored.</exception>
    public static string MediaType(this FileKind kind) => kind switch
    {
        FileKind.Pdf => "application/pdf",
        FileKind.Jpeg => "image/jpeg",
        FileKind.Png => "image/png",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Không lưu tệp không rõ loại."),
    };

    /// <summary>The kind stored under a media type of <c>stored_files</c>; Unknown for any other text.</summary>
    public static FileKind FromMediaType(string mediaType) => mediaType switch
    {
        "application/pdf" => FileKind.Pdf,
        "image/jpeg" => FileKind.Jpeg,
        "image/png" => FileKind.Png,
        _ => FileKind.Unknown,
    };
}
