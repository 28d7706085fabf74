using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>Issue 14: the officer's <c>payment-received</c> carries the paid instant (API <c>paidAt</c>, page dd/MM/yyyy
/// HH:mm): the pause ends then, a paid instant in the future or before the obligation is 422 naming <c>paidAt</c> and
/// nothing changes, and no payment or receipt is recorded; over real HTTP and PostgreSQL.</summary>
public class PaymentReceivedTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, VietnamTime.Offset);

    private static async Task OkAsync(HttpClient client, string code, string action, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<string> AwaitingPaymentAsync(string idNumber)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", agencyCode: DemoData.CentreCode, idNumber: idNumber));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await OkAsync(await app.OfficerAsync("tiepnhan.trungtam"), code, "transfer");
        await OkAsync(await app.OfficerAsync("truongphong.trungtam"), code, "assign", new { userName = "chuyenvien.trungtam" });
        await OkAsync(await app.OfficerAsync("chuyenvien.trungtam"), code, "financial-obligation", new { note = "Nộp tiền sử dụng đất", amountVnd = 1_200_000, kind = "levy" });
        return code;
    }

    private async Task<(Dossier Dossier, WorkingCalendar Calendar)> DossierAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var dossier = await db.Dossiers.AsNoTracking().SingleAsync(d => d.Code == code);
        var calendar = await scope.ServiceProvider.GetRequiredService<CalendarStore>().ForAsync(await db.Agencies.SingleAsync(a => a.Id == dossier.ReceivingAgencyId));
        return (dossier, calendar);
    }

    [Fact]
    public async Task Through_the_API_the_pause_ends_at_paidAt_and_a_paidAt_out_of_bounds_is_422_naming_it()
    {
        // Asked Monday 17/11 09:30; paid Wednesday 19/11 09:30; recorded Thursday 20/11 10:00.
        app.Clock.Now = At(17, 9, 30);
        var code = await AwaitingPaymentAsync("046190011001");
        var dueBefore = (await DossierAsync(code)).Dossier.DueAt!.Value;
        app.Clock.Now = At(20, 10);
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var events = await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}'");

        foreach (var (paidAt, words) in new[] { (At(20, 10, 5), "chưa tới"), (At(17, 9, 29), "trước khi yêu cầu") })
        {
            var refused = await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/payment-received", new { note = "Chứng từ 01", paidAt });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(words, problem.GetProperty("errors").GetProperty("paidAt")[0].GetString());
        }
        var malformed = await desk.PostAsync($"/api/v1/dossiers/{code}/payment-received",
            new StringContent("""{"paidAt":"19/11/2025 09:30"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, malformed.StatusCode);
        Assert.Contains("paidAt", await malformed.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(events, await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}'"));
        Assert.Equal(DossierStatus.AwaitingPayment, (await DossierAsync(code)).Dossier.Status);

        await OkAsync(desk, code, "payment-received", new { note = "Giấy nộp tiền vào NSNN số 123", paidAt = At(19, 9, 30) });
        var (dossier, calendar) = await DossierAsync(code);
        var expected = calendar.AddWorkingTime(dueBefore, calendar.WorkingTimeOf(TimeLimit.Days(2)));
        output.WriteLine($"hẹn trả trước {VietnamTime.ToVietnam(dueBefore):HH:mm dd/MM/yyyy}; sau {VietnamTime.ToVietnam(dossier.DueAt!.Value):HH:mm dd/MM/yyyy}");
        Assert.Equal((DossierStatus.InProcess, At(19, 9, 30), expected), (dossier.Status, dossier.Pauses.Single().To, dossier.DueAt));
        // The officer's record is not money received by the unit: no payment, no receipt, the request stays for the accountant.
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM payments p JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = '{code}'"));
    }

    [Fact]
    public async Task On_the_page_the_paid_instant_is_typed_dd_MM_yyyy_HH_mm_and_an_unreadable_one_changes_nothing()
    {
        app.Clock.Now = At(24, 8, 30);
        var code = await AwaitingPaymentAsync("046190011002");
        var dueBefore = (await DossierAsync(code)).Dossier.DueAt!.Value;
        app.Clock.Now = At(26, 15);
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var html = await desk.GetStringAsync($"/ho-so/{code}");
        Assert.Contains("id=\"payment-paid-at\"", html);
        Assert.DoesNotContain("type=\"datetime-local\"", html);
        var token = MotCuaApp.AntiforgeryToken(html);

        async Task<HttpResponseMessage> PostAsync(string paidAt) => await desk.PostAsync($"/ho-so/{code}?handler=Act&action=PaymentReceived",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["f.Note"] = "Biên lai kho bạc", ["f.PaidAt"] = paidAt }));

        foreach (var (typed, words) in new[] { ("11/25/2025 10:00", "không hợp lệ"), ("27/11/2025 09:00", "chưa tới"), ("24/11/2025 08:00", "trước khi yêu cầu") })
        {
            var refused = await PostAsync(typed);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            output.WriteLine($"{typed}: {System.Text.RegularExpressions.Regex.Match(page, "Thời điểm nộp tiền[^<]*").Value}");
            Assert.Contains("Thời điểm nộp tiền", page);
            Assert.Equal(DossierStatus.AwaitingPayment, (await DossierAsync(code)).Dossier.Status);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("25/11/2025 08:30")).StatusCode);
        var (dossier, calendar) = await DossierAsync(code);
        Assert.Equal(At(25, 8, 30), dossier.Pauses.Single().To);
        Assert.Equal(calendar.AddWorkingTime(dueBefore, calendar.WorkingTimeBetween(At(24, 8, 30), At(25, 8, 30))), dossier.DueAt);
    }
}
