using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Registers;
using MotCua.Domain.Reports;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Processing;
using MotCua.Web.Features.Reports;
using MotCua.Web.Infrastructure;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 15: the demo's history of dossiers (<see cref="DemoHistory"/>), seeded through the real intake and processing on
/// this factory's own database (the other tests' databases never get it): every report and book has figures, the Sở route
/// fills the department head's worklist, and a second run adds nothing.
/// </summary>
public class DemoHistoryTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Counted = """
        SELECT (SELECT count(*) FROM dossiers) || '/' || (SELECT count(*) FROM dossier_events) || '/' || (SELECT count(*) FROM payments)
            || '/' || (SELECT count(*) FROM register_entries) || '/' || (SELECT count(*) FROM users) || '/' || (SELECT count(*) FROM outbox)
        """;

    [Fact]
    public async Task The_history_fills_every_report_book_and_the_So_worklist_and_a_second_run_adds_nothing()
    {
        var end = app.Clock.Now;
        var first = await DemoHistory.SeedAsync(app.Services, end);
        output.WriteLine($"{first.Dossiers} hồ sơ, {first.Actions} thao tác, {first.Payments} khoản thu, {first.Refused} bị từ chối, {first.Elapsed.TotalSeconds:0.0} giây");
        foreach (var problem in first.Problems) output.WriteLine(problem);
        Assert.False(first.Skipped);
        Assert.True(first.Refused == 0, string.Join(Environment.NewLine, first.Problems));
        Assert.True(first.Dossiers >= 400, $"{first.Dossiers} hồ sơ");
        var before = await TextAsync(Counted);
        output.WriteLine($"hồ sơ/sự kiện/khoản tiền/dòng sổ/tài khoản/outbox: {before}; biên lai {await TextAsync("SELECT count(*) FROM receipts")}; trạng thái "
            + await TextAsync("SELECT string_agg(status || ': ' || n, ', ') FROM (SELECT status, count(*) n FROM dossiers GROUP BY 1 ORDER BY 1) x"));

        var second = await DemoHistory.SeedAsync(app.Services, end);
        Assert.True(second.Skipped);
        Assert.Equal((0, 0, 0), (second.Dossiers, second.Actions, second.Payments));
        Assert.Equal(before, await TextAsync(Counted));

        // Biểu 06 for the province from a month into the history (so some dossiers are carried over) to the clock's day:
        // the identities hold on every row and the total (the API refuses a report that breaks one), and every column group has a figure.
        var inspector = await app.OfficerAsync("thanhtra");
        var from = VietnamTime.DateOf(end).AddDays(-DemoHistory.Days + 30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = VietnamTime.DateOf(end).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var view = (await inspector.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?agency={DemoData.CentreCode}&from={from}&to={to}", Json))!;
        output.WriteLine($"Biểu 06 {from}–{to}: {view.Total}");
        foreach (var row in view.Rows.Append(view.Total)) Assert.Empty(Bieu06.IdentityProblems(row));
        var t = view.Total;
        Assert.All(new[]
        {
            ("carried", t.Carried), ("online", t.Online), ("direct", t.Direct), ("postal", t.Postal),
            ("early", t.Early), ("on-time", t.OnTime), ("late", t.Late), ("within-limit", t.WithinLimit), ("overdue", t.Overdue),
            ("withdrawn", t.Withdrawn), ("stopped", t.Stopped), ("refused", t.Refused),
        }, c => Assert.True(c.Item2 > 0, $"Cột {c.Item1} của Biểu 06 bằng 0."));

        // Every official book and the fee register have lines; supplements and financial obligations happened.
        var books = await TextAsync("SELECT string_agg(DISTINCT book, ',') FROM register_entries");
        foreach (var book in OfficialBooks.All) Assert.Contains(book.Key, books.Split(','));
        Assert.True(await app.ScalarAsync("SELECT count(*) FROM receipts") > 0, "Sổ thu phí không có dòng nào.");
        Assert.True(await app.ScalarAsync("SELECT count(*) FROM payment_requests WHERE reason = 'financialObligation' AND status = 'paid'") > 0);
        Assert.True(await app.ScalarAsync("SELECT count(*) FROM payment_requests WHERE reason = 'intake' AND status = 'paid'") > 0);
        Assert.True(await app.ScalarAsync("SELECT count(*) FROM dossier_events WHERE to_status = 5") > 0);

        // The cases a leader, an inspector and a trainee look for, counted from what the database holds: refusals at intake
        // (Mẫu 03 at the desk, refuse-online), extensions (Mẫu 04), co-agency answers, send-backs.
        var cases = await TextAsync("""
            SELECT (SELECT count(*) FROM dossiers WHERE status = 3 AND channel <> 2) || '/' || (SELECT count(*) FROM dossiers WHERE status = 3 AND channel = 2)
                || '/' || (SELECT count(*) FROM dossier_events WHERE action = 'extend') || '/' || (SELECT count(*) FROM dossiers WHERE extended_at IS NOT NULL)
                || '/' || (SELECT count(*) FROM dossier_events WHERE action = 'co-agency') || '/' || (SELECT count(*) FROM dossier_events WHERE action = 'send-back')
            """);
        output.WriteLine($"từ chối tiếp nhận (quầy/trực tuyến), gia hạn (sự kiện/hồ sơ), ý kiến phối hợp, trả lại bước trước: {cases}");
        Assert.All(cases.Split('/'), n => Assert.True(long.Parse(n, CultureInfo.InvariantCulture) > 0, cases));
        // An extension is at least a working day before the due date and the dossier keeps its original due date for the reports.
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM dossiers WHERE extended_at IS NOT NULL AND NOT (due_at > original_due_at)"));
        // The leader signs only once every co-agency task is answered.
        Assert.Equal(0, await app.ScalarAsync("""
            SELECT count(*) FROM dossiers d WHERE open_task_agency_ids <> '{}' AND EXISTS (SELECT 1 FROM dossier_events e WHERE e.dossier_id = d.id AND e.action = 'approve')
            """));

        // Intake fees paid every way: cash and transfer confirmed by the accountant, online by the partner's callback (its
        // transaction id kept); flagged payments left for the accountant; a receipt cancelled and replaced.
        var methods = await TextAsync("SELECT string_agg(DISTINCT method, ',' ORDER BY method) FROM payments WHERE flag IS NULL");
        Assert.Equal("cash,online,transfer", methods);
        Assert.True(await app.ScalarAsync("SELECT count(*) FROM payments WHERE method = 'online' AND partner_id IS NOT NULL AND flag IS NULL AND request_id IS NOT NULL") > 0);
        foreach (var flag in new[] { "underpaid", "duplicate" })
            Assert.True(await app.ScalarAsync($"SELECT count(*) FROM payments WHERE flag = '{flag}' AND flag_resolved_at IS NULL") > 0, flag);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM payments WHERE flag IS NOT NULL AND flag NOT IN ('underpaid', 'duplicate')"));
        Assert.True(await app.ScalarAsync("""
            SELECT count(*) FROM receipts c JOIN receipts r ON r.payment_id = c.payment_id AND r.cancelled_at IS NULL AND r.id > c.id WHERE c.cancelled_at IS NOT NULL
            """) > 0, "Không có biên lai bị hủy và lập thay thế.");
        var paidRequests = await app.ScalarAsync("SELECT count(*) FROM payment_requests WHERE reason = 'intake' AND status = 'paid'");
        output.WriteLine($"Phí nộp khi tiếp nhận đã thu: {paidRequests}; {await TextAsync("SELECT string_agg(method || ' ' || coalesce(flag, '-') || ' ' || n, ', ') FROM (SELECT method, flag, count(*) n FROM payments GROUP BY 1, 2 ORDER BY 1, 2) x")}");
        // The accountant of a unit with flagged money finds it on /ke-toan.
        var flagged = await TextAsync("""
            SELECT u.user_name || ' ' || d.code FROM payments p JOIN dossiers d ON d.id = p.dossier_id JOIN users u ON u.agency_id = d.receiving_agency_id AND u.role = 'accountant'
            WHERE p.flag = 'underpaid' AND p.flag_resolved_at IS NULL ORDER BY p.id, u.id LIMIT 1
            """);
        var accountant = await app.OfficerAsync(flagged.Split(' ')[0]);
        var page = await accountant.GetStringAsync("/ke-toan");
        Assert.Contains(flagged.Split(' ')[1], page);
        Assert.Contains("Nộp thiếu", page);

        // Biểu 06 of the whole history for the province: refusals at intake are not received (docs/REPORTS.md §1), so
        // "received" is every dossier but those still unchecked online (1) and refused at intake (3); and month by month
        // every identity holds.
        var whole = (await inspector.GetFromJsonAsync<Bieu06View>(
            $"/api/v1/reports/bieu-06?agency={DemoData.CentreCode}&from={Day(VietnamTime.DateOf(end).AddDays(-DemoHistory.Days - 5))}&to={to}", Json))!;
        Assert.Equal(await app.ScalarAsync("SELECT count(*) FROM dossiers WHERE status NOT IN (1, 3) AND received_at IS NOT NULL"), whole.Total.ReceivedTotal);
        Assert.Equal(0, whole.Total.Carried);
        for (var month = VietnamTime.DateOf(end).AddDays(-DemoHistory.Days); month <= VietnamTime.DateOf(end); month = month.AddMonths(1))
        {
            var start = new DateOnly(month.Year, month.Month, 1);
            var last = start.AddMonths(1).AddDays(-1) is var monthEnd && monthEnd > VietnamTime.DateOf(end) ? VietnamTime.DateOf(end) : monthEnd;
            var monthly = (await inspector.GetFromJsonAsync<Bieu06View>(
                $"/api/v1/reports/bieu-06?agency={DemoData.CentreCode}&from={Day(start)}&to={Day(last)}", Json))!;
            foreach (var row in monthly.Rows.Append(monthly.Total)) Assert.Empty(Bieu06.IdentityProblems(row));
        }

        // Every procedure adopted with a published process has at least one dossier.
        Assert.Equal("", await TextAsync("""
            SELECT coalesce(string_agg(DISTINCT a.procedure_code, ', '), '') FROM agency_procedures a
            WHERE a.process IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.procedure_code = a.procedure_code)
            """));
        // Desk, online and postal; individuals, enterprises and organisations.
        Assert.Equal(3, await app.ScalarAsync("SELECT count(DISTINCT channel) FROM dossiers"));
        Assert.Equal(3, await app.ScalarAsync("SELECT count(DISTINCT applicant_kind) FROM dossiers"));

        // The Sở route: Sở Tư pháp's head has dossiers to assign, its specialist and leader acted on others.
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var head = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "truongphong.tuphap");
        var mine = await scope.ServiceProvider.GetRequiredService<Worklists>().ReadAsync(Sessions.PrincipalOf(head), WorklistName.Mine, 1, CancellationToken.None);
        Assert.True(mine!.Total > 0, "Trưởng phòng Sở Tư pháp không có hồ sơ nào chờ phân công.");
        foreach (var officer in new[] { "truongphong.tuphap", "chuyenvien.tuphap", "lanhdao.tuphap" })
            Assert.True(await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN users u ON u.id = e.actor_user_id WHERE u.user_name = '{officer}'") > 0, officer);

        // Applicants rated about half of the returned dossiers through the rating store (issue 17): every channel, each
        // verdict, the unsatisfied ones counted as the 766 index's input 19, and the busiest unit's figures are shown (5 or more).
        var returned = await app.ScalarAsync("SELECT count(*) FROM dossiers WHERE status = 10");
        output.WriteLine($"đánh giá: {first.Ratings} của {returned} hồ sơ đã trả; "
            + await TextAsync("SELECT string_agg(channel || ':' || overall || ' ' || n, ', ') FROM (SELECT channel, overall, count(*) n FROM ratings GROUP BY 1, 2 ORDER BY 1, 2) x"));
        Assert.InRange(first.Ratings, returned / 4, returned * 3 / 4);
        Assert.Equal(first.Ratings, await app.ScalarAsync("SELECT count(*) FROM ratings"));
        Assert.Equal(4, await app.ScalarAsync("SELECT count(DISTINCT channel) FROM ratings"));
        Assert.Equal(3, await app.ScalarAsync("SELECT count(DISTINCT overall) FROM ratings"));
        Assert.Equal(await app.ScalarAsync("SELECT count(*) FROM ratings WHERE overall = 0"),
            await app.ScalarAsync("SELECT coalesce(sum(n), 0) FROM index766_counts WHERE input = 19"));
        var busiest = await TextAsync("SELECT a.code FROM ratings r JOIN agencies a ON a.id = r.agency_id GROUP BY a.code ORDER BY count(*) DESC, a.code LIMIT 1");
        var figures = (await inspector.GetFromJsonAsync<JsonElement>(
            $"/api/v1/reports/ratings?agency={busiest}&from={Day(VietnamTime.DateOf(end).AddDays(-DemoHistory.Days - 5))}&to={to}", Json))!;
        var shown = figures.GetProperty("rows").EnumerateArray().Single();
        output.WriteLine($"{busiest}: {shown}");
        Assert.True(shown.GetProperty("n").GetInt64() >= 5, shown.ToString());
        Assert.Equal(JsonValueKind.Array, shown.GetProperty("averages").ValueKind);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<string> TextAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
    }
}
