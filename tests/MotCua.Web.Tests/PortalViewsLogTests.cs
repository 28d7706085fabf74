using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MotCua.Data;
using MotCua.Web.Features.NationalPortal;

namespace MotCua.Web.Tests;

/// <summary>
/// Brief p16h item 7: the demo logged EF Core's "The query uses the 'First'/'FirstOrDefault' operator without 'OrderBy'
/// and filter operators" twice at start: the portal sync's view of a dossier composed First over raw SQL (the online
/// payment and the verification). Reading a dossier's sync view, on an app with its own logger, logs no warning.
/// </summary>
public class PortalViewsLogTests
{
    [Fact]
    public async Task Reading_a_dossiers_sync_view_logs_no_warning()
    {
        var sink = new StartupLogTests.Sink();
        await using var app = new StartupLogTests.LoggedApp(sink);
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier());
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        using (var scope = app.Services.CreateScope())
            Assert.NotNull(await PortalViews.ReadAsync(scope.ServiceProvider.GetRequiredService<MotCuaDb>(), code, CancellationToken.None));
        var warned = sink.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.Category}: {e.Message}").ToList();
        Assert.True(warned.Count == 0, string.Join("\n", warned));
    }
}
