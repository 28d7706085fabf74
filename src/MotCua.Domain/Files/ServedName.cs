namespace MotCua.Domain.Files;

/// <summary>
/// The name a stored file is downloaded under. A digitised image scan is served as its searchable PDF once OCR has read
/// it (docs/FILES.md "Download of a digitised file"), while the dossier keeps the name it was received with
/// (<c>card1.png</c>); served under that name the PDF would open in an image viewer, or not at all (trial17u LOW 4). So
/// a PDF whose name does not end in <c>.pdf</c> gets <c>.pdf</c> in place of its extension; any other file keeps its name.
/// </summary>
public static class ServedName
{
    /// <summary>The download name of the file named <paramref name="name"/> served as <paramref name="mediaType"/>.</summary>
    public static string For(string name, string mediaType)
    {
        if (!string.Equals(mediaType, "application/pdf", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
            return name;
        var dot = name.LastIndexOf('.');
        return (dot > 0 ? name[..dot] : name) + ".pdf";
    }
}
