using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>
/// Figures for the officers' reports to show, the same each run (seeded), before the app's clock (Monday 17/11/2025): the
/// reports' screenshots (<see cref="ReportScreenshotsTests"/>) and the accessibility checks of the report pages
/// (<see cref="AccessibilityTests"/>) look at pages with tables full, not at their empty states.
/// </summary>
internal static class ReportHistory
{
    /// <summary>
    /// 300 dossiers (codes TQ-00000…) at the receiving units over the 90 days before the app's clock, in every status, with
    /// results early, on time and late and some overdue, written through EF (the insert trigger keeps the report counts):
    /// the dashboard's days, rates and overdue list, Biểu 06 of Q4/2025 and the 766 index of September to November.
    /// </summary>
    public static async Task DossiersAsync(MotCuaApp app)
    {
        var random = new Random(15);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var units = await db.Agencies.Where(a => a.ReceivesDossiers).Select(a => a.Id).ToListAsync();
        var versions = await db.ProcedureVersions.Join(db.Procedures, v => v.ProcedureCode, p => p.Code, (v, p) => new { v.ProcedureCode, v.Version, p.Field, p.Name })
            .ToListAsync();
        var chosen = versions.GroupBy(v => v.Field).SelectMany(g => g.Take(3)).Take(14).ToList();
        var now = app.Clock.GetUtcNow();
        var origin = now.AddDays(-90);
        DossierStatus[] statuses = [DossierStatus.Received, DossierStatus.InProcess, DossierStatus.InProcess, DossierStatus.SupplementRequested,
            DossierStatus.ResultReady, DossierStatus.Returned, DossierStatus.Returned, DossierStatus.Returned, DossierStatus.Stopped];
        for (var i = 0; i < 300; i++)
        {
            var v = chosen[random.Next(chosen.Count)];
            var received = origin.AddMinutes(random.Next(0, 90 * 1440));
            var dueAt = new DateTimeOffset(received.AddDays(random.Next(3, 15)).Date.AddHours(16), VietnamTime.Offset);
            var end = received.AddMinutes(random.Next(1440, 18 * 1440));
            if (end > now) end = now.AddMinutes(-30);
            var status = statuses[random.Next(statuses.Length)];
            db.Dossiers.Add(GeneratedDossiers.Stored($"TQ-{i:D5}", units[random.Next(units.Count)], new ProcedureRef(v.ProcedureCode, v.Version, v.Name, TimeLimit.Days(5)),
                (Channel)random.Next(1, 4), "Người Thử Tổng Quan", received, dueAt, status, end));
        }
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Five birth registrations at Thuận Hóa received, handed over, appraised and approved through the API over the week
    /// before the app's clock, hours apart: entries in the ward's official book and stays at each step for the dashboard's
    /// slowest steps and the per-step times. The clock is put back after.
    /// </summary>
    public static async Task BirthsApprovedAsync(MotCuaApp app)
    {
        var clock = app.Clock.Now;
        var book = MotCua.Domain.Registers.OfficialBooks.Birth;
        for (var i = 0; i < 5; i++)
        {
            app.Clock.Now = new DateTimeOffset(2025, 11, 10 + i, 8, 30, 0, VietnamTime.Offset);
            var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: book.ProcedureCodes[0], formData: OfficialBookTests.FormFor(book.FormFields, i)));
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
            var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            foreach (var (userName, action, hours) in new[] { ("tiepnhan.thuanhoa", "transfer", 1.0), ("congchuc.thuanhoa", "complete-step", 2 + i * 1.5), ("lanhdao.thuanhoa", "approve", 0.5 + i) })
            {
                app.Clock.Now = app.Clock.Now.AddHours(hours);
                var answer = await (await app.OfficerAsync(userName)).PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", action == "transfer" ? new { } : (object)new { note = "Hồ sơ hợp lệ" });
                Assert.True(answer.IsSuccessStatusCode, $"{code} {action}: {await answer.Content.ReadAsStringAsync()}");
            }
        }
        app.Clock.Now = clock;
    }

    /// <summary>
    /// Fees at the centre in the current month (November 2025) for its fee register: three dossiers of 1.001294 (a procedure
    /// with a fee) received on 10/11, their fees taken by the centre's accountant on 11/11 in cash, by transfer and in cash
    /// twice (the second flagged duplicate and handed back in cash on 12/11): days with receipts and a refund. The clock is
    /// put back after.
    /// </summary>
    public static async Task FeesPaidAsync(MotCuaApp app)
    {
        var clock = app.Clock.Now;
        static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, VietnamTime.Offset);
        app.Clock.Now = At(10, 8);
        var requests = new List<(long Id, long Fee)>();
        foreach (var idNumber in new[] { "046199360001", "046199360002", "046199360003" })
        {
            var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: idNumber));
            Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
            var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
            requests.Add((request, await app.ScalarAsync($"SELECT amount_vnd FROM payment_requests WHERE id = {request}")));
        }
        // Signed in again at each step, as CashHandoverTrialTests does: the clock moves between them.
        async Task<JsonElement> OkAsync(string path, object body)
        {
            var response = await (await app.OfficerAsync("ketoan.trungtam")).PostAsJsonAsync(path, body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        Task<JsonElement> PayAsync((long Id, long Fee) request, string method, DateTimeOffset paidAt) =>
            OkAsync("/api/v1/payments", new { requestId = request.Id, amountVnd = request.Fee, method, paidAt });
        app.Clock.Now = At(11, 9);
        await PayAsync(requests[0], "cash", At(11, 8, 30));
        await PayAsync(requests[1], "transfer", At(11, 8, 40));
        await PayAsync(requests[2], "cash", At(11, 8, 50));
        var twice = await PayAsync(requests[2], "cash", At(11, 8, 55));
        Assert.Equal("duplicate", twice.GetProperty("flag").GetString());
        app.Clock.Now = At(12, 9);
        await OkAsync($"/api/v1/payments/{twice.GetProperty("id").GetInt64()}/refunds", new { amountVnd = requests[2].Fee, reason = "Nộp trùng", method = "cash" });
        app.Clock.Now = clock;
    }
}
