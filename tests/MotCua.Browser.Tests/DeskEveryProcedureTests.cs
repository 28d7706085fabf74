using Microsoft.Playwright;
using MotCua.Web.Features.Demo;
using MotCua.Web.Tests;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Browser.Tests;

/// <summary>
/// Issue 8, the kind and not the case: every procedure the demo adopts at a commune desk and at the provincial centre is
/// received through the desk page as an officer fills it: the test reads the real form (document lines, e-form fields by
/// type, options and pattern), submits, lands on the dossier and opens Mẫu 01; one dossier is refused with Mẫu 03.
/// The procedures come from the adoptions in the database, so a newly adopted one is covered without anyone adding it.
/// </summary>
public class DeskEveryProcedureTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly string Screenshots = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");

    private async Task<List<string>> AdoptedAtAsync(string agencyCode)
    {
        await app.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT ap.procedure_code FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id
            WHERE a.code = $1 ORDER BY ap.procedure_code
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = agencyCode });
        await using var reader = await command.ExecuteReaderAsync();
        var codes = new List<string>();
        while (await reader.ReadAsync()) codes.Add(reader.GetString(0));
        return codes;
    }

    [Fact]
    public async Task Every_adopted_procedure_is_received_at_the_desk_of_a_commune_and_of_the_centre()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var received = new Dictionary<string, int>();
        var failures = new List<string>();

        foreach (var (agencyCode, officer) in new[] { (DemoData.ThuanHoaCode, "tiepnhan.thuanhoa"), (DemoData.CentreCode, "tiepnhan.trungtam") })
        {
            var codes = await AdoptedAtAsync(agencyCode);
            Assert.NotEmpty(codes);
            var page = await Browsers.SignedInPageAsync(browser, baseUrl, officer);
            received[officer] = 0;
            foreach (var code in codes)
            {
                try
                {
                    var dossier = await ReceiveAsync(page, baseUrl, code);
                    Assert.StartsWith(agencyCode + "-", dossier);
                    await AssertPdfAsync(page, $"{baseUrl}/api/v1/dossiers/{dossier}/receipt.pdf", dossier, "GIẤY TIẾP NHẬN HỒ SƠ");
                    received[officer]++;
                }
                catch (Exception e) when (e is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
                {
                    failures.Add($"{officer} {code}: {e.Message.ReplaceLineEndings(" ")}");
                }
            }
            output.WriteLine($"{officer} ({agencyCode}): received {received[officer]} of {codes.Count} adopted procedures");
            Console.WriteLine($"{officer} ({agencyCode}): received {received[officer]} of {codes.Count} adopted procedures");

            if (agencyCode == DemoData.ThuanHoaCode)
            {
                var refused = await RefuseAsync(page, baseUrl, codes[0]);
                await AssertPdfAsync(page, $"{baseUrl}/api/v1/dossiers/{refused}/refusal.pdf", refused, "PHIẾU TỪ CHỐI");
                output.WriteLine($"{officer}: refused {refused} ({codes[0]}) with Mẫu 03");
            }
            await page.Context.CloseAsync();
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Fills the desk page as an officer would, from what the page offers, and returns the new dossier's code.</summary>
    internal static async Task<string> ReceiveAsync(IPage page, string baseUrl, string code)
    {
        await page.GotoAsync($"{baseUrl}/tiep-nhan?thutuc={code}");
        await page.Locator("#intake-form").WaitForAsync();
        // Every document the list requires, not the conditional ones ("Nếu có: …"); headings and notes have no box.
        var required = page.Locator("#intake-form tr.doc:not(.conditional) input[id$='-received']");
        var boxes = await required.CountAsync() > 0 ? required : page.Locator("#intake-form tr.doc input[id$='-received']").First;
        for (var i = 0; i < await boxes.CountAsync(); i++) await boxes.Nth(i).CheckAsync();
        await FillEFormAsync(page);
        await page.CheckAsync("#kind-individual");
        await page.FillAsync("#FullName", "Hoàng Thị Minh Thư");
        await page.FillAsync("#IdNumber", "046192003456");
        await page.FillAsync("#Phone", "0935444555");
        await page.FillAsync("#Address", "9 Trần Hưng Đạo, thành phố Huế");
        await page.ClickAsync("button:has-text('Tiếp nhận và in giấy hẹn')");
        // Either the dossier page or the desk again with what is wrong, which is then the failure's message.
        await page.Locator("#dossier-code, #error-summary").First.WaitForAsync();
        if (await page.Locator("#error-summary").CountAsync() > 0)
            throw new Xunit.Sdk.XunitException(await page.Locator("#error-summary").InnerTextAsync());
        return (await page.Locator("#dossier-code").InnerTextAsync()).Trim();
    }

    /// <summary>Every required e-form field by its type: an option of a list, a date typed dd/mm/yyyy, a number, or text matching its pattern.</summary>
    private static async Task FillEFormAsync(IPage page)
    {
        var fields = page.Locator("#e-form [required]");
        for (var i = 0; i < await fields.CountAsync(); i++)
        {
            var field = fields.Nth(i);
            var tag = await field.EvaluateAsync<string>("e => e.tagName.toLowerCase()");
            var type = await field.GetAttributeAsync("type");
            if (tag == "select")
            {
                var option = await field.Locator("option:not([value=''])").First.GetAttributeAsync("value");
                await field.SelectOptionAsync(option!);
            }
            else if (type == "checkbox") await field.CheckAsync();
            // A date of birth with a minimum age (a spouse's) lies decades back; any other date a year or so before the clock.
            else if (await field.GetAttributeAsync("data-min-age") is not null) await field.FillAsync("15/06/1990");
            else if (await field.GetAttributeAsync("data-date") is not null) await field.FillAsync("15/06/2024");
            else if (type == "number") await field.FillAsync("1");
            else
            {
                var pattern = await field.GetAttributeAsync("pattern");
                string[] candidates = ["Nguyễn Minh Khang", "Việt Nam", "Kinh", "Bệnh viện Trung ương Huế", "046095001234", "1"];
                var value = pattern is null ? candidates[0]
                    : candidates.FirstOrDefault(c => System.Text.RegularExpressions.Regex.IsMatch(c, $"^(?:{pattern})$"))
                      ?? throw new Xunit.Sdk.XunitException($"no sample value matches the pattern {pattern} of #{await field.GetAttributeAsync("id")}");
                await field.FillAsync(value);
            }
        }
    }

    private static async Task<string> RefuseAsync(IPage page, string baseUrl, string code)
    {
        await page.GotoAsync($"{baseUrl}/tiep-nhan?thutuc={code}");
        await page.FillAsync("#FullName", "Đỗ Văn Lâm");
        await page.FillAsync("#IdNumber", "046088007788");
        await page.FillAsync("#Phone", "0905777888");
        await page.FillAsync("#Address", "4 Lê Duẩn, thành phố Huế");
        await page.ClickAsync("details.refusal summary");
        await page.FillAsync("#RefusalReason", "Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường.");
        await page.FillAsync("#RefusalLegalBasis", "Điều 19 Nghị định 61/2018/NĐ-CP");
        await page.ClickAsync("button:has-text('Từ chối tiếp nhận')");
        await page.WaitForURLAsync(url => url.Contains("/ho-so/"));
        return (await page.Locator("#dossier-code").InnerTextAsync()).Trim();
    }

    private static async Task AssertPdfAsync(IPage page, string url, string code, string title)
    {
        var response = await page.APIRequest.GetAsync(url);
        Assert.Equal(200, response.Status);
        Assert.Equal("application/pdf", response.Headers["content-type"]);
        var file = Path.Combine(Path.GetTempPath(), $"desk-{code}-{title.Length}.pdf");
        await File.WriteAllBytesAsync(file, await response.BodyAsync());
        var text = MotCuaApp.Tool("pdftotext", $"{file} -");
        File.Delete(file);
        Assert.Contains(code, text);
        Assert.Contains(title, text);
    }

    [Fact]
    public async Task A_failed_submit_is_announced_and_the_desk_fits_a_phone()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 360, Height = 740 }, HasTouch = true });
        var page = await context.NewPageAsync();
        await Browsers.SignInAsync(page, baseUrl, "tiepnhan.thuanhoa");

        await page.GotoAsync($"{baseUrl}/tiep-nhan?thutuc=1.001193");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "desk-headings-conditions-360.png"), FullPage = true });
        Assert.True(await page.Locator("tr.doc-heading").CountAsync() > 0, "1.001193 publishes a heading");
        Assert.True(await page.Locator("tr.doc.conditional").CountAsync() > 0, "1.001193 publishes conditional documents");
        Assert.Equal(0, await page.Locator("tr.doc-heading input, tr.doc-note input").CountAsync());

        await page.Locator("tr.doc input[id$='-received']").First.CheckAsync();
        await page.FillAsync("#form-ngaySinh", "15062024");
        await page.FillAsync("#Phone", "12");
        await page.ClickAsync("button:has-text('Tiếp nhận và in giấy hẹn')");
        await page.Locator("#error-summary").WaitForAsync();

        Assert.Equal("error-summary", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        var links = page.Locator("#error-summary a");
        Assert.True(await links.CountAsync() >= 3);
        Assert.Contains("ngày/tháng/năm", await page.Locator("#form-ngaySinh-error").InnerTextAsync());
        Assert.Equal("true", await page.GetAttributeAsync("#Phone", "aria-invalid"));
        Assert.Equal("Phone-error", await page.GetAttributeAsync("#Phone", "aria-describedby"));
        Assert.Equal("true", await page.GetAttributeAsync("#FullName", "aria-required"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "desk-errors-360.png"), FullPage = true });

        // No sideways scrolling on a 360 px phone, and every control is a 44 px target.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"the page is {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px wide");
        var small = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('#intake-form input:not([type=hidden]), #intake-form select, #intake-form button, #intake-form summary')]
              .filter(e => e.offsetParent !== null)
              .filter(e => { const r = e.getBoundingClientRect(); return r.height < 44 || ((e.type === 'checkbox' || e.type === 'radio') && r.width < 44); })
              .map(e => (e.id || e.name || e.tagName) + ' ' + Math.round(e.getBoundingClientRect().width) + 'x' + Math.round(e.getBoundingClientRect().height))
            """);
        Assert.True(small.Length == 0, "controls under 44 px: " + string.Join(", ", small));

        // The first link of the summary takes the officer to the field.
        var target = (await links.First.GetAttributeAsync("href"))!.TrimStart('#');
        await links.First.ClickAsync();
        Assert.Equal(target, await page.EvaluateAsync<string>("() => document.activeElement.id"));

        await page.SetViewportSizeAsync(1280, 900);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "desk-errors-1280.png"), FullPage = true });
        await context.CloseAsync();
    }
}
