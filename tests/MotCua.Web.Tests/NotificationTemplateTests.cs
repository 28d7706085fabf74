using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Domain.Messages;
using MotCua.Web.Features.Notifications;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>Notification templates over HTTP on a real PostgreSQL: the defaults of migration 0026, versions, validation,
/// access, the rendering the planners use, the administrator's page, and Vietnamese text kept byte for byte in UTF-8.</summary>
public class NotificationTemplateTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private const string Api = "/api/v1/admin/notification-templates";

    private static readonly Dictionary<string, string> Values = new()
    {
        ["maHoSo"] = "000.10.01.H46-251117-0001", ["thuTuc"] = "Đăng ký khai sinh", ["hoTen"] = "Nguyễn Thị Thu Hà",
        ["coQuan"] = "Trung tâm Phục vụ hành chính công phường Thuận Hóa", ["hanTra"] = "20/11/2025 16:30", ["soTien"] = "1.500.000 đồng",
        ["lyDo"] = "Thiếu bản sao giấy chứng nhận kết hôn", ["traCuu"] = "https://motcua.hue.gov.vn/tra-cuu?ma=000.10.01.H46-251117-0001",
        ["huyNhan"] = "https://motcua.hue.gov.vn/huy-nhan/8f3a2c",
    };

    private async Task<RenderedNotification?> RenderAsync(NotificationEvent e, NotificationChannel c)
    {
        using var scope = app.Services.CreateScope();
        var allowed = NotificationPlaceholders.AllowedFor(e);
        return await scope.ServiceProvider.GetRequiredService<NotificationTemplates>()
            .RenderAsync(e, c, Values.Where(v => allowed.Contains(v.Key)).ToDictionary(), CancellationToken.None);
    }

    [Fact]
    public async Task Every_event_has_a_valid_default_on_every_channel()
    {
        var admin = await app.OfficerAsync("quantri");
        var list = (await admin.GetAsync(Api).OkAsync()).EnumerateArray().ToList();
        Assert.Equal(Enum.GetValues<NotificationEvent>().Length * Enum.GetValues<NotificationChannel>().Length, list.Count);
        // The defaults as migration 0026 wrote them (other tests of this class add versions): each passes the Domain's
        // checks and renders with every placeholder filled.
        var rows = await app.RowsAsync("""
            SELECT event, channel, subject, body, without_diacritics, zns_template_id, zns_params::text FROM notification_templates
            WHERE version = 1 AND created_by IS NULL AND active ORDER BY event, channel
            """);
        Assert.Equal(list.Count, rows.Count);
        var rendered = new Dictionary<(NotificationEvent, NotificationChannel), RenderedText>();
        foreach (var r in rows)
        {
            var template = new NotificationTemplate(NotificationTemplate.EventNamed((string)r[0]!)!.Value, NotificationTemplate.ChannelNamed((string)r[1]!)!.Value,
                (string?)r[2], (string)r[3]!, (bool)r[4]!, (string?)r[5], r[6] is string map ? JsonSerializer.Deserialize<Dictionary<string, string>>(map) : null);
            Assert.True(template.Problems().Count == 0, $"{r[0]}/{r[1]}: {string.Join(" ", template.Problems().SelectMany(p => p.Value))}");
            Assert.Equal(template.Channel == NotificationChannel.Sms, template.WithoutDiacritics);
            var allowed = NotificationPlaceholders.AllowedFor(template.Event);
            rendered[(template.Event, template.Channel)] = template.Render(Values.Where(v => allowed.Contains(v.Key)).ToDictionary());
            if (template.Channel == NotificationChannel.Sms)
                output.WriteLine($"{template.Event}: SMS không dấu {rendered[(template.Event, template.Channel)].Sms!.Units} ký tự = "
                    + $"{rendered[(template.Event, template.Channel)].Sms!.Segments} tin (nếu có dấu: {(template with { WithoutDiacritics = false }).Render(Values.Where(v => allowed.Contains(v.Key)).ToDictionary()).Sms!.Segments} tin)");
        }
        foreach (var ((e, c), message) in rendered)
        {
            Assert.DoesNotContain("{", message.Subject + message.Body);
            if (c == NotificationChannel.Email) Assert.Contains(Values["huyNhan"], message.Body);
            if (c == NotificationChannel.Sms) Assert.Equal((SmsEncoding.Gsm7, true), (message.Sms!.Encoding, message.Sms.Segments is 1 or 2));
            if (c == NotificationChannel.Zalo) Assert.NotEmpty(message.ZnsData!);
        }
        Assert.Equal("Ho so 000.10.01.H46-251117-0001 (Dang ky khai sinh) da duoc tiep nhan. Hen tra ket qua: 20/11/2025 16:30. "
            + "Tra cuu: https://motcua.hue.gov.vn/tra-cuu?ma=000.10.01.H46-251117-0001", rendered[(NotificationEvent.Received, NotificationChannel.Sms)].Body);
        Assert.Equal("Hồ sơ 000.10.01.H46-251117-0001 đã được tiếp nhận", rendered[(NotificationEvent.Received, NotificationChannel.Email)].Subject);
        // The service renders the version in use: the default where nobody edited it.
        var stopped = (await RenderAsync(NotificationEvent.Stopped, NotificationChannel.Zalo))!;
        Assert.Equal((1, "400106", rendered[(NotificationEvent.Stopped, NotificationChannel.Zalo)].Body), (stopped.Version, stopped.ZnsTemplateId, stopped.Body));
        Assert.Equal("Thiếu bản sao giấy chứng nhận kết hôn", stopped.ZnsData!["ly_do"]);
    }

    [Fact]
    public async Task An_edit_adds_a_version_that_is_used_and_audited_and_the_old_one_is_kept()
    {
        var admin = await app.OfficerAsync("quantri");
        // The default is at version 2 (migration 0110 gave it {nhanKetQua}); the edit is version 3.
        var saved = await admin.PutAsJsonAsync($"{Api}/resultReady/sms", new { body = "Hồ sơ {maHoSo} đã có kết quả, mời nhận tại {coQuan}.", withoutDiacritics = true }).OkAsync();
        Assert.Equal(3, saved.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Equal([3, 2, 1], saved.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        var rendered = (await RenderAsync(NotificationEvent.ResultReady, NotificationChannel.Sms))!;
        Assert.Equal((3, "Ho so 000.10.01.H46-251117-0001 da co ket qua, moi nhan tai Trung tam Phuc vu hanh chinh cong phuong Thuan Hoa."), (rendered.Version, rendered.Body));
        Assert.Equal(1, rendered.Segments);
        var audit = await app.RowsAsync("SELECT user_id, details->>'version', details->>'previousVersion' FROM audit_log WHERE action = 'admin.notification-template.update' AND subject = 'notification-template:resultReady/sms'");
        Assert.Equal(("3", "2"), ((string)audit.Single()[1]!, (string)audit.Single()[2]!));
        Assert.NotNull(audit.Single()[0]);

        // Turned off: a version saved inactive, and the planner renders nothing; turned on again with the next version.
        await admin.PutAsJsonAsync($"{Api}/resultReady/sms", new { body = "Hồ sơ {maHoSo} đã có kết quả.", withoutDiacritics = true, active = false }).OkAsync();
        Assert.Null(await RenderAsync(NotificationEvent.ResultReady, NotificationChannel.Sms));
        var detail = await admin.GetAsync($"{Api}/resultReady/sms").OkAsync();
        Assert.Equal([4, 3, 2, 1], detail.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("Ngô Đức Anh", detail.GetProperty("current").GetProperty("createdBy").GetString());
        Assert.Equal(4L, await app.ScalarAsync("SELECT count(*) FROM notification_templates WHERE event = 'resultReady' AND channel = 'sms'"));
    }

    [Fact]
    public async Task Invalid_templates_are_refused_naming_the_field_and_only_the_administrator_may_edit()
    {
        var admin = await app.OfficerAsync("quantri");
        var before = await app.ScalarAsync("SELECT count(*) FROM notification_templates");
        var unknown = await admin.PutAsJsonAsync($"{Api}/received/sms", new { body = "Hồ sơ {maHoSo} hẹn trả {hanTra}, phí {soTien}, {maHS}" })
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["body"], Admin.ErrorFields(unknown));
        Assert.StartsWith("Không có trường {maHS}", unknown.GetProperty("errors").GetProperty("body")[0].GetString());
        var unbalanced = await admin.PutAsJsonAsync($"{Api}/received/email", new { subject = "Hồ sơ {maHoSo", body = "Hồ sơ {maHoSo}." })
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["body", "subject"], Admin.ErrorFields(unbalanced).Order());
        Assert.Contains("{hanTra}", unbalanced.GetProperty("errors").GetProperty("body")[0].GetString());
        var zalo = await admin.PutAsJsonAsync($"{Api}/refused/zalo", new { body = "Hồ sơ {maHoSo} bị từ chối: {lyDo}", znsTemplateId = "abc" })
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["znsParams", "znsTemplateId"], Admin.ErrorFields(zalo).Order());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"{Api}/birthday/sms", new { body = "{maHoSo}" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Api}/received/fax")).StatusCode);
        var specialist = await app.OfficerAsync("chuyenvien.trungtam");
        Assert.Equal(HttpStatusCode.Forbidden, (await specialist.PutAsJsonAsync($"{Api}/received/sms", new { body = "{maHoSo} {hanTra}" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await specialist.GetAsync(Api)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.SessionClient().PutAsJsonAsync($"{Api}/received/sms", new { body = "{maHoSo} {hanTra}" })).StatusCode);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM notification_templates"));
    }

    [Fact]
    public async Task Email_subject_and_body_round_trip_as_correct_utf8()
    {
        var admin = await app.OfficerAsync("quantri");
        const string subject = "Thông báo: hồ sơ {maHoSo} — ĐÃ TIẾP NHẬN “đúng hẹn” ✓";
        const string body = "Kính gửi ông/bà {hoTen},\nHồ sơ {maHoSo} về thủ tục {thuTuc} đã được tiếp nhận; hẹn trả {hanTra}.\nỞ Huế: Ắ Ằ Ẳ Ẵ Ặ ữ ỹ ỵ đ Đ 😀";
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Api}/received/email")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { subject, body }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))),
        };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        var response = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // The answer carries the text itself in UTF-8, not \u escapes.
        Assert.True(IndexOf(bytes, Encoding.UTF8.GetBytes("ĐÃ TIẾP NHẬN")) >= 0, "tiêu đề không ở dạng UTF-8 trong câu trả lời");
        var stored = await app.RowsAsync("SELECT subject, body, octet_length(subject) FROM notification_templates WHERE event = 'received' AND channel = 'email' ORDER BY version DESC LIMIT 1");
        Assert.Equal((subject, body, Encoding.UTF8.GetByteCount(subject)), ((string)stored[0][0]!, (string)stored[0][1]!, (int)stored[0][2]!));
        var rendered = (await RenderAsync(NotificationEvent.Received, NotificationChannel.Email))!;
        Assert.Equal("Thông báo: hồ sơ 000.10.01.H46-251117-0001 — ĐÃ TIẾP NHẬN “đúng hẹn” ✓", rendered.Subject);
        Assert.EndsWith("đ Đ 😀", rendered.Body);
        Assert.Equal(rendered.Subject, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(rendered.Subject!)));
        output.WriteLine($"Tiêu đề {rendered.Subject!.Length} ký tự = {Encoding.UTF8.GetByteCount(rendered.Subject)} byte UTF-8");
    }

    [Fact]
    public async Task The_page_lists_edits_previews_with_segments_and_shows_history()
    {
        var admin = await app.OfficerAsync("quantri");
        var page = await admin.GetStringAsync("/quan-tri/mau-thong-bao?su-kien=apology&kenh=sms");
        Assert.Contains("Xin lỗi và hẹn lại ngày trả", page);
        Assert.Contains("id=\"preview-segments\"", page);
        // The token the save form itself carries, as a browser posts it (not the layout's htmx header).
        var form = System.Text.RegularExpressions.Regex.Match(page, @"<form method=""post""[^>]*handler=Save.*?</form>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        var token = MotCuaApp.AntiforgeryToken(form);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Body"] = "Xin lỗi: hồ sơ {maHoSo} hẹn trả lại lúc {hanTra}.", ["WithoutDiacritics"] = "true", ["Active"] = "true",
        };
        var preview = await (await admin.PostAsync("/quan-tri/mau-thong-bao?su-kien=apology&kenh=sms&handler=Preview", new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync();
        Assert.Contains("Xin loi: ho so 000.10.01.H46-251117-0001 hen tra lai luc 20/11/2025 16:30.", preview);
        Assert.Contains("GSM-7: 74 ký tự, 1 tin nhắn", preview);
        fields["WithoutDiacritics"] = "false";
        var accented = await (await admin.PostAsync("/quan-tri/mau-thong-bao?su-kien=apology&kenh=sms&handler=Preview", new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync();
        Assert.Contains("UCS-2: 74 ký tự, 2 tin nhắn", accented);

        var bad = new Dictionary<string, string>(fields) { ["Body"] = "Xin lỗi: hồ sơ {maHoSo}." };
        // What saving would refuse is said while typing.
        var badPreview = await (await admin.PostAsync("/quan-tri/mau-thong-bao?su-kien=apology&kenh=sms&handler=Preview", new FormUrlEncodedContent(bad))).Content.ReadAsStringAsync();
        Assert.Contains("Nội dung: ", badPreview);
        Assert.Contains("phải có {hanTra}", badPreview);
        var longSubject = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Subject"] = "Hồ sơ {maHoSo} " + new string('x', 200),
            ["Body"] = "Hồ sơ {maHoSo} hẹn trả lại lúc {hanTra}. {huyNhan}", ["Active"] = "true",
        };
        // A ZNS parameter from a field that is no placeholder ("foo=bar" typed in the page) is named, in the preview and on
        // saving, never a server error.
        var zaloFields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Body"] = "Hồ sơ {maHoSo} đã tiếp nhận, hẹn trả {hanTra}. {traCuu}", ["ZnsTemplateId"] = "400101",
            ["ZnsParams"] = "maHoSo=ma_ho_so\nhanTra=han_tra\ntraCuu=tra_cuu\nfoo=bar", ["Active"] = "true",
        };
        foreach (var handler in new[] { "Preview", "Save" })
        {
            var zalo = await admin.PostAsync($"/quan-tri/mau-thong-bao?su-kien=received&kenh=zalo&handler={handler}", new FormUrlEncodedContent(zaloFields));
            Assert.Equal(HttpStatusCode.OK, zalo.StatusCode);
            Assert.Contains("{foo}", System.Net.WebUtility.HtmlDecode(await zalo.Content.ReadAsStringAsync()));
        }
        var subjectPreview = await (await admin.PostAsync("/quan-tri/mau-thong-bao?su-kien=apology&kenh=email&handler=Preview", new FormUrlEncodedContent(longSubject))).Content.ReadAsStringAsync();
        Assert.Contains("Tiêu đề: Dài 215 ký tự, tối đa 200.", subjectPreview);
        Assert.Contains("id=\"preview-body\"", subjectPreview); // a subject too long still shows the text as it would read
        var refused = await admin.PostAsync("/quan-tri/mau-thong-bao?su-kien=apology&kenh=sms&handler=Save", new FormUrlEncodedContent(bad));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("phải có {hanTra}", await refused.Content.ReadAsStringAsync());
        fields["WithoutDiacritics"] = "true";
        var saved = await admin.PostAsync("/quan-tri/mau-thong-bao?su-kien=apology&kenh=sms&handler=Save", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/quan-tri/mau-thong-bao?su-kien=apology&kenh=sms&luu=2", saved.Headers.Location!.OriginalString);
        var after = await admin.GetStringAsync(saved.Headers.Location.OriginalString);
        Assert.Contains("Đã lưu phiên bản 2.", after);
        Assert.Contains("Ngô Đức Anh", after);
        Assert.Contains("Mặc định", after);
        var specialist = await app.OfficerAsync("chuyenvien.trungtam");
        var denied = await specialist.GetAsync("/quan-tri/mau-thong-bao");
        Assert.True(denied.StatusCode == HttpStatusCode.Forbidden || denied.Headers.Location?.OriginalString.Contains("/dang-nhap", StringComparison.Ordinal) == true,
            $"{(int)denied.StatusCode} {denied.Headers.Location}");
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
