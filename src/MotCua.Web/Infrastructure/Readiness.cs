namespace MotCua.Web.Infrastructure;

/// <summary>
/// A part of the application that can tell <c>/readyz</c> why it works only in part, without the Health slice knowing
/// it (Health references no slice, docs/ARCHITECTURE.md): registered as a service, read on each probe. A note does not
/// make the instance unready: the desk and the API still serve (e.g. scans wait for OCR until it is installed).
/// </summary>
public interface IReadinessNote
{
    /// <summary>What does not work, in Vietnamese ("OCR: chưa cài ocrmypdf"), or null when all is well.</summary>
    string? Note { get; }
}
