using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>The national catalogue crawl (2,642 rows): MOTCUA_CATALOG_FILE, or shared/ beside the checkout (as CI has it).</summary>
public static class CatalogFile
{
    public static string Path =>
        Environment.GetEnvironmentVariable("MOTCUA_CATALOG_FILE") is { Length: > 0 } configured ? configured
        : System.IO.Path.GetFullPath(System.IO.Path.Combine(MotCuaApp.RepoRoot(), "..", "shared", "data", "tthc", "dvcqg_tthc_central_2026.jsonl"));

    public static string[] Lines => File.ReadAllLines(Path);

    /// <summary>The crawl's line for one procedure code, as published.</summary>
    public static string LineOf(string code) => Lines.Single(l => l.Contains($"\"ma_thu_tuc\": \"{code}\"", StringComparison.Ordinal)
        || l.Contains($"\"ma_thu_tuc\":\"{code}\"", StringComparison.Ordinal));
}

/// <summary>The demo app with the whole national catalogue imported once (through the same importer as the admin command).</summary>
public sealed class FullCatalogApp : MotCuaApp, IAsyncLifetime
{
    public CatalogImport FirstImport { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The admin import page offers this server-side copy.
        builder.UseSetting("Motcua:CatalogFile", CatalogFile.Path);
    }

    public async Task InitializeAsync()
    {
        var importer = new CatalogImporter(Services.GetRequiredService<Database>().ConnectionString, Clock);
        await using var file = File.OpenRead(CatalogFile.Path);
        FirstImport = await importer.ImportAsync(file, "dvcqg_tthc_central_2026.jsonl", null, null, CancellationToken.None);
    }

    // The factory itself is disposed by xUnit as a fixture.
    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>The national catalogue's records a trial named, imported through the admin importer and adopted at the centre,
/// once per app: the trial test classes share it (one semaphore, so two classes never import the same record at once).</summary>
public static class CentreAdoption
{
    private static readonly SemaphoreSlim Imported = new(1, 1);

    /// <summary>Imports the crawl's lines of <paramref name="codes"/> not yet adopted at the centre of <paramref name="app"/>
    /// and adopts them there; codes already adopted are left as they are.</summary>
    public static async Task AdoptAsync(MotCuaApp app, params string[] codes)
    {
        await Imported.WaitAsync();
        try
        {
            var missing = new List<string>();
            foreach (var code in codes)
                if (await app.ScalarAsync($"SELECT count(*) FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id WHERE a.code = '{DemoData.CentreCode}' AND ap.procedure_code = '{code}'") == 0)
                    missing.Add(code);
            if (missing.Count == 0) return;
            var importer = new CatalogImporter(app.Services.GetRequiredService<Database>().ConnectionString, app.Clock);
            await using var file = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', missing.Select(CatalogFile.LineOf)) + "\n"));
            await importer.ImportAsync(file, "trial.jsonl", null, null, CancellationToken.None);
            foreach (var code in missing)
                await app.ScalarAsync($"""
                    INSERT INTO agency_procedures (agency_id, procedure_code) SELECT id, '{code}' FROM agencies WHERE code = '{DemoData.CentreCode}'
                    ON CONFLICT DO NOTHING RETURNING 1
                    """);
        }
        finally
        {
            Imported.Release();
        }
    }
}
