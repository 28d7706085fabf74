using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Web.Features.Catalog;

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
