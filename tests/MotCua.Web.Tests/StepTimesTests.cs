using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Reports;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Reports;
using Xunit.Abstractions;
using static MotCua.Web.Tests.GeneratedDossiers;

namespace MotCua.Web.Tests;

/// <summary>
/// Per-step times and early warning over HTTP on PostgreSQL (docs/REPORTS.md §6). Generated histories at a commune: each
/// step's office time is drawn at random and its events placed that much office time apart by the unit's calendar (so the
/// drawn hours are the oracle, not the Domain's rule), some approvals sent back. The API's count, median, p90 (recounted by
/// PostgreSQL's <c>percentile_cont</c>), mean and on-time rate per step equal the recount; an open dossier whose remaining
/// steps take longer at that unit than its due date allows is flagged with its step, on the API, the dossier page and the
/// worklist, at the finish the history gives; one with time to spare is not; who may read; bad input named.
/// </summary>
public class StepTimesTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeLimit Limit = TimeLimit.Days(5);

    private sealed record Drawn(int StepIndex, DateTimeOffset LeftAt, double Hours, double AllowanceHours);

    private sealed record History(string ProcedureCode, List<Drawn> Stays, WorkingCalendar Calendar);

    private static History? history;
    private static readonly SemaphoreSlim Once = new(1, 1);

    // 40 dossiers at Thuận Hóa received September–October 2025 (before the app's clock, Monday 17/11/2025 09:00), each step
    // 0.5–30 office hours; one in four approvals sends the dossier back once.
    private async Task<History> GenerateAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (history is not null) return history;
            var seed = Random.Shared.Next();
            output.WriteLine($"seed {seed}");
            var random = new Random(seed);
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var unit = await db.Agencies.SingleAsync(a => a.Code == DemoData.ThuanHoaCode);
            var calendar = await scope.ServiceProvider.GetRequiredService<CalendarStore>().ForAsync(unit);
            var procedure = await db.ProcedureVersions.OrderBy(v => v.ProcedureCode).Select(v => new { v.ProcedureCode, v.Version }).FirstAsync();
            var name = await db.Procedures.Where(p => p.Code == procedure.ProcedureCode).Select(p => p.Name).SingleAsync();
            var actor = new Officer(new Actor("Kiểm thử"), OfficerRole.ReceivingOfficer);
            var leader = new Officer(new Actor("Lãnh đạo thử"), OfficerRole.Leader);
            var specialist = new Officer(new Actor("Công chức thử"), OfficerRole.Specialist);
            var process = DefaultProcess.For(Limit, unit.Id, false);
            var stays = new List<Drawn>();
            double Draw() => random.Next(2, 121) / 4.0;
            for (var i = 0; i < 40; i++)
            {
                var t = calendar.AddWorkingTime(new DateTimeOffset(2025, 9, 1, 7, 0, 0, VietnamTime.Offset).AddDays(random.Next(0, 50)), TimeSpan.FromMinutes(random.Next(0, 480)));
                var dossier = Dossier.Receive($"BUOC-{i:D4}", unit.Id, new ProcedureRef(procedure.ProcedureCode, procedure.Version, name, Limit), Channel.Direct,
                    new Applicant("Người Thử Bước", "046095001234", "0905123456", null, "Huế"), [], 1, t, calendar.ComputeDue(t, Limit, Channel.Direct), actor.Actor, t);
                DateTimeOffset Next(int step)
                {
                    var hours = Draw();
                    t = calendar.AddWorkingTime(t, TimeSpan.FromHours(hours));
                    stays.Add(new Drawn(step, t, hours, calendar.WorkingTimeOf(process[step].Allowance).TotalHours));
                    return t;
                }
                dossier.Transfer(process, calendar, null, actor, Next(0));
                dossier.CompleteStep("Đã thẩm định", false, calendar, specialist, Next(1));
                if (random.Next(4) == 0)
                {
                    dossier.CompleteStep("Trả lại để thẩm định lại", true, calendar, leader, Next(2));
                    dossier.CompleteStep("Đã thẩm định lại", false, calendar, specialist, Next(1));
                }
                dossier.Approve(null, calendar, leader, Next(2));
                dossier.ResultReady(actor, Next(3));
                db.Dossiers.Add(dossier);
            }
            await db.SaveChangesAsync();
            return history = new History(procedure.ProcedureCode, stays, calendar);
        }
        finally
        {
            Once.Release();
        }
    }

    private async Task<double> PercentileContAsync(IEnumerable<double> values, double p)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var array = values.ToArray();
        return await db.Database.SqlQuery<double>($"SELECT percentile_cont({p}) WITHIN GROUP (ORDER BY h) AS \"Value\" FROM unnest({array}) AS h").SingleAsync();
    }

    [Theory]
    [InlineData("2025-09-01", "2025-11-16")]
    [InlineData("2025-09-15", "2025-10-15")]
    [InlineData("01/10/2025", "31/10/2025")]
    public async Task The_figures_per_step_equal_a_recount_of_the_drawn_hours(string from, string to)
    {
        var generated = await GenerateAsync();
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var view = (await leader.GetFromJsonAsync<StepTimesView>($"/api/v1/reports/steps?procedure={generated.ProcedureCode}&from={from}&to={to}", Json))!;
        DateOnly Day(string text) => DateOnly.ParseExact(text, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture);
        var (first, last) = (Day(from), Day(to));
        var expected = generated.Stays.Where(s => VietnamTime.DateOf(s.LeftAt) >= first && VietnamTime.DateOf(s.LeftAt) <= last)
            .GroupBy(s => s.StepIndex).OrderBy(g => g.Key).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(g => g.Key), view.Rows.Select(r => r.StepIndex).Order());
        foreach (var group in expected)
        {
            var row = Assert.Single(view.Rows, r => r.StepIndex == group.Key);
            var hours = group.Select(s => s.Hours).ToList();
            Assert.Equal(hours.Count, row.Count);
            Assert.Equal(hours.Average(), row.MeanHours, 6);
            Assert.Equal(await PercentileContAsync(hours, 0.5), row.MedianHours, 6);
            Assert.Equal(await PercentileContAsync(hours, 0.9), row.P90Hours, 6);
            Assert.Equal((double)group.Count(s => s.Hours <= s.AllowanceHours) / hours.Count, row.OnTimeRate, 9);
            Assert.Equal(group.First().AllowanceHours, row.AllowanceHours, 6);
        }
        // The steps where dossiers wait longest come first.
        Assert.Equal(view.Rows.Select(r => r.MedianHours).OrderDescending(), view.Rows.Select(r => r.MedianHours));
    }

    [Fact]
    public async Task An_open_dossier_whose_remaining_steps_take_longer_than_its_due_is_flagged_with_its_step()
    {
        var generated = await GenerateAsync();
        var calendar = generated.Calendar;
        var now = app.Clock.GetUtcNow(); // Monday 17/11/2025 09:00
        var received = now.AddHours(-1);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var unit = await db.Agencies.SingleAsync(a => a.Code == DemoData.ThuanHoaCode);
            var version = await db.ProcedureVersions.Where(v => v.ProcedureCode == generated.ProcedureCode).Select(v => v.Version).FirstAsync();
            foreach (var (code, spare) in new[] { ("CANHBAO-0001", false), ("CANHBAO-0002", true) })
            {
                var dossier = Dossier.Receive(code, unit.Id, new ProcedureRef(generated.ProcedureCode, version, "Thủ tục thử", Limit), Channel.Direct,
                    new Applicant("Người Thử Cảnh Báo", "046095001234", "0905123456", null, "Huế"), [], 1, received, calendar.ComputeDue(received, Limit, Channel.Direct),
                    new Actor("Kiểm thử"), received);
                dossier.Transfer(DefaultProcess.For(Limit, unit.Id, false), calendar, null, new Officer(new Actor("Kiểm thử"), OfficerRole.ReceivingOfficer), received.AddMinutes(30));
                if (spare) Set(dossier, nameof(Dossier.DueAt), (DateTimeOffset?)now.AddDays(90));
                db.Dossiers.Add(dossier);
            }
            await db.SaveChangesAsync();
        }
        // Every step's history has 40 or more stays ending in the last three months, so the p90s are used.
        var p90 = new Dictionary<int, double>();
        foreach (var step in new[] { 1, 2, 3 }) p90[step] = await PercentileContAsync(generated.Stays.Where(s => s.StepIndex == step).Select(s => s.Hours), 0.9);
        var worked = calendar.WorkingTimeBetween(received.AddMinutes(30), now);
        var finish = calendar.AddWorkingTime(now, TimeSpan.FromHours(Math.Max(0, p90[1] - worked.TotalHours) + p90[2] + p90[3]));
        output.WriteLine($"p90 {string.Join(", ", p90.Values)}; expected {finish}");

        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var warning = (await leader.GetFromJsonAsync<EarlyWarningView>("/api/v1/reports/early-warning", Json))!;
        var flagged = Assert.Single(warning.Dossiers);
        Assert.Equal("CANHBAO-0001", flagged.Code);
        Assert.Equal((1, "Thẩm định, dự thảo kết quả"), (flagged.StepIndex, flagged.Step));
        Assert.True(flagged.ExpectedFinishAt > flagged.DueAt);
        // The finish is kept to the nearest minute (EarlyWarning.For): within half a minute of the floating recount, on a minute.
        Assert.Equal(finish, flagged.ExpectedFinishAt, TimeSpan.FromSeconds(30.5));
        Assert.Equal(0, flagged.ExpectedFinishAt.Ticks % TimeSpan.TicksPerMinute);
        finish = flagged.ExpectedFinishAt;
        Assert.Equal(3, flagged.StepsFromHistory);

        var page = await (await app.OfficerAsync("tiepnhan.thuanhoa")).GetStringAsync("/ho-so/CANHBAO-0001");
        Assert.Contains("Dự kiến hoàn thành", page, StringComparison.Ordinal);
        Assert.Contains(VietnamTime.ToVietnam(finish).ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture), page, StringComparison.Ordinal);
        Assert.Contains("Có nguy cơ trễ hạn: đang giữ ở bước \"Thẩm định, dự thảo kết quả\"", page, StringComparison.Ordinal);
        var spared = await (await app.OfficerAsync("tiepnhan.thuanhoa")).GetStringAsync("/ho-so/CANHBAO-0002");
        Assert.Contains("Dự kiến hoàn thành", spared, StringComparison.Ordinal);
        Assert.DoesNotContain("Có nguy cơ trễ hạn", spared, StringComparison.Ordinal);
        // The unit's list, most urgent first: the generated finished dossiers come before it; its row is on a later page.
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var worklist = "";
        for (var n = 1; n <= 10 && !worklist.Contains("CANHBAO-0001", StringComparison.Ordinal); n++)
            worklist = await desk.GetStringAsync($"/xu-ly?ds=department&trang={n}");
        worklist = worklist[worklist.IndexOf("CANHBAO-0001", StringComparison.Ordinal)..];
        worklist = worklist[..worklist.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("Dự kiến hoàn thành: " + VietnamTime.ToVietnam(finish).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture), worklist, StringComparison.Ordinal);
        Assert.Contains("Có nguy cơ trễ hạn (bước \"Thẩm định, dự thảo kết quả\")", worklist, StringComparison.Ordinal);
        var report = await leader.GetStringAsync("/bao-cao/thoi-gian-buoc?from=01/09/2025&to=16/11/2025");
        Assert.Contains("CANHBAO-0001", report, StringComparison.Ordinal);
        Assert.Contains("Thẩm định, dự thảo kết quả", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaders_read_their_unit_the_inspector_any_others_nothing_and_bad_input_is_named()
    {
        var commune = await app.OfficerAsync("lanhdao.thuanhoa");
        Assert.Equal(HttpStatusCode.OK, (await commune.GetAsync("/api/v1/reports/steps")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await commune.GetAsync("/bao-cao/thoi-gian-buoc")).StatusCode);
        Assert.Contains("/bao-cao/thoi-gian-buoc", await commune.GetStringAsync("/bao-cao"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await commune.GetAsync($"/api/v1/reports/steps?agency={DemoData.PhuXuanCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await commune.GetAsync($"/api/v1/reports/early-warning?agency={DemoData.PhuXuanCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await commune.GetAsync($"/bao-cao/thoi-gian-buoc?agency={DemoData.PhuXuanCode}")).StatusCode);
        foreach (var other in new[] { "tiepnhan.thuanhoa", "chuyenvien.tuphap", "ketoan.trungtam" })
        {
            var client = await app.OfficerAsync(other);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/reports/steps")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/reports/early-warning")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/bao-cao/thoi-gian-buoc")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ApiClient().GetAsync("/api/v1/reports/steps")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/reports/early-warning")).StatusCode);
        var inspector = await app.OfficerAsync("thanhtra");
        Assert.Equal(HttpStatusCode.OK, (await inspector.GetAsync($"/api/v1/reports/steps?agency={DemoData.PhuXuanCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await inspector.GetAsync("/api/v1/reports/early-warning")).StatusCode);
        foreach (var (query, field) in new[]
        {
            ("agency=KHONG.CO", "agency"), ("procedure=9.999999", "procedure"), ("from=31/02/2025&to=01/03/2025", "from"),
            ("from=2025-01-01&to=hôm nay", "to"), ("from=2025-02-01&to=2025-01-01", "to"),
        })
        {
            var answer = await inspector.GetAsync($"/api/v1/reports/steps?{query}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
            var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
        }
        var page = await inspector.GetAsync("/bao-cao/thoi-gian-buoc?procedure=9.999999");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        Assert.Contains("Không có thủ tục mã 9.999999", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
