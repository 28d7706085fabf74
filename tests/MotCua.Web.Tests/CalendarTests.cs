using MotCua.Domain.Calendar;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Administering the working calendar over HTTP on a real PostgreSQL: official decisions, office hours and cut-offs
/// change the due dates that intake computes. The tests of this class share one database, so each uses its own year
/// or agency, and sets the clock (and signs in) first.
/// </summary>
public class CalendarTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;

    /// <summary>2025 as decided (the Domain tests' Official2025): Tết off Saturday 25/1 to Sunday 2/2, Friday 2/5 swapped for Saturday 26/4.</summary>
    private static readonly object[] Official2025 =
    [
        Day("2025-01-01", "holiday", "Tết Dương lịch"),
        Day("2025-01-27", "holiday", "Tết Nguyên đán"),
        Day("2025-01-28", "holiday", "Tết Nguyên đán"),
        Day("2025-01-29", "holiday", "Tết Nguyên đán"),
        Day("2025-01-30", "holiday", "Tết Nguyên đán"),
        Day("2025-01-31", "holiday", "Tết Nguyên đán"),
        Day("2025-04-07", "holiday", "Giỗ Tổ Hùng Vương"),
        Day("2025-04-26", "makeupWorkday", "Làm bù cho ngày 02/05"),
        Day("2025-04-30", "holiday", "Ngày Chiến thắng"),
        Day("2025-05-01", "holiday", "Ngày Quốc tế Lao động"),
        Day("2025-05-02", "compensatory", "Nghỉ hoán đổi (làm bù thứ Bảy 26/04)"),
        Day("2025-09-01", "holiday", "Quốc khánh"),
        Day("2025-09-02", "holiday", "Quốc khánh"),
    ];

    private static object Day(string date, string kind, string name, string? note = null) => new { date, kind, name, note };

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, Vn);

    private async Task<HttpClient> AdminAsync(DateTimeOffset now)
    {
        app.Clock.Now = now;
        return await app.OfficerAsync("quantri");
    }

    private async Task<JsonElement> DueAsync(DateTimeOffset from, decimal amount, string agency = DemoData.ThuanHoaCode, string channel = "direct") =>
        await app.CreateClient().GetFromJsonAsync<JsonElement>(
            $"/api/v1/calendar/due?from={Uri.EscapeDataString(from.ToString("yyyy-MM-dd'T'HH:mm:sszzz"))}&amount={amount}&unit=workingDays&agency={agency}&channel={channel}");

    private static Task<HttpResponseMessage> PutJsonAsync(HttpClient client, string url, string json) =>
        client.PutAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<long> WrittenAsync() => app.ScalarAsync("SELECT (SELECT count(*) FROM calendar_days) * 1000000 + (SELECT count(*) FROM audit_log)");

    [Fact]
    public async Task Another_instance_on_the_same_database_hears_of_a_new_decision_at_once()
    {
        using var other = app.SecondInstance();
        var url = $"/api/v1/calendar/due?from={Uri.EscapeDataString("2031-03-03T10:00:00+07:00")}&amount=1&unit=workingDays&agency={DemoData.ThuanHoaCode}&channel=direct";
        async Task<DateTimeOffset> OtherDueAsync() => (await other.CreateClient().GetFromJsonAsync<JsonElement>(url)).GetProperty("dueAt").GetDateTimeOffset();
        // The other instance has built and kept its calendar for 2031: Monday 10:00 plus one day is Tuesday 10:00.
        Assert.Equal(At(2031, 3, 4, 10), await OtherDueAsync());

        var admin = await AdminAsync(At(2030, 12, 1, 9));
        var saved = await admin.PutAsJsonAsync("/api/v1/calendar/2031/official-days", new { days = new[] { Day("2031-03-04", "holiday", "Nghỉ theo quyết định đột xuất") } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        // The notification travels with the commit; allow the other instance a moment to hear it, never a restart.
        var due = await OtherDueAsync();
        for (var waited = 0; due != At(2031, 3, 5, 10) && waited < 5000; waited += 50)
        {
            await Task.Delay(50);
            due = await OtherDueAsync();
        }
        Assert.Equal(At(2031, 3, 5, 10), due);
    }

    [Fact]
    public async Task Entering_the_Tet_2025_decision_changes_due_dates_and_the_dossiers_received_afterwards()
    {
        var admin = await AdminAsync(At(2025, 1, 24, 10, 30));
        var friday = At(2025, 1, 24, 10);
        // A new database carries the 2025 decisions (migration 0012); set them aside to see the default rule first.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/calendar/2025/official-days", new { days = Array.Empty<object>() })).StatusCode);

        // The default rule puts Tết 2025 on Tue 28/1–Sat 1/2, so Monday 27/1 is still a working day.
        Assert.Equal(At(2025, 1, 27, 10), (await DueAsync(friday, 1)).GetProperty("dueAt").GetDateTimeOffset());

        var saved = await admin.PutAsJsonAsync("/api/v1/calendar/2025/official-days", new { days = Official2025 });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var due = await DueAsync(friday, 1);
        Assert.Equal(At(2025, 2, 3, 10), due.GetProperty("dueAt").GetDateTimeOffset());
        var tet = Assert.Single(due.GetProperty("skipped").EnumerateArray(), s => s.GetProperty("reason").GetString() == "Tết Nguyên đán");
        Assert.Equal(At(2025, 1, 27, 0), tet.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(At(2025, 2, 1, 0), tet.GetProperty("to").GetDateTimeOffset());

        var intake = await app.ApiClient().SubmitAsync(Requests.Dossier(submittedAt: friday));
        Assert.Equal(HttpStatusCode.Created, intake.StatusCode);
        var receipt = await intake.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(At(2025, 2, 3, 10), receipt.GetProperty("dueAt").GetDateTimeOffset());
        var dossier = await app.ApiClient().GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{receipt.GetProperty("code").GetString()}");
        Assert.Contains(dossier.GetProperty("dueExplanation").EnumerateArray(), s => s.GetProperty("reason").GetString() == "Tết Nguyên đán");

        // The swap: Tuesday 29/4 10:00 skips 30/4, 1/5, the swapped Friday 2/5 and the weekend.
        Assert.Equal(At(2025, 5, 5, 10), (await DueAsync(At(2025, 4, 29, 10), 1)).GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_Saturday_worked_in_exchange_appears_as_makeupWorkday_in_the_documented_shape()
    {
        var admin = await AdminAsync(At(2026, 12, 1, 9));
        var saved = await admin.PutAsJsonAsync("/api/v1/calendar/2027/official-days", new
        {
            days = new[]
            {
                Day("2027-01-01", "holiday", "Tết Dương lịch"),
                Day("2027-01-02", "makeupWorkday", "Làm bù cho ngày 04/01"),
                Day("2027-01-04", "compensatory", "Nghỉ hoán đổi (làm bù thứ Bảy 02/01)"),
            },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var year = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/calendar/2027?agency={DemoData.ThuanHoaCode}");
        Assert.Equal(["year", "officeHours", "cutoff", "days"], year.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2027, year.GetProperty("year").GetInt32());
        Assert.Equal("T2-T6 07:00-11:30,13:30-17:00", year.GetProperty("officeHours").GetString());
        Assert.Equal("15:00", year.GetProperty("cutoff").GetString());
        var days = year.GetProperty("days").EnumerateArray().ToList();
        Assert.All(days, d => Assert.Equal(["date", "kind", "name"], d.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(
            ["2027-01-01 holiday Tết Dương lịch", "2027-01-02 makeupWorkday Làm bù cho ngày 04/01", "2027-01-04 compensatory Nghỉ hoán đổi (làm bù thứ Bảy 02/01)"],
            days.Select(d => $"{d.GetProperty("date").GetString()} {d.GetProperty("kind").GetString()} {d.GetProperty("name").GetString()}"));

        // Thursday 31/12/2026 10:00, 1 day: 1/1 off, Saturday 2/1 worked with weekday hours.
        Assert.Equal(At(2027, 1, 2, 10), (await DueAsync(At(2026, 12, 31, 10), 1)).GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_default_rule_prefills_a_year_that_saves_back_unchanged_and_an_empty_list_returns_to_it()
    {
        var admin = await AdminAsync(At(2025, 12, 1, 9));
        // A new database carries the 2026 decisions (migration 0012); set them aside to work with the default rule.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/calendar/2026/official-days", new { days = Array.Empty<object>() })).StatusCode);
        var defaults = await admin.GetFromJsonAsync<JsonElement>("/api/v1/calendar/2026/default-days");
        var days = defaults.GetProperty("days");
        // Giỗ Tổ 2026 falls on Sunday 26/4: the prefill says why the weekend line is there, and gives Monday back.
        var gioTo = Assert.Single(days.EnumerateArray(), d => d.GetProperty("date").GetString() == "2026-04-26");
        Assert.Contains("Chủ nhật", gioTo.GetProperty("note").GetString());
        Assert.Contains(days.EnumerateArray(), d => d.GetProperty("date").GetString() == "2026-04-27" && d.GetProperty("kind").GetString() == "compensatory");

        var inForceBefore = (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/calendar/2026")).GetProperty("days").GetRawText();
        var saved = await admin.PutAsync("/api/v1/calendar/2026/official-days", JsonContent.Create(new { days }));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(days.GetArrayLength(), await app.ScalarAsync("SELECT count(*) FROM calendar_days WHERE extract(year FROM date) = 2026"));
        var official = await admin.GetFromJsonAsync<JsonElement>("/api/v1/calendar/2026/official-days");
        Assert.Equal(days.GetRawText(), official.GetProperty("days").GetRawText());
        Assert.Equal(inForceBefore, (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/calendar/2026")).GetProperty("days").GetRawText());

        var reset = await admin.PutAsJsonAsync("/api/v1/calendar/2026/official-days", new { days = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM calendar_days WHERE extract(year FROM date) = 2026"));
        Assert.Equal(inForceBefore, (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/calendar/2026")).GetProperty("days").GetRawText());
    }

    public static TheoryData<int, string, string> InvalidDecisions => new()
    {
        { 2026, """{"days":[{"date":"2025-05-01","kind":"holiday","name":"Ngày Quốc tế Lao động"}]}""", "days[0].date" },
        { 2026, """{"days":[{"date":"2026-02-30","kind":"holiday","name":"Tết Nguyên đán"}]}""", "days[0].date" },
        { 2026, """{"days":[{"date":"16/02/2026","kind":"holiday","name":"Tết Nguyên đán"}]}""", "days[0].date" },
        { 2026, """{"days":[{"kind":"holiday","name":"Tết Nguyên đán"}]}""", "days[0].date" },
        { 2026, """{"days":[{"date":20260216,"kind":"holiday","name":"Tết Nguyên đán"}]}""", "days[0].date" },
        { 2026, """{"days":[{"date":"2026-02-16","kind":"vacation","name":"Tết Nguyên đán"}]}""", "days[0].kind" },
        { 2026, """{"days":[{"date":"2026-02-16","name":"Tết Nguyên đán"}]}""", "days[0].kind" },
        { 2026, """{"days":[{"date":"2026-02-16","kind":"holiday","name":"  "}]}""", "days[0].name" },
        { 2026, """{"days":[{"date":"2026-02-16","kind":"holiday"}]}""", "days[0].name" },
        { 2026, $$"""{"days":[{"date":"2026-02-16","kind":"holiday","name":"{{new string('T', 201)}}"}]}""", "days[0].name" },
        { 2026, """{"days":[{"date":"2026-02-16","kind":"holiday","name":"Tết Nguyên đán"},{"date":"2026-02-16","kind":"compensatory","name":"Nghỉ bù"}]}""", "days[1].date" },
        // Monday 16/2 cannot be worked "in exchange": it is a working day already.
        { 2026, """{"days":[{"date":"2026-02-16","kind":"makeupWorkday","name":"Làm bù"}]}""", "days[0].date" },
        // Saturday 14/2 off changes nothing for a Monday-to-Friday desk unless the administrator says why.
        { 2026, """{"days":[{"date":"2026-02-14","kind":"holiday","name":"Tết Nguyên đán"}]}""", "days[0].note" },
        { 2026, """{"days":[{"date":"2026-02-15","kind":"compensatory","name":"Nghỉ bù"}]}""", "days[0].note" },
        { 2026, """{"days":[null]}""", "days[0]" },
        { 2026, """{"days":null}""", "days" },
        { 2026, """{}""", "days" },
        { 2026, """[]""", "body" },
        { 2026, "", "body" },
        { 2026, $$"""{"days":[{{string.Join(",", Enumerable.Range(0, 101).Select(i => $$"""{"date":"{{new DateOnly(2026, 1, 1).AddDays(i):yyyy-MM-dd}}","kind":"holiday","name":"Ngày {{i}}","note":"thử"}"""))}}]}""", "days" },
        { 1899, """{"days":[]}""", "year" },
    };

    [Theory]
    [MemberData(nameof(InvalidDecisions))]
    public async Task An_invalid_decision_is_a_422_naming_the_field_and_writes_nothing(int year, string json, string field)
    {
        var admin = await AdminAsync(At(2025, 12, 1, 9));
        var before = await WrittenAsync();
        await IntakeApiTests.AssertProblem(await PutJsonAsync(admin, $"/api/v1/calendar/{year}/official-days", json), field);
        Assert.Equal(before, await WrittenAsync());
    }

    [Theory]
    [InlineData("""{"officeHours":"T8 07:00-11:30","cutoff":"15:00"}""", "officeHours")]
    [InlineData("""{"officeHours":"T2-T6 7h-11h","cutoff":"15:00"}""", "officeHours")]
    [InlineData("""{"officeHours":"T2-T6 07:00-11:30,11:00-17:00"}""", "officeHours")]
    [InlineData("""{"officeHours":"T2-T6 07:00-11:30","cutoff":"25:00"}""", "cutoff")]
    [InlineData("""{"cutoff":"3 giờ chiều"}""", "cutoff")]
    [InlineData("""{"cutoff":15}""", "cutoff")]
    public async Task Invalid_office_hours_or_cutoff_are_a_422_and_write_nothing(string json, string field)
    {
        var admin = await AdminAsync(At(2025, 12, 1, 9));
        var before = await WrittenAsync();
        await IntakeApiTests.AssertProblem(await PutJsonAsync(admin, $"/api/v1/agencies/{DemoData.ThuanHoaCode}/calendar", json), field);
        await IntakeApiTests.AssertProblem(await PutJsonAsync(admin, $"/api/v1/agencies/{DemoData.ThuanHoaCode}/procedures/1.001193/cutoff", """{"cutoff":"15:60"}"""), "cutoff");
        Assert.Equal(before, await WrittenAsync());
    }

    [Fact]
    public async Task Unknown_agencies_and_procedures_are_404()
    {
        var admin = await AdminAsync(At(2025, 12, 1, 9));
        var agency = await admin.PutAsJsonAsync("/api/v1/agencies/999.99.99.H99/calendar", new { cutoff = "15:00" });
        Assert.Equal(HttpStatusCode.NotFound, agency.StatusCode);
        Assert.Equal("application/problem+json", agency.Content.Headers.ContentType?.MediaType);
        var procedure = await admin.PutAsJsonAsync($"/api/v1/agencies/{DemoData.ThuanHoaCode}/procedures/9.999999/cutoff", new { cutoff = "15:00" });
        Assert.Equal(HttpStatusCode.NotFound, procedure.StatusCode);
    }

    [Fact]
    public async Task Non_administrators_are_refused_and_nothing_is_written()
    {
        app.Clock.Now = At(2025, 12, 1, 9);
        var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        var before = await WrittenAsync();
        var body = JsonSerializer.Serialize(new { days = new[] { Day("2026-02-16", "holiday", "Tết Nguyên đán") } });
        Assert.Equal(HttpStatusCode.Forbidden, (await PutJsonAsync(officer, "/api/v1/calendar/2026/official-days", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutJsonAsync(officer, $"/api/v1/agencies/{DemoData.ThuanHoaCode}/calendar", """{"cutoff":"16:00"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutJsonAsync(officer, $"/api/v1/agencies/{DemoData.ThuanHoaCode}/procedures/1.001193/cutoff", """{"cutoff":"16:00"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/v1/calendar/2026/default-days")).StatusCode);
        // The page tells a signed-in non-administrator that the account has no access (issue 12's 403 page).
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/quan-tri/lich")).StatusCode);
        // An integrated system's key is not an administrator either; nobody at all is asked to sign in.
        Assert.Equal(HttpStatusCode.Forbidden, (await PutJsonAsync(app.ApiClient(), "/api/v1/calendar/2026/official-days", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PutJsonAsync(app.CreateClient(), "/api/v1/calendar/2026/official-days", body)).StatusCode);
        Assert.Equal(before, await WrittenAsync());
    }

    [Fact]
    public async Task Every_change_writes_an_audit_row_with_who_and_before_and_after()
    {
        var admin = await AdminAsync(At(2027, 12, 1, 9));
        var adminId = await app.ScalarAsync("SELECT id FROM users WHERE user_name = 'quantri'");

        await admin.PutAsJsonAsync("/api/v1/calendar/2028/official-days", new { days = new[] { Day("2028-01-01", "holiday", "Tết Dương lịch", "Trùng Thứ Bảy; nghỉ bù thứ Hai 03/01.") } });
        await admin.PutAsJsonAsync("/api/v1/calendar/2028/official-days", new { days = new[] { Day("2028-01-03", "compensatory", "Nghỉ bù Tết Dương lịch") } });
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'calendar.official-days.replace' AND subject = 'calendar:2028' AND user_id = {adminId}"));
        Assert.Equal(1, await app.ScalarAsync("""
            SELECT count(*) FROM audit_log WHERE subject = 'calendar:2028'
              AND details->'before'->0->>'date' = '2028-01-01' AND details->'before'->0->>'note' LIKE 'Trùng Thứ Bảy%'
              AND details->'after'->0->>'date' = '2028-01-03' AND details->>'by' = 'Ngô Đức Anh'
            """));

        var hours = await admin.PutAsJsonAsync($"/api/v1/agencies/{DemoData.CentreCode}/calendar", new { officeHours = "t2 - t6 07:00 - 11:30, 13:30 - 17:00", cutoff = "15:30" });
        Assert.Equal(HttpStatusCode.OK, hours.StatusCode);
        Assert.Equal("T2-T6 07:00-11:30,13:30-17:00", (await hours.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("officeHours").GetString());
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM audit_log WHERE action = 'calendar.office-hours.update' AND subject = 'agency:{DemoData.CentreCode}'
              AND user_id = {adminId} AND details->'before'->>'cutoff' IS NULL AND details->'after'->>'cutoff' = '15:30'
            """));

        var cutoff = await admin.PutAsJsonAsync($"/api/v1/agencies/{DemoData.CentreCode}/procedures/1.001193/cutoff", new { cutoff = "16:00" });
        Assert.Equal(HttpStatusCode.OK, cutoff.StatusCode);
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM audit_log WHERE action = 'calendar.procedure-cutoff.update' AND subject = 'agency:{DemoData.CentreCode}'
              AND details->'after'->>'procedureCode' = '1.001193' AND details->'after'->>'cutoff' = '16:00'
            """));
    }

    [Fact]
    public async Task An_agencys_office_hours_and_a_procedures_cutoff_change_its_due_dates()
    {
        // Friday 6 March 2026, 16:00, a paper dossier: after the 15:00 cut-off, so it counts from Monday.
        var admin = await AdminAsync(At(2026, 3, 6, 16, 5));
        var friday = At(2026, 3, 6, 16);
        Assert.Equal(At(2026, 3, 9, 17), (await DueAsync(friday, 1, DemoData.PhuXuanCode)).GetProperty("dueAt").GetDateTimeOffset());

        var saved = await admin.PutAsJsonAsync($"/api/v1/agencies/{DemoData.PhuXuanCode}/calendar",
            new { officeHours = "T2-T6 07:00-11:30,13:30-17:00; T7 07:30-11:30", cutoff = "16:30" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        // Now it counts from 16:00: Friday 16:00–17:00, Saturday 07:30–11:30, Monday 07:00–10:00.
        Assert.Equal(At(2026, 3, 9, 10), (await DueAsync(friday, 1, DemoData.PhuXuanCode)).GetProperty("dueAt").GetDateTimeOffset());
        var intake = await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: DemoData.PhuXuanCode, submittedAt: friday));
        Assert.Equal(HttpStatusCode.Created, intake.StatusCode);
        Assert.Equal(At(2026, 3, 9, 10), (await intake.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dueAt").GetDateTimeOffset());
        var year = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/calendar/2026?agency={DemoData.PhuXuanCode}");
        Assert.Equal("T2-T6 07:00-11:30,13:30-17:00; T7 07:30-11:30", year.GetProperty("officeHours").GetString());
        Assert.Equal("16:30", year.GetProperty("cutoff").GetString());
        // Another agency keeps its own hours.
        Assert.Equal(At(2026, 3, 9, 17), (await DueAsync(friday, 1, "000.10.04.H46")).GetProperty("dueAt").GetDateTimeOffset());

        // A procedure's own cut-off at Thuận Hóa: the same paper dossier at 16:00 counts that day.
        var procedure = await admin.PutAsJsonAsync($"/api/v1/agencies/{DemoData.ThuanHoaCode}/procedures/1.001193/cutoff", new { cutoff = "16:30" });
        Assert.Equal(HttpStatusCode.OK, procedure.StatusCode);
        var early = await app.ApiClient().SubmitAsync(Requests.Dossier(submittedAt: friday));
        Assert.Equal(At(2026, 3, 9, 16), (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dueAt").GetDateTimeOffset());
        var cleared = await admin.PutAsJsonAsync($"/api/v1/agencies/{DemoData.ThuanHoaCode}/procedures/1.001193/cutoff", new { cutoff = (string?)null });
        Assert.Null((await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cutoff").GetString());
        var late = await app.ApiClient().SubmitAsync(Requests.Dossier(submittedAt: friday));
        Assert.Equal(At(2026, 3, 9, 17), (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_admin_page_saves_a_decision_shows_errors_beside_the_fields_and_computes_a_due_date()
    {
        var admin = await AdminAsync(At(2028, 12, 1, 9));
        var page = await admin.GetStringAsync("/quan-tri/lich?nam=2029&coquan=" + DemoData.ThuanHoaCode);
        Assert.Contains("Theo quy tắc mặc định", page);
        Assert.DoesNotContain("class=\"error\"", page);
        var prefill = await admin.GetStringAsync("/quan-tri/lich?nam=2029&macdinh=1&coquan=" + DemoData.ThuanHoaCode);
        Assert.Contains("name=\"Rows[0].Date\" value=\"2029-01-01\"", prefill);

        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page),
            ["nam"] = "2029", ["coquan"] = DemoData.ThuanHoaCode,
            ["Rows[0].Date"] = "2029-01-01", ["Rows[0].Kind"] = "holiday", ["Rows[0].Name"] = "Tết Dương lịch",
            // Friday 4 May cannot be a make-up workday.
            ["Rows[1].Date"] = "2029-05-04", ["Rows[1].Kind"] = "makeupWorkday", ["Rows[1].Name"] = "Làm bù",
            ["Rows[2].Date"] = "", ["Rows[2].Kind"] = "holiday", ["Rows[2].Name"] = "",
        };
        var refused = await admin.PostAsync("/quan-tri/lich?handler=Save", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Ngày làm bù phải là Thứ Bảy hoặc Chủ nhật; 04/05/2029 là Thứ Sáu.", html);
        Assert.Contains("value=\"Tết Dương lịch\"", html);
        Assert.Equal(0, await app.ScalarAsync("SELECT count(*) FROM calendar_days WHERE extract(year FROM date) = 2029"));

        form["Rows[1].Date"] = "2029-05-05";
        var saved = await admin.PostAsync("/quan-tri/lich?handler=Save", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(2, await app.ScalarAsync("SELECT count(*) FROM calendar_days WHERE extract(year FROM date) = 2029"));
        var after = await admin.GetStringAsync(saved.Headers.Location!.ToString());
        Assert.Contains("Theo quyết định chính thức", after);
        Assert.Contains("Năm 2029: nhập quyết định chính thức, 2 ngày.", after);

        // Office hours: a wrong text is shown back with its message; an emptied one means the national default.
        var hours = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(after), ["nam"] = "2029", ["coquan"] = "000.10.03.H46",
            ["OfficeHoursText"] = "T2-T6 7h-11h", ["CutoffText"] = "16:00",
        };
        var wrong = await (await admin.PostAsync("/quan-tri/lich?handler=Hours", new FormUrlEncodedContent(hours))).Content.ReadAsStringAsync();
        Assert.Contains("value=\"T2-T6 7h-11h\"", wrong);
        Assert.Contains("7h-11h", wrong[wrong.IndexOf("class=\"error\"", wrong.IndexOf("OfficeHoursText", StringComparison.Ordinal), StringComparison.Ordinal)..]);
        hours["OfficeHoursText"] = "";
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync("/quan-tri/lich?handler=Hours", new FormUrlEncodedContent(hours))).StatusCode);
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM agencies WHERE code = '000.10.03.H46' AND office_hours IS NULL AND cutoff = '16:00'"));

        // The calculator: Friday 4/5/2029 10:00, 1 day: Saturday 5/5 is worked.
        using var calculator = new HttpRequestMessage(HttpMethod.Get,
            $"/quan-tri/lich?handler=Due&nam=2029&coquan={DemoData.ThuanHoaCode}&tu=2029-05-04T10:00&thoihan=1&donvi=workingDays&kenh=direct");
        calculator.Headers.Add("HX-Request", "true");
        var result = await (await admin.SendAsync(calculator)).Content.ReadAsStringAsync();
        Assert.Contains("10:00 ngày 05/05/2029", result);
        Assert.DoesNotContain("<html", result);
    }
}
