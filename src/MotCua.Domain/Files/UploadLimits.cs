namespace MotCua.Domain.Files;

/// <summary>How an upload is refused, which the web maps to its status: 413 too large, 415 not a PDF/JPEG/PNG, 422 refused
/// for its content (too many pixels or pages, encrypted, active content, infected, too many files for the dossier), 503
/// when a scan is required and the scanner cannot be reached (try again later).</summary>
public enum UploadRefusalKind
{
    TooLarge = 413,
    Unsupported = 415,
    Refused = 422,
    Unavailable = 503,
}

/// <summary>Why one file was refused: the kind (its HTTP status), a problem code for the API's type URI
/// (<c>…/file-too-large</c>) and the Vietnamese message shown to the person who sent it.</summary>
public sealed record UploadRefusal(UploadRefusalKind Kind, string Code, string Message);

/// <summary>
/// The limits on what a citizen or officer may upload (issue 17; defaults are MotCua's choice, configurable under
/// <c>Motcua:Files</c>): bytes per kind, pixels per image (read from the header before any decoding, so a
/// decompression bomb is refused unread), pages per PDF, files and bytes per dossier. Sizes in bytes.
/// </summary>
public sealed record UploadLimits
{
    /// <summary>Largest PDF in bytes (default 10 MB).</summary>
    public long MaxPdfBytes { get; init; } = 10 * 1024 * 1024;
    /// <summary>Largest JPEG or PNG in bytes (default 5 MB).</summary>
    public long MaxImageBytes { get; init; } = 5 * 1024 * 1024;
    /// <summary>Most pixels (width × height) of an image (default 40 megapixels).</summary>
    public long MaxPixels { get; init; } = 40_000_000;
    /// <summary>Most pages of a PDF (default 200).</summary>
    public int MaxPages { get; init; } = 200;
    /// <summary>Most files attached to one dossier (default 20).</summary>
    public int MaxFilesPerDossier { get; init; } = 20;
    /// <summary>Most bytes of all files of one dossier (default 50 MB); also the request size limit of an upload route.</summary>
    public long MaxDossierBytes { get; init; } = 50 * 1024 * 1024;

    /// <summary>The largest file of <paramref name="kind"/> (for Unknown, the largest of any kind: the copy stops there
    /// before the kind is refused).</summary>
    public long MaxBytes(FileKind kind) => kind switch
    {
        FileKind.Pdf => MaxPdfBytes,
        FileKind.Jpeg or FileKind.Png => MaxImageBytes,
        _ => Math.Max(MaxPdfBytes, MaxImageBytes),
    };

    /// <summary>Refuses a file whose first bytes are not a PDF, JPEG or PNG (415).</summary>
    public static UploadRefusal? CheckKind(FileKind kind) => kind == FileKind.Unknown
        ? new(UploadRefusalKind.Unsupported, "file-type",
            "Chỉ nhận tệp PDF, JPEG hoặc PNG (loại tệp được xác định theo nội dung, không theo tên tệp).")
        : null;

    /// <summary>Refuses a file of <paramref name="size"/> bytes over the limit of its kind (413). The store calls this
    /// with limit + 1 when it stops copying, so the sender is told the limit, not a size it never finished sending.</summary>
    public UploadRefusal? CheckSize(FileKind kind, long size) => size > MaxBytes(kind)
        ? new(UploadRefusalKind.TooLarge, "file-too-large",
            $"Tệp {Name(kind)} không được lớn hơn {Megabytes(MaxBytes(kind))} MB.")
        : size == 0 ? new(UploadRefusalKind.Unsupported, "file-type", "Tệp rỗng.") : null;

    /// <summary>Refuses an image of more than <see cref="MaxPixels"/> (422), from the dimensions in its header.</summary>
    public UploadRefusal? CheckImage(int width, int height) =>
        width <= 0 || height <= 0
            ? new(UploadRefusalKind.Refused, "file-damaged", "Không đọc được kích thước ảnh: tệp ảnh bị hỏng.")
            : (long)width * height > MaxPixels
                ? new(UploadRefusalKind.Refused, "file-too-many-pixels",
                    $"Ảnh {width} × {height} điểm ảnh vượt quá {MaxPixels / 1_000_000} triệu điểm ảnh; hãy chụp hoặc quét ở độ phân giải thấp hơn.")
                : null;

    /// <summary>Refuses a PDF that is encrypted, has more than <see cref="MaxPages"/> pages, or names active content (422).
    /// <paramref name="pages"/> is null when the PDF could not be read at all.</summary>
    public UploadRefusal? CheckPdf(int? pages, bool encrypted, string? activeContent) =>
        encrypted ? new(UploadRefusalKind.Refused, "file-encrypted", "Tệp PDF có mật khẩu hoặc được mã hóa; hãy gửi bản không đặt mật khẩu.")
        : pages is not { } n || n <= 0 ? new(UploadRefusalKind.Refused, "file-damaged", "Không đọc được tệp PDF: tệp bị hỏng hoặc không đầy đủ.")
        : n > MaxPages ? new(UploadRefusalKind.Refused, "file-too-many-pages", $"Tệp PDF có {n} trang, vượt quá {MaxPages} trang.")
        : activeContent is { } name ? new(UploadRefusalKind.Refused, "file-active-content",
            $"Tệp PDF chứa nội dung thực thi hoặc tệp nhúng ({name}); hãy in lại thành PDF thông thường.")
        : null;

    /// <summary>Files a dossier may carry beyond one per document line of its procedure (<see cref="FilesAllowed"/>).</summary>
    public const int FilesMarginPerDossier = 5;

    /// <summary>
    /// Most files one dossier of a procedure with <paramref name="documentLines"/> document lines to hand over may carry:
    /// <see cref="MaxFilesPerDossier"/>, or one file per line plus <see cref="FilesMarginPerDossier"/> when that is more.
    /// Every procedure offered online must be submittable with a file per required line (issue 17: 1.013225 at the centre
    /// publishes more than 20 required lines while the flat limit was 20) [choice: the byte limit
    /// <see cref="MaxDossierBytes"/> stays the guard against a heavy dossier].
    /// </summary>
    public int FilesAllowed(int documentLines) => Math.Max(MaxFilesPerDossier, documentLines + FilesMarginPerDossier);

    /// <summary>Refuses adding <paramref name="adding"/> files of <paramref name="addingBytes"/> bytes to a dossier that
    /// already has <paramref name="existing"/> files of <paramref name="existingBytes"/> bytes (422): more files than
    /// <see cref="FilesAllowed"/> for a procedure of <paramref name="documentLines"/> document lines (0 when not known), or
    /// more bytes than <see cref="MaxDossierBytes"/>.</summary>
    public UploadRefusal? CheckDossier(int existing, long existingBytes, int adding, long addingBytes, int documentLines = 0) =>
        existing + adding > FilesAllowed(documentLines)
            ? new(UploadRefusalKind.Refused, "dossier-too-many-files", $"Một hồ sơ của thủ tục này có tối đa {FilesAllowed(documentLines)} tệp.")
            : existingBytes + addingBytes > MaxDossierBytes
                ? new(UploadRefusalKind.Refused, "dossier-too-large", $"Tổng dung lượng tệp của một hồ sơ không được vượt quá {Megabytes(MaxDossierBytes)} MB.")
                : null;

    private static string Name(FileKind kind) => kind switch
    {
        FileKind.Pdf => "PDF",
        FileKind.Jpeg => "JPEG",
        FileKind.Png => "PNG",
        _ => "",
    };

    private static string Megabytes(long bytes) =>
        (bytes / 1048576.0).ToString("0.#", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"));
}
