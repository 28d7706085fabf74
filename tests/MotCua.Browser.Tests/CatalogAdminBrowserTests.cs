using System.Text;
using Microsoft.Playwright;
using MotCua.Web.Tests;
using Npgsql;

namespace MotCua.Browser.Tests;

/// <summary>The catalogue administration pages whose behaviour lives in the browser: number steps, htmx row buttons and preview, import polling.</summary>
public class CatalogAdminBrowserTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly string Screenshots = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "screenshots");

    private async Task<string> ScalarTextAsync(string sql)
    {
        await app.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_published_process_with_sixteenths_of_a_day_is_published_again_unchanged()
    {
        // An adoption of the demo at the centre (which has every role) whose default process has an allowance of 1/16 day.
        var target = await ScalarTextAsync("""
            SELECT g.code || '/thu-tuc/' || a.procedure_code FROM agency_procedures a JOIN agencies g ON g.id = a.agency_id
            WHERE g.kind = 'province_center' AND a.process::text LIKE '%0.0625%' ORDER BY a.procedure_code LIMIT 1
            """);
        var before = await ScalarTextAsync($"SELECT a.process::text FROM agency_procedures a JOIN agencies g ON g.id = a.agency_id WHERE g.code || '/thu-tuc/' || a.procedure_code = '{target}'");
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await Browsers.SignedInPageAsync(browser, baseUrl, "quantri");

        await page.GotoAsync($"{baseUrl}/quan-tri/co-quan/{target}");
        var amounts = await page.Locator("input[name$='.Amount']").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");
        Assert.Contains("0.0625", amounts);
        Assert.True(await page.Locator("form:has(input[name$='.Amount'])").EvaluateAsync<bool>("form => form.checkValidity()"));
        await page.ClickAsync("button:has-text('Lưu và công bố')");
        await page.Locator("#saved").WaitForAsync();
        Assert.Contains("daluu=congbo", page.Url);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM agency_procedures a JOIN agencies g ON g.id = a.agency_id WHERE g.code || '/thu-tuc/' || a.procedure_code = '{target}' AND a.process = '{before}'::jsonb"));
    }

    [Fact]
    public async Task The_e_form_editor_adds_a_field_previews_it_while_typing_and_saves()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await Browsers.SignedInPageAsync(browser, baseUrl, "quantri", height: 1100);

        await page.GotoAsync($"{baseUrl}/quan-tri/thu-tuc/1.001193/bieu-mau");
        await page.Locator("#preview label", new() { HasTextString = "Họ, chữ đệm và tên của trẻ *" }).WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "40-eform-editor.png"), FullPage = true });

        // A procedure with no e-form yet: the demo gives the official books' procedures (1.000894 among them) theirs.
        await page.GotoAsync($"{baseUrl}/quan-tri/thu-tuc/1.004837/bieu-mau");
        await page.ClickAsync("button:has-text('+ Thêm trường')");
        await page.Locator("#f0-label").WaitForAsync();
        await page.FillAsync("#f0-label", "Đăng ký kết hôn lần đầu");
        await page.FillAsync("#f0-name", "lanDau");
        await page.SelectOptionAsync("#f0-type", "Select");
        await page.FillAsync("#f0-options", "Có\nKhông");
        await page.CheckAsync("input[name='Fields[0].Required']");
        await page.Locator("#preview select option", new() { HasTextString = "Không" }).WaitForAsync(new() { State = WaitForSelectorState.Attached });
        // The preview answers each change on its own request; wait for the one that follows ticking "required".
        await page.Locator("#preview label", new() { HasTextString = "Đăng ký kết hôn lần đầu *" }).WaitForAsync();
        Assert.Equal("Đăng ký kết hôn lần đầu *", (await page.Locator("#preview label").First.InnerTextAsync()).Trim());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "41-eform-editor-new-field.png"), FullPage = true });

        await page.ClickAsync("#save");
        await page.Locator("#saved").WaitForAsync();
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM procedures p JOIN procedure_versions v ON v.procedure_code = p.code AND v.version = p.current_version WHERE p.code = '1.004837' AND v.spec -> 'formFields' -> 0 ->> 'name' = 'lanDau' AND v.source = 'edit'"));
    }

    [Fact]
    public async Task The_document_list_is_reordered_in_place_and_its_problems_are_shown_beside_the_lines()
    {
        Directory.CreateDirectory(Screenshots);
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await Browsers.SignedInPageAsync(browser, baseUrl, "quantri", height: 1100);

        await page.GotoAsync($"{baseUrl}/quan-tri/thu-tuc/1.000894/thanh-phan-ho-so");
        var first = await page.InputValueAsync("#l0-name");
        var second = await page.InputValueAsync("#l1-name");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "42-document-correction.png"), FullPage = false });
        await page.ClickAsync("button[aria-label='Chuyển dòng 1 xuống']");
        await page.WaitForFunctionAsync("expected => document.querySelector('#l0-name').value === expected", second);
        Assert.Equal(first, await page.InputValueAsync("#l1-name"));
        Assert.EndsWith("/thanh-phan-ho-so", page.Url);

        // A heading typed with counts: the message appears beside the line, and nothing is saved.
        await page.SelectOptionAsync("#l0-kind", "Heading");
        await page.FillAsync("#l0-originals", "1");
        await page.ClickAsync("#save");
        await page.Locator("#l0-originals-error").WaitForAsync();
        Assert.Equal("true", await page.GetAttributeAsync("#l0-originals", "aria-invalid"));
        await page.Locator("#line-0").ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "43-document-correction-error.png") });
    }

    [Fact]
    public async Task After_an_import_ends_the_recent_imports_list_shows_it_without_a_reload()
    {
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await Browsers.SignedInPageAsync(browser, baseUrl, "quantri");

        await page.GotoAsync($"{baseUrl}/quan-tri/thu-tuc/nhap");
        await page.SetInputFilesAsync("#file", new FilePayload
        {
            Name = "mot-phan.jsonl", MimeType = "application/jsonl",
            Buffer = Encoding.UTF8.GetBytes(string.Join('\n', CatalogFile.Lines.Take(200))),
        });
        await page.ClickAsync("button:has-text('Nhập tệp này')");
        await page.Locator("#import-done").WaitForAsync(new() { Timeout = 60_000 });
        var id = await app.ScalarAsync("SELECT max(id) FROM catalog_imports WHERE source = 'mot-phan.jsonl'");
        Assert.Contains($"#{id}", await page.Locator("#import-recent").InnerTextAsync());
        Assert.DoesNotContain("Chưa nhập lần nào", await page.Locator("#import-recent").InnerTextAsync());
    }
}
