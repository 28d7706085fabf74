using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Reminders;
using MotCua.Web.Features.Reports;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The dashboard over HTTP on PostgreSQL (docs/REPORTS.md §7). 400 generated dossiers at every receiving unit, of
/// procedures of several fields, in every status, received September–November 2025 with results, stops and due dates at
/// any minute, then moved on by SQL updates (the triggers' −old +new): for the province and a commune and periods that
/// cut months in every way, the series by day, the on-time figures per agency, field and procedure and the overdue list
/// equal a recount in C# of the dossiers read back by SQL (not the app's counts). An overdue dossier escalated by the
/// officer reminders shows with who holds it and how far it went. Who may read; bad input named.
/// </summary>
public class DashboardTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static bool generated;

    private sealed record Stored(int AgencyId, string Field, string ProcedureCode, short Status, DateTimeOffset? ReceivedAt, DateTimeOffset? OriginalDueAt,
        DateTimeOffset? ResultReadyAt, short? ResultKind, DateTimeOffset? StoppedAt, string Code);

    private async Task GenerateAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (generated) return;
            var seed = Environment.GetEnvironmentVariable("MOTCUA_PROPERTY_SEED") is { Length: > 0 } given
                ? int.Parse(given.Split(',')[0], CultureInfo.InvariantCulture) : Random.Shared.Next();
            output.WriteLine($"MOTCUA_PROPERTY_SEED={seed},1");
            var random = new Random(seed);
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var units = await db.Agencies.Where(a => a.ReceivesDossiers).Select(a => a.Id).ToListAsync();
            var versions = await db.ProcedureVersions.Join(db.Procedures, v => v.ProcedureCode, p => p.Code, (v, p) => new { v.ProcedureCode, v.Version, p.Field, p.Name })
                .ToListAsync();
            var chosen = versions.GroupBy(v => v.Field).SelectMany(g => g.Take(2)).Take(8).ToList();
            Assert.True(chosen.Select(v => v.Field).Distinct().Count() >= 2, "Dữ liệu mẫu cần thủ tục của ít nhất hai lĩnh vực.");
            var now = app.Clock.GetUtcNow();
            var origin = new DateTimeOffset(2025, 9, 1, 0, 0, 0, VietnamTime.Offset);
            var statuses = Enum.GetValues<DossierStatus>();
            for (var i = 0; i < 400; i++)
            {
                var v = chosen[random.Next(chosen.Count)];
                var received = origin.AddMinutes(random.Next(0, (int)(now - origin).TotalMinutes));
                var dueAt = new DateTimeOffset(received.AddDays(random.Next(0, 20)).Date.AddMinutes(random.Next(420, 1080)), VietnamTime.Offset);
                var end = received.AddMinutes(random.Next(0, 30 * 1440));
                if (end > now) end = now.AddMinutes(-1);
                var status = statuses[random.Next(statuses.Length)];
                var (unit, channel) = (units[random.Next(units.Count)], (Channel)random.Next(1, 4));
                var kind = status is DossierStatus.ResultReady or DossierStatus.Returned && random.Next(6) == 0 ? ResultKind.Refused : ResultKind.Approved;
                db.Dossiers.Add(GeneratedDossiers.Stored($"TQ-{i:D5}", unit, new ProcedureRef(v.ProcedureCode, v.Version, v.Name, TimeLimit.Days(5)), channel,
                    "Người Thử Tổng Quan", received, dueAt, status, end, kind));
            }
            // Due later today, still open (second trial): overdue at the end of today, not now; the chart's today and the
            // box must agree that they are not overdue yet.
            var midnight = VietnamTime.At(VietnamTime.DateOf(now).AddDays(1), TimeOnly.MinValue);
            for (var i = 0; i < 4; i++)
            {
                var v = chosen[i % chosen.Count];
                var dueAt = now + (midnight - now) / (i + 2);
                db.Dossiers.Add(GeneratedDossiers.Stored($"TQ-H{i:D4}", units[i % units.Count], new ProcedureRef(v.ProcedureCode, v.Version, v.Name, TimeLimit.Days(5)),
                    Channel.Direct, "Người Thử Tổng Quan", now.AddMinutes(-5), dueAt, DossierStatus.InProcess, now));
            }
            await db.SaveChangesAsync();
            // Processing moves some on: a supplement moves a due date, results are given, dossiers are handed back.
            await db.Database.ExecuteSqlAsync($"""
                UPDATE dossiers SET original_due_at = original_due_at + interval '2 days' WHERE code LIKE 'TQ-%' AND id % 5 = 0 AND status IN (4, 5, 6);
                UPDATE dossiers SET status = 9, result_kind = 1, result_ready_at = least(received_at + interval '6 days 3 hours', {now.ToUniversalTime().AddMinutes(-1)})
                WHERE code LIKE 'TQ-%' AND id % 3 = 0 AND status IN (2, 4);
                UPDATE dossiers SET status = 10 WHERE code LIKE 'TQ-%' AND id % 2 = 0 AND status = 9;
                """);
            generated = true;
        }
        finally
        {
            Once.Release();
        }
    }

    private async Task<(List<Stored> Facts, Dictionary<int, string> Codes)> FactsAsync(string agencyCode)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var agency = await db.Agencies.SingleAsync(a => a.Code == agencyCode);
        var units = (await Bieu06Reports.UnitsAsync(db, agency.Id, default)).ToList();
        var ids = units.Select(u => u.Id).ToArray();
        var facts = await db.Database.SqlQuery<Stored>($"""
            SELECT d.receiving_agency_id AS "AgencyId", p.field AS "Field", d.procedure_code AS "ProcedureCode", d.status AS "Status",
                   d.received_at AS "ReceivedAt", d.original_due_at AS "OriginalDueAt", d.result_ready_at AS "ResultReadyAt",
                   d.result_kind AS "ResultKind", d.stopped_at AS "StoppedAt", d.code AS "Code"
            FROM dossiers d JOIN procedures p ON p.code = d.procedure_code WHERE d.receiving_agency_id = ANY ({ids})
            """).ToListAsync();
        return (facts, units.ToDictionary(u => u.Id, u => u.Code));
    }

    private static DateOnly Day(DateTimeOffset at) => VietnamTime.DateOf(at);

    private static bool Received(Stored f) => f.Status is not (1 or 3) && f.ReceivedAt is not null;

    // The day it ended for Biểu 06: its result (9, 10) or its stop notice (8).
    private static DateOnly? Ended(Stored f) => f.Status is 9 or 10 ? Day(f.ResultReadyAt!.Value) : f.Status == 8 ? Day(f.StoppedAt!.Value) : null;

    private static bool Resolved(Stored f) => f.Status is 9 or 10 && f.ResultKind != 2;

    // Early / on time / late as DeadlineClassifier.ClassifyFinished: late after the due instant, early on a day before the due day.
    private static string Timing(Stored f) =>
        f.OriginalDueAt is { } due && f.ResultReadyAt > due ? "late"
        : f.OriginalDueAt is { } d && Day(f.ResultReadyAt!.Value) < Day(d) ? "early" : "on-time";

    private static void AssertFigures(IEnumerable<IGrouping<string, Stored>> expected, IReadOnlyList<OnTimeView> actual, string what)
    {
        var want = expected.Select(g => (g.Key, Early: g.LongCount(f => Timing(f) == "early"), OnTime: g.LongCount(f => Timing(f) == "on-time"),
            Late: g.LongCount(f => Timing(f) == "late"))).OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
        var got = actual.Select(a => (a.Code, a.Early, a.OnTime, a.Late)).OrderBy(x => x.Code, StringComparer.Ordinal).ToList();
        Assert.True(want.SequenceEqual(got), $"{what}: mong đợi {string.Join("; ", want)}, nhận {string.Join("; ", got)}");
        foreach (var a in actual)
        {
            Assert.Equal(a.Early + a.OnTime + a.Late, a.Resolved);
            Assert.Equal((double)(a.Early + a.OnTime) / a.Resolved, a.Rate!.Value, 9);
        }
    }

    public static TheoryData<string, string?, string?> Periods => new()
    {
        { DemoData.CentreCode, null, null },                          // the default: the last 30 days
        { DemoData.CentreCode, "01/09/2025", "17/11/2025" },          // whole months and the days of November
        { DemoData.CentreCode, "2025-10-15", "2025-11-02" },          // no whole month: days only
        { DemoData.ThuanHoaCode, "15/09/2025", "16/11/2025" },        // edges and October from the month rows
        { DemoData.PhuXuanCode, "01/09/2025", "30/09/2025" },         // exactly one month
    };

    [Theory]
    [MemberData(nameof(Periods))]
    public async Task The_figures_equal_a_recount_of_the_dossiers(string agency, string? from, string? to)
    {
        await GenerateAsync();
        var inspector = await app.OfficerAsync("thanhtra");
        var query = $"agency={agency}" + (from is null ? "" : $"&from={from}&to={to}");
        var view = (await inspector.GetFromJsonAsync<DashboardView>($"/api/v1/reports/dashboard?{query}", Json))!;
        var today = VietnamTime.DateOf(app.Clock.GetUtcNow());
        var first = from is null ? today.AddDays(-29) : Bieu06Reports.ParseDate(from)!.Value;
        var last = to is null ? today : Bieu06Reports.ParseDate(to)!.Value;
        Assert.Equal(first, view.From);
        Assert.Equal(last, view.To);
        // Second trial: the JSON carries ISO dates and instants, the display format is the page's.
        var raw = await inspector.GetFromJsonAsync<JsonElement>($"/api/v1/reports/dashboard?{query}");
        Assert.Equal(first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), raw.GetProperty("from").GetString());
        Assert.Equal(last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), raw.GetProperty("to").GetString());
        Assert.Equal(first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), raw.GetProperty("days")[0].GetProperty("date").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+07:00$", raw.GetProperty("at").GetString());
        foreach (var o in raw.GetProperty("overdue").GetProperty("dossiers").EnumerateArray())
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+07:00$", o.GetProperty("originalDueAt").GetString());
        var (facts, codes) = await FactsAsync(agency);
        var received = facts.Where(Received).ToList();

        Assert.Equal(last.DayNumber - first.DayNumber + 1, view.Days.Count);
        foreach (var day in view.Days)
        {
            var d = day.Date;
            // A past day is judged at its end, today at the moment read (the box's rule, second trial).
            var nextDay = d == today ? app.Clock.GetUtcNow() : VietnamTime.At(d.AddDays(1), TimeOnly.MinValue);
            var expected = (
                Received: received.LongCount(f => Day(f.ReceivedAt!.Value) == d),
                Resolved: received.LongCount(f => Resolved(f) && Day(f.ResultReadyAt!.Value) == d),
                Overdue: received.LongCount(f => Day(f.ReceivedAt!.Value) <= d && (Ended(f) is not { } e || e > d) && f.OriginalDueAt < nextDay));
            Assert.True(expected == (day.Received, day.Resolved, day.Overdue), $"{day.Date}: mong đợi {expected}, nhận {(day.Received, day.Resolved, day.Overdue)}");
        }
        Assert.Equal(view.Days.Sum(d => d.Received), view.Totals.Received);
        Assert.Equal(view.Days.Sum(d => d.Resolved), view.Totals.Resolved);
        Assert.True(view.Days.Sum(d => d.Received) > 0 || from is not null, "Kỳ mặc định phải có hồ sơ tiếp nhận.");

        var resolved = received.Where(f => Resolved(f) && Day(f.ResultReadyAt!.Value) >= first && Day(f.ResultReadyAt!.Value) <= last).ToList();
        AssertFigures(resolved.GroupBy(f => codes[f.AgencyId]), view.Agencies, "đơn vị");
        AssertFigures(resolved.GroupBy(f => f.Field), view.Fields, "lĩnh vực");
        AssertFigures(resolved.GroupBy(f => f.ProcedureCode), view.Procedures, "thủ tục");
        Assert.Equal(resolved.Count, view.Totals.Resolved);
        if (resolved.Count > 0)
            Assert.Equal((double)resolved.Count(f => Timing(f) != "late") / resolved.Count, view.Totals.OnTimeRate!.Value, 9);

        var now = app.Clock.GetUtcNow();
        var overdue = facts.Where(f => f.Status is 2 or 4 or 5 or 6 or 7 && f.OriginalDueAt < now)
            .OrderBy(f => f.OriginalDueAt).ToList();
        Assert.Equal(overdue.Count, view.Overdue.Total);
        // One rule: the box "Đang quá hạn" equals today's point of the chart.
        if (last == today) Assert.Equal(view.Overdue.Total, view.Days[^1].Overdue);
        Assert.Equal(Math.Min(overdue.Count, DashboardReads.OverdueShown), view.Overdue.Dossiers.Count);
        Assert.Equal(overdue.Take(DashboardReads.OverdueShown).Select(f => f.OriginalDueAt!.Value.ToUniversalTime()),
            view.Overdue.Dossiers.Select(d => d.OriginalDueAt.ToUniversalTime()));
        Assert.Subset(overdue.Select(f => f.Code).ToHashSet(), view.Overdue.Dossiers.Select(d => d.Code).ToHashSet());
        Assert.All(view.Overdue.Dossiers, d => Assert.False(string.IsNullOrEmpty(d.Holder)));
        output.WriteLine($"{agency} {view.From}–{view.To}: tiếp nhận {view.Totals.Received}, giải quyết {view.Totals.Resolved}, quá hạn {view.Overdue.Total}, " +
            $"{view.Agencies.Count} đơn vị, {view.Fields.Count} lĩnh vực, {view.Procedures.Count} thủ tục");
    }

    [Fact]
    public async Task The_page_draws_each_chart_with_its_table_and_names_a_bad_date()
    {
        await GenerateAsync();
        var inspector = await app.OfficerAsync("thanhtra");
        var view = (await inspector.GetFromJsonAsync<DashboardView>("/api/v1/reports/dashboard?from=01/09/2025&to=17/11/2025", Json))!;
        var html = await inspector.GetStringAsync("/bao-cao/tong-quan?from=01/09/2025&to=17/11/2025");
        foreach (var id in new[] { "days-chart", "days-table", "agencies-chart", "agencies-table", "fields-chart", "fields-table", "procedures-chart", "procedures-table", "overdue-table" })
            Assert.Contains($"id=\"{id}\"", html);
        Assert.Contains("<caption>", html);
        Assert.Contains("scope=\"row\"", html);
        Assert.Contains($"<dd>{view.Totals.Received.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"))}</dd>", html);
        Assert.Contains($"href=\"/ho-so/{view.Overdue.Dossiers[0].Code}\"", html);
        Assert.DoesNotContain("type=\"date\"", html);
        Assert.Contains("/bao-cao/tong-quan", await inspector.GetStringAsync("/bao-cao"));

        var bad = await inspector.GetAsync("/bao-cao/tong-quan?from=31/02/2025&to=17/11/2025");
        Assert.Equal((HttpStatusCode)422, bad.StatusCode);
        // 31/02 has the shape of a date but is not one: told so (trial defect 7).
        Assert.Contains("Ngày đầu kỳ \"31/02/2025\" không phải là ngày có thật: tháng 2 năm 2025 chỉ có 28 ngày.",
            System.Net.WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Leaders_read_their_unit_the_inspector_and_administrator_any_others_nothing_and_bad_input_is_named()
    {
        var commune = await app.OfficerAsync("lanhdao.thuanhoa");
        var own = (await commune.GetFromJsonAsync<DashboardView>("/api/v1/reports/dashboard", Json))!;
        Assert.Equal(DemoData.ThuanHoaCode, own.AgencyCode);
        Assert.Equal(HttpStatusCode.OK, (await commune.GetAsync("/bao-cao/tong-quan")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await commune.GetAsync($"/api/v1/reports/dashboard?agency={DemoData.CentreCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await commune.GetAsync($"/bao-cao/tong-quan?agency={DemoData.PhuXuanCode}")).StatusCode);
        var centre = (await (await app.OfficerAsync("lanhdao.trungtam")).GetFromJsonAsync<DashboardView>("/api/v1/reports/dashboard", Json))!;
        Assert.Contains(DemoData.ThuanHoaCode, centre.UnitCodes);
        Assert.Contains(DemoData.PhuXuanCode, centre.UnitCodes);
        foreach (var reader in new[] { "thanhtra", "quantri" })
            Assert.Equal(HttpStatusCode.OK, (await (await app.OfficerAsync(reader)).GetAsync($"/api/v1/reports/dashboard?agency={DemoData.PhuXuanCode}")).StatusCode);
        foreach (var other in new[] { "tiepnhan.thuanhoa", "chuyenvien.tuphap", "ketoan.trungtam" })
        {
            var client = await app.OfficerAsync(other);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/reports/dashboard")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/bao-cao/tong-quan")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ApiClient().GetAsync("/api/v1/reports/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/reports/dashboard")).StatusCode);
        var inspector = await app.OfficerAsync("thanhtra");
        foreach (var (query, field) in new[]
        {
            ("agency=KHONG.CO", "agency"), ("from=31/02/2025&to=01/03/2025", "from"), ("from=2025-10-01&to=hôm nay", "to"),
            ("from=2025-11-01&to=2025-10-01", "to"), ("from=01/01/2024&to=17/11/2025", "from"), ("from=01/11/2025&to=18/11/2025", "to"),
        })
        {
            var answer = await inspector.GetAsync($"/api/v1/reports/dashboard?{query}");
            Assert.Equal((HttpStatusCode)422, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
        }
    }

    // Its own app: the reminders' scans move the clock. A provincial dossier is received at the centre, transferred and
    // assigned; past its step's due the scan tells the department head, later the leader; once its legal due has passed
    // the dashboard lists it overdue with its step, its officer and unit, and how far it was escalated.
    [Fact]
    public async Task An_overdue_dossier_escalated_by_the_reminders_shows_who_holds_it_and_who_was_told()
    {
        using var own = new MotCuaApp();
        var vn = VietnamTime.Offset;
        own.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, vn);
        var submitted = await own.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", agencyCode: DemoData.CentreCode, fullName: "Hồ Thị Lan"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        foreach (var (userName, action, body) in new (string, string, object)[]
        {
            ("tiepnhan.trungtam", "transfer", new { }),
            ("truongphong.trungtam", "assign", new { userName = "chuyenvien.trungtam" }),
        })
        {
            own.Clock.Now = own.Clock.Now.AddMinutes(5);
            var response = await (await own.OfficerAsync(userName)).PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body);
            Assert.True(response.IsSuccessStatusCode, $"{action}: {await response.Content.ReadAsStringAsync()}");
        }
        DateTimeOffset stepDue, originalDue;
        string holder, officer;
        WorkingCalendar calendar;
        await using (var scope = own.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var dossier = await db.Dossiers.AsNoTracking().SingleAsync(d => d.Code == code);
            (stepDue, originalDue, officer) = (dossier.CurrentStepDueAt!.Value, dossier.OriginalDueAt!.Value, dossier.AssigneeName!);
            holder = await db.Agencies.Where(a => a.Id == dossier.CurrentAgencyId).Select(a => a.Name).SingleAsync();
            calendar = await scope.ServiceProvider.GetRequiredService<CalendarStore>()
                .ForAsync(await db.Agencies.AsNoTracking().SingleAsync(a => a.Code == DemoData.CentreCode));
        }
        async Task ScanAsync()
        {
            await using var scope = own.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<OfficerReminders>().ScanAsync(CancellationToken.None);
        }
        async Task<OverdueListView> OverdueAsync() =>
            (await (await own.OfficerAsync("lanhdao.trungtam")).GetFromJsonAsync<DashboardView>("/api/v1/reports/dashboard", Json))!.Overdue;

        // Past the step's due by one working day: the department head is told, not yet the leader.
        var toHead = calendar.AddWorkingTime(stepDue, calendar.WorkingTimeOf(TimeLimit.Days(1))).AddMinutes(1);
        var toLeader = calendar.AddWorkingTime(stepDue, calendar.WorkingTimeOf(TimeLimit.Days(2))).AddMinutes(1);
        own.Clock.Now = toHead;
        await ScanAsync();
        // Then the legal due passes (no scan in between: the notices stay as they were).
        own.Clock.Now = originalDue > toHead ? originalDue.AddMinutes(1) : toHead;
        var listed = Assert.Single((await OverdueAsync()).Dossiers, d => d.Code == code);
        Assert.Equal(("head", officer, holder, "Thẩm định hồ sơ"), (listed.Escalated, listed.Officer, listed.Holder, listed.Step));
        own.Clock.Now = own.Clock.Now > toLeader ? own.Clock.Now : toLeader;
        await ScanAsync();
        var overdue = await OverdueAsync();
        Assert.Equal("leader", Assert.Single(overdue.Dossiers, d => d.Code == code).Escalated);
        var escalated = await own.ScalarAsync($"""
            SELECT count(*) FROM dossiers d WHERE d.status IN (2, 4, 5, 6, 7) AND d.original_due_at < '{own.Clock.GetUtcNow():O}'
               AND EXISTS (SELECT 1 FROM officer_notices n WHERE n.kind = 'escalation' AND n.dossier_code = d.code)
            """);
        Assert.Equal(escalated, overdue.Escalated);
        Assert.True(overdue.Escalated >= 1);
        var page = await (await own.OfficerAsync("lanhdao.trungtam")).GetStringAsync("/bao-cao/tong-quan");
        Assert.Contains($"href=\"/ho-so/{code}\"", page);
        // Who was told, by name and level, from the notices (trial defect 2).
        Assert.Equal(["head", "leader"], overdue.Dossiers.Single(d => d.Code == code).Notified.Select(n => n.Level).Distinct().Order());
        Assert.Contains("Trưởng phòng: Huỳnh Văn Nam", page);
        Assert.Contains("Lãnh đạo: Tôn Thất Minh", page);
    }
}
