using Microsoft.Playwright;
using MotCua.Web.Tests;
using Xunit.Abstractions;

namespace MotCua.Browser.Tests;

/// <summary>Issue 14, trial 14m LOW 5 (docs/FEES.md "Thirteenth trial (fees23)"): the desk's fee-case radios draw as radios
/// of the usual size with their text beside them, on a phone and on a desk screen.</summary>
public class DeskFeeCaseTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task Each_fee_case_radio_is_a_normal_radio_with_its_label_beside_it(int width)
    {
        await CentreAdoption.AdoptAsync(app, "1.008904");
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        await Browsers.SignInAsync(page, baseUrl, "tiepnhan.trungtam");
        await page.GotoAsync($"{baseUrl}/tiep-nhan?thutuc=1.008904");
        var labels = page.Locator("fieldset#fee-case label.choice");
        await labels.First.WaitForAsync();
        await Browsers.ShotAsync(page, $"desk-fee-case-{width}");
        var count = await labels.CountAsync();
        Assert.True(count >= 2, "1.008904 is read as two cases");
        for (var i = 0; i < count; i++)
        {
            var radio = (await labels.Nth(i).Locator("input[type=radio]").BoundingBoxAsync())!;
            var text = (await labels.Nth(i).Locator("span").BoundingBoxAsync())!;
            output.WriteLine($"{width}px case {i + 1}: radio {radio.Width}×{radio.Height} at ({radio.X}, {radio.Y}); text at ({text.X}, {text.Y})");
            Assert.True(radio.Width <= 24 && radio.Height <= 24, $"the radio is {radio.Width}×{radio.Height} px");
            // Beside, not above: the text starts right of the radio and its first line is level with it.
            Assert.True(text.X >= radio.X + radio.Width, "the text starts right of the radio");
            Assert.True(text.Y <= radio.Y + radio.Height, "the text's first line is level with the radio");
        }
    }
}
