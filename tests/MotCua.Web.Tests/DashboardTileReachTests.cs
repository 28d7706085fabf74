using System.Net;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Verify34 MEDIUM 1 and 2: the dashboard's ratings and queue tiles show the unit the dashboard shows, under the reports'
/// one reach (<c>ReportReaders</c>, as the APIs): the centre's leader and the inspector on a chosen ward's dashboard read
/// that ward's figures (they read the province's, and the inspector nothing: 204); a commune's leader their own ward only;
/// with no unit chosen the province centre's roll-up, the province, headed "(toàn tỉnh)", with a line per unit and the
/// procedures without a published cell counted, not listed (trial 17w LOW 1 and 3).
/// </summary>
public class DashboardTileReachTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    // One published month's ratings (June 2025, read at the fixture's 17 Nov 2025), all "rất hài lòng", of a unit.
    private Task<long> RatingsAsync(string agencyCode, int n, string procedure = "1.001193") => app.ScalarAsync($"""
        WITH i AS (INSERT INTO rating_counts (month, agency_id, procedure_code, officer_id, n, sums, very, satisfied, unsatisfied)
                   SELECT DATE '2025-06-01', id, '{procedure}', 0, {n}, array_fill({2 * n}, ARRAY[8]), {n}, 0, 0 FROM agencies WHERE code = '{agencyCode}'
                   RETURNING 1)
        SELECT count(*) FROM i
        """);

    [Fact]
    public async Task A_chosen_ward_s_dashboard_tiles_show_that_ward_s_figures_to_every_reader_the_API_answers()
    {
        Assert.Equal(1, await RatingsAsync(DemoData.ThuanHoaCode, 7));
        Assert.Equal(1, await RatingsAsync(DemoData.CentreCode, 9));
        await QueueTests.ServiceAsync(app, DemoData.ThuanHoaCode, 'W', counters: 1);
        var ward = DemoData.ThuanHoaCode;

        foreach (var reader in new[] { "lanhdao.trungtam", "thanhtra", "lanhdao.thuanhoa" })
        {
            using var client = await app.OfficerAsync(reader);
            // The API answers this reader for the ward: so must the tiles.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/reports/ratings?agency={ward}&by=agency")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/queue/figures?agency={ward}&by=counter")).StatusCode);

            var dashboard = await client.GetStringAsync($"/bao-cao/tong-quan?agency={ward}");
            Assert.Contains($"hx-get=\"/bao-cao/danh-gia/tom-tat?agency={ward}\"", dashboard, StringComparison.Ordinal);
            Assert.Contains($"hx-get=\"/xep-hang/so-lieu/tom-tat?agency={ward}\"", dashboard, StringComparison.Ordinal);

            var ratings = await client.GetAsync($"/bao-cao/danh-gia/tom-tat?agency={ward}");
            Assert.True(ratings.StatusCode == HttpStatusCode.OK, $"{reader}: ratings {(int)ratings.StatusCode}");
            var ratingsHtml = WebUtility.HtmlDecode(await ratings.Content.ReadAsStringAsync());
            Assert.True(ratingsHtml.Contains("<strong id=\"danh-gia-n\">7</strong>", StringComparison.Ordinal), $"{reader}: {ratingsHtml}");
            Assert.Contains("Thuận Hóa", ratingsHtml, StringComparison.Ordinal);

            var queue = await client.GetAsync($"/xep-hang/so-lieu/tom-tat?agency={ward}");
            Assert.True(queue.StatusCode == HttpStatusCode.OK, $"{reader}: queue {(int)queue.StatusCode}");
            Assert.Contains("Xếp hàng hôm nay: Trung tâm Phục vụ hành chính công phường Thuận Hóa", WebUtility.HtmlDecode(await queue.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        // No unit chosen: the reader's home, the province centre, whose roll-up is the province: the centre's 9 + 2 and the
        // ward's 7, not Phú Xuân's month of 3 (under MinCell: adding it would give it away as the total minus the others).
        // By procedure: 1.001193's published cells (9 + 7); 1.000894, two ratings at the centre, counted, not listed.
        Assert.Equal(1, await RatingsAsync(DemoData.PhuXuanCode, 3));
        Assert.Equal(1, await RatingsAsync(DemoData.CentreCode, 2, "1.000894"));
        foreach (var reader in new[] { "lanhdao.trungtam", "thanhtra" })
        {
            using var client = await app.OfficerAsync(reader);
            var province = WebUtility.HtmlDecode(await client.GetStringAsync("/bao-cao/danh-gia/tom-tat"));
            Assert.Contains("<strong id=\"danh-gia-n\">18</strong>", province, StringComparison.Ordinal);
            Assert.Contains("(toàn tỉnh)", province[..province.IndexOf("</h2>", StringComparison.Ordinal)], StringComparison.Ordinal);
            Assert.Contains("<th scope=\"row\">Trung tâm Phục vụ hành chính công phường Thuận Hóa</th><td>7</td>", province, StringComparison.Ordinal);
            Assert.Contains("<th scope=\"row\">Trung tâm Phục vụ hành chính công thành phố Huế</th><td>11</td>", province, StringComparison.Ordinal);
            Assert.Matches("<th scope=\"row\">[^<]*Phú Xuân</th><td>dưới 5</td>", province);
            Assert.Matches("<th scope=\"row\">[^<]*</th><td>16</td>", province);
            Assert.Contains("1 thủ tục khác chưa tháng nào có từ 5 phiếu", province, StringComparison.Ordinal);
            // The queue is the centre's own hall's, and says so on the province's dashboard.
            Assert.Contains("Chỉ các quầy của trung tâm này", WebUtility.HtmlDecode(await client.GetStringAsync("/xep-hang/so-lieu/tom-tat")), StringComparison.Ordinal);
        }

        // A commune's leader reads no other ward (the API's 403): nothing swapped in; a specialist never reads the tiles.
        using var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync($"/api/v1/reports/ratings?agency={DemoData.PhuXuanCode}&by=agency")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await leader.GetAsync($"/bao-cao/danh-gia/tom-tat?agency={DemoData.PhuXuanCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await leader.GetAsync($"/xep-hang/so-lieu/tom-tat?agency={DemoData.PhuXuanCode}")).StatusCode);
        using var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        Assert.Equal(HttpStatusCode.NoContent, (await clerk.GetAsync($"/bao-cao/danh-gia/tom-tat?agency={ward}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await clerk.GetAsync($"/xep-hang/so-lieu/tom-tat?agency={ward}")).StatusCode);
    }
}
