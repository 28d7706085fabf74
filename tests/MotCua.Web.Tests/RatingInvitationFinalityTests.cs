using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Domain.Calendar;
using MotCua.Domain.Ratings;
using MotCua.Web.Features.Outbox;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Tests;

/// <summary>
/// Trial 17t LOW 12 (docs/CITIZENS.md "Session 32"): the rating invitation SMS planned at a return in the quiet hours waits
/// for 07:00; when the applicant has meanwhile rated for good by the own link, it is skipped with the reason (an attempt
/// "skipped", the row closed, nothing sent); a dossier rated only with the printed code still gets it (the own link
/// replaces that rating). Real outbox worker, a recording SMS target.
/// </summary>
public class RatingInvitationFinalityTests
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;

    private static async Task<string> ReturnedWithSmsAsync(MotCuaApp app, string idNumber)
    {
        var body = JsonSerializer.SerializeToNode(Requests.Dossier(idNumber: idNumber))!.AsObject();
        body["notifications"] = new JsonObject { ["sms"] = true };
        var response = await app.ApiClient().SubmitAsync(body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        async Task Act(HttpClient client, string action, object payload)
        {
            var r = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", payload);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{action}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        await Act(desk, "transfer", new { });
        await Act(await app.OfficerAsync("congchuc.thuanhoa"), "complete-step", new { note = "Hồ sơ hợp lệ" });
        await Act(await app.OfficerAsync("lanhdao.thuanhoa"), "approve", new { note = "Đồng ý" });
        await Act(desk, "result-ready", new { });
        await Act(desk, "return", new { method = "desk", receivedBy = "Nguyễn Văn An" });
        return code;
    }

    private static Task<long> InvitationAsync(MotCuaApp app, string code, string condition = "TRUE") =>
        app.ScalarAsync($"SELECT count(*) FROM outbox WHERE topic = 'rating.invitation' AND target = 'sms' AND payload->>'code' = '{code}' AND {condition}");

    [Fact]
    public async Task An_invitation_waiting_for_the_morning_is_skipped_once_the_dossier_is_rated_for_good()
    {
        var sms = new RecordingTarget("sms");
        using var app = new MotCuaApp();
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        app.TestServices.Add(services => services.AddSingleton<IOutboxTarget>(sms));
        app.Clock.Now = new DateTimeOffset(2025, 11, 24, 21, 30, 0, Vn);

        var rated = await ReturnedWithSmsAsync(app, "046095001301");
        var printed = await ReturnedWithSmsAsync(app, "046095001302");
        foreach (var code in new[] { rated, printed })
            await Waiting.Until(async () => await InvitationAsync(app, code) == 1, $"lời mời đánh giá của {code} được lập");
        var key = app.Services.GetRequiredService<DeploymentKey>();
        string Token(string purpose, long id) => RatingToken.For(key.DeriveKey(purpose), id);
        var ratedId = await RatingTests.IdOf(app, rated);
        var printedId = await RatingTests.IdOf(app, printed);
        Assert.Equal(HttpStatusCode.Created, (await app.CreateClient().PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(rated, Token(RatingToken.OwnKeyPurpose, ratedId)))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.CreateClient().PostAsJsonAsync("/api/v1/ratings", RatingTests.Body(printed, Token(RatingToken.KeyPurpose, printedId)))).StatusCode);
        // Planned for the end of the quiet hours: nothing has left yet.
        Assert.Equal(1, await InvitationAsync(app, rated, "delivered_at IS NULL"));

        app.Clock.Now = new DateTimeOffset(2025, 11, 25, 7, 5, 0, Vn);
        foreach (var code in new[] { rated, printed })
            await Waiting.Until(async () => await InvitationAsync(app, code, "delivered_at IS NOT NULL") == 1, $"lời mời đánh giá của {code} được xử lý");
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id
            WHERE o.topic = 'rating.invitation' AND o.payload->>'code' = '{rated}' AND a.outcome = 'skipped' AND a.answer LIKE '%đã được đánh giá%' AND o.dead_at IS NULL
            """));
        Assert.DoesNotContain(sms.Received, m => m.Topic == "rating.invitation" && m.Payload.GetProperty("code").GetString() == rated);
        Assert.Contains(sms.Received, m => m.Topic == "rating.invitation" && m.Payload.GetProperty("code").GetString() == printed);
    }
}
