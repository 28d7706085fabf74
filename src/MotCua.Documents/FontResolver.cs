using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace MotCua.Documents;

/// <summary>
/// Maps font family names to the Liberation TTF files of Debian's <c>fonts-liberation2</c>. Serif-like names
/// ("Times New Roman", "Liberation Serif", "Times", "serif") get Liberation Serif, everything else Liberation Sans.
/// Liberation Serif has the metrics of Times New Roman, the typeface Nghị định 30/2020/NĐ-CP Phụ lục I prescribes for
/// administrative documents (Times New Roman itself may not be shipped); version 2 covers every precomposed Vietnamese
/// letter (U+1EA0–U+1EF9 and Latin Extended-A/B), and text is NFC-normalised before drawing, so no stacked marks are needed.
/// </summary>
internal sealed class FontResolver : IFontResolver
{
    public const string Serif = "Liberation Serif";
    public const string Sans = "Liberation Sans";
    public const string DefaultDirectory = "/usr/share/fonts/truetype/liberation2";
    public const string DirectoryVariable = "MOTCUA_FONT_DIR";
    public const string Package = "fonts-liberation2";

    private static readonly string[] Faces =
    [
        "LiberationSerif-Regular", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic",
        "LiberationSans-Regular", "LiberationSans-Bold", "LiberationSans-Italic", "LiberationSans-BoldItalic",
    ];

    private readonly ConcurrentDictionary<string, byte[]> _cache = new(StringComparer.Ordinal);

    public FontResolver(string directory) => Directory = directory;

    public string Directory { get; }

    public static FontResolver FromEnvironment() =>
        new(Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir ? dir : DefaultDirectory);

    /// <summary>Fails early, naming the package to install, when any of the eight faces is missing.</summary>
    public void EnsureFilesExist()
    {
        var missing = Faces.Select(PathOf).Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Liberation font files not found: {string.Join(", ", missing)}. " +
                $"Install the Debian package {Package} (apt-get install -y {Package}) " +
                $"or point {DirectoryVariable} at a folder holding LiberationSerif-*.ttf and LiberationSans-*.ttf.");
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var family = IsSerif(familyName) ? "LiberationSerif" : "LiberationSans";
        var style = (bold, italic) switch
        {
            (true, true) => "BoldItalic",
            (true, false) => "Bold",
            (false, true) => "Italic",
            _ => "Regular",
        };
        return new FontResolverInfo($"{family}-{style}");
    }

    public byte[] GetFont(string faceName) => _cache.GetOrAdd(faceName, face =>
    {
        var path = PathOf(face);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Font file '{path}' not found. Install the Debian package {Package} " +
                $"(apt-get install -y {Package}) or set {DirectoryVariable}.", path);
        }
        return File.ReadAllBytes(path);
    });

    private string PathOf(string face) => Path.Combine(Directory, face + ".ttf");

    private static bool IsSerif(string familyName)
    {
        var name = familyName.Trim();
        return name.Equals(Serif, StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Times", StringComparison.OrdinalIgnoreCase)
            || name.Equals("serif", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>One-time, thread-safe PdfSharp set-up: AGPL licence and the Liberation font resolver.</summary>
internal static class PdfSetup
{
    private static readonly Lock Gate = new();
    private static bool _done;

    public static void EnsureInitialized()
    {
        if (Volatile.Read(ref _done))
        {
            return;
        }
        lock (Gate)
        {
            if (_done)
            {
                return;
            }
            PdfSharp.PdfSharpLicense.SetAgplLicense();
            // PdfSharp allows the resolver to be set once per process; respect one a host already installed.
            if (GlobalFontSettings.FontResolver is null)
            {
                var resolver = FontResolver.FromEnvironment();
                resolver.EnsureFilesExist();
                GlobalFontSettings.FontResolver = resolver;
            }
            Volatile.Write(ref _done, true);
        }
    }
}
