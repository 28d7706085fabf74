using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial 30 at the kiosk and the lookup: the kiosk's lookup shows the public lookup's result inside the kiosk's
/// full-screen layout (LOW 7; it used to redirect to the citizens' /tra-cuu), and reads a scanned lookup address for its
/// code (trial 17u M4); the kiosk's rating page says nothing is
/// wrong before anything is typed (LOW 8); a long code is echoed cut to 40 characters and "…" in the page and in the
/// API's 404 (LOW 5).
/// </summary>
public class KioskLookupTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task The_kiosks_lookup_shows_the_result_inside_the_kiosk_layout()
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(idNumber: "046190030007", fullName: "Đặng Thị Ki Ốt"));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var kiosk = await QueueTests.KioskAsync(app, DemoData.CentreCode);

        var response = await kiosk.GetAsync($"/kiosk/tra-cuu?ma={Uri.EscapeDataString(code)}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("/js/kiosk-idle.js", html);
        Assert.Contains("<body class=\"kiosk\"", html);
        Assert.Contains($"<h2>Hồ sơ <span class=\"code\">{code}</span></h2>", html);
        Assert.Contains("<form method=\"get\" action=\"/kiosk/tra-cuu\">", html);

        // Mẫu 01's QR read by a scanner types the whole lookup address (fresh trial 17u M4): read for its code.
        var scanned = await kiosk.GetStringAsync($"/kiosk/tra-cuu?ma={Uri.EscapeDataString($"{app.BaseAddress}tra-cuu?ma={code}")}");
        Assert.Contains($"<h2>Hồ sơ <span class=\"code\">{code}</span></h2>", scanned);
        Assert.Contains($"<h2>Hồ sơ <span class=\"code\">{code}</span></h2>",
            await app.SessionClient().GetStringAsync($"/tra-cuu?ma={Uri.EscapeDataString($"https://motcua.example.vn/tra-cuu?ma={code}")}"));

        // A code not found: said inside the kiosk's layout too; nothing said before a code is typed.
        var missing = await kiosk.GetStringAsync("/kiosk/tra-cuu?ma=H46.01-251117-9999");
        Assert.Contains("Không tìm thấy hồ sơ có mã", missing);
        Assert.Contains("<body class=\"kiosk\"", missing);
        Assert.DoesNotContain("Không tìm thấy", await kiosk.GetStringAsync("/kiosk/tra-cuu"));
    }

    [Fact]
    public async Task The_kiosks_rating_page_says_nothing_is_wrong_before_anything_is_typed()
    {
        var kiosk = await QueueTests.KioskAsync(app, DemoData.CentreCode);
        var response = await kiosk.GetAsync("/danh-gia?kenh=kiosk");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<body class=\"kiosk\"", html);
        Assert.DoesNotContain("Không tìm thấy", html);
        Assert.DoesNotContain("role=\"alert\"", html);
        Assert.Contains("Mở phiếu đánh giá", html);
    }

    [Fact]
    public async Task A_long_code_is_echoed_cut_to_forty_characters_in_the_page_and_the_api()
    {
        var code = new string('X', 3000);
        var cut = new string('X', Problems.EchoLength) + "…";

        var api = await app.ApiClient().GetAsync($"/api/v1/lookup/{code}");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        var detail = (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains(cut, detail);
        Assert.DoesNotContain(new string('X', Problems.EchoLength + 1), detail);

        var page = await app.SessionClient().GetStringAsync($"/tra-cuu?ma={code}");
        Assert.Contains($"<span class=\"code\">{cut}</span>", page);
        Assert.DoesNotContain(new string('X', Problems.EchoLength + 1) + "</span>", page);
    }
}
