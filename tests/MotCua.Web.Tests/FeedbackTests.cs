using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Feedback;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Feedback on administrative regulations over real HTTP (docs/FEEDBACK.md): every channel registers with a number and its
/// deadlines; bad input is a 422 naming the field and writes nothing; complaints are routed away and never listed or
/// counted; the portal's push is idempotent by its code; an officer classifies, answers and publishes, the public reads the
/// masked text only and the sender's messages are on the outbox; another agency sees nothing; overdue ones are flagged.
/// The clock starts Monday 17/11/2025 09:00.
/// </summary>
public class FeedbackTests : IClassFixture<MotCuaApp>
{
    private readonly MotCuaApp app;
    private readonly ITestOutputHelper output;

    /// <summary>The class sends more than the default ten feedbacks an hour from one address; the limit has its own test.</summary>
    public FeedbackTests(MotCuaApp app, ITestOutputHelper output)
    {
        app.Settings["Motcua:Feedback:RateLimitPerHour"] = "100000";
        this.app = app;
        this.output = output;
    }

    private static object Body(string content = "Thủ tục đăng ký khai sinh yêu cầu bản sao sổ hộ khẩu dù sổ đã bị bỏ từ 2023.", string kind = "phan-anh",
        string? name = "Nguyễn Văn An", string? phone = "0912345678", string? email = "an.nguyen@example.vn", string? agencyCode = null) => new
    {
        kind, senderName = name, senderPhone = phone, senderEmail = email, senderAddress = "12 Lê Lợi, phường Thuận Hóa, Huế",
        senderIdNumber = "046095001234", agencyCode, procedureCode = "1.001193", subject = "Giấy tờ không còn cần", content,
    };

