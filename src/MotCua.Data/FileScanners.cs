using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace MotCua.Data;

/// <summary>What a scanner said of a file: not scanned (no scanner), clean, infected (with the signature's name), or
/// unavailable (with the reason; the store accepts the file unscanned unless <c>Motcua:Files:RequireScan</c>).</summary>
public enum ScanVerdict
{
    NotScanned = 0,
    Clean = 1,
    Infected = 2,
    Unavailable = 3,
}

/// <summary>A scanner's answer: the verdict and, for Infected the signature name, for Unavailable the reason.</summary>
public sealed record ScanResult(ScanVerdict Verdict, string? Detail = null);

/// <summary>
/// The scanning hook every upload passes before it is accepted (issue 17: "a scanning hook before acceptance"). Called
/// on the complete temporary file, after its kind and limits are checked and before it is moved into the store; an
/// infected file is deleted and refused. Implementations: <see cref="NoScanner"/> (default), <see cref="ClamdScanner"/>.
/// </summary>
public interface IFileScanner
{
    /// <summary>The scanner's name as recorded on the row (<c>stored_files.scanner</c>); null for no scanner.</summary>
    string? Name { get; }

    /// <summary>Scans the file at <paramref name="path"/> (read only, never changed).</summary>
    Task<ScanResult> ScanAsync(string path, CancellationToken ct);
}

/// <summary>No scanner configured (<c>Motcua:Files:Scanner</c> None): every file is recorded as not scanned
/// (<c>scan_verdict</c> 0), so a later scan can find which files were never looked at.</summary>
public sealed class NoScanner : IFileScanner
{
    public string? Name => null;

    public Task<ScanResult> ScanAsync(string path, CancellationToken ct) => Task.FromResult(new ScanResult(ScanVerdict.NotScanned));
}

/// <summary>
/// ClamAV's daemon (Debian <c>clamav-daemon</c>) over its Unix socket (<c>Motcua:Files:ClamdSocket</c>, default
/// <c>/var/run/clamav/clamd.ctl</c>) with the <c>zINSTREAM</c> command: the file is sent in chunks of at most 64 KB, each
/// prefixed by its length (4 bytes, network order), then a zero length; the answer is <c>stream: OK</c>,
/// <c>stream: &lt;signature&gt; FOUND</c> or an error. A daemon that cannot be reached or answers an error (such as its
/// <c>StreamMaxLength</c> exceeded) is Unavailable, never Clean.
/// </summary>
public sealed class ClamdScanner(string socketPath, TimeSpan timeout) : IFileScanner
{
    private const int Chunk = 64 * 1024;

    public string? Name => "clamd";

    public async Task<ScanResult> ScanAsync(string path, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timer.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), timer.Token);
            var buffer = new byte[4 + Chunk];
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan))
            {
                int read;
                while ((read = await file.ReadAsync(buffer.AsMemory(4, Chunk), timer.Token)) > 0)
                {
                    BinaryPrimitives.WriteInt32BigEndian(buffer, read);
                    await stream.WriteAsync(buffer.AsMemory(0, 4 + read), timer.Token);
                }
            }
            await stream.WriteAsync(new byte[4], timer.Token);
            var answer = new MemoryStream();
            var reply = new byte[256];
            int got;
            while ((got = await stream.ReadAsync(reply, timer.Token)) > 0 && answer.Length < 4096)
            {
                answer.Write(reply, 0, got);
                if (Array.IndexOf(reply, (byte)0, 0, got) >= 0) break;
            }
            var text = Encoding.ASCII.GetString(answer.ToArray()).TrimEnd('\0', '\n').Trim();
            if (text.EndsWith(": OK", StringComparison.Ordinal)) return new(ScanVerdict.Clean);
            if (text.EndsWith(" FOUND", StringComparison.Ordinal))
                return new(ScanVerdict.Infected, text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..^" FOUND".Length].Trim());
            return new(ScanVerdict.Unavailable, text.Length == 0 ? "clamd không trả lời" : text);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new(ScanVerdict.Unavailable, e.Message);
        }
    }
}
