using System.Net;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial 17v MEDIUM 3: the province centre's leader read a commune's 766 index (200) but got 403 on its ratings and queue
/// figures. Every report API the read matrix lists (<see cref="ReadAccessMatrixTests.Rules"/>: the reports and the
/// ratings' and queue's figures, from the route table) and the scoring page, asked for a commune, answer the centre's
/// leader and the inspector alike and never 403; the commune's own leader reads it, another commune's leader is refused.
/// </summary>
public class ReportReachTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static string? Path(string key, string agency)
    {
        var route = key["GET ".Length..];
        var path = route.Replace("{agency}", agency).Replace("{quarter}", "2025-Q4");
        if (path.Contains('{', StringComparison.Ordinal) || path.Contains("?handler", StringComparison.Ordinal)) return null;
        if (route.StartsWith("/api/v1/", StringComparison.Ordinal))
            return path + (route.Contains("{agency}", StringComparison.Ordinal) ? "" : $"?agency={agency}")
                + (route == "/api/v1/reports/index-766/dossiers" ? "&indicator=2.1&input=resolvedDossiers" : "");
        return route == "/bao-cao/cham-diem" ? $"{path}?agency={agency}&quy=Q4/2025" : null;
    }

    [Fact]
    public async Task The_centres_leader_reads_every_report_of_a_commune_as_the_inspector_and_a_commune_leader_only_their_own()
    {
        var keys = ReadAccessMatrixTests.Rules.Where(r => r.Value is ReadAccessMatrixTests.Rule.Reports or ReadAccessMatrixTests.Rule.RatingFigures)
            .Select(r => r.Key).Where(k => Path(k, DemoData.ThuanHoaCode) is not null).ToList();
        Assert.Contains("GET /api/v1/reports/ratings", keys);
        Assert.Contains("GET /api/v1/queue/figures", keys);
        Assert.Contains("GET /api/v1/reports/index-766/", keys);
        var centre = await app.OfficerAsync("lanhdao.trungtam");
        var commune = await app.OfficerAsync("lanhdao.thuanhoa");
        var inspector = await app.OfficerAsync("thanhtra");
        var failures = new List<string>();
        foreach (var key in keys)
        {
            var own = Path(key, DemoData.ThuanHoaCode)!;
            var other = Path(key, DemoData.PhuXuanCode)!;
            var byInspector = (await inspector.GetAsync(own)).StatusCode;
            var byCentre = (await centre.GetAsync(own)).StatusCode;
            var byCommune = (await commune.GetAsync(own)).StatusCode;
            var byCommuneOther = (await commune.GetAsync(other)).StatusCode;
            // A unit without what is asked (a commune without a queue) is 404 to everyone, before anyone's reach.
            var otherMissing = (await inspector.GetAsync(other)).StatusCode == HttpStatusCode.NotFound;
            if (byInspector is HttpStatusCode.Forbidden || (int)byInspector >= 500 || byCentre != byInspector || byCommune != byInspector
                || byCommuneOther is not HttpStatusCode.Forbidden && !(otherMissing && byCommuneOther == HttpStatusCode.NotFound))
                failures.Add($"{key}: thanh tra {(int)byInspector}, lãnh đạo trung tâm {(int)byCentre}, lãnh đạo xã {(int)byCommune}, xã khác {(int)byCommuneOther}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
