using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Files;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Features.Outbox;
using Npgsql;

using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.NationalPortal;

/// <summary>
/// What a dossier the portal pushed asks for besides its sync: each document's file (<c>DuongDanTaiTepTin</c>, kept on the
/// dossier as <see cref="ReceivedDocument.FileUrl"/>) fetched into the file store (docs/PORTAL.md "Inbound files"). On the
/// dossier's first event (status 1, no previous status) of a dossier of <see cref="DossierOrigin.Portal"/>, one row per
/// document with a file, on target <see cref="PortalFileStates.Target"/>, payload <c>{code, index, name, url}</c>, ordering
/// key per document. The dossier is received at once; its files follow as the worker delivers these rows.
/// </summary>
public sealed class PortalFilePlanner : IDossierEventPlanner
{
    public async Task PlanAsync(DossierEventPlan plan, CancellationToken ct)
    {
        var e = plan.Event;
        if (e.Topic != DossierOutbox.StatusTopic || !e.Payload.TryGetProperty("fromStatus", out var from)) return;
        // The first event brings the push's files; a supplement the portal pushed (round 5) brings the documents it added,
        // which are the ones no earlier row fetches.
        var supplement = e.Payload.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.String
            && action.GetString() == DossierEventAction.SupplementReceived.Code();
        if (from.ValueKind != JsonValueKind.Null && !supplement) return;
        var dossier = await plan.Db.Dossiers.AsNoTracking().Where(d => d.Code == e.Code && d.Origin == DossierOrigin.Portal)
            .Select(d => new { d.Documents }).FirstOrDefaultAsync(ct);
        if (dossier is null) return;
        var planned = supplement
            ? await plan.Db.Outbox.AsNoTracking().Where(m => m.Target == PortalFileStates.Target && m.OrderingKey!.StartsWith($"{PortalFileStates.Target}:{e.Code}:"))
                .Select(m => m.OrderingKey!).ToListAsync(ct)
            : [];
        for (var i = 0; i < dossier.Documents.Count; i++)
            if (dossier.Documents[i] is { FileUrl: { } url } document && !planned.Contains(PortalFileStates.OrderingKey(e.Code, i)))
                plan.Add($"tep:{i}", PortalFileStates.Topic, PortalFileStates.Target, new { code = e.Code, index = i, name = document.Name, url },
                    orderingKey: PortalFileStates.OrderingKey(e.Code, i));
    }
}

/// <summary>
/// The <see cref="PortalFileStates.Target"/> target: GETs a pushed document's file from the portal through
/// <see cref="PortalClient"/> (its credential) and streams it into <see cref="FileStore.WriteAsync"/> (64 KB buffers,
/// never whole in memory; kind from its first bytes, the kind's byte limit + 1 byte read at most, pages, the scanning
/// hook), then records it as the dossier's <c>dossier_files</c> row (purpose 1, the document's index and name, digitised
/// as the portal said, the applicant's id number as owner). Only URLs on the portal's own hosts
/// (<see cref="PortalOptions.FileHosts"/>, or the host of <see cref="PortalOptions.SyncUrl"/>) are fetched: a push must not make
/// this server reach anywhere else.
/// Answers: stored (or already stored: a row delivered twice after a crash stores once) → delivered; no connection, a
/// time-out, 401 twice, 408/425/429/5xx, a body cut short, a scanner required and unavailable → failed, retried on the
/// worker's back-off (the file shows "đang tải từ Cổng"); 404 and other 4xx, a file refused by the store (its kind,
/// size, pages, encryption, active content, a virus), a URL off the portal's hosts, the dossier's file limits → refused:
/// dead-lettered with the reason, which the dossier page shows the officer.
/// </summary>
public sealed class PortalFileTarget(PortalClient portal, FileStore store, NpgsqlDataSource data, TimeProvider clock) : IOutboxTarget
{
    public string Name => PortalFileStates.Target;

    /// <summary>Files come from the same portal as the sync: when it is back, every file waiting on its back-off is fetched.</summary>
    public bool ReleasesBackoffOnRecovery => true;

    /// <summary>A whole file may take <see cref="PortalOptions.FileAttemptSeconds"/>; a stall is caught sooner, by
    /// <see cref="PortalOptions.FileTimeoutSeconds"/> without a byte.</summary>
    public TimeSpan? AttemptTimeout => TimeSpan.FromSeconds(portal.Settings.FileAttemptSeconds);

