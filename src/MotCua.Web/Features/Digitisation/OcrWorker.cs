using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Digitisation;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Digitisation;

/// <summary>
/// Makes the searchable copy (bản số hóa, a PDF with a text layer) of each queued desk scan: claims one
/// <c>ocr_results</c> row at a time with <c>FOR UPDATE SKIP LOCKED</c> under a lease (<c>locked_until</c> = timeout + 30 s,
/// so a killed worker's row comes back), runs OCRmyPDF as a child process (no shell, its own TMPDIR, one tesseract
/// thread, killed with its children at <see cref="OcrOptions.TimeoutSeconds"/>), checks the copy has the scan's pages
/// (<see cref="DigitisationCheck.PageCountKept"/>; else state 5 and the scan alone is kept), stores the copy in the file
/// store, keeps the text (NFC) and the pre-fill candidates (<see cref="OcrFields.Extract"/>). A failed command is retried
/// after 1, 5 and 15 minutes, then the row fails with the command's last 2 KB of standard error; a bad or encrypted input
/// fails at once. When the command is not installed the worker does not start and rows stay queued.
/// </summary>
public sealed class OcrWorker(NpgsqlDataSource data, FileStore store, IOptions<OcrOptions> options, TimeProvider clock,
    ILogger<OcrWorker> log) : BackgroundService, MotCua.Web.Infrastructure.IReadinessNote
{
    private static readonly TimeSpan[] RetryAfter = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)];
    // OCRmyPDF's exit codes where a retry cannot help: bad arguments, bad input file, encrypted PDF, bad configuration.
    private static readonly HashSet<int> FinalExitCodes = [1, 2, 8, 9];
    private const int ErrorTail = 2048;

    private readonly OcrOptions settings = options.Value;

    /// <summary>The command's full path, or null when it is not installed (then nothing runs: /readyz-style checks read this).</summary>
    public string? CommandPath { get; } = Resolve(options.Value.Command);

    /// <summary>For <c>/readyz</c>: "OCR: chưa cài ocrmypdf" when this instance should read scans and the command is not
    /// found (design §6: scans then stay queued); null otherwise, also when this instance leaves OCR to another.</summary>
    public string? Note => settings.Enabled && CommandPath is null
        ? $"OCR: chưa cài ocrmypdf (không tìm thấy lệnh {settings.Command}; gói ocrmypdf, tesseract-ocr-vie): bản quét chờ nhận dạng."
        : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (CommandPath is null)
        {
            log.LogWarning("OCR: chưa cài {Command} (gói ocrmypdf, tesseract-ocr-vie); bản quét chờ nhận dạng cho đến khi cài.", settings.Command);
            return;
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, settings.Concurrency)).Select(_ => LoopAsync(stoppingToken)));
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            bool worked;
            try
            {
                worked = await RunOnceAsync(stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested && e is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
            {
                log.LogWarning(e, "OCR: lỗi khi lấy hoặc ghi việc nhận dạng; thử lại sau.");
                worked = false;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            if (!worked)
            {
                try { await Task.Delay(settings.PollMilliseconds, stop); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Claims and reads one queued scan; false when none was due.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        if (await ClaimAsync(ct) is not { } job) return false;
        var started = Stopwatch.GetTimestamp();
        var folder = Path.Combine(store.TempFolder, "ocr-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var input = Path.Combine(folder, job.MediaType switch { "image/jpeg" => "in.jpg", "image/png" => "in.png", _ => "in.pdf" });
            await using (var source = store.Open(job.Sha256))
            await using (var target = File.Create(input))
                await source.CopyToAsync(target, ct);
            var output = Path.Combine(folder, "out.pdf");
            var sidecar = Path.Combine(folder, "text.txt");
            var (exit, errors) = await RunCommandAsync(folder, Arguments(job.MediaType, input, output, sidecar), ct);
            var ms = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (exit is not 0)
            {
                var why = exit is null ? $"Quá thời gian {settings.TimeoutSeconds} giây." + errors : $"Mã thoát {exit}. {errors}";
                var final = exit is { } code && FinalExitCodes.Contains(code) || job.Attempts > RetryAfter.Length;
                await FinishAsync(job.Sha256, final ? 4 : 1, null, job.PagesIn, null, null, null, Tail(why), ms,
                    final ? null : RetryAfter[job.Attempts - 1], ct);
                return true;
            }
            var (pagesOut, _) = await FileStore.PdfInfoAsync(output, ct);
            if (pagesOut is not { } pages || !DigitisationCheck.PageCountKept(job.PagesIn, pages))
            {
                await FinishAsync(job.Sha256, 5, null, job.PagesIn, pagesOut, null, null,
                    $"Bản OCR có {pagesOut?.ToString(CultureInfo.InvariantCulture) ?? "không đọc được số"} trang, bản quét có {job.PagesIn}: bỏ bản OCR, giữ bản quét gốc.", ms, null, ct);
                return true;
            }
            StoreOutcome stored;
            await using (var copy = File.OpenRead(output))
                stored = await store.WriteAsync(copy, "ban-so-hoa.pdf", ct);
            if (stored.File is not { } searchable)
            {
                await FinishAsync(job.Sha256, 4, null, job.PagesIn, pages, null, null, Tail($"Kho tệp từ chối bản OCR: {stored.Refusal?.Message}"), ms, null, ct);
                return true;
            }
            var text = File.Exists(sidecar) ? (await File.ReadAllTextAsync(sidecar, Encoding.UTF8, ct)).Normalize(NormalizationForm.FormC) : "";
            var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(VietnamTime.Offset).DateTime);
            var fields = OcrFields.Extract(text, today)
                .Select(c => new { field = JsonNamingPolicy.CamelCase.ConvertName(c.Field.ToString()), value = c.Value, label = c.Label });
            await FinishAsync(job.Sha256, 3, searchable.Sha256, job.PagesIn, pages, text, JsonSerializer.Serialize(fields), null, ms, null, ct);
            log.LogInformation("OCR: {Sha256} xong, {Pages} trang, {Ms} ms.", job.Sha256, pages, ms);
            return true;
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException e) { log.LogWarning(e, "OCR: không xóa được thư mục tạm {Folder}.", folder); }
        }
    }

    private sealed record Job(string Sha256, int Attempts, string MediaType, int PagesIn);

    // The oldest queued row, or a running one whose lease ran out (its worker was killed). The database's clock decides,
    // as it set not_before and created_at.
    private async Task<Job?> ClaimAsync(CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            UPDATE ocr_results o SET state = 2, attempts = o.attempts + 1, locked_until = now() + $1
            FROM (SELECT r.sha256, s.media_type, s.pages FROM ocr_results r JOIN stored_files s ON s.sha256 = r.sha256
                  WHERE r.state = 1 AND r.not_before <= now() OR r.state = 2 AND r.locked_until < now()
                  ORDER BY r.created_at
                  LIMIT 1
                  FOR UPDATE OF r SKIP LOCKED) due
            WHERE o.sha256 = due.sha256
            RETURNING o.sha256, o.attempts, due.media_type, due.pages
            """);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = TimeSpan.FromSeconds(settings.TimeoutSeconds + 30) });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        // An image is one page: OCRmyPDF wraps it into a one-page PDF.
        return new(reader.GetString(0), reader.GetInt16(1), reader.GetString(2), reader.IsDBNull(3) ? 1 : reader.GetInt32(3));
    }

    private async Task FinishAsync(string sha256, int state, string? searchable, int pagesIn, int? pagesOut, string? text, string? fields,
        string? error, int ms, TimeSpan? retryAfter, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            UPDATE ocr_results SET state = $2, searchable_sha256 = $3, pages_in = $4, pages_out = $5, text = $6, fields = $7,
                last_error = $8, duration_ms = $9, locked_until = NULL,
                not_before = CASE WHEN $10::interval IS NULL THEN not_before ELSE now() + $10::interval END,
                finished_at = CASE WHEN $2 = 1 THEN NULL ELSE now() END
            WHERE sha256 = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)state });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)searchable ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pagesIn });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)pagesOut ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)text ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)fields ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ms });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)retryAfter ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Interval });
        await command.ExecuteNonQueryAsync(ct);
    }

    // OCRmyPDF 14.0.1's options (its manual): --skip-text keeps born-digital pages as they are instead of aborting;
    // --output-type pdf avoids the Ghostscript PDF/A rewrite; an image input is wrapped to a one-page PDF at 300 dpi.
    private List<string> Arguments(string mediaType, string input, string output, string sidecar)
    {
        List<string> arguments = ["-l", settings.Languages, "--output-type", settings.OutputType, "--skip-text", "--rotate-pages", "--deskew",
            "--jobs", "1", "--tesseract-timeout", "120", "--sidecar", sidecar, "--quiet"];
        if (mediaType != "application/pdf") arguments.AddRange(["--image-dpi", "300"]);
        arguments.AddRange([input, output]);
        return arguments;
    }

    // Null exit code: the timeout killed it. Standard error is kept for the row's last_error.
    private async Task<(int? Exit, string Errors)> RunCommandAsync(string folder, List<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(CommandPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["TMPDIR"] = folder;
        start.Environment["OMP_THREAD_LIMIT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Không chạy được {CommandPath}.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        var standardOutput = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (ct.IsCancellationRequested) throw;
            return (null, Tail(await errors));
        }
        await standardOutput;
        return (process.ExitCode, Tail(await errors));
    }

    private static string Tail(string text) => text.Length <= ErrorTail ? text : text[^ErrorTail..];

    private static string? Resolve(string command)
    {
        if (Path.IsPathRooted(command)) return File.Exists(command) ? command : null;
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (Path.Combine(folder, command) is var candidate && File.Exists(candidate)) return candidate;
        return null;
    }
}