    private async Task<JsonElement> SubmitAsync(HttpClient client, object body, HttpStatusCode expected = HttpStatusCode.Created, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/feedback") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<long> CountAsync(string where = "true") => await app.ScalarAsync($"SELECT count(*) FROM feedback WHERE {where}");

    [Fact]
    public async Task An_online_feedback_is_registered_with_a_number_its_deadline_and_a_message_to_the_sender()
    {
        using var citizen = app.SessionClient();
        var receipt = await SubmitAsync(citizen, Body());
        var number = receipt.GetProperty("number").GetString()!;
        Assert.Matches(@"^PAKN-2025-\d{5}$", number);
        Assert.Equal("registered", receipt.GetProperty("status").GetString());
        // Monday 17/11 09:00 + 15 working days of 8 hours: 6 h on Monday, three full weeks less 6 h → Monday 8/12 09:00.
        Assert.Equal("2025-12-08T09:00:00+07:00", receipt.GetProperty("handleBy").GetString());
        // Sixteenth trial LOW 11b: one name, one meaning. The receipt's deadline is the detail's handleBy; dueAt is only
        // the detail's deadline of the step now due (the classification's, 2 working days), never on the receipt.
        Assert.False(receipt.TryGetProperty("dueAt", out _), receipt.ToString());
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE topic = 'feedback.received' AND target = 'sms' AND payload->>'to' = '0912345678' AND payload->>'text' LIKE '%{number}%'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE topic = 'feedback.received' AND target = 'email' AND payload->>'to' = 'an.nguyen@example.vn' AND payload->>'text' LIKE '%{number}%'"));

        var shown = await citizen.GetStringAsync($"/api/v1/public/feedback/{number}");
        Assert.Contains("\"status\":\"registered\"", shown, StringComparison.Ordinal);
        foreach (var personal in new[] { "Nguyễn Văn An", "0912345678", "an.nguyen", "046095001234", "Lê Lợi" }) Assert.DoesNotContain(personal, shown, StringComparison.Ordinal);
        var page = await citizen.GetStringAsync($"/phan-anh-kien-nghi/{number}");
        Assert.Contains(number, page, StringComparison.Ordinal);
        Assert.DoesNotContain("Nguyễn Văn An", page, StringComparison.Ordinal);
        output.WriteLine($"Trực tuyến: {number}, hạn xử lý {receipt.GetProperty("handleBy").GetString()}");
    }

    [Fact]
    public async Task Bad_input_is_a_422_naming_each_field_in_Vietnamese_and_writes_nothing()
    {
        using var citizen = app.SessionClient();
        var before = await CountAsync();
        var outbox = await app.ScalarAsync("SELECT count(*) FROM outbox");
        var problem = await SubmitAsync(citizen, Body(content: "Ngắn", name: " ", phone: null, email: "khong-phai-thu"), HttpStatusCode.UnprocessableEntity);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["content", "senderEmail", "senderName"], errors.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Contains("họ và tên", errors.GetProperty("senderName")[0].GetString(), StringComparison.Ordinal);
        var wrongType = await citizen.PostAsync("/api/v1/feedback", new StringContent("""{"kind":"phan-anh","senderName":5}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongType.StatusCode);
        Assert.Contains("senderName", await wrongType.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknownAgency = await SubmitAsync(citizen, Body(agencyCode: "999.99.99.H46"), HttpStatusCode.UnprocessableEntity);
        Assert.True(unknownAgency.GetProperty("errors").TryGetProperty("agencyCode", out _));
        Assert.Equal(before, await CountAsync());
        Assert.Equal(outbox, await app.ScalarAsync("SELECT count(*) FROM outbox"));

        // The page: the same messages beside the fields, 422, nothing written.
        var form = await citizen.GetStringAsync("/phan-anh-kien-nghi/gui");
        var posted = await citizen.PostAsync("/phan-anh-kien-nghi/gui", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(form), ["Form.Kind"] = "kien-nghi", ["Form.SenderName"] = "Trần Thị Bình",
            ["Form.SenderAddress"] = "3 Hùng Vương, Huế", ["Form.Content"] = "Quá ngắn",
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, posted.StatusCode);
        var html = await posted.Content.ReadAsStringAsync();
        Assert.Contains("Nhập số điện thoại hoặc địa chỉ thư điện tử để nhận trả lời.", html, StringComparison.Ordinal);
        Assert.Contains("Nội dung quá ngắn", html, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task The_same_submission_under_one_Idempotency_Key_is_registered_once()
    {
        using var citizen = app.SessionClient();
        var key = Guid.NewGuid().ToString();
        var first = await SubmitAsync(citizen, Body(content: "Phí thẩm định hồ sơ đất đai niêm yết khác với quyết định của tỉnh."), key: key);
        var again = await SubmitAsync(citizen, Body(content: "Phí thẩm định hồ sơ đất đai niêm yết khác với quyết định của tỉnh."), HttpStatusCode.OK, key);
        Assert.Equal(first.GetProperty("number").GetString(), again.GetProperty("number").GetString());
        await SubmitAsync(citizen, Body(content: "Một nội dung khác hẳn nhưng cùng khóa Idempotency-Key."), HttpStatusCode.Conflict, key);
        Assert.Equal(1, await CountAsync($"idempotency_key = '{key}'"));
    }

    [Fact]
    public async Task A_complaint_is_routed_away_without_a_number_and_never_listed_or_counted()
    {
        using var citizen = app.SessionClient();
        var receipt = await SubmitAsync(citizen, Body(kind: "khieu-nai", content: "Tôi khiếu nại quyết định xử phạt số 12/QĐ-XPHC của phường."), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, receipt.GetProperty("number").ValueKind);
        Assert.Equal("routed-away", receipt.GetProperty("status").GetString());
        Assert.Contains("Ban Tiếp công dân", receipt.GetProperty("routedTo").GetString(), StringComparison.Ordinal);

        using var officer = await app.OfficerAsync("chuyenvien.trungtam");
        var list = await officer.GetStringAsync("/api/v1/feedback/");
        Assert.DoesNotContain("khiếu nại quyết định xử phạt", list, StringComparison.Ordinal);
        var figures = await officer.GetFromJsonAsync<JsonElement>("/api/v1/feedback/figures?from=2025-01-01&to=2025-12-31");
        Assert.Equal(await CountAsync("kind IN (1, 2) AND status <> 8 AND agency_id = (SELECT id FROM agencies WHERE code = '000.00.01.H46')"), figures.GetProperty("received").GetInt32());
        Assert.True(figures.GetProperty("routedAway").GetInt32() >= 1);
    }

    [Fact]
    public async Task Province_wide_figures_are_each_agency_s_figures_summed_and_read_by_the_centre_only()
    {
        using var citizen = app.SessionClient();
        await SubmitAsync(citizen, Body(content: "Phường niêm yết thủ tục cũ, chưa cập nhật theo quyết định công bố mới.", agencyCode: DemoData.ThuanHoaCode));
        await SubmitAsync(citizen, Body(content: "Trung tâm hướng dẫn thành phần hồ sơ khác với danh mục đã công bố.", agencyCode: DemoData.CentreCode));
        const string period = "from=2025-01-01&to=2025-12-31";
        using var centre = await app.OfficerAsync("chuyenvien.trungtam");
        using var commune = await app.OfficerAsync("tiepnhan.thuanhoa");
        var province = await centre.GetFromJsonAsync<JsonElement>($"/api/v1/feedback/figures?{period}&scope=province");
        var lines = province.GetProperty("agencies").EnumerateArray().ToList();
        var total = province.GetProperty("total");
        string[] counts = ["received", "answered", "answeredOnTime", "published", "refused", "transferred", "routedAway", "open", "overdue"];
        foreach (var count in counts)
            Assert.Equal(lines.Sum(l => l.GetProperty("figures").GetProperty(count).GetInt32()), total.GetProperty(count).GetInt32());
        // Every feedback of the province is counted once: the total equals the table, whoever holds it.
        Assert.Equal(await CountAsync("kind IN (1, 2) AND status <> 8 AND received_at >= '2025-01-01T00:00:00+07' AND received_at < '2026-01-01T00:00:00+07'"), total.GetProperty("received").GetInt32());
        // Each line is what that agency's own officers read.
        foreach (var (client, code) in new[] { (centre, DemoData.CentreCode), (commune, DemoData.ThuanHoaCode) })
        {
            var own = await client.GetFromJsonAsync<JsonElement>($"/api/v1/feedback/figures?{period}");
            var line = lines.Single(l => l.GetProperty("code").GetString() == code).GetProperty("figures");
            foreach (var count in counts) Assert.Equal(own.GetProperty(count).GetInt32(), line.GetProperty(count).GetInt32());
            Assert.True(own.GetProperty("received").GetInt32() >= 1, code);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await commune.GetAsync($"/api/v1/feedback/figures?{period}&scope=province")).StatusCode);
        foreach (var (query, field) in new[] { ("scope=tinh", "scope"), ("from=0001-01-01", "from"), ("to=9999-12-31", "to"), ("from=31/02/2025", "from"),
                     ("from=2025-12-31&to=2025-01-01", "to") })
        {
            var bad = await centre.GetAsync($"/api/v1/feedback/figures?{query}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.Contains($"\"{field}\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Desk_and_hotline_feedback_is_transcribed_by_an_officer_and_a_hotline_call_needs_its_time()
    {
        using var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var noTime = await desk.PostAsJsonAsync("/api/v1/feedback/desk", new { channel = "hotline", kind = "phan-anh", senderName = "Lê Văn Tâm", senderPhone = "0905111222",
            senderAddress = "Phú Xuân, Huế", content = "Cán bộ hướng dẫn mỗi lần một khác về giấy tờ cần nộp." });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noTime.StatusCode);
        Assert.Contains("callAt", await noTime.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var call = await desk.PostAsJsonAsync("/api/v1/feedback/desk", new { channel = "hotline", callAt = "2025-11-17T08:30:00+07:00", kind = "phan-anh",
            senderName = "Lê Văn Tâm", senderPhone = "0905111222", senderAddress = "Phú Xuân, Huế", content = "Cán bộ hướng dẫn mỗi lần một khác về giấy tờ cần nộp." });
        Assert.Equal(HttpStatusCode.Created, call.StatusCode);
        var number = (await call.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
        Assert.Equal(1, await CountAsync($"number = '{number}' AND channel = 3 AND call_at IS NOT NULL AND registered_by IS NOT NULL"));
        // Received at the call, not at the transcription: the deadlines count from 08:30 (sixteenth trial finding 9).
        Assert.Equal(1, await CountAsync($"number = '{number}' AND received_at = '2025-11-17T01:30:00Z' AND received_at = call_at"));
        var old = await desk.PostAsJsonAsync("/api/v1/feedback/desk", new { channel = "hotline", callAt = "2025-09-17T08:30:00+07:00", kind = "phan-anh",
            senderName = "Lê Văn Tâm", senderPhone = "0905111222", senderAddress = "Phú Xuân, Huế", content = "Cán bộ hướng dẫn mỗi lần một khác về giấy tờ cần nộp." });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, old.StatusCode);
        Assert.Contains("sớm hơn 30 ngày", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Sixteenth trial LOW 11a: the API takes ISO-8601, as docs/FEEDBACK.md now says; the page's dd/MM/yyyy HH:mm is a 422 naming callAt.
        var typed = await desk.PostAsJsonAsync("/api/v1/feedback/desk", new { channel = "hotline", callAt = "17/11/2025 08:30", kind = "phan-anh",
            senderName = "Lê Văn Tâm", senderPhone = "0905111222", senderAddress = "Phú Xuân, Huế", content = "Cán bộ hướng dẫn mỗi lần một khác về giấy tờ cần nộp." });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, typed.StatusCode);
        var typedProblem = await typed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(typedProblem.GetProperty("errors").TryGetProperty("callAt", out var callAtErrors), typedProblem.ToString());
        Assert.Contains("ISO-8601", callAtErrors[0].GetString(), StringComparison.Ordinal);

        // The page: typed dd/MM/yyyy HH:mm.
        var form = await desk.GetStringAsync("/pakn/moi");
        var posted = await desk.PostAsync("/pakn/moi", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(form), ["Channel"] = "desk", ["Form.Kind"] = "kien-nghi",
            ["Form.SenderName"] = "Hồ Thị Lan", ["Form.SenderPhone"] = "0935 777 888", ["Form.SenderAddress"] = "Thủy Xuân, Huế",
            ["Form.AgencyCode"] = DemoData.CentreCode, ["Form.Content"] = "Đề nghị cho nộp bản chụp thay bản sao chứng thực với thủ tục này.",
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var location = posted.Headers.Location!.OriginalString;
        Assert.Matches(@"^/pakn/PAKN-2025-\d{5}\?moi=true$", location);
        var page = await desk.GetStringAsync(location);
        Assert.Contains("Hồ Thị Lan", page, StringComparison.Ordinal);
        Assert.Contains("Trực tiếp tại bộ phận một cửa", page, StringComparison.Ordinal);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'dossier.read' AND subject = '{location[6..^9]}'"));

        var badTime = await desk.PostAsync("/pakn/moi", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(form), ["Channel"] = "hotline", ["CallAt"] = "2025-11-17",
            ["Form.Kind"] = "phan-anh", ["Form.SenderName"] = "Hồ Thị Lan", ["Form.SenderPhone"] = "0935777888", ["Form.SenderAddress"] = "Huế",
            ["Form.Content"] = "Đề nghị cho nộp bản chụp thay bản sao chứng thực với thủ tục này.",
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badTime.StatusCode);
        Assert.Contains("ngày/tháng/năm giờ:phút", await badTime.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Trial 16b LOW 14: a day that does not exist is said to be one, not a wrong format; the deadlines of a call run from the call.
        var noSuchDay = await desk.PostAsync("/pakn/moi", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(form), ["Channel"] = "hotline", ["CallAt"] = "31/11/2025 08:30",
            ["Form.Kind"] = "phan-anh", ["Form.SenderName"] = "Hồ Thị Lan", ["Form.SenderPhone"] = "0935777888", ["Form.SenderAddress"] = "Huế",
            ["Form.Content"] = "Đề nghị cho nộp bản chụp thay bản sao chứng thực với thủ tục này.",
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noSuchDay.StatusCode);
        var noSuchDayPage = await noSuchDay.Content.ReadAsStringAsync();
        Assert.Contains("không có ngày 31", noSuchDayPage, StringComparison.Ordinal);
        Assert.DoesNotContain("ngày/tháng/năm giờ:phút, ví dụ", noSuchDayPage, StringComparison.Ordinal);
        Assert.Contains("từ thời điểm cuộc gọi", form, StringComparison.Ordinal);

        using var accountant = await app.OfficerAsync("ketoan.trungtam");
        Assert.Equal(HttpStatusCode.Forbidden, (await accountant.GetAsync("/api/v1/feedback/")).StatusCode);
    }

    [Fact]
    public async Task The_portal_pushing_the_same_feedback_ten_times_makes_one()
    {
        using var portal = app.ApiClient(DemoData.PortalApiKey);
        var code = "G22.99-PAKN-" + Guid.NewGuid().ToString("N")[..8];
        var body = new
        {
            portalCode = code, kind = "kien-nghi", senderName = "Đoàn Minh Khoa", senderEmail = "khoa@example.vn", senderAddress = "Hương Thủy, Huế",
            content = "Đề nghị công bố danh mục giấy tờ được tái sử dụng từ kho dữ liệu công dân.",
        };
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => portal.PostAsJsonAsync("/api/v1/portal/feedback", body)));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(9, answers.Count(a => a.StatusCode == HttpStatusCode.OK && a.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(1, await CountAsync($"portal_code = '{code}' AND channel = 4"));
        var numbers = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()));
        Assert.Single(numbers.Distinct());
        var changed = await portal.PostAsJsonAsync("/api/v1/portal/feedback", body with { content = "Một nội dung khác dưới cùng mã của Cổng." });
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        var missing = await portal.PostAsJsonAsync("/api/v1/portal/feedback", body with { portalCode = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Contains("portalCode", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var anonymous = app.SessionClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/portal/feedback", body)).StatusCode);
        // Issue 16: only a system granted portal-push; another integrated system is told it lacks the grant.
        var ungranted = await app.ApiClient().PostAsJsonAsync("/api/v1/portal/feedback", body with { portalCode = code + "-X" });
        Assert.Equal(HttpStatusCode.Forbidden, ungranted.StatusCode);
        Assert.Contains("portal-push", await ungranted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_classifies_answers_and_publishes_and_the_public_reads_only_the_masked_text()
    {
        using var citizen = app.SessionClient();
        var number = (await SubmitAsync(citizen, Body(content: "Tôi là Nguyễn Văn An, số 0912345678: bộ phận một cửa đòi bản sao sổ hộ khẩu.")))
            .GetProperty("number").GetString()!;
        using var officer = await app.OfficerAsync("chuyenvien.trungtam");
        async Task<HttpResponseMessage> Act(string act, object body) => await officer.PostAsJsonAsync($"/api/v1/feedback/{number}/{act}", body);

        var early = await Act("publish", new { text = "Nội dung công khai đủ dài để được nhận." });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var conflict = await early.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://motcua.vn/problems/feedback-transition", conflict.GetProperty("type").GetString());
        Assert.Equal("registered", conflict.GetProperty("status").GetString());
        var noReason = await Act("classify", new { classification = "within-competence" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await Act("classify", new { classification = "within-competence", reason = "Thuộc thẩm quyền của Trung tâm" })).StatusCode);
        // Sixteenth trial LOW 11e: the agency's own configured number, in another spelling, is kept; any other number is masked.
        Assert.Equal(1, await app.ScalarAsync($"WITH u AS (UPDATE agencies SET phone = '0234.3822.123' WHERE id = (SELECT agency_id FROM feedback WHERE number = '{number}') RETURNING 1) SELECT count(*) FROM u"));
        var answered = await Act("answer", new { text = "Từ 01/01/2023 sổ hộ khẩu không còn giá trị; bộ phận một cửa đã được nhắc không yêu cầu. Liên hệ ông Nguyễn Văn An qua 0912345678 nếu cần. Đường dây của Trung tâm: 0234 3822 123; ông Bình: 0234 3811 456." });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var detail = await answered.Content.ReadFromJsonAsync<JsonElement>();
        var suggested = detail.GetProperty("suggestedPublicText").GetString()!;
        Assert.DoesNotContain("Nguyễn Văn An", suggested, StringComparison.Ordinal);
        Assert.DoesNotContain("0912345678", suggested, StringComparison.Ordinal);
        Assert.Contains("Nguyễn V. A.", suggested, StringComparison.Ordinal);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE topic = 'feedback.answered' AND target = 'email' AND payload->>'text' LIKE '%sổ hộ khẩu không còn giá trị%'"));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE topic = 'feedback.answered' AND target = 'sms' AND payload->>'text' LIKE '%{number}%'"));

        // The officer pastes the sender's contact back in: publication masks it anyway.
        var published = await Act("publish", new { text = suggested + " Người gửi: Nguyễn Văn An, an.nguyen@example.vn." });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var list = await citizen.GetStringAsync("/api/v1/public/feedback");
        var page = await citizen.GetStringAsync("/phan-anh-kien-nghi");
        foreach (var shown in new[] { list, page, await citizen.GetStringAsync($"/phan-anh-kien-nghi/{number}") })
        {
            Assert.Contains("sổ hộ khẩu không còn giá trị", shown, StringComparison.Ordinal);
            Assert.Contains("Đường dây của Trung tâm: 0234 3822 123;", shown, StringComparison.Ordinal);
            foreach (var personal in new[] { "Nguyễn Văn An", "0912345678", "an.nguyen@example.vn", "046095001234", "Lê Lợi", "3811 456" })
                Assert.DoesNotContain(personal, shown, StringComparison.Ordinal);
        }
        Assert.Equal(4, await app.ScalarAsync($"SELECT count(*) FROM feedback_events e JOIN feedback f ON f.id = e.feedback_id WHERE f.number = '{number}'"));
        Assert.True(await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE subject = '{number}'") >= 3);

        // Another agency's officer does not see it, nor act on it.
        using var commune = await app.OfficerAsync("congchuc.thuanhoa");
        Assert.Equal(HttpStatusCode.NotFound, (await commune.GetAsync($"/api/v1/feedback/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await commune.PostAsJsonAsync($"/api/v1/feedback/{number}/answer", new { text = "Trả lời của một cơ quan khác, đủ dài." })).StatusCode);
    }

    [Fact]
    public async Task A_transfer_to_another_agency_in_MotCua_moves_the_feedback_into_its_list()
    {
        using var citizen = app.SessionClient();
        var number = (await SubmitAsync(citizen, Body(content: "Phường yêu cầu xác nhận cư trú giấy dù đã có trên VNeID, đề nghị xem lại.")))
            .GetProperty("number").GetString()!;
        using var centre = await app.OfficerAsync("chuyenvien.trungtam");
        var moved = await centre.PostAsJsonAsync($"/api/v1/feedback/{number}/classify",
            new { classification = "outside-competence", reason = "Việc của UBND phường", transferTo = DemoData.ThuanHoaCode });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await centre.GetAsync($"/api/v1/feedback/{number}")).StatusCode);
        using var commune = await app.OfficerAsync("congchuc.thuanhoa");
        var there = await commune.GetFromJsonAsync<JsonElement>($"/api/v1/feedback/{number}");
        Assert.Equal("transferred", there.GetProperty("status").GetString());
        Assert.Contains("Classify", there.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        var accepted = await commune.PostAsJsonAsync($"/api/v1/feedback/{number}/classify", new { classification = "within-competence", reason = "Thuộc thẩm quyền phường" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var external = (await SubmitAsync(citizen, Body(content: "Quy định về lệ phí trước bạ của Bộ Tài chính chưa rõ ràng với xe điện.")))
            .GetProperty("number").GetString()!;
        var outside = await centre.PostAsJsonAsync($"/api/v1/feedback/{external}/classify",
            new { classification = "outside-competence", reason = "Thuộc Bộ Tài chính", transferTo = "Bộ Tài chính" });
        var after = await outside.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("transferred", after.GetProperty("status").GetString());
        Assert.Empty(after.GetProperty("allowed").EnumerateArray());
    }

    /// <summary>Third trial LOW 3: feedback transcribed through the API without <c>agencyCode</c> is the officer's own
    /// agency's (as the page preselects), so the officer who recorded it reads and classifies it; the centre's default is
    /// the public form's only. Also LOW 14: a missing and an unknown <c>kind</c> get one message.</summary>
    [Fact]
    public async Task Desk_feedback_without_an_agency_is_the_recording_officer_s_agency_s()
    {
        using var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        foreach (var channel in new[] { "desk", "hotline" })
        {
            // A call time only for the hotline: on a desk entry it is a 422 (trial 16h LOW G).
            var made = await desk.PostAsJsonAsync("/api/v1/feedback/desk", new { channel, callAt = channel == "hotline" ? "2025-11-17T08:30:00+07:00" : null, kind = "phan-anh",
                senderName = "Lê Văn Tâm", senderPhone = "0905111222", senderAddress = "Phú Xuân, Huế", content = "Cán bộ hướng dẫn mỗi lần một khác về giấy tờ cần nộp." });
            Assert.Equal(HttpStatusCode.Created, made.StatusCode);
            var number = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
            Assert.Equal(1, await CountAsync($"number = '{number}' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}')"));
            var classified = await desk.PostAsJsonAsync($"/api/v1/feedback/{number}/classify", new { classification = "within-competence", reason = "Thuộc thẩm quyền phường" });
            Assert.Equal(HttpStatusCode.OK, classified.StatusCode);
        }
        using var citizen = app.SessionClient();
        string? kindMessage = null;
        foreach (var kind in new[] { "", "gop-y" })
        {
            var problem = await SubmitAsync(citizen, Body(kind: kind), HttpStatusCode.UnprocessableEntity);
            var message = problem.GetProperty("errors").GetProperty("kind")[0].GetString();
            Assert.Equal(kindMessage ?? message, message);
            kindMessage = message;
        }
    }

    /// <summary>
    /// Third trial MEDIUM 2: the sender of a refused, transferred (inside or outside MotCua) or routed-away feedback is told,
    /// by e-mail and SMS on the outbox like the receipt and the answer, with the reason, the receiving agency or where to
    /// send it; the public lookup shows the same, with nothing personal and no deadline once it is closed here. Generated
    /// over every classification of the Domain (both transfers where it transfers) and every kind that is routed away.
    /// </summary>
    [Fact]
    public async Task The_sender_learns_every_refusal_transfer_and_routing_away_and_the_public_lookup_shows_why_and_where()
    {
        using var citizen = app.SessionClient();
        using var officer = await app.OfficerAsync("chuyenvien.trungtam");
        var acts = new List<(string Label, string Act, object Body, string Topic, string[] Told, string[] Shown)>();
        foreach (var classification in Enum.GetValues<FeedbackClassification>())
        {
            var name = classification.ApiName();
            var reason = $"Lý do phân loại {name}: đã xem xét nội dung, ông Nguyễn Văn An gọi 0912345678";
            const string masked = "Nguyễn V. A.";
            if (classification is FeedbackClassification.StaffConduct or FeedbackClassification.OutsideCompetence)
            {
                acts.Add(($"{name} → Thuận Hóa", "classify", new { classification = name, reason, transferTo = DemoData.ThuanHoaCode }, "feedback.transferred",
                    ["phường Thuận Hóa", "hạn xử lý mới"], ["phường Thuận Hóa", masked]));
                acts.Add(($"{name} → Bộ Tài chính", "classify", new { classification = name, reason, transferTo = "Bộ Tài chính" }, "feedback.transferred",
                    ["Bộ Tài chính", "trả lời ông/bà"], ["Bộ Tài chính", masked]));
            }
            else if (classification == FeedbackClassification.Refused)
                acts.Add((name, "classify", new { classification = name, reason }, "feedback.refused", ["Lý do: Lý do phân loại refused"], ["Lý do phân loại refused", masked]));
            else acts.Add((name, "classify", new { classification = name, reason }, "", [], []));
        }
        foreach (var kind in Enum.GetValues<FeedbackKind>().Where(k => !k.IsFeedback()))
            acts.Add(($"route-away {kind.ApiName()}", "route-away", new { kind = kind.ApiName(), destination = "Thanh tra thành phố Huế" }, "feedback.routed-away",
                ["Vui lòng gửi tới: Thanh tra thành phố Huế", kind.Vietnamese().ToLowerInvariant()], ["Thanh tra thành phố Huế"]));

        foreach (var (label, act, body, topic, told, shown) in acts)
        {
            var number = (await SubmitAsync(citizen, Body(content: $"Phản ánh để thử quyết định {label}: thủ tục đòi giấy tờ không cần."))).GetProperty("number").GetString()!;
            var done = await officer.PostAsJsonAsync($"/api/v1/feedback/{number}/{act}", body);
            Assert.True(done.StatusCode == HttpStatusCode.OK, $"{label}: {await done.Content.ReadAsStringAsync()}");
            var messages = await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE ordering_key IN ('feedback:{number}', 'feedback:{number}:sms') AND topic NOT IN ('feedback.received')");
            var publicView = await citizen.GetFromJsonAsync<JsonElement>($"/api/v1/public/feedback/{number}");
            var publicText = publicView.ToString();
            output.WriteLine($"{label}: {publicText}");
            if (topic.Length == 0)
            {
                Assert.Equal(0, messages); // within competence: handled here, the sender hears at the answer
                Assert.Equal(JsonValueKind.String, publicView.GetProperty("handleBy").ValueKind);
                continue;
            }
            var sent = $"SELECT count(*) FROM outbox WHERE ordering_key IN ('feedback:{number}', 'feedback:{number}:sms') AND topic = '{topic}'";
            Assert.Equal(1, await app.ScalarAsync($"{sent} AND target = 'sms' AND payload->>'to' = '0912345678' AND payload->>'text' LIKE '%{number}%'"));
            Assert.Equal(1, await app.ScalarAsync($"{sent} AND target = 'email' AND payload->>'to' = 'an.nguyen@example.vn' AND payload->>'text' LIKE '%{number}%'"));
            foreach (var part in told)
                Assert.True(await app.ScalarAsync($"{sent} AND target = 'email' AND payload->>'text' LIKE '%{part}%'") == 1, $"{label}: the e-mail says \"{part}\"");
            Assert.Equal(2, messages);
            foreach (var part in shown) Assert.Contains(part, publicText, StringComparison.Ordinal);
            foreach (var personal in new[] { "Nguyễn Văn An", "0912345678", "an.nguyen", "046095001234", "Lê Lợi" })
                Assert.DoesNotContain(personal, publicText, StringComparison.Ordinal);
            var closedHere = !label.Contains("Thuận Hóa", StringComparison.Ordinal);
            Assert.True(closedHere == (publicView.GetProperty("handleBy").ValueKind == JsonValueKind.Null), $"{label}: {publicText}");
            var page = await citizen.GetStringAsync($"/phan-anh-kien-nghi/{number}");
            foreach (var part in shown) Assert.Contains(part, System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Overdue_feedback_is_flagged_first_in_the_list_and_counted_for_the_dashboard()
    {
        var start = app.Clock.Now;
        try
        {
            using var citizen = app.SessionClient();
            var number = (await SubmitAsync(citizen, Body(content: "Thời gian trả kết quả cấp phép xây dựng dài hơn quy định.")))
                .GetProperty("number").GetString()!;
            using (var before = await app.OfficerAsync("lanhdao.trungtam"))
                await before.PostAsJsonAsync($"/api/v1/feedback/{number}/classify", new { classification = "within-competence", reason = "Thuộc thẩm quyền" });
            // A month later (the session of then has expired: sign in again).
            app.Clock.Now = start.AddDays(30);
            using var officer = await app.OfficerAsync("lanhdao.trungtam");
            var overdue = await officer.GetFromJsonAsync<JsonElement[]>("/api/v1/feedback/?overdue=true");
            Assert.Contains(overdue!, l => l.GetProperty("number").GetString() == number && l.GetProperty("overdue").GetBoolean());
            var all = await officer.GetFromJsonAsync<JsonElement[]>("/api/v1/feedback/");
            Assert.True(all![0].GetProperty("overdue").GetBoolean(), "quá hạn đứng đầu");
            var figures = await officer.GetFromJsonAsync<JsonElement>("/api/v1/feedback/figures");
            Assert.True(figures.GetProperty("overdue").GetInt32() >= 1);
            var fragment = await officer.GetStringAsync("/pakn/qua-han");
            Assert.Contains(number, fragment, StringComparison.Ordinal);
            Assert.DoesNotContain("<html", fragment, StringComparison.Ordinal);
            var worklist = await officer.GetStringAsync("/pakn?qua-han=true");
            Assert.Contains("Quá hạn", worklist, StringComparison.Ordinal);
            var bad = await officer.GetAsync("/api/v1/feedback/?status=khong-co");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            output.WriteLine($"Quá hạn: {figures}");
        }
        finally
        {
            app.Clock.Now = start;
        }
    }
}