    public async Task<DeliveryOutcome> DeliverAsync(OutboxDelivery message, CancellationToken ct)
    {
        var p = message.Payload;
        var (code, index, name, url) = (p.GetProperty("code").GetString()!, p.GetProperty("index").GetInt32(), p.GetProperty("name").GetString(),
            p.GetProperty("url").GetString()!);
        var dossier = await DossierAsync(code, index, ct);
        if (dossier is null) return DeliveryOutcome.Refused($"Không còn hồ sơ {code} hoặc giấy tờ thứ {index + 1} của nó.");
        if (dossier.Value.Stored) return DeliveryOutcome.Delivered("Tệp đã có trong kho.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !OnPortal(uri))
            return DeliveryOutcome.Refused($"Đường dẫn tệp không thuộc máy chủ của Cổng DVCQG ({Host(url)}): không tải.");

        var quiet = TimeSpan.FromSeconds(portal.Settings.FileTimeoutSeconds);
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stalled.CancelAfter(quiet);
        try
        {
            using var response = await portal.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), HttpCompletionOption.ResponseHeadersRead, stalled.Token);
            if (response is null) return DeliveryOutcome.Failed("Không lấy được token của Cổng DVCQG.");
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.Unauthorized) return DeliveryOutcome.Failed($"{status}: xác thực với Cổng không thành công.");
            if (status is 408 or 425 or 429 or >= 500) return DeliveryOutcome.Failed($"{status}: Cổng chưa trả tệp, sẽ thử lại.", RetryAfter(response));
            if (!response.IsSuccessStatusCode) return DeliveryOutcome.Refused($"{status}: Cổng không cung cấp được tệp.");
            var largest = Math.Max(store.Limits.MaxBytes(FileKind.Pdf), Math.Max(store.Limits.MaxBytes(FileKind.Jpeg), store.Limits.MaxBytes(FileKind.Png)));
            if (response.Content.Headers.ContentLength is { } length && length > largest)
                return DeliveryOutcome.Refused($"file-too-large: Tệp {length:N0} byte, quá giới hạn {largest:N0} byte; không tải.");

