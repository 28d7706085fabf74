using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial 16i MEDIUM 3: a commune's overdue feedback shows on the dashboards of those who watch the province (the centre's
/// leader, the inspector), scoped by the dashboard's own rule, and not on another commune's.
/// </summary>
public class FeedbackOverdueDashboardTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task A_commune_s_overdue_feedback_is_on_the_province_leader_s_and_the_inspector_s_dashboards()
    {
        var start = app.Clock.Now;
        try
        {
            using var citizen = app.SessionClient();
            var response = await citizen.PostAsJsonAsync("/api/v1/feedback", new
            {
                kind = "phan-anh", senderName = "Trần Thị Bình", senderPhone = "0912000333", senderAddress = "5 Hùng Vương, phường Thuận Hóa, Huế",
                agencyCode = DemoData.ThuanHoaCode, procedureCode = "1.001193", subject = "Giấy tờ không còn cần",
                content = "Bộ phận một cửa yêu cầu nộp bản sao sổ hộ khẩu dù sổ đã bị bỏ từ năm 2023.",
            });
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            var number = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
            app.Clock.Now = start.AddDays(30);

            foreach (var reader in new[] { "lanhdao.trungtam", "thanhtra", "lanhdao.thuanhoa" })
            {
                using var client = await app.OfficerAsync(reader);
                var fragment = await client.GetAsync("/pakn/qua-han");
                Assert.True(fragment.StatusCode == HttpStatusCode.OK, $"{reader}: {(int)fragment.StatusCode}");
                var html = WebUtility.HtmlDecode(await fragment.Content.ReadAsStringAsync());
                Assert.True(html.Contains(number, StringComparison.Ordinal), $"{reader}: {html}");
                // The dashboard loads the fragment for the unit it shows.
                var dashboard = WebUtility.HtmlDecode(await client.GetStringAsync("/bao-cao/tong-quan"));
                Assert.Contains("hx-get=\"/pakn/qua-han?agency=", dashboard, StringComparison.Ordinal);
            }
            using (var inspector = await app.OfficerAsync("thanhtra"))
            {
                // The inspector's fragment names the unit holding it; the unit chosen narrows it (another commune: not there).
                var html = WebUtility.HtmlDecode(await inspector.GetStringAsync("/pakn/qua-han"));
                Assert.Contains("Thuận Hóa", html, StringComparison.Ordinal);
                Assert.DoesNotContain(WebUtility.HtmlDecode(await inspector.GetStringAsync($"/pakn/qua-han?agency={DemoData.PhuXuanCode}")), number, StringComparison.Ordinal);
                Assert.Contains(number, await inspector.GetStringAsync($"/pakn/qua-han?agency={DemoData.ThuanHoaCode}"), StringComparison.Ordinal);
            }
            // A commune's leader may not widen the scope: another unit is out of reach, nothing is shown.
            using var leader = await app.OfficerAsync("lanhdao.thuanhoa");
            Assert.Equal(HttpStatusCode.NoContent, (await leader.GetAsync($"/pakn/qua-han?agency={DemoData.PhuXuanCode}")).StatusCode);
        }
        finally
        {
            app.Clock.Now = start;
        }
    }
}
