using System.Net.Http.Json;
using Microsoft.Playwright;
using MotCua.Domain.Calendar;
using MotCua.Domain.Registers;
using MotCua.Web.Tests;
using Xunit.Abstractions;

namespace MotCua.Browser.Tests;

/// <summary>
/// Issue 15, from the trial: /so-dang-ky overflowed the window at 1280 px. In Debian's Chromium at 1280 px, every book's
/// page, with entries in the widest books (the death book has nineteen columns), stays the window's width: the table
/// scrolls inside its card. Screenshots under <c>artifacts/screenshots</c>.
/// </summary>
public class OfficialBookPageTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly string Screenshots = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");

    // Received by the API, handed over, appraised and approved at Thuận Hóa on the app's clock's day.
    private async Task ApproveAsync(OfficialBook book, int seed)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: book.ProcedureCodes[0], formData: OfficialBookTests.FormFor(book.FormFields, seed)));
        Assert.Equal(System.Net.HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString()!;
        foreach (var (userName, action) in new[] { ("tiepnhan.thuanhoa", "transfer"), ("congchuc.thuanhoa", "complete-step"), ("lanhdao.thuanhoa", "approve") })
        {
            var answer = await (await app.OfficerAsync(userName)).PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", action == "transfer" ? new { } : (object)new { note = "Hồ sơ hợp lệ" });
            Assert.True(answer.IsSuccessStatusCode, $"{code} {action}: {await answer.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Every_book_page_fits_a_1280_px_window_and_its_table_scrolls_in_its_card()
    {
        Directory.CreateDirectory(Screenshots);
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        foreach (var book in new[] { OfficialBooks.Birth, OfficialBooks.Death, OfficialBooks.Signatures })
            for (var i = 0; i < 2; i++) await ApproveAsync(book, i);

        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await Browsers.SignedInPageAsync(browser, baseUrl, "congchuc.thuanhoa");
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        foreach (var book in OfficialBooks.All)
        {
            await page.GotoAsync($"{baseUrl}/so-dang-ky?so={book.Key}&nam=2025");
            Assert.Equal(book.Columns.Count, await page.Locator(".book-scroll thead th").CountAsync());
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            var window = await page.EvaluateAsync<int>("() => window.innerWidth");
            output.WriteLine($"{book.Key}: trang rộng {width} px ở cửa sổ {window} px");
            Assert.True(width <= window, $"{book.Key}: the page is {width} px wide in a {window} px window");
            if (book == OfficialBooks.Birth || book == OfficialBooks.Signatures)
            {
                Assert.True(await page.Locator(".book-scroll tbody tr").CountAsync() >= 2);
                // The table itself is wider than its card, and scrolls there.
                Assert.True(await page.Locator(".book-scroll").EvaluateAsync<bool>("e => e.scrollWidth >= e.clientWidth"));
                await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"84-official-book-{book.Key}.png"), FullPage = true });
            }
        }
        Assert.Empty(errors);
    }
}
