using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Reminders;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Officers' reminders on a real PostgreSQL (issue 13, "Officers", docs/MESSAGES.md §7): a provincial dossier is received
/// at the centre, transferred and assigned to its specialist; the app's clock moves past the step's due instant and the
/// scan warns the specialist once, tells them it is overdue, escalates to the department head after one working day and
/// to the leader after two, sends the morning summary on working days only, with an e-mail outbox row for each officer
/// who has an address; two instances scanning at once write each notice once.
/// </summary>
public class OfficerReminderTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;

    private sealed record Arranged(string Code, DateTimeOffset DueAt, WorkingCalendar Calendar);

    private static async Task ExecAsync(MotCuaApp app, string sql)
    {
        await app.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // Received Monday 09:00, transferred and assigned at 09:10: the dossier is at the appraisal step of the centre's process.
    // The specialist and the head have e-mail addresses, the leader has none.
    private static async Task<Arranged> ArrangeAsync(MotCuaApp app)
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", agencyCode: DemoData.CentreCode, fullName: "Hồ Thị Lan"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        foreach (var (userName, action, body) in new (string, string, object)[]
        {
            ("tiepnhan.trungtam", "transfer", new { }),
            ("truongphong.trungtam", "assign", new { userName = "chuyenvien.trungtam" }),
        })
        {
            app.Clock.Now = app.Clock.Now.AddMinutes(5);
            var response = await (await app.OfficerAsync(userName)).PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body);
            Assert.True(response.IsSuccessStatusCode, $"{action}: {await response.Content.ReadAsStringAsync()}");
        }
        await ExecAsync(app, """
            UPDATE users SET email = 'linh.pham@hue.gov.vn' WHERE user_name = 'chuyenvien.trungtam';
            UPDATE users SET email = 'nam.huynh@hue.gov.vn' WHERE user_name = 'truongphong.trungtam';
            """);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var dossier = await db.Dossiers.AsNoTracking().SingleAsync(d => d.Code == code);
        Assert.Equal("Thẩm định hồ sơ", dossier.CurrentStepName);
        var calendar = await scope.ServiceProvider.GetRequiredService<CalendarStore>()
            .ForAsync(await db.Agencies.AsNoTracking().SingleAsync(a => a.Code == DemoData.CentreCode));
        return new Arranged(code, dossier.CurrentStepDueAt!.Value, calendar);
    }

    private static async Task<int> ScanAsync(MotCuaApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OfficerReminders>().ScanAsync(CancellationToken.None);
    }

    // Every notice as "user kind", in key order.
    private static async Task<List<string>> NoticesAsync(MotCuaApp app)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT u.user_name || ' ' || n.kind FROM officer_notices n JOIN users u ON u.id = n.user_id ORDER BY n.id", connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    private static string Show(DateTimeOffset instant) => instant.ToOffset(Vn).ToString("ddd dd/MM HH:mm");

    [Fact]
    public async Task The_handler_is_warned_once_then_told_it_is_overdue_then_the_head_and_the_leader_are_told()
    {
        using var app = new MotCuaApp();
        var (code, due, calendar) = await ArrangeAsync(app);
        output.WriteLine($"Hồ sơ {code}, bước thẩm định hạn {Show(due)}");

        Assert.Equal(0, await ScanAsync(app));
        Assert.Empty(await NoticesAsync(app));

        // Four working hours before the due instant, the warning; a second scan writes nothing.
        var warnFrom = due;
        for (var t = app.Clock.Now; t < due; t = t.AddMinutes(1))
            if (calendar.AddWorkingTime(t, TimeSpan.FromHours(4)) >= due) { warnFrom = t; break; }
        app.Clock.Now = warnFrom.AddMinutes(-1);
        Assert.Equal(0, await ScanAsync(app));
        app.Clock.Now = warnFrom;
        Assert.Equal(1, await ScanAsync(app));
        Assert.Equal(0, await ScanAsync(app));
        Assert.Equal(["chuyenvien.trungtam warning"], await NoticesAsync(app));
        output.WriteLine($"Cảnh báo lúc {Show(warnFrom)}");

        app.Clock.Now = due;
        Assert.Equal(0, await ScanAsync(app));
        app.Clock.Now = due.AddMinutes(1);
        await ScanAsync(app);
        await ScanAsync(app);
        var notices = await NoticesAsync(app);
        Assert.Equal(1, notices.Count(n => n == "chuyenvien.trungtam overdue"));
        Assert.DoesNotContain(notices, n => n.EndsWith(" escalation", StringComparison.Ordinal));

        var toHead = calendar.AddWorkingTime(due, calendar.WorkingTimeOf(TimeLimit.Days(1)));
        app.Clock.Now = toHead;
        await ScanAsync(app);
        Assert.DoesNotContain(await NoticesAsync(app), n => n.EndsWith(" escalation", StringComparison.Ordinal));
        app.Clock.Now = toHead.AddMinutes(1);
        await ScanAsync(app);
        await ScanAsync(app);
        Assert.Equal(["truongphong.trungtam escalation"], (await NoticesAsync(app)).Where(n => n.EndsWith(" escalation", StringComparison.Ordinal)));

        var toLeader = calendar.AddWorkingTime(due, calendar.WorkingTimeOf(TimeLimit.Days(2)));
        app.Clock.Now = toLeader.AddMinutes(1);
        await ScanAsync(app);
        await ScanAsync(app);
        notices = await NoticesAsync(app);
        Assert.Equal(["truongphong.trungtam escalation", "lanhdao.trungtam escalation"], notices.Where(n => n.EndsWith(" escalation", StringComparison.Ordinal)));
        Assert.Equal(1, notices.Count(n => n == "chuyenvien.trungtam warning"));
        Assert.Equal(1, notices.Count(n => n == "chuyenvien.trungtam overdue"));
        output.WriteLine($"Trưởng phòng từ {Show(toHead.AddMinutes(1))}, lãnh đạo từ {Show(toLeader.AddMinutes(1))}; thông báo: {string.Join(", ", notices)}");

        // An e-mail for each notice of an officer with an address, none for the leader, who has none.
        Assert.Equal(await app.ScalarAsync("""
            SELECT count(*) FROM officer_notices n JOIN users u ON u.id = n.user_id WHERE u.email IS NOT NULL
            """), await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'email' AND topic = 'officer.reminder'"));
        Assert.Equal(0, await app.ScalarAsync("""
            SELECT count(*) FROM officer_notices n JOIN users u ON u.id = n.user_id WHERE u.user_name = 'lanhdao.trungtam' AND n.message_id IS NOT NULL
            """));
        Assert.Equal(0, await app.ScalarAsync("""
            SELECT count(*) FROM officer_notices n LEFT JOIN outbox o ON o.message_id = n.message_id WHERE n.message_id IS NOT NULL AND o.id IS NULL
            """));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var warning = await db.Outbox.AsNoTracking().Where(o => o.Topic == "officer.reminder").OrderBy(o => o.Id).FirstAsync();
            var email = warning.Payload.RootElement;
            Assert.Equal(("email", "linh.pham@hue.gov.vn", code), (warning.Target, email.GetProperty("to").GetString(), email.GetProperty("code").GetString()));
            Assert.Equal($"Sắp đến hạn xử lý: hồ sơ {code}", email.GetProperty("subject").GetString());
            var text = email.GetProperty("text").GetString()!;
            Assert.Contains("Thẩm định hồ sơ", text);
            Assert.Contains($"/ho-so/{code}", text);
            Assert.Contains(due.ToOffset(Vn).ToString("HH:mm dd/MM/yyyy"), text);
            Assert.Equal($"email:officer:{await db.Users.Where(u => u.UserName == "chuyenvien.trungtam").Select(u => u.Id).SingleAsync()}", warning.OrderingKey);
            output.WriteLine($"Thư: {email.GetProperty("subject").GetString()}\n{text}");
        }

        // The in-app list: own notices only, unread first; marking one read.
        var specialist = await app.OfficerAsync("chuyenvien.trungtam");
        var own = (await specialist.GetFromJsonAsync<JsonElement[]>("/api/v1/officer-notices"))!;
        Assert.Equal(["overdue", "warning"], own.Select(n => n.GetProperty("kind").GetString()));
        Assert.All(own, n => Assert.Equal(code, n.GetProperty("dossierCode").GetString()));
        var warningId = own[1].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await specialist.PostAsync($"/api/v1/officer-notices/{warningId}/read", null)).StatusCode);
        var head = await app.OfficerAsync("truongphong.trungtam");
        Assert.Equal(HttpStatusCode.NotFound, (await head.PostAsync($"/api/v1/officer-notices/{own[0].GetProperty("id").GetInt64()}/read", null)).StatusCode);
        own = await specialist.GetFromJsonAsync<JsonElement[]>("/api/v1/officer-notices");
        Assert.Equal([JsonValueKind.Null, JsonValueKind.String], own!.Select(n => n.GetProperty("readAt").ValueKind));
        var page = await specialist.GetStringAsync("/thong-bao");
        Assert.Contains($"Quá hạn xử lý: hồ sơ {code}", page);
        Assert.Contains("<span class=\"count\" id=\"unread\">1</span>", page);
        var headPage = await head.GetStringAsync("/thong-bao");
        Assert.Contains($"Hồ sơ quá hạn cần chỉ đạo: {code}", headPage);
        Assert.DoesNotContain($"Sắp đến hạn xử lý: hồ sơ {code}", headPage);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ApiClient().GetAsync("/api/v1/officer-notices")).StatusCode);
    }

    [Fact]
    public async Task The_daily_summary_goes_to_the_head_and_the_leader_at_0730_on_working_days_only()
    {
        using var app = new MotCuaApp();
        var (code, due, _) = await ArrangeAsync(app);
        var sunday = VietnamTime.DateOf(due).AddDays(1);
        while (sunday.DayOfWeek != DayOfWeek.Sunday) sunday = sunday.AddDays(1);
        async Task<string[]> Summaries() => [.. (await NoticesAsync(app)).Where(n => n.EndsWith(" summary", StringComparison.Ordinal))];

        app.Clock.Now = VietnamTime.At(sunday, new TimeOnly(8, 0));
        await ScanAsync(app);
        Assert.Empty(await Summaries());
        Assert.Contains("chuyenvien.trungtam overdue", await NoticesAsync(app));

        var monday = sunday.AddDays(1);
        app.Clock.Now = VietnamTime.At(monday, new TimeOnly(7, 29));
        await ScanAsync(app);
        Assert.Empty(await Summaries());
        app.Clock.Now = VietnamTime.At(monday, new TimeOnly(7, 30));
        await ScanAsync(app);
        await ScanAsync(app);
        Assert.Equal(["truongphong.trungtam summary", "lanhdao.trungtam summary"], (await Summaries()).Order().Reverse());
        var body = (await (await app.OfficerAsync("lanhdao.trungtam")).GetFromJsonAsync<JsonElement[]>("/api/v1/officer-notices"))!
            .Single(n => n.GetProperty("kind").GetString() == "summary");
        Assert.Equal($"Tổng hợp hồ sơ quá hạn ngày {monday:dd/MM/yyyy}: 1 hồ sơ", body.GetProperty("title").GetString());
        Assert.Contains(code, body.GetProperty("body").GetString());
        output.WriteLine($"Chủ nhật {sunday:dd/MM}: không tổng hợp; thứ Hai 07:30: {body.GetProperty("title").GetString()}\n{body.GetProperty("body").GetString()}");

        // The next working day brings a new summary.
        app.Clock.Now = VietnamTime.At(monday.AddDays(1), new TimeOnly(7, 30));
        await ScanAsync(app);
        Assert.Equal(4, (await Summaries()).Length);
    }

    [Fact]
    public async Task Two_instances_scanning_at_once_write_each_notice_and_each_email_once()
    {
        using var app = new MotCuaApp();
        var (_, due, calendar) = await ArrangeAsync(app);
        using var second = app.SecondInstance();
        var at = calendar.AddWorkingTime(due, calendar.WorkingTimeOf(TimeLimit.Days(2))).AddMinutes(1);
        app.Clock.Now = second.Clock.Now = at;
        var rounds = new List<int>();
        for (var round = 0; round < 5; round++)
            rounds.AddRange(await Task.WhenAll(ScanAsync(app), ScanAsync(second), ScanAsync(app), ScanAsync(second)));
        var notices = await NoticesAsync(app);
        // Overdue to the specialist, escalation to the head and the leader, and (a working day after 07:30, or the next
        // morning) the summary to each.
        Assert.Equal(notices.Count, notices.Distinct().Count());
        Assert.Equal(notices.Count, rounds.Sum());
        Assert.Contains("chuyenvien.trungtam overdue", notices);
        Assert.Contains("truongphong.trungtam escalation", notices);
        Assert.Contains("lanhdao.trungtam escalation", notices);
        Assert.Equal(await app.ScalarAsync("SELECT count(*) FROM officer_notices WHERE message_id IS NOT NULL"),
            await app.ScalarAsync("SELECT count(*) FROM outbox WHERE topic = 'officer.reminder'"));
        output.WriteLine($"Hai phiên bản, 20 lần quét song song lúc {Show(at)}: {notices.Count} thông báo, mỗi thông báo một lần ({string.Join(", ", notices)}); "
            + $"số ghi theo lần quét: {string.Join(" ", rounds)}");
    }

    [Fact]
    public async Task The_scheduler_scans_by_itself_at_its_interval()
    {
        using var app = new MotCuaApp();
        app.Settings["Motcua:Reminders:Enabled"] = "true";
        app.Settings["Motcua:Reminders:IntervalSeconds"] = "0.2";
        var (_, due, _) = await ArrangeAsync(app);
        app.Clock.Now = due.AddMinutes(1);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !(await NoticesAsync(app)).Contains("chuyenvien.trungtam overdue");)
        {
            Assert.True(DateTime.UtcNow < deadline, "Sau 30 giây bộ lập lịch vẫn chưa báo quá hạn.");
            await Task.Delay(100);
        }
        Assert.Equal(1, (await NoticesAsync(app)).Count(n => n == "chuyenvien.trungtam overdue"));
    }
}
