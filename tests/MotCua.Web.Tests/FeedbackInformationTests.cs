using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MotCua.Web.Tests;

/// <summary>
/// More information asked before a feedback is classified, over real HTTP and PostgreSQL (docs/FEEDBACK.md "Asking for more
/// information"): the answer sends the case back to be classified with its deadlines counted from the information, never
/// "in progress" unclassified (which migration 0059's row check refuses: the act used to fail with a 500).
/// </summary>
public class FeedbackInformationTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    [Fact]
    public async Task Information_asked_before_classification_sends_the_case_back_to_be_classified_and_then_handled()
    {
        using var citizen = app.SessionClient();
        var submitted = await citizen.PostAsJsonAsync("/api/v1/feedback", new
        {
            kind = "phan-anh", senderName = "Trần Thị Bình", senderPhone = "0905123456", senderAddress = "3 Hùng Vương, Huế",
            procedureCode = "1.001193", subject = "Thiếu thông tin hồ sơ", content = "Bộ phận một cửa yêu cầu giấy tờ không có trong thủ tục đã công bố.",
        });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var number = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        using var officer = await app.OfficerAsync("chuyenvien.trungtam");
        async Task<JsonElement> ActAsync(string act, object body)
        {
            var response = await officer.PostAsJsonAsync($"/api/v1/feedback/{number}/{act}", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{act}: {response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement;
        }

        Assert.Equal("awaiting-information", (await ActAsync("request-information", new { what = "Số hồ sơ và ngày nộp tại bộ phận một cửa" })).GetProperty("status").GetString());
        var back = await ActAsync("information-received", new { note = "Người gửi đã gọi điện cho biết số hồ sơ" });
        Assert.Equal("registered", back.GetProperty("status").GetString());
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM feedback WHERE number = '{number}' AND classification IS NOT NULL"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM feedback WHERE number = '{number}' AND status = 1 AND transfer_due_at > refuse_due_at AND handle_due_at > transfer_due_at"));

        var handled = await ActAsync("classify", new { classification = "within-competence", reason = "Thuộc thẩm quyền của Trung tâm" });
        Assert.Equal("in-progress", handled.GetProperty("status").GetString());
        // The registration and the three acts.
        Assert.Equal(4, await app.ScalarAsync($"SELECT count(*) FROM feedback_events e JOIN feedback f ON f.id = e.feedback_id WHERE f.number = '{number}'"));
    }
}
