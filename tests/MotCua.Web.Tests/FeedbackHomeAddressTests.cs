using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, trial 16h HIGH 1, end to end: the trial's feedback (the sender's house number, lane and street written three
/// ways) and an answer naming the lane, published as the page suggests, are read by the public with every part below the
/// commune masked and the commune kept.
/// </summary>
public class FeedbackHomeAddressTests
{
    [Fact]
    public async Task The_published_question_and_answer_hide_the_senders_home_and_keep_the_commune()
    {
        using var app = new MotCuaApp();
        using var citizen = app.SessionClient();
        var created = await citizen.PostAsJsonAsync("/api/v1/feedback", new
        {
            kind = "phan-anh", senderName = "Hồ Văn Phúc", senderAddress = "Số 12 kiệt 5 Nguyễn Trãi, phường Thuận Hóa, thành phố Huế",
            senderPhone = "0905121212", agencyCode = DemoData.ThuanHoaCode,
            content = "Nhà tôi ở 12 kiệt 5 Nguyễn Trãi. Cán bộ đến kiệt 5 Nguyễn Trãi xác minh nhưng không gặp. Địa chỉ: số 12, kiệt 5, Nguyễn Trãi.",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var number = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        using var officer = await app.OfficerAsync("tiepnhan.thuanhoa");
        async Task<JsonElement> Act(string act, object body)
        {
            var response = await officer.PostAsJsonAsync($"/api/v1/feedback/{number}/{act}", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{act}: {response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement;
        }
        await Act("classify", new { classification = "within-competence", reason = "Thuộc thẩm quyền của phường" });
        var answered = await Act("answer", new { text = "Phường đã cử cán bộ đến lại. Liên hệ anh Phúc tại kiệt 5 Nguyễn Trãi (0905121212), phường Thuận Hóa." });
        await Act("publish", new { text = answered.GetProperty("suggestedPublicText").GetString() });

        var shown = (await citizen.GetFromJsonAsync<JsonElement>($"/api/v1/public/feedback/{number}")).GetProperty("publishedText").GetString()!;
        Assert.Contains("Nhà tôi ở ***. Cán bộ đến *** xác minh nhưng không gặp. Địa chỉ: ***.", shown, StringComparison.Ordinal);
        Assert.Contains("Liên hệ anh P. tại *** (***), phường Thuận Hóa.", shown, StringComparison.Ordinal);
        foreach (var personal in new[] { "kiệt", "Nguyễn Trãi", "12", "Phúc", "0905121212" })
            Assert.DoesNotContain(personal, shown, StringComparison.Ordinal);
    }
}
