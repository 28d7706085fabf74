using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 9 over HTTP on a real PostgreSQL: each unit of time through intake and Mẫu 01 (what the citizen reads matches
/// the unit), the case chosen at the desk and the two starts on Mẫu 01, the one rule for instants, the bounds, and the
/// official decisions a new database carries. Each test sets the clock first; the procedure 1.001193 at Thuận Hóa is
/// given the limit under test as an administrator's correction would (a new version).
/// </summary>
public class TimeLimitTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, Vn);

    /// <summary>Publishes a new version of 1.001193 whose channels all carry this limit (and these cases).</summary>
    private async Task PublishAsync(TimeLimit limit, params TimeCase[] cases)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var (spec, _) = (await ProcedureSpecs.LoadCurrentAsync(db, "1.001193", CancellationToken.None))!.Value;
        var edited = spec with { Channels = [.. spec.Channels.Select(c => c with { TimeLimit = limit, TimeText = limit.ToString(), Cases = cases, TimeDoubt = null })] };
        await ProcedureEditing.SaveAsync(db, edited, null, app.Clock.Now, CancellationToken.None);
    }

    private async Task<(JsonElement Receipt, string Pdf)> ReceiveAsync(object body)
    {
        var response = await app.ApiClient().SubmitAsync(body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = receipt.GetProperty("code").GetString()!;
        var pdf = await app.ApiClient().GetAsync($"/api/v1/dossiers/{code}/receipt.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var dir = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "web-tests");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"time-limit-{code}.pdf");
        await File.WriteAllBytesAsync(file, await pdf.Content.ReadAsByteArrayAsync());
        // pdftotext without -layout keeps a printed line together.
        return (receipt, MotCuaApp.Tool("pdftotext", $"\"{file}\" -").Normalize(System.Text.NormalizationForm.FormC));
    }

    // Mẫu 01's notes are a small paragraph that wraps anywhere.
    private static string OneLine(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    private static object Dossier(DateTimeOffset submittedAt, string channel = "direct", int? timeCase = null, DateTimeOffset? competentReceivedAt = null)
    {
        var body = JsonSerializer.SerializeToNode(Requests.Dossier(channel: channel, submittedAt: submittedAt))!.AsObject();
        if (timeCase is { } c) body["timeCase"] = c;
        if (competentReceivedAt is { } competent) body["competentReceivedAt"] = competent.ToString("yyyy-MM-dd'T'HH:mm:sszzz");
        return body;
    }

    public static TheoryData<string, string, string, string, string> Units => new()
    {
        // unit, amount, submitted (Vietnam time), due, what item 3 of Mẫu 01 prints
        // 1.012883's case (issue 9): "30 Ngày", Bộ luật Dân sự Art. 147–148 → the close of Wed 30/12/2026.
        { "calendarDays", "30", "2026-11-30 14:33", "2026-12-30 17:00", "30 ngày" },
        // Nghị định 23/2015 Art. 21(1): before 15:00 → the close of that day.
        { "sameDay", "0", "2026-12-08 14:00", "2026-12-08 17:00", "trong ngày" },
        // Office time only: Tue 10:00 + 4 h → 10:00–11:30, 13:30–16:00.
        { "workingHours", "4", "2026-12-08 10:00", "2026-12-08 16:00", "4 giờ làm việc" },
        // Bộ luật Dân sự Art. 148(3): the same day number three months later.
        { "months", "3", "2027-01-15 09:00", "2027-04-15 17:00", "3 tháng" },
        // N working days of office time (docs/CALENDAR.md §7): Mon 30/11 09:00 + 15 → Mon 21/12 09:00.
        { "workingDays", "15", "2026-11-30 09:00", "2026-12-21 09:00", "15 ngày làm việc" },
    };

    [Theory]
    [MemberData(nameof(Units))]
    public async Task Each_unit_gives_its_due_date_at_intake_and_Mau_01_prints_it_as_published(string unit, string amount, string submitted, string due, string printed)
    {
        var at = DateTimeOffset.ParseExact(submitted + " +07:00", "yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);
        app.Clock.Now = at.AddMinutes(5);
        await PublishAsync(new TimeLimit(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), TimeLimit.ParseUnit(unit)!.Value));

        var (receipt, text) = await ReceiveAsync(Dossier(at));

        Assert.Equal(due, receipt.GetProperty("dueAt").GetDateTimeOffset().ToOffset(Vn).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("+07:00", receipt.GetProperty("dueAt").GetString());
        Assert.Contains($"3. Thời gian giải quyết hồ sơ theo quy định là: {printed}\n", text);
    }

    [Fact]
    public async Task The_case_chosen_at_the_desk_applies_and_its_condition_is_printed()
    {
        app.Clock.Now = At(2026, 12, 8, 9, 5);
        await PublishAsync(TimeLimit.Days(1), new TimeCase(TimeLimit.Days(2), "2 Ngày làm việc", "Trong trường hợp giấy tờ phức tạp cần xác minh."));

        var (receipt, text) = await ReceiveAsync(Dossier(At(2026, 12, 8, 9), timeCase: 1));

        Assert.Equal(At(2026, 12, 10, 9), receipt.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Contains("2 ngày làm việc", text);
        Assert.Contains("mục 3 áp dụng trường hợp: Trong trường hợp giấy tờ phức tạp cần xác minh.", OneLine(text));

        var unknown = await app.ApiClient().SubmitAsync(Dossier(At(2026, 12, 8, 9), timeCase: 2));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("timeCase", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_dossier_received_for_the_competent_agency_counts_from_its_receipt_and_prints_both_starts()
    {
        // Received at the point Friday 4/12/2026 10:00; the competent agency received it at 15:30, after the cut-off, so
        // the count starts Monday 7/12 07:00 (DueStart, [reported] Nghị định 309/2026): 1 working day → Monday 17:00.
        app.Clock.Now = At(2026, 12, 4, 16);
        await PublishAsync(TimeLimit.Days(1));

        var (receipt, text) = await ReceiveAsync(Dossier(At(2026, 12, 4, 10), competentReceivedAt: At(2026, 12, 4, 15, 30)));

        Assert.Equal(At(2026, 12, 7, 17), receipt.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Contains("4. Thời gian nhận hồ sơ: 10 giờ 00 phút, ngày 04 tháng 12 năm 2026", OneLine(text));
        Assert.Contains("Cơ quan có thẩm quyền nhận hồ sơ lúc 15 giờ 30 phút, ngày 04 tháng 12 năm 2026", OneLine(text));

        var before = await app.ApiClient().SubmitAsync(Dossier(At(2026, 12, 4, 10), competentReceivedAt: At(2026, 12, 4, 9)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, before.StatusCode);
        Assert.Contains("competentReceivedAt", await before.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_instant_without_an_offset_is_refused_and_every_instant_comes_back_at_plus_7()
    {
        // Issue 9 case 6: "2026-11-30T07:30:00" was read as UTC (14:30 in Vietnam); then as Vietnam time. Third trial of
        // issue 14: an integrated system must say which (VietnamTime.TryParseApiInstant), so it is refused, nothing written.
        app.Clock.Now = At(2026, 11, 30, 8);
        await PublishAsync(TimeLimit.Days(1));
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var naive = JsonSerializer.SerializeToNode(Requests.Dossier())!.AsObject();
        naive["submittedAt"] = "2026-11-30T07:30:00";
        var naiveAnswer = await app.ApiClient().SubmitAsync(naive);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, naiveAnswer.StatusCode);
        var naiveProblem = await naiveAnswer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("múi giờ", naiveProblem.GetProperty("errors").GetProperty("submittedAt")[0].GetString());
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));

        var body = JsonSerializer.SerializeToNode(Requests.Dossier())!.AsObject();
        body["submittedAt"] = "2026-11-30T00:30:00Z";

        var (receipt, text) = await ReceiveAsync(body);

        Assert.Equal("2026-11-30T07:30:00+07:00", receipt.GetProperty("receivedAt").GetString());
        Assert.Equal("2026-12-01T07:30:00+07:00", receipt.GetProperty("dueAt").GetString());
        Assert.Contains("07 giờ 30 phút, ngày 30 tháng 11 năm 2026", OneLine(text));

        var unreadable = JsonSerializer.SerializeToNode(Requests.Dossier())!.AsObject();
        unreadable["submittedAt"] = "30/11/2026 7h30";
        var refused = await app.ApiClient().SubmitAsync(unreadable);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("submittedAt", out var message), problem.ToString());
        Assert.Contains("ISO-8601", message[0].GetString());
    }

    [Theory]
    // Issue 9 case 7: this answered 500.
    [InlineData("2099-12-30T09:00+07:00", "1000", "workingDays", "from")]
    [InlineData("2026-12-01T09:00+07:00", "1001", "workingDays", "amount")]
    [InlineData("2026-12-01T09:00+07:00", "1.5", "calendarDays", "amount")]
    [InlineData("2026-12-01T09:00+07:00", "61", "months", "amount")]
    [InlineData("2026-12-01T09:00+07:00", "1", "fortnights", "unit")]
    [InlineData("9999-12-31T09:00+07:00", "1", "workingDays", "from")]
    public async Task The_due_date_calculator_refuses_what_is_out_of_bounds_with_a_422_naming_the_field(string from, string amount, string unit, string field)
    {
        var response = await app.CreateClient().GetAsync(
            $"/api/v1/calendar/due?from={Uri.EscapeDataString(from)}&amount={amount}&unit={unit}&agency={DemoData.ThuanHoaCode}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_new_database_carries_the_2025_and_2026_decisions_with_their_sources()
    {
        async Task<string> DueAsync(string from, int days) =>
            (await app.CreateClient().GetFromJsonAsync<JsonElement>(
                $"/api/v1/calendar/due?from={Uri.EscapeDataString(from)}&amount={days}&unit=workingDays&agency={DemoData.ThuanHoaCode}&channel=online"))
            .GetProperty("dueAt").GetString()!;

        // Văn bản 12729/VPCP-KGVX: 2/1/2026 off in exchange for Saturday 10/1/2026.
        Assert.Equal("2026-01-06T10:00:00+07:00", await DueAsync("2025-12-31T10:00:00+07:00", 2));
        Assert.Equal("2026-01-10T10:00:00+07:00", await DueAsync("2026-01-09T10:00:00+07:00", 1));
        // Thông báo 9441/TB-BNV: Tết 16–20/2/2026.
        Assert.Equal("2026-02-23T10:00:00+07:00", await DueAsync("2026-02-13T10:00:00+07:00", 1));

        app.Clock.Now = At(2026, 1, 5, 9);
        var admin = await app.OfficerAsync("quantri");
        var page = await admin.GetStringAsync("/quan-tri/lich?nam=2026");
        Assert.Contains("Theo quyết định chính thức", page);
        Assert.Contains("Văn bản 12729/VPCP-KGVX ngày 25/12/2025", page);
        Assert.Contains("Dữ liệu cài đặt", page);
        var page2025 = await admin.GetStringAsync("/quan-tri/lich?nam=2025");
        Assert.Contains("Thông báo 6150/TB-LĐTBXH", page2025);
    }
}
