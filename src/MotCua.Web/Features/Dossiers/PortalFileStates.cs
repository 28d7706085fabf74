using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;

namespace MotCua.Web.Features.Dossiers;

/// <summary>Where a pushed document's file stands: fetched from the portal into the store, still being fetched (retried while
/// the portal is slow or down), or refused (the portal could not give it, or the store refused it) with the reason.</summary>
public enum PortalFileState { Fetching, Stored, Refused }

/// <summary>
/// A pushed document's file as the officer sees it: its state; when stored, the file's display name, pages and size in
/// bytes; otherwise the last answer (why it waits, or why it was refused) and the attempts made.
/// </summary>
public sealed record PortalFileView(int Index, PortalFileState State, string? DisplayName, int? Pages, long? Size, string? Answer, int Attempts)
{
    /// <summary>The line the dossier page shows under the document, in Vietnamese.</summary>
    public string Vietnamese => State switch
    {
        PortalFileState.Stored => $"Tệp nhận từ Cổng: {DisplayName}" + (Pages is { } p ? $", {p} trang" : "") + (Size is { } s ? $", {Math.Max(1, (s + 1023) / 1024):N0} KB" : ""),
        PortalFileState.Refused => $"Không nhận được tệp từ Cổng: {Answer}",
        _ => "Tệp đang tải từ Cổng DVCQG" + Tried,
    };

    // The attempts counted and the last answer. A recovery probe counts no attempt (docs/PORTAL.md "Recovery"), so its answer
    // is not given as that of an attempt (trial 16i LOW 7: "đã thử 1 lần: Thăm dò: …" read as the probe being the attempt).
    private string Tried => Answer is { } a && a.StartsWith(Outbox.OutboxWorker.ProbePrefix, StringComparison.Ordinal)
        ? (Attempts > 0 ? $" (đã thử {Attempts} lần; thăm dò sau đó: {a[Outbox.OutboxWorker.ProbePrefix.Length..]})" : $" (chưa thử lần nào; thăm dò: {a[Outbox.OutboxWorker.ProbePrefix.Length..]})")
        : Attempts > 0 ? $" (đã thử {Attempts} lần: {Answer})" : "";
}

/// <summary>
/// The files of a dossier the National Portal pushed (docs/PORTAL.md "Inbound files"): each document whose
/// <see cref="ReceivedDocument.FileUrl"/> the portal gave is fetched by the outbox row on <see cref="Target"/> (ordering key
/// <see cref="OrderingKey"/>), and becomes a <c>dossier_files</c> row (purpose 1, its document's index) once stored. The
/// state is derived from those two, never stored twice: a stored file wins; a dead row is a refusal with its last answer;
/// anything else (no row planned yet, a row waiting or retrying) is still being fetched.
/// </summary>
public static class PortalFileStates
{
    /// <summary>The outbox target that fetches pushed files from the portal.</summary>
    public const string Target = "dvcqg-tep";

    /// <summary>The topic of a fetch row.</summary>
    public const string Topic = "portal.file";

    /// <summary>The ordering key of one document's fetch: each file on its own, so one the portal cannot give holds back no other.</summary>
    public static string OrderingKey(string code, int index) => $"{Target}:{code}:{index}";

    /// <summary>Each document of <paramref name="dossier"/> that has a portal file, by its index in the dossier's documents.</summary>
    public static async Task<IReadOnlyDictionary<int, PortalFileView>> ReadAsync(MotCuaDb db, Dossier dossier, CancellationToken ct)
    {
        var indexes = dossier.Documents.Select((d, i) => (d, i)).Where(x => x.d.FileUrl is not null).Select(x => x.i).ToList();
        if (indexes.Count == 0) return new Dictionary<int, PortalFileView>();
        var stored = await (from f in db.DossierFiles.AsNoTracking()
                            join s in db.StoredFiles.AsNoTracking() on f.Sha256 equals s.Sha256
                            where f.DossierId == dossier.Id && f.Purpose == FilePurpose.Submitted && f.DocumentIndex != null
                            select new { Index = f.DocumentIndex!.Value, f.DisplayName, f.Pages, s.Size }).ToListAsync(ct);
        var prefix = $"{Target}:{dossier.Code}:";
        var rows = await db.Outbox.AsNoTracking().Where(o => o.Target == Target && o.OrderingKey!.StartsWith(prefix))
            .Select(o => new { o.OrderingKey, o.DeadAt, o.LastError, o.Attempts, o.Id }).ToListAsync(ct);
        var views = new Dictionary<int, PortalFileView>();
        foreach (var i in indexes)
        {
            if (stored.FirstOrDefault(s => s.Index == i) is { } file)
            {
                views[i] = new(i, PortalFileState.Stored, file.DisplayName, file.Pages, file.Size, null, 0);
                continue;
            }
            var row = rows.Where(r => r.OrderingKey == prefix + i).OrderByDescending(r => r.Id).FirstOrDefault();
            views[i] = row is { DeadAt: not null }
                ? new(i, PortalFileState.Refused, null, null, null, row.LastError, row.Attempts)
                : new(i, PortalFileState.Fetching, null, null, null, row?.LastError, row?.Attempts ?? 0);
        }
        return views;
    }
}
