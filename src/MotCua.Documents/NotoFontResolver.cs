using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace MotCua.Documents;

/// <summary>
/// Maps font family names to the Noto TTF files of Debian's <c>fonts-noto-core</c>. Serif-like names
/// ("Noto Serif", "Times New Roman", "Times", "serif") get Noto Serif, everything else Noto Sans.
/// Noto rather than DejaVu: PdfSharp's subsetting drops stacked Vietnamese marks with DejaVu.
/// </summary>
internal sealed class NotoFontResolver : IFontResolver
{
    public const string Serif = "Noto Serif";
    public const string Sans = "Noto Sans";
    public const string DefaultDirectory = "/usr/share/fonts/truetype/noto";
    public const string DirectoryVariable = "MOTCUA_FONT_DIR";

    private static readonly string[] Faces =
    [
        "NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic", "NotoSerif-BoldItalic",
        "NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "NotoSans-BoldItalic",
    ];

    private readonly ConcurrentDictionary<string, byte[]> _cache = new(StringComparer.Ordinal);

    public NotoFontResolver(string directory) => Directory = directory;

    public string Directory { get; }

    public static NotoFontResolver FromEnvironment() =>
        new(Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir ? dir : DefaultDirectory);

    /// <summary>Fails early, naming the package to install, when any of the eight faces is missing.</summary>
    public void EnsureFilesExist()
    {
        var missing = Faces.Select(PathOf).Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Noto font files not found: {string.Join(", ", missing)}. " +
                "Install the Debian package fonts-noto-core (apt-get install -y fonts-noto-core) " +
                $"or point {DirectoryVariable} at a folder holding NotoSerif-*.ttf and NotoSans-*.ttf.");
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var family = IsSerif(familyName) ? "NotoSerif" : "NotoSans";
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
                $"Font file '{path}' not found. Install the Debian package fonts-noto-core " +
                $"(apt-get install -y fonts-noto-core) or set {DirectoryVariable}.", path);
        }
        return File.ReadAllBytes(path);
    });

    private string PathOf(string face) => Path.Combine(Directory, face + ".ttf");

    private static bool IsSerif(string familyName)
    {
        var name = familyName.Trim();
        return name.Equals(Serif, StringComparison.OrdinalIgnoreCase)
            || name.Equals("NotoSerif", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Times", StringComparison.OrdinalIgnoreCase)
            || name.Equals("serif", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>One-time, thread-safe PdfSharp set-up: AGPL licence and the Noto font resolver.</summary>
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
                var resolver = NotoFontResolver.FromEnvironment();
                resolver.EnsureFilesExist();
                GlobalFontSettings.FontResolver = resolver;
            }
            Volatile.Write(ref _done, true);
        }
    }
}
