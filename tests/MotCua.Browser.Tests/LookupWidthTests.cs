using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;

namespace MotCua.Browser.Tests;

/// <summary>
/// The public lookup on a 360 px phone (trial of issue 14: 2 px too wide, a sideways scroll): the search form, a
/// dossier with a fee to pay (its VietQR, amount, purpose and the unit's account) and a code that is not found, each
/// no wider than the screen. Screenshots artifacts/screenshots/lookup-360-*.png.
/// </summary>
public class LookupWidthTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly string Screenshots = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");

    [Theory]
    [InlineData(360)]
    [InlineData(320)]
    public async Task The_public_lookup_fits_a_phone_without_sideways_scrolling(int width)
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        // A local fee at the centre, so that the lookup shows a payment request with its QR; the longest name and address.
        await app.ScalarAsync($"""
            UPDATE agency_procedures SET fee = 1700000, fee_text = 'Lệ phí theo Nghị quyết của Hội đồng nhân dân'
            WHERE procedure_code = '1.001193' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.CentreCode}') RETURNING 1
            """);
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: DemoData.CentreCode, fullName: "Tôn Nữ Thị Hoàng Phương Thảo",
            idNumber: $"0461950{width:D5}", address: "Số 128/4 kiệt 65 đường Nguyễn Sinh Cung, phường Vỹ Dạ, thành phố Huế"));
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = width, Height = 740 }, HasTouch = true });
        var page = await context.NewPageAsync();
        foreach (var (query, name) in new[] { ("", "form"), ($"?ma={code}", "fee"), ("?ma=000.00.01.H46-251117-9999", "not-found") })
        {
            await page.GotoAsync($"{baseUrl}/tra-cuu{query}");
            if (name == "fee") Assert.Equal(1, await page.Locator("figure.vietqr svg").CountAsync());
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"lookup-{width}-{name}.png"), FullPage = true });
            var scroll = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(scroll <= width, $"/tra-cuu{query}: scrollWidth {scroll} px ở màn hình {width} px");
        }
    }
}
