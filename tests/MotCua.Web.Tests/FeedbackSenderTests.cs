using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 16, the fourth fresh trial's LOWs 3 and 8 on feedback: the sender's SMS waits for the end of the quiet hours
/// (21:00–07:00) on an ordering key of its own while the e-mail leaves at once; the sender's phone is checked by the
/// applicant's rule (11-digit landlines and +84 pass, the message names both); an action the feedback's state forbids is a
/// 409 before its content is checked (422).
/// </summary>
public class FeedbackSenderTests
{
    private static object Body(string? phone, string? email = "binh.tran@example.vn") => new
    {
        kind = "phan-anh", senderName = "Trần Văn Bình", senderPhone = phone, senderEmail = email, senderAddress = "5 Hùng Vương, Huế",
        content = "Bộ phận một cửa niêm yết thủ tục chưa cập nhật theo quyết định công bố mới.",
    };

    [Fact]
    public async Task The_senders_SMS_waits_for_the_quiet_hours_end_on_its_own_key_and_the_e_mail_leaves_now()
    {
        using var app = new MotCuaApp();
        app.Settings["Motcua:Feedback:RateLimitPerHour"] = "100";
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 22, 30, 0, VietnamTime.Offset);
        using var citizen = app.SessionClient();
        var created = await citizen.PostAsJsonAsync("/api/v1/feedback", Body("0912345678"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var number = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM outbox WHERE ordering_key = 'feedback:{number}:sms' AND target = 'sms'
            AND next_attempt_at = '2025-11-18T07:00:00+07:00'::timestamptz
            """));
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM outbox WHERE ordering_key = 'feedback:{number}' AND target = 'email'
            AND next_attempt_at = '2025-11-17T22:30:00+07:00'::timestamptz
            """));
    }

    [Fact]
    public async Task The_senders_phone_follows_the_applicants_rule_and_a_forbidden_action_is_a_conflict_first()
    {
        using var app = new MotCuaApp();
        app.Settings["Motcua:Feedback:RateLimitPerHour"] = "100";
        using var citizen = app.SessionClient();
        foreach (var phone in new[] { "0234 3822 123", "+84 905 111 222" })
        {
            var passed = await citizen.PostAsJsonAsync("/api/v1/feedback", Body(phone));
            Assert.True(passed.StatusCode == HttpStatusCode.Created, $"{phone}: {await passed.Content.ReadAsStringAsync()}");
        }
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM feedback WHERE sender_phone = '02343822123'"));
        var refused = await citizen.PostAsJsonAsync("/api/v1/feedback", Body("0234 38"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var message = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("senderPhone")[0].GetString()!;
        Assert.Contains("11 chữ số", message, StringComparison.Ordinal);
        Assert.Contains("+84", message, StringComparison.Ordinal);

        // Publishing a feedback not yet answered, with no text: the state forbids it, whatever the text.
        var created = await citizen.PostAsJsonAsync("/api/v1/feedback", Body("0912345678"));
        var number = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        using var officer = await app.OfficerAsync("chuyenvien.trungtam");
        var publish = await officer.PostAsJsonAsync($"/api/v1/feedback/{number}/publish", new { });
        Assert.True(publish.StatusCode == HttpStatusCode.Conflict, await publish.Content.ReadAsStringAsync());
    }
}
