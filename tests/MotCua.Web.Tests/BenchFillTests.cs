using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Reports;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Reports;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The scale bench's generator (bench/reports, docs/PERFORMANCE.md "Reports at 10,000,000 dossiers") at 20,000 dossiers,
/// run exactly as bench/reports/run.sh runs it: rows written with the triggers off, then bieu06_counts recomputed by the
/// fill statement of migration 0041 and the 766 index's by migration 0049's. Biểu 06 from those counts equals the
/// Domain's recount of the same rows, for the
/// province and a commune over three years, a year and a quarter; every one of the fifteen columns has dossiers, and the
/// generated events give the per-step report its stays; each figure of last month's 766 index equals its drill-down's
/// total, counted from the dossiers.
/// </summary>
public class BenchFillTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private const int Dossiers = 20_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static string Bench(string file) => File.ReadAllText(Path.Combine(MotCuaApp.RepoRoot(), "bench", "reports", file));

    // psql's variables, as run.sh passes them.
    private static string Variables(string sql, long lo, long hi, long total, long @base) =>
        sql.Replace(":lo", lo.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(":hi", hi.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(":total", total.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(":base", @base.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private async Task FillAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        async Task Run(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync();
        }
        await Run(Bench("setup.sql"));
        await Run("SET session_replication_role = replica");
        await using var last = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM dossiers", connection);
        var @base = (long)(await last.ExecuteScalarAsync())!;
        await Run(Variables(Bench("fill.sql"), 1, Dossiers, Dossiers, @base));
        await Run(Variables(Bench("events.sql"), @base + 1, @base + Dossiers, Dossiers, @base));
        // Fees, payment requests, payments and signed results, once after the rows, as run.sh runs them.
        await Run(Bench("money.sql"));
        await Run("RESET session_replication_role");
        await Run("SELECT setval('dossiers_id_seq', (SELECT max(id) FROM dossiers))");
        // The statement migration 0041 fills the counts with, found as run.sh finds it.
        var migration = File.ReadAllLines(Path.Combine(MotCuaApp.RepoRoot(), "src", "MotCua.Data", "Migrations", "0041_bieu06_counts.sql"));
        var fill = string.Join('\n', migration.SkipWhile(l => l != "-- The dossiers already stored.").Skip(1).TakeWhile(l => l.Length > 0));
        Assert.StartsWith("INSERT INTO bieu06_counts", fill, StringComparison.Ordinal);
        await Run("TRUNCATE bieu06_counts");
        await Run(fill);
        // The 766 index's standings and counts, by the statements migration 0049 fills them with, as run.sh runs them.
        var index766 = string.Join('\n', File.ReadAllLines(Path.Combine(MotCuaApp.RepoRoot(), "src", "MotCua.Data", "Migrations", "0049_index766_counts.sql"))
            .SkipWhile(l => l != "-- The dossiers already stored.").Skip(1));
        Assert.StartsWith("INSERT INTO index766_dossiers", index766, StringComparison.Ordinal);
        await Run("TRUNCATE index766_dossiers, index766_counts, index766_procedure_counts");
        await Run(index766);
        // The worklists' narrow rows, by the statement migration 0055 fills them with, as run.sh runs it.
        var worklist = string.Join('\n', File.ReadAllLines(Path.Combine(MotCuaApp.RepoRoot(), "src", "MotCua.Data", "Migrations", "0055_catalogue_changes_worklist_dossiers.sql"))
            .SkipWhile(l => l != "-- The dossiers already stored.").Skip(1));
        Assert.StartsWith("INSERT INTO worklist_dossiers", worklist, StringComparison.Ordinal);
        await Run("TRUNCATE worklist_dossiers");
        await Run(worklist);
        // The kept stays' marks, by the statement migration 0123 marks the stored dossiers with, as run.sh runs it; the
        // per-step report measures them.
        var stays = string.Join('\n', File.ReadAllLines(Path.Combine(MotCuaApp.RepoRoot(), "src", "MotCua.Data", "Migrations", "0123_step_stays.sql"))
            .SkipWhile(l => l != "-- The dossiers already stored.").Skip(1));
        Assert.StartsWith("INSERT INTO step_stays_pending", stays, StringComparison.Ordinal);
        await Run(stays);
        await Run("DROP TABLE bench_units, bench_procedures");
    }

    [Fact]
    public async Task The_generated_rows_with_the_recomputed_counts_give_the_recount_and_every_column()
    {
        // Biểu 06 reports a period only up to the app's today, so the app is read at the rows' real today too (and the
        // inspector signs in at it).
        app.Clock.Now = DateTimeOffset.UtcNow;
        var inspector = await app.OfficerAsync("thanhtra");
        await FillAsync();
        Assert.Equal(Dossiers, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
        // The generator draws from the database's clock, not the tests' (the rows end at the real today).
        var today = VietnamTime.DateOf(DateTimeOffset.UtcNow);
        foreach (var agency in new[] { DemoData.CentreCode, DemoData.ThuanHoaCode })
        {
            var facts = await Bieu06Tests.FactsAsync(app, agency);
            // Periods ending yesterday: a period reaching today is judged at the moment it is read (Bieu06Period.AsOf),
            // while the recount judges a period at the end of its last day.
            var yesterday = today.AddDays(-1);
            foreach (var from in new[] { today.AddDays(-1100), today.AddDays(-365), today.AddDays(-90) })
            {
                var view = await inspector.GetFromJsonAsync<Bieu06View>(
                    $"/api/v1/reports/bieu-06?agency={agency}&from={from:yyyy-MM-dd}&to={yesterday:yyyy-MM-dd}", Json);
                var expected = Bieu06.Recount(from, yesterday, facts);
                output.WriteLine($"{agency} {from:dd/MM/yyyy}–{yesterday:dd/MM/yyyy}: {view!.Total}");
                Assert.Equal(expected.Rows, view.Rows);
                Assert.Equal(expected.Total, view.Total);
                if (agency == DemoData.CentreCode && from == today.AddDays(-1100))
                {
                    var t = view.Total;
                    Assert.All(new[] { t.Online, t.Direct, t.Postal, t.Early, t.OnTime, t.Late, t.WithinLimit, t.Overdue, t.Withdrawn, t.Stopped, t.Refused },
                        n => Assert.True(n > 0, $"Một cột của Biểu 06 không có hồ sơ nào: {t}"));
                }
            }
        }
        // The 766 index of last month from the recomputed counts: every dossier or procedure figure equals the total of
        // its drill-down, which counts the dossiers themselves (Index766Reads's conditions).
        var lastMonth = VietnamTime.ToVietnam(DateTimeOffset.UtcNow).AddMonths(-1);
        foreach (var agency in new[] { "", DemoData.ThuanHoaCode })
        {
            var index = await inspector.GetFromJsonAsync<JsonElement>($"/api/v1/reports/index-766?agency={agency}&month={lastMonth:yyyy-MM}");
            foreach (var figure in index.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("indicators").EnumerateArray())
                .SelectMany(i => new[] { "numerator", "denominator" }.Select(side => i.TryGetProperty(side, out var f) ? f : default))
                .Where(f => f.ValueKind == JsonValueKind.Object && f.GetProperty("input").ValueKind == JsonValueKind.String))
            {
                var listed = await inspector.GetFromJsonAsync<JsonElement>(figure.GetProperty("dossiers").GetString()!);
                Assert.True(listed.GetProperty("total").GetInt64() == figure.GetProperty("count").GetInt64(),
                    $"766 {agency} {figure.GetProperty("input")}: {figure.GetProperty("count")}, danh sách {listed.GetProperty("total")}");
            }
            Assert.True(index.GetProperty("groups")[1].GetProperty("indicators")[0].GetProperty("denominator").GetProperty("count").GetInt64() > 0,
                $"766 {agency}: không có hồ sơ có kết quả trong tháng {lastMonth:MM/yyyy}.");
            // The generator's fees, payments and signed results reach inputs 3.4 and 4.1 (measured on real rows at scale).
            var counts = index.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("indicators").EnumerateArray())
                .SelectMany(i => new[] { "numerator", "denominator" }.Select(side => i.TryGetProperty(side, out var f) ? f : default))
                .Where(f => f.ValueKind == JsonValueKind.Object && f.GetProperty("input").ValueKind == JsonValueKind.String)
                .GroupBy(f => f.GetProperty("input").GetString()!).ToDictionary(g => g.Key, g => g.First().GetProperty("count").GetInt64());
            foreach (var input in new[] { Index766Input.DossiersWithPayment, Index766Input.DossiersPaidOnline, Index766Input.ElectronicResults })
                Assert.True(counts.GetValueOrDefault(input.Code()) > 0, $"766 {agency}: {input} không có hồ sơ trong tháng {lastMonth:MM/yyyy}.");
        }
        // The worklists' copy equals the dossiers not yet ended.
        Assert.Equal(await app.ScalarAsync("SELECT count(*) FROM dossiers WHERE status NOT IN (3, 8, 10)"), await app.ScalarAsync("SELECT count(*) FROM worklist_dossiers"));
        var steps = await inspector.GetFromJsonAsync<StepTimesView>(
            $"/api/v1/reports/steps?agency={DemoData.ThuanHoaCode}&from={today.AddDays(-60):yyyy-MM-dd}&to={today:yyyy-MM-dd}", Json);
        output.WriteLine(string.Join('\n', steps!.Rows.Select(r => $"{r.ProcedureCode} {r.StepIndex} {r.StepName}: {r.Count}, trung vị {r.MedianHours} giờ")));
        Assert.NotEmpty(steps.Rows);
        // About 160 dossiers of the commune received in those 60 days, each leaving up to four stays.
        Assert.True(steps.Rows.Sum(r => r.Count) >= 100, $"{steps.Rows.Sum(r => r.Count)} lượt ở các bước trong 60 ngày.");
    }
}
