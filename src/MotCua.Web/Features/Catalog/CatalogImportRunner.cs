namespace MotCua.Web.Features.Catalog;

/// <summary>
/// Runs one catalogue import at a time in the background for the admin page, which polls <see cref="Status"/>.
/// The import itself is serialised in the database too (advisory lock), so a command-line import meanwhile waits.
/// </summary>
public sealed class CatalogImportRunner(Database database, TimeProvider clock, ILogger<CatalogImportRunner> log, IHostApplicationLifetime lifetime)
{
    public sealed record State(bool Running, CatalogImportProgress Progress, long? ImportId, string? Error);

    private readonly Lock _gate = new();
    private State _state = new(false, new CatalogImportProgress("idle", 0, 0), null, null);

    public State Status
    {
        get { lock (_gate) return _state; }
    }

    /// <summary>Starts importing the content; false when an import is already running.</summary>
    public bool TryStart(byte[] content, string source, int? userId)
    {
        lock (_gate)
        {
            if (_state.Running) return false;
            _state = new State(true, new CatalogImportProgress("parse", 0, 0), null, null);
        }
        var progress = new Progress(this);
        _ = Task.Run(async () =>
        {
            try
            {
                var importer = new CatalogImporter(database.ConnectionString, clock);
                var report = await importer.ImportAsync(new MemoryStream(content), source, userId, progress, lifetime.ApplicationStopping);
                lock (_gate) _state = _state with { Running = false, ImportId = report.Id };
            }
            catch (Exception e)
            {
                log.LogError(e, "Nhập danh mục thủ tục thất bại");
                lock (_gate) _state = _state with { Running = false, Error = e.Message };
            }
        });
        return true;
    }

    private sealed class Progress(CatalogImportRunner runner) : IProgress<CatalogImportProgress>
    {
        public void Report(CatalogImportProgress value)
        {
            lock (runner._gate) runner._state = runner._state with { Progress = value };
        }
    }
}
