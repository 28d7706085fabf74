using System.Text;
using MotCua.Data;

namespace MotCua.Web.Tests;

/// <summary>
/// The scanning hook as the tests run it: flags a file holding the EICAR anti-virus test string (the industry's harmless
/// "virus" every scanner detects, clamd included), answers Clean otherwise. Reads the file in 64 KB pieces with the
/// string's length of overlap, as a scanner streams it; never a mock of clamd's protocol.
/// </summary>
public sealed class EicarScanner : IFileScanner
{
    /// <summary>The EICAR test string (68 bytes), assembled so this source file is not itself flagged by a scanner.</summary>
    public static readonly byte[] Signature = Encoding.ASCII.GetBytes(
        "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!" + "$H+H*");

    public string? Name => "eicar-test";

    public async Task<ScanResult> ScanAsync(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        var buffer = new byte[64 * 1024 + Signature.Length];
        var kept = 0;
        int read;
        while ((read = await file.ReadAsync(buffer.AsMemory(kept, buffer.Length - kept), ct)) > 0)
        {
            var filled = kept + read;
            if (buffer.AsSpan(0, filled).IndexOf(Signature) >= 0) return new(ScanVerdict.Infected, "Eicar-Signature");
            kept = Math.Min(filled, Signature.Length - 1);
            buffer.AsSpan(filled - kept, kept).CopyTo(buffer);
        }
        return new(ScanVerdict.Clean);
    }
}
