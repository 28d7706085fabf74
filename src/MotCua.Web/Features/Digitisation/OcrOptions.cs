namespace MotCua.Web.Features.Digitisation;

/// <summary>
/// How the OCR worker runs (configuration section <c>Motcua:Ocr</c>, docs/ADMINISTRATION.md, docs/FILES.md
/// "Digitisation"). The defaults suit two cores: one document at a time, tesseract on one thread.
/// </summary>
public sealed class OcrOptions
{
    /// <summary>Whether this instance runs the worker; every instance may (they share rows by SKIP LOCKED).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The OCRmyPDF executable: a name looked up on PATH or an absolute path (Debian: <c>ocrmypdf</c>).</summary>
    public string Command { get; set; } = "ocrmypdf";

    /// <summary>Tesseract languages, <c>+</c>-separated (Debian packages tesseract-ocr-vie, tesseract-ocr-eng).</summary>
    public string Languages { get; set; } = "vie+eng";

    /// <summary>OCRmyPDF's <c>--output-type</c>: <c>pdf</c> (no Ghostscript PDF/A rewrite) until PDF/A-2's fidelity is checked.</summary>
    public string OutputType { get; set; } = "pdf";

    /// <summary>Seconds one document may take before its command is killed with its children and the job retried.</summary>
    public int TimeoutSeconds { get; set; } = 180;

    /// <summary>Documents read at once by this instance.</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>How long the worker waits before looking again when nothing was queued, in milliseconds.</summary>
    public int PollMilliseconds { get; set; } = 1000;
}