            await using var body = new StallGuardStream(await response.Content.ReadAsStreamAsync(stalled.Token), stalled, quiet);
            var outcome = await store.WriteAsync(body, FileName(uri, name), ct);
            if (outcome.Refusal is { } refused)
                return refused.Kind == UploadRefusalKind.Unavailable
                    ? DeliveryOutcome.Failed($"{refused.Code}: {refused.Message}")
                    : DeliveryOutcome.Refused($"{refused.Code}: {refused.Message}");
            var file = outcome.File!;
            if (store.Limits.CheckDossier(dossier.Value.Files, dossier.Value.Bytes, 1, file.Size) is { } over)
                return DeliveryOutcome.Refused($"{over.Code}: {over.Message}");
            await RecordAsync(dossier.Value.Id, index, name, file, outcome.DisplayName!, dossier.Value.Digitised, ct);
            return DeliveryOutcome.Delivered($"{status}: đã lưu {outcome.DisplayName} ({file.Size:N0} byte, {file.MediaType}{(file.Pages is { } pages ? $", {pages} trang" : "")}), SHA-256 {file.Sha256}.");
        }
        catch (HttpRequestException e)
        {
            return DeliveryOutcome.Failed($"Không tải được tệp từ Cổng DVCQG: {NetworkErrors.Vietnamese(e)}");
        }
        catch (IOException)
        {
            // .NET's message is English; the cause is the same whatever it says.
            return DeliveryOutcome.Failed("Cổng ngắt kết nối khi đang gửi tệp");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return DeliveryOutcome.Failed($"Cổng DVCQG ngừng gửi tệp: không nhận được dữ liệu trong {portal.Settings.FileTimeoutSeconds:0.#} giây.");
        }
    }

    private bool OnPortal(Uri uri) => IsOnPortal(uri, portal.Settings);

    /// <summary>
    /// Whether a pushed file's <paramref name="uri"/> is on the portal: the same scheme, host and port as one of
    /// <see cref="PortalOptions.FileHosts"/> (an origin <c>https://host:port</c>; a bare host stands for <c>https</c> on port
    /// 443 [choice]) or, with none configured, as <see cref="PortalOptions.SyncUrl"/>. The host alone let a push send this
    /// server to another service of the portal's machine (fresh trial 16f LOW H: another port of its host was fetched).
    /// </summary>
    public static bool IsOnPortal(Uri uri, PortalOptions settings)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(settings);
        IEnumerable<string> origins = settings.FileHosts is { Length: > 0 } listed
            ? listed.Select(h => h.Contains("://", StringComparison.Ordinal) ? h.Trim() : "https://" + h.Trim())
            : [settings.SyncUrl ?? ""];
        return origins.Any(o => Uri.TryCreate(o, UriKind.Absolute, out var origin) && origin.Scheme == uri.Scheme
            && string.Equals(origin.Host, uri.Host, StringComparison.OrdinalIgnoreCase) && origin.Port == uri.Port);
    }

    // Scheme, host and port: what the check compares.
    private static string Host(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : url.Length > 60 ? url[..60] : url;

    // The URL's own file name when it has an extension ("giay-chung-sinh.pdf"), else the document's name.
    private static string? FileName(Uri uri, string? document)
    {
        var last = Uri.UnescapeDataString(uri.Segments.LastOrDefault() ?? "");
        return Path.HasExtension(last) && document is { Length: > 0 } ? $"{document}{Path.GetExtension(last)}" : document ?? last;
    }

    private readonly record struct Target(long Id, bool Stored, bool Digitised, int Files, long Bytes);

    // The dossier's row, whether this document's file is already stored, whether the portal said it was digitised, and the
    // files and bytes the dossier already holds (its limits, docs/FILES.md).
    private async Task<Target?> DossierAsync(string code, int index, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            SELECT d.id,
                   EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_id = d.id AND f.purpose = 1 AND f.document_index = $2),
                   coalesce((d.documents -> $2 ->> 'digitised')::boolean, false),
                   (SELECT count(*)::int FROM dossier_files f WHERE f.dossier_id = d.id),
                   (SELECT coalesce(sum(s.size), 0)::bigint FROM dossier_files f JOIN stored_files s ON s.sha256 = f.sha256 WHERE f.dossier_id = d.id)
            FROM dossiers d WHERE d.code = $1 AND $2 < jsonb_array_length(d.documents)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        command.Parameters.Add(new NpgsqlParameter { Value = index });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new Target(reader.GetInt64(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetInt32(3), reader.GetInt64(4))
            : null;
    }

    // One row per document: the NOT EXISTS makes a delivery repeated after a crash store nothing twice (one row is claimed
    // by one worker at a time, so no two fetches of the same document race).
    private async Task RecordAsync(long dossierId, int index, string? document, StoredFile file, string displayName, bool digitised, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            INSERT INTO dossier_files (dossier_id, document_index, document_name, purpose, sha256, display_name, pages, added_at,
                added_by_client_id, digitised, digitised_at, owner_id_number)
            SELECT d.id, $2::int, $3::text, 1, $4::text, $5::text, $6::int, $7::timestamptz, d.api_client_id, $8::boolean,
                CASE WHEN $8::boolean THEN d.submitted_at END, nullif(d.applicant_id_number, '')
            FROM dossiers d
            WHERE d.id = $1 AND NOT EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_id = d.id AND f.purpose = 1 AND f.document_index = $2)
            """);
        foreach (var value in new object?[] { dossierId, index, document, file.Sha256, displayName, file.Pages, clock.GetUtcNow(), digitised })
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(ct);
    }

    private DateTimeOffset? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => clock.GetUtcNow() + delta,
        { Date: { } date } => date,
        _ => null,
    };
}

/// <summary>
/// A read-only stream over a transfer that must keep moving: each read must return within <c>quiet</c>, else
/// <c>stalled</c> is cancelled and the read throws <see cref="OperationCanceledException"/>. The timer restarts at every
/// read, so a slow body that keeps arriving is read to its end and only silence fails it. <c>stalled</c> is linked to the
/// attempt's own token, whose ceiling still applies.
/// </summary>
internal sealed class StallGuardStream(Stream inner, CancellationTokenSource stalled, TimeSpan quiet) : Stream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        stalled.CancelAfter(quiet);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(stalled.Token, cancellationToken);
        return await inner.ReadAsync(buffer, both.Token);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The file store reads asynchronously; a synchronous read would escape the guard, so none is offered.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
