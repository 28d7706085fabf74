using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Messages;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Outbox;
using Xunit.Abstractions;
using static MotCua.Web.Tests.Waiting;

namespace MotCua.Web.Tests;

/// <summary>
/// Who is told what (issue 13, docs/MESSAGES.md §5–6), over real HTTP with the worker on and a real PostgreSQL: every state
/// change the applicant is told about leaves one message on each channel they agreed to at intake and none on the others;
/// an opt-out stops its channel; SMS planned at night waits for 07:00 while e-mail leaves. The channels here are recording
/// adapters (the SMTP server and the gateway are the channel helpers' tests).
/// </summary>
public class NotificationJourneyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, Vn);

    private readonly RecordingTarget sms = new("sms"), email = new("email"), zalo = new("zalo");

    private MotCuaApp App()
    {
        var app = new MotCuaApp();
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        app.Settings["Motcua:PublicBaseUrl"] = "https://dichvucong.example.vn";
        app.TestServices.Add(services => { foreach (var t in new[] { sms, email, zalo }) services.AddSingleton<IOutboxTarget>(t); });
        return app;
    }

    // Each event is expanded before the clock moves on (an event expanded a day late is stale and tells nobody).
    private static Task Expanded(MotCuaApp app, string code) => Until(async () => await app.ScalarAsync(
        $"SELECT count(*) FROM outbox WHERE target = 'dossier-events' AND payload->>'code' = '{code}' AND delivered_at IS NULL") == 0, $"các sự kiện của {code} đã tách");

    private static async Task<string> SubmitAsync(MotCuaApp app, object? notifications, string channel = "direct", string? emailAddress = "an.nguyen@example.vn",
        string? resultDelivery = null)
    {
        var body = JsonSerializer.SerializeToNode(Requests.Dossier(channel: channel, email: emailAddress))!.AsObject();
        if (notifications is not null) body["notifications"] = JsonSerializer.SerializeToNode(notifications);
        if (resultDelivery is not null) body["resultDelivery"] = resultDelivery;
        var response = await app.ApiClient().SubmitAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var code = JsonDocument.Parse(text).RootElement.GetProperty("code").GetString()!;
        await Expanded(app, code);
        return code;
    }

    // No message of the dossier is being handed to its channel: a lease runs by the app's clock, so moving the clock past
    // it while an attempt is under way (a slow machine) would let the worker claim the message again, a second attempt.
    private static Task Settled(MotCuaApp app, string code) => Until(async () => await app.ScalarAsync($"""
        SELECT count(*) FROM notifications n JOIN outbox o USING (message_id)
        WHERE n.dossier_code = '{code}' AND o.delivered_at IS NULL AND o.dead_at IS NULL AND o.locked_until IS NOT NULL
        """) == 0, $"không thư nào của {code} đang gửi");

    private static async Task ActAsync(MotCuaApp app, HttpClient client, string code, string action, object? body = null, DateTimeOffset? at = null)
    {
        await Settled(app, code);
        if (at is { } now) app.Clock.Now = now;
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await Expanded(app, code);
    }

    // Waits until every message of the dossier has left, then answers its list as the API gives it.
    private static async Task<JsonElement[]> MessagesAsync(MotCuaApp app, HttpClient reader, string code)
    {
        await Until(async () => await app.ScalarAsync(
            $"SELECT count(*) FROM notifications n JOIN outbox o USING (message_id) WHERE n.dossier_code = '{code}' AND o.delivered_at IS NULL") == 0, $"thư của {code} đã đi");
        return (await reader.GetFromJsonAsync<JsonElement[]>($"/api/v1/dossiers/{code}/notifications"))!;
    }

    private static string[] Pairs(JsonElement[] messages) =>
        [.. messages.Select(m => $"{m.GetProperty("event").GetString()}/{m.GetProperty("channel").GetString()}")];

    [Fact]
    public async Task Every_state_change_of_a_journey_tells_the_applicant_on_each_channel_they_agreed_to_and_no_other()
    {
        using var app = App();
        app.Clock.Now = At(17, 9);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");

        // The main journey: received → (internal steps, nothing) → result ready → returned; SMS and e-mail, not Zalo.
        var code = await SubmitAsync(app, new { sms = true, zalo = false, email = true });
        await ActAsync(app, desk, code, "transfer", at: At(17, 9, 10));
        await ActAsync(app, clerk, code, "complete-step", new { note = "Hồ sơ hợp lệ" }, At(17, 10));
        await ActAsync(app, leader, code, "approve", new { note = "Đồng ý" }, At(17, 11));
        await ActAsync(app, desk, code, "result-ready", at: At(17, 14));
        await ActAsync(app, desk, code, "return", new { method = "desk", receivedBy = "Nguyễn Văn An" }, At(17, 15));
        var journey = await MessagesAsync(app, desk, code);
        Assert.Equal(["received/sms", "received/email", "resultReady/sms", "resultReady/email", "returned/sms", "returned/email"], Pairs(journey));
        Assert.All(journey, m => Assert.Equal(("sent", 1), (m.GetProperty("status").GetString(), m.GetProperty("attempts").GetInt32())));
        Assert.Equal(["090****456", "a***@example.vn"], journey[..2].Select(m => m.GetProperty("recipient").GetString()));
        // The default SMS template is sent without diacritics, so that it fits 160-character segments.
        var firstSms = sms.Received.Single(m => m.Payload.GetProperty("code").GetString() == code && m.Payload.GetProperty("text").GetString()!.Contains("tiep nhan"));
        Assert.Equal("0905123456", firstSms.Payload.GetProperty("to").GetString());
        Assert.Contains($"https://dichvucong.example.vn/tra-cuu?ma={code}", firstSms.Payload.GetProperty("text").GetString());
        // The appointment, Vietnam time, as the dossier has it.
        var dueAt = (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("dueAt").GetDateTimeOffset();
        Assert.Contains($"Hen tra ket qua: {dueAt:dd/MM/yyyy HH:mm}", firstSms.Payload.GetProperty("text").GetString());
        Assert.DoesNotContain(zalo.Received, m => m.Payload.GetProperty("code").GetString() == code);
        // The message ids are the notifications' own, so a receipt can find its message.
        Assert.Equal(6, await app.ScalarAsync($"SELECT count(*) FROM notifications n JOIN outbox o USING (message_id) WHERE n.dossier_code = '{code}' AND o.target = n.channel"));

        // Supplement (Zalo only), then withdrawal and stop (by default: SMS only, the API sent no choice). These dossiers are
        // received the same morning: the clock goes back before they are, never between a message's writing and its sending.
        app.Clock.Now = At(17, 9, 15);
        var supplemented = await SubmitAsync(app, new { zalo = true }, emailAddress: null);
        await ActAsync(app, desk, supplemented, "transfer", at: At(17, 9, 20));
        await ActAsync(app, clerk, supplemented, "supplement-request",
            new { items = new[] { new { document = "Giấy chứng sinh", reason = "Bản chụp không đọc được" } } }, At(17, 10, 30));
        Assert.Equal(["received/zalo", "supplementRequested/zalo"], Pairs(await MessagesAsync(app, desk, supplemented)));
        var zaloMessage = zalo.Received.Last(m => m.Payload.GetProperty("code").GetString() == supplemented);
        Assert.Contains("Giấy chứng sinh (Bản chụp không đọc được)", zaloMessage.Payload.GetProperty("text").GetString());
        // A citizen who chose Zalo alone can stop it: the first Zalo message carries the opt-out link as a ZNS parameter.
        var zaloReceived = zalo.Received.First(m => m.Payload.GetProperty("code").GetString() == supplemented).Payload;
        Assert.Equal("400121", zaloReceived.GetProperty("templateId").GetString());
        Assert.StartsWith("https://dichvucong.example.vn/thong-bao/huy/", zaloReceived.GetProperty("templateData").GetProperty("huy_nhan").GetString());
        Assert.Contains("Ngừng nhận tin qua Zalo: https://dichvucong.example.vn/thong-bao/huy/", zaloReceived.GetProperty("text").GetString());
        // The ZNS template registered for the event (the administrator's template says which).
        Assert.Equal(await app.ScalarAsync("SELECT zns_template_id::bigint FROM notification_templates WHERE event = 'supplementRequested' AND channel = 'zalo' ORDER BY version DESC LIMIT 1"),
            long.Parse(zaloMessage.Payload.GetProperty("templateId").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        var withdrawn = await SubmitAsync(app, null);
        await ActAsync(app, desk, withdrawn, "withdraw", new { reason = "Gia đình đăng ký ở nơi khác" }, At(17, 11, 30));
        await ActAsync(app, desk, withdrawn, "stop", new { reason = "Người yêu cầu rút hồ sơ" }, At(17, 12));
        Assert.Equal(["received/sms", "withdrawn/sms", "stopped/sms"], Pairs(await MessagesAsync(app, desk, withdrawn)));

        // An online submission refused by the one-stop unit: the submission itself tells nothing, the refusal does.
        var online = await SubmitAsync(app, new { email = true }, channel: "online");
        await ActAsync(app, desk, online, "refuse-online", new { reason = "Không thuộc thẩm quyền của phường", legalBasis = "Điều 9 Nghị định 123/2015/NĐ-CP" }, At(17, 13));
        var refusal = await MessagesAsync(app, desk, online);
        Assert.Equal(["refused/email"], Pairs(refusal));
        // The refusal's e-mail, by its subject: a refusal also opens the rating window, and the invitation to rate
        // (RatingPlanner, issue 17) may reach the mail server first.
        var mail = email.Received.Single(m => m.Payload.GetProperty("code").GetString() == online
            && m.Payload.GetProperty("subject").GetString() == $"Hồ sơ {online} không được tiếp nhận, giải quyết");
        Assert.Contains("Không thuộc thẩm quyền của phường", mail.Payload.GetProperty("text").GetString());

        // No consent at all: nothing. The dossier page shows the messages; another unit's officer sees none of them.
        var silent = await SubmitAsync(app, new { sms = false });
        await ActAsync(app, desk, silent, "withdraw", new { reason = "Không cần nữa" }, At(17, 14, 30));
        Assert.Empty(await MessagesAsync(app, desk, silent));
        var page = await desk.GetStringAsync($"/ho-so/{code}");
        Assert.Contains("Thông báo cho người nộp", page);
        Assert.Contains("a***@example.vn", page);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.OfficerAsync("tiepnhan.phuxuan")).GetAsync($"/api/v1/dossiers/{code}/notifications")).StatusCode);

        var total = await app.ScalarAsync("SELECT count(*) FROM notifications");
        output.WriteLine($"Hành trình: {journey.Length} thư; bổ sung 2; rút/dừng 3; từ chối 1; không đồng ý 0; tổng {total} thư, " +
            $"SMS {sms.Received.Count}, e-mail {email.Received.Count}, Zalo {zalo.Received.Count}.");
        Assert.Equal(12, total);
    }

    /// <summary>Issue 17 (a trial's finding, then cit31): the result-ready message no longer asks everyone to come to the
    /// desk; it says how this applicant gets the result, the way they chose at intake ({nhanKetQua}, <c>resultDelivery</c>;
    /// absent, the channel's way), on SMS and e-mail, for every channel × every way the channel offers (and none).</summary>
    [Fact]
    public async Task The_result_ready_message_says_the_way_the_applicant_chose_for_every_channel_and_way()
    {
        using var app = App();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        string agency;
        using (var scope = app.Services.CreateScope())
            agency = await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Agencies.Where(a => a.Code == DemoData.ThuanHoaCode).Select(a => a.Name).SingleAsync();
        var phrases = new Dictionary<string, string>
        {
            ["desk"] = $"nhận trực tiếp tại {agency}",
            ["post"] = "gửi qua bưu chính công ích đến địa chỉ đã đăng ký",
            ["electronic"] = "tải kết quả điện tử trong tài khoản dịch vụ công",
        };
        foreach (var channel in Enum.GetValues<Channel>())
            foreach (var way in ResultDelivery.Offered(channel).Select(ResultDelivery.ApiName).Prepend(null))
            {
                app.Clock.Now = At(17, 9);
                var name = channel.ToString().ToLowerInvariant();
                var code = await SubmitAsync(app, new { sms = true, email = true }, channel: name, resultDelivery: way);
                if (channel == Channel.Online) await ActAsync(app, desk, code, "accept-online", at: At(17, 9, 5));
                await ActAsync(app, desk, code, "transfer", at: At(17, 9, 10));
                await ActAsync(app, clerk, code, "complete-step", new { note = "Hồ sơ hợp lệ" }, At(17, 10));
                await ActAsync(app, leader, code, "approve", new { note = "Đồng ý" }, At(17, 11));
                await ActAsync(app, desk, code, "result-ready", at: At(17, 14));
                await MessagesAsync(app, desk, code);

                // Absent, the channel's way: post for a postal dossier, the electronic result online, else the desk.
                var how = phrases[way ?? (channel switch { Channel.Postal => "post", Channel.Online => "electronic", _ => "desk" })];
                var mail = email.Received.Single(m => m.Payload.GetProperty("code").GetString() == code
                    && m.Payload.GetProperty("subject").GetString() == $"Hồ sơ {code} đã có kết quả").Payload.GetProperty("text").GetString()!;
                var text = sms.Received.Single(m => m.Payload.GetProperty("code").GetString() == code
                    && m.Payload.GetProperty("text").GetString()!.Contains("da co ket qua")).Payload.GetProperty("text").GetString()!;
                output.WriteLine($"{name} × {way ?? "(none)"}: {text}");
                Assert.Contains($"Cách nhận kết quả: {how}.", mail);
                Assert.Contains($"Nhan ket qua: {SmsText.WithoutDiacritics(how)}.", text);
                Assert.DoesNotContain("đến nhận kết quả tại", mail);
                foreach (var otherWay in phrases.Where(p => p.Value != how)) Assert.DoesNotContain(otherWay.Value, mail);
            }
    }

    [Fact]
    public async Task A_refusal_on_the_merits_is_told_once_with_its_reasons_and_an_obligation_says_what_is_owed()
    {
        using var app = App();
        app.Clock.Now = At(17, 9);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");

        // Refused on the merits: nothing when the leader decides (the notice is not at the desk yet), then one refusal with
        // the leader's reasons when it is, never "the result is ready"; the return is told as a return.
        var code = await SubmitAsync(app, new { sms = true, email = true });
        await ActAsync(app, desk, code, "transfer", at: At(17, 9, 10));
        await ActAsync(app, clerk, code, "financial-obligation", new { note = "Nộp lệ phí đăng ký 8.000 đồng tại UBND phường", amountVnd = 8000, kind = "charge" }, At(17, 9, 30));
        await ActAsync(app, desk, code, "payment-received", new { note = "Biên lai số 0000123" }, At(17, 9, 45));
        await ActAsync(app, clerk, code, "complete-step", new { note = "Không đủ điều kiện" }, At(17, 10));
        await ActAsync(app, leader, code, "refuse", new { reason = "Người yêu cầu không phải cha, mẹ hoặc người thân thích của trẻ" }, At(17, 11));
        await ActAsync(app, desk, code, "result-ready", at: At(17, 14));
        await ActAsync(app, desk, code, "return", new { method = "desk", receivedBy = "Nguyễn Văn An" }, At(17, 15));
        Assert.Equal(["received/sms", "received/email", "financialObligation/sms", "financialObligation/email", "refused/sms", "refused/email",
            "returned/sms", "returned/email"], Pairs(await MessagesAsync(app, desk, code)));
        string Text(RecordingTarget channel, string contains) =>
            channel.Received.Select(m => m.Payload).Where(p => p.GetProperty("code").GetString() == code)
                .Select(p => p.GetProperty("text").GetString()!).Single(t => t.Contains(contains, StringComparison.Ordinal));
        var refusal = Text(email, "Lý do");
        Assert.Contains("Người yêu cầu không phải cha, mẹ hoặc người thân thích của trẻ", refusal);
        Assert.DoesNotContain("đã có kết quả", refusal);
        Assert.Contains("Nop le phi dang ky 8.000 dong tai UBND phuong", Text(sms, "nghia vu tai chinh"));
        Assert.Contains("Nộp lệ phí đăng ký 8.000 đồng tại UBND phường", Text(email, "nghĩa vụ tài chính"));

        // The procedure is named once ("về thủ tục Đăng ký khai sinh", not "thủ tục Thủ tục …"), and the first SMS carries
        // the link that stops the SMS of this dossier.
        var received = Text(email, "đã tiếp nhận");
        Assert.DoesNotContain("thủ tục thủ tục", received, StringComparison.OrdinalIgnoreCase);
        var firstSms = Text(sms, "Hen tra ket qua");
        Assert.Contains("https://dichvucong.example.vn/thong-bao/huy/", firstSms);
        output.WriteLine(firstSms);
        output.WriteLine(refusal);
    }

    [Fact]
    public async Task A_fee_due_at_intake_is_asked_for_after_the_receipt_with_its_amount()
    {
        using var app = App();
        app.Clock.Now = At(17, 9);
        // The unit's local fee (set at adoption) makes the birth registration cost 15,000 đồng here.
        await app.ScalarAsync($"UPDATE agency_procedures SET fee = 15000, fee_text = 'Lệ phí theo Nghị quyết HĐND tỉnh' WHERE procedure_code = '1.001193' AND agency_id = (SELECT id FROM agencies WHERE code = '{MotCua.Web.Features.Demo.DemoData.ThuanHoaCode}')");
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var code = await SubmitAsync(app, new { sms = true, email = true });
        Assert.Equal(["received/sms", "received/email", "paymentRequested/sms", "paymentRequested/email"], Pairs(await MessagesAsync(app, desk, code)));
        var asked = sms.Received.Select(m => m.Payload).Where(p => p.GetProperty("code").GetString() == code)
            .Select(p => p.GetProperty("text").GetString()!).Single(t => t.Contains("nop phi", StringComparison.Ordinal));
        Assert.Contains("15.000 dong", asked);
        output.WriteLine(asked);
    }

    [Fact]
    public async Task After_an_opt_out_the_channel_carries_nothing_and_SMS_waits_for_the_morning()
    {
        using var app = App();
        // 22:00 in Vietnam: the e-mail leaves at once, the SMS waits for 07:00.
        app.Clock.Now = At(17, 22);
        var code = await SubmitAsync(app, new { sms = true, email = true });
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await Until(() => Task.FromResult(email.Received.Any(m => m.Payload.GetProperty("code").GetString() == code)), "thư điện tử đi ngay");
        var held = await app.ScalarAsync($"SELECT extract(epoch FROM o.next_attempt_at)::bigint FROM notifications n JOIN outbox o USING (message_id) WHERE n.dossier_code = '{code}' AND n.channel = 'sms'");
        Assert.Equal(At(18, 7).ToUnixTimeSeconds(), held);
        await Task.Delay(500);
        Assert.DoesNotContain(sms.Received, m => m.Payload.GetProperty("code").GetString() == code);
        var waiting = (await desk.GetFromJsonAsync<JsonElement[]>($"/api/v1/dossiers/{code}/notifications"))!;
        Assert.Equal(["queued", "sent"], waiting.Select(m => m.GetProperty("status").GetString()));
        Assert.Equal((0, At(18, 7), JsonValueKind.Null), (waiting[0].GetProperty("attempts").GetInt32(),
            waiting[0].GetProperty("nextAttemptAt").GetDateTimeOffset(), waiting[0].GetProperty("lastError").ValueKind));
        // At 07:00 the gateway is busy: the SMS waits for its retry with the gateway's answer shown; then it leaves, and is
        // sent at the start of the attempt the gateway took.
        sms.Answer = (_, _) => Task.FromResult(DeliveryOutcome.Failed("503 Cổng SMS đang bận"));
        app.Clock.Now = At(18, 7);
        desk = await app.OfficerAsync("tiepnhan.thuanhoa"); // sessions last a working day
        JsonElement retried = default;
        await Until(async () => (retried = (await desk.GetFromJsonAsync<JsonElement[]>($"/api/v1/dossiers/{code}/notifications"))![0])
            .GetProperty("lastError").ValueKind == JsonValueKind.String, "lần gửi lỗi được ghi");
        Assert.Equal(("queued", 1, "503 Cổng SMS đang bận"), (retried.GetProperty("status").GetString(), retried.GetProperty("attempts").GetInt32(),
            retried.GetProperty("lastError").GetString()));
        Assert.True(retried.GetProperty("nextAttemptAt").GetDateTimeOffset() > At(18, 7));
        sms.Answer = (_, _) => Task.FromResult(DeliveryOutcome.Delivered("250 OK"));
        app.Clock.Now = At(18, 7, 30);
        var received = await MessagesAsync(app, desk, code);
        Assert.Equal(["sent", "sent"], received.Select(m => m.GetProperty("status").GetString()));
        Assert.Equal((At(18, 7, 30), JsonValueKind.Null), (received[0].GetProperty("sentAt").GetDateTimeOffset(), received[0].GetProperty("lastError").ValueKind));
        var text = sms.Received.Single(m => m.Payload.GetProperty("code").GetString() == code).Payload.GetProperty("text").GetString()!;
        output.WriteLine($"SMS lập 22:00, gửi lúc {received[0].GetProperty("sentAt")}: {text}");

        // The e-mail's opt-out link (every e-mail carries one; of the default SMS only the first, to save a segment each): the page asks,
        // the POST records it; the next event goes by SMS only.
        var mail = email.Received.Single(m => m.Payload.GetProperty("code").GetString() == code).Payload.GetProperty("text").GetString()!;
        var link = mail[mail.IndexOf("https://dichvucong.example.vn/thong-bao/huy/", StringComparison.Ordinal)..].Split(' ', '\n', '\r')[0];
        var path = new Uri(link).AbsolutePath;
        var citizen = app.SessionClient();
        var ask = await citizen.GetStringAsync(path);
        Assert.Contains("Bạn muốn ngừng nhận thông báo qua thư điện tử", ask);
        var confirmed = await citizen.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(ask) }));
        Assert.Contains("Đã ngừng gửi thông báo qua thư điện tử", await confirmed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync("/thong-bao/huy/khong-co-that")).StatusCode);

        app.Clock.Now = At(18, 9);
        desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await ActAsync(app, desk, code, "withdraw", new { reason = "Không cần nữa" });
        Assert.Equal(["received/sms", "received/email", "withdrawn/sms"], Pairs(await MessagesAsync(app, desk, code)));

        // An event expanded more than a day late (an old backlog) tells nobody: the received event again, two days on.
        var stale = await SubmitAsync(app, new { sms = true });
        Assert.Equal(["received/sms"], Pairs(await MessagesAsync(app, desk, stale)));
        app.Clock.Now = At(20, 9);
        Assert.Equal(1, await app.ScalarAsync($"""
            WITH again AS (
                INSERT INTO outbox (topic, payload, created_at, message_id, target, ordering_key, next_attempt_at)
                SELECT topic, payload, created_at, gen_random_uuid(), target, ordering_key, '{app.Clock.Now:O}'
                FROM outbox WHERE target = 'dossier-events' AND payload->>'code' = '{stale}' RETURNING 1)
            SELECT count(*) FROM again
            """));
        await Expanded(app, stale);
        desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        Assert.Equal(["received/sms"], Pairs(await MessagesAsync(app, desk, stale)));
    }

    [Fact]
    public async Task Consent_to_e_mail_without_an_address_is_a_422_naming_the_field()
    {
        using var app = App();
        var body = JsonSerializer.SerializeToNode(Requests.Dossier(email: null))!.AsObject();
        body["notifications"] = new JsonObject { ["email"] = true };
        var response = await app.ApiClient().SubmitAsync(body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("thư điện tử", problem.GetProperty("errors").GetProperty("notifications.email")[0].GetString());
    }
}
