using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using MotCua.Domain.Ratings;
using MotCua.Web.Infrastructure;
using MotCua.Web.Tests;
using Xunit.Abstractions;

namespace MotCua.Browser.Tests;

/// <summary>
/// Issue 17 (cit31, docs/CITIZENS.md "How the result is received, and rating on the dossier page"): the citizen signed in
/// rates on their own dossier page <c>/cong-dan/ho-so/{code}</c> in Debian's Chromium on a 375 px phone, without any
/// script. The dossier was first rated with the code printed on Mẫu 01 (by whoever held the slip); the citizen's rating
/// replaces it, so the figures count one rating for the dossier, and the page then thanks and no longer invites.
/// </summary>
public class CitizenRatingPageTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private const int Width = 375;

    private string BaseUrl => app.BaseAddress.ToString().TrimEnd('/');

    // Officer 0's cells of the procedure: every rating counted once, whatever its month.
    private Task<long> CountedAsync() => app.ScalarAsync("SELECT coalesce(sum(n), 0) FROM rating_counts WHERE officer_id = 0 AND procedure_code = '1.001193'");

    [Fact]
    public async Task The_citizen_rates_on_the_dossier_page_and_replaces_the_printed_code_rating()
    {
        Assert.True(File.Exists(AccessibilityTests.Axe), $"Chưa cài axe-core ({AccessibilityTests.Axe}): chạy scripts/setup.sh test.");
        var axe = await File.ReadAllTextAsync(AccessibilityTests.Axe);
        var (citizenId, idNumber) = await CitizenSchemeTests.CitizenRowAsync(app, CitizenAssurance.VneId, "Lê Thị Đánh Giá");
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: idNumber, fullName: "Lê Thị Đánh Giá"));
        var code = (await submitted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString()!;
        foreach (var (officer, action, body) in new (string, string, object)[]
        {
            ("tiepnhan.thuanhoa", "transfer", new { }), ("congchuc.thuanhoa", "complete-step", new { note = "Hồ sơ hợp lệ" }),
            ("lanhdao.thuanhoa", "approve", new { note = "Đồng ý" }), ("tiepnhan.thuanhoa", "result-ready", new { }),
            ("tiepnhan.thuanhoa", "return", new { method = "desk", receivedBy = "Lê Thị Đánh Giá" }),
        })
        {
            var r = await (await app.OfficerAsync(officer)).PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body);
            Assert.True(r.IsSuccessStatusCode, $"{action}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        var id = await app.ScalarAsync($"SELECT id FROM dossiers WHERE code = '{code}'");
        await app.ScalarAsync($"UPDATE dossiers SET citizen_id = {citizenId} WHERE id = {id} RETURNING 1");
        var counted = await CountedAsync();

        // Rated first with the printed code (unsatisfied): counted once.
        var token = RatingToken.For(app.Services.GetRequiredService<DeploymentKey>().DeriveKey(RatingToken.KeyPurpose), id);
        var printed = await app.CreateClient().PostAsJsonAsync("/api/v1/ratings", new
        {
            code, token, overall = "unsatisfied", channel = "qr",
            answers = RatingIndicators.All.ToDictionary(i => i.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => 0),
        });
        Assert.True(printed.IsSuccessStatusCode, await printed.Content.ReadAsStringAsync());
        Assert.Equal(counted + 1, await CountedAsync());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var (_, setCookie) = await CitizenSchemeTests.SignedInAsync(app, citizenId);
        var context = await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = Width, Height = 740 }, HasTouch = true });
        await context.AddCookiesAsync([AccessibilityTests.CitizenCookie(setCookie, app.BaseAddress)]);
        var phone = await context.NewPageAsync();
        await phone.GotoAsync($"{BaseUrl}/cong-dan/ho-so/{code}");

        var form = phone.Locator("#phieu-danh-gia");
        await Assertions.Expect(form).ToBeVisibleAsync();
        Assert.Equal(RatingIndicators.All.Count, await form.Locator("fieldset[id^='tieu-chi-']").CountAsync());
        Assert.True(await Browsers.ScrollWidthAsync(phone) <= Width, $"trang rộng {await Browsers.ScrollWidthAsync(phone)} px");
        var serious = new List<string>();
        foreach (var v in (await AccessibilityTests.ViolationsAsync(phone, axe)).EnumerateArray())
        {
            var line = $"[{v.GetProperty("impact").GetString()}] {v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()}";
            output.WriteLine(line);
            if (v.GetProperty("impact").GetString() is "serious" or "critical") serious.Add(line);
        }
        Assert.True(serious.Count == 0, string.Join("\n", serious));
        await Browsers.ShotAsync(phone, "citizen-rating-375-01-form");

        // Every criterion "2" (its first answer) and "Rất hài lòng", by tapping the labels; then "Gửi đánh giá".
        foreach (var i in RatingIndicators.All) await form.Locator($"#tieu-chi-{i.Number} input[value='2']").CheckAsync();
        await form.Locator("#tong-the input[value='very-satisfied']").CheckAsync();
        await form.Locator("textarea#y-kien").FillAsync("Cán bộ hướng dẫn tận tình.");
        await Task.WhenAll(phone.WaitForURLAsync($"**/cong-dan/ho-so/{code}?xong=danh-gia"), form.Locator("button[type=submit]").ClickAsync());

        await Assertions.Expect(phone.Locator("[role=status]")).ToContainTextAsync("Cảm ơn ông/bà đã đánh giá");
        Assert.Equal(0, await phone.Locator("#phieu-danh-gia").CountAsync());
        await Assertions.Expect(phone.Locator("#da-danh-gia")).ToBeVisibleAsync();
        await Browsers.ShotAsync(phone, "citizen-rating-375-02-rated");

        // The printed-code rating was replaced: the figures count one rating for the dossier, the account's, satisfied.
        Assert.Equal(counted + 1, await CountedAsync());
        Assert.Equal((int)RatingProof.Account, await app.ScalarAsync($"SELECT proof FROM rating_receipts WHERE dossier_id = {id}"));
        Assert.Equal(0, await app.ScalarAsync("SELECT coalesce(sum(unsatisfied), 0) FROM rating_counts WHERE officer_id = 0 AND procedure_code = '1.001193'")
            - await app.ScalarAsync("SELECT count(*) FROM ratings WHERE overall = 0 AND procedure_code = '1.001193'"));
        await context.CloseAsync();
    }
}
