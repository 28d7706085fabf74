using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace MotCua.NationalPortal;

/// <summary>
/// The files the portal holds for the dossiers it pushes (docs/PORTAL.md "Inbound files"): <c>PUT /tep/{name}</c> gives it
/// the bytes of a file (a test's real PDF, JPEG or anything else, at most 20 MB), <c>GET /tep/{name}</c> serves them as the
/// portal serves <c>DuongDanTaiTepTin</c> (bearer token when a client is configured, through the same outages, slow answers
/// and errors as the sync: <c>POST /control</c>), 404 for a name it does not hold. A pushed dossier's documents without
/// given files point at a one-page PDF made here naming the document, so every pushed file can be fetched.
/// </summary>
public sealed class PortalFiles
{
    /// <summary>The largest file the simulator takes, in bytes.</summary>
    public const int MaxBytes = 20 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, byte[]> files = new(StringComparer.Ordinal);

    public void Put(string name, byte[] content) => files[name] = content;

    public byte[]? Get(string name) => files.TryGetValue(name, out var content) ? content : null;

    public bool Has(string name) => files.ContainsKey(name);

    /// <summary>
    /// Sends <paramref name="content"/> with its full <c>Content-Length</c> in pieces of a tenth of a second's worth at
    /// <paramref name="bytesPerSecond"/> (at once when null), stopping after <paramref name="stallAfter"/> bytes and then
    /// holding the connection open without a byte until the client goes (<paramref name="ct"/>): a weak link and a stalled
    /// transfer, as the file fetch must survive the one and give up on the other.
    /// </summary>
    public static async Task SendPacedAsync(HttpResponse response, byte[] content, int? bytesPerSecond, int? stallAfter, CancellationToken ct)
    {
        response.ContentType = "application/octet-stream";
        response.ContentLength = content.Length;
        var piece = bytesPerSecond is { } rate ? Math.Max(1, rate / 10) : content.Length;
        var end = Math.Min(content.Length, stallAfter ?? content.Length);
        try
        {
            for (var sent = 0; sent < end; sent += piece)
            {
                await response.Body.WriteAsync(content.AsMemory(sent, Math.Min(piece, end - sent)), ct);
                await response.Body.FlushAsync(ct);
                if (bytesPerSecond is not null && sent + piece < end) await Task.Delay(100, ct);
            }
            if (end < content.Length) await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client gave up: nothing more to send.
        }
    }

    /// <summary>A valid one-page PDF (cross-reference offsets counted) showing <paramref name="title"/> in ASCII.</summary>
    public static byte[] OnePagePdf(string title)
    {
        var ascii = new string([.. title.Normalize(NormalizationForm.FormD).Where(c => c < 128 && c is not ('(' or ')' or '\\'))]);
        var text = $"BT /F1 14 Tf 72 760 Td ({ascii}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {text.Length} >>\nstream\n{text}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
