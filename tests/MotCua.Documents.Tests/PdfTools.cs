using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MotCua.Documents.Tests;

/// <summary>
/// Runs poppler-utils and zbar-tools on rendered forms. A missing tool fails the test (never skips) with the
/// package to install.
/// </summary>
internal static partial class PdfTools
{
    /// <summary>Where the tests leave the PDFs and PNGs for people to look at.</summary>
    public static string OutputDirectory { get; } = CreateOutputDirectory();

    private static string CreateOutputDirectory()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "forms");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string Save(string name, byte[] pdf)
    {
        var path = Path.Combine(OutputDirectory, name + ".pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }

    /// <summary>pdftotext output, whitespace collapsed to single spaces.</summary>
    public static string Text(string pdf)
    {
        var raw = Run("pdftotext", "poppler-utils", "-enc", "UTF-8", pdf, "-").Output;
        return Whitespace().Replace(raw, " ").Trim();
    }

    /// <summary>pdftotext output of one page (1-based), whitespace collapsed to single spaces.</summary>
    public static string PageText(string pdf, int page)
    {
        var number = page.ToString(CultureInfo.InvariantCulture);
        var raw = Run("pdftotext", "poppler-utils", "-enc", "UTF-8", "-f", number, "-l", number, pdf, "-").Output;
        return Whitespace().Replace(raw, " ").Trim();
    }

    public static Dictionary<string, string> Info(string pdf)
    {
        var output = Run("pdfinfo", "poppler-utils", "-enc", "UTF-8", pdf).Output;
        return output.Split('\n')
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0].Trim())
            .ToDictionary(g => g.Key, g => g.First()[1].Trim());
    }

    public static (double Width, double Height) PageSize(string pdf)
    {
        var match = PageSizePattern().Match(Info(pdf)["Page size"]);
        Assert.True(match.Success, "pdfinfo printed no page size");
        return (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Renders every page at 150 dpi; returns the PNG paths in page order.</summary>
    public static IReadOnlyList<string> RenderPng(string pdf)
    {
        var prefix = Path.Combine(Path.GetDirectoryName(pdf)!, Path.GetFileNameWithoutExtension(pdf));
        foreach (var old in Directory.GetFiles(Path.GetDirectoryName(pdf)!, Path.GetFileName(prefix) + "-*.png"))
        {
            File.Delete(old);
        }
        Run("pdftoppm", "poppler-utils", "-r", "150", "-png", pdf, prefix);
        var pngs = Directory.GetFiles(Path.GetDirectoryName(pdf)!, Path.GetFileName(prefix) + "-*.png")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(pngs);
        return pngs;
    }

    /// <summary>What poppler's <c>pdfsig</c> says about the signatures of a PDF (it exits non-zero on an invalid one).</summary>
    public static string Pdfsig(string pdf)
    {
        var result = Run("pdfsig", "poppler-utils", allowFailure: true, pdf);
        return result.Output + result.Error;
    }

    /// <summary>
    /// The PDF carries exactly one signature that pdfsig validates ("Signature is Valid.", the certificate being the
    /// deployment's, not a trusted root), covering the whole file; and changing one byte the signature covers (a letter
    /// of the document's /Creator) makes pdfsig reject it. Saves both files under <paramref name="name"/> for people to look at.
    /// </summary>
    public static void AssertSignedAndIntact(byte[] pdf, string name)
    {
        var path = Save(name, pdf);
        var report = Pdfsig(path);
        Assert.True(SignatureCount().Matches(report).Count == 1, $"pdfsig found not exactly one signature in {name}:\n{report}");
        Assert.Contains("Signature Validation: Signature is Valid.", report);
        Assert.Contains("Total document signed", report);

        var tampered = (byte[])pdf.Clone();
        var at = Encoding.Latin1.GetString(pdf).IndexOf("/Creator", StringComparison.Ordinal);
        Assert.True(at > 0, $"{name} has no /Creator to change");
        var letter = Array.FindIndex(tampered, at + "/Creator".Length, b => b is (byte)'M' or (byte)'o' or (byte)'t');
        tampered[letter] ^= 0x20;
        var changed = Pdfsig(Save(name + "-doi-1-byte", tampered));
        Assert.DoesNotContain("Signature Validation: Signature is Valid.", changed);
    }

    /// <summary>The decoded QR/bar codes in a PNG, one per line.</summary>
    public static string DecodeQr(string png)
    {
        var result = Run("zbarimg", "zbar-tools", allowFailure: true, "--raw", "-q", png);
        Assert.True(result.ExitCode == 0, $"zbarimg found no code in {png} (exit {result.ExitCode}): {result.Error}");
        return result.Output.TrimEnd('\r', '\n');
    }

    private static (int ExitCode, string Output, string Error) Run(string tool, string package, params string[] args) =>
        Run(tool, package, false, args);

    private static (int ExitCode, string Output, string Error) Run(string tool, string package, bool allowFailure, params string[] args)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"'{tool}' is not installed ({e.Message}). Install the Debian package {package}: apt-get install -y {package}");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            // Only a hung tool fails here, never a slow one: rendering a long register book on two cores shared with a
            // build and other tests took over 60 s (RegisterBookTests failed by that chance on 2 December 2026).
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{tool} timed out");
            }
            var result = (process.ExitCode, stdout.Result, stderr.Result);
            if (!allowFailure && process.ExitCode != 0)
            {
                Assert.Fail($"{tool} {string.Join(' ', args)} exited with {process.ExitCode}: {result.Item3}");
            }
            return result;
        }
    }

    [GeneratedRegex(@"^Signature #\d+:", RegexOptions.Multiline)]
    private static partial Regex SignatureCount();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"([\d.]+) x ([\d.]+) pts")]
    private static partial Regex PageSizePattern();
}
