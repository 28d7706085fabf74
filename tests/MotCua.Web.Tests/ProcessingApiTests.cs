using MotCua.Documents;
using MotCua.Domain.Calendar;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>The processing API on a real PostgreSQL: a commune dossier from receipt to returned result, and every refusal.</summary>
public class ProcessingApiTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, Vn);

    private async Task<string> ReceiveAsync(string procedureCode = "1.001193")
    {
        app.Clock.Now = At(17, 9);
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: procedureCode));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private static async Task<HttpResponseMessage> ActAsync(HttpClient client, string code, string action, object? body = null) =>
        await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });

    private async Task<JsonElement> OkAsync(HttpClient client, string code, string action, object? body = null, DateTimeOffset? at = null)
    {
        if (at is { } now) app.Clock.Now = now;
        var response = await ActAsync(client, code, action, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Step(JsonElement dossier) => dossier.GetProperty("processing").GetProperty("currentStep").GetProperty("kind").GetString()!;

    /// <summary>Issue 12, item 2: the anonymous verification refuses a declared body over 10 MB with 413 problem+json
    /// before reading it (the client, waiting on "Expect: 100-continue", never sends it), and an empty one with 422 naming
    /// the body. An undeclared (chunked) body is stopped at the same limit by Kestrel (the endpoint's RequestSizeLimit).</summary>
    [Fact]
    public async Task The_signature_check_refuses_oversized_and_empty_bodies_without_reading_them()
    {
        var anonymous = app.CreateClient();
        using var declared = new HttpRequestMessage(HttpMethod.Post, "/api/v1/signatures/verify")
        {
            Content = new ByteArrayContent(new byte[MotCua.Web.Features.Processing.ProcessingEndpoints.VerifyLimit + 1]),
        };
        declared.Headers.ExpectContinue = true;
        var refused = await ProblemAsync(await anonymous.SendAsync(declared), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("Tệp quá lớn", refused.GetProperty("title").GetString());

        var empty = await ProblemAsync(await anonymous.PostAsync("/api/v1/signatures/verify", new ByteArrayContent([])), HttpStatusCode.UnprocessableEntity);
        Assert.True(empty.GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task A_commune_birth_registration_travels_from_receipt_to_the_returned_result()
    {
        var code = await ReceiveAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");

        var received = await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
        Assert.Equal(["transfer", "withdraw"], received.GetProperty("processing").GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));

        var transferred = await OkAsync(desk, code, "transfer", at: At(17, 9, 10));
        Assert.Equal((4, "appraise"), (transferred.GetProperty("status").GetInt32(), Step(transferred)));
        Assert.Equal("Trung tâm Phục vụ hành chính công phường Thuận Hóa", transferred.GetProperty("processing").GetProperty("holder").GetProperty("name").GetString());
        var forClerk = await clerk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
        Assert.Contains("completeStep", forClerk.GetProperty("processing").GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));

        Assert.Equal("approve", Step(await OkAsync(clerk, code, "complete-step", new { note = "Hồ sơ hợp lệ, đã dự thảo Giấy khai sinh" }, At(17, 10))));
        Assert.Equal("result", Step(await OkAsync(leader, code, "approve", new { note = "Đồng ý" }, At(17, 11))));
        var ready = await OkAsync(desk, code, "result-ready", at: At(17, 14));
        Assert.Equal((9, "early"), (ready.GetProperty("status").GetInt32(), ready.GetProperty("processing").GetProperty("completion").GetString()));
        var returned = await OkAsync(desk, code, "return", new { method = "desk", receivedBy = "Nguyễn Văn An" }, At(17, 15));
        Assert.Equal(10, returned.GetProperty("status").GetInt32());
        Assert.Equal("Nguyễn Văn An", returned.GetProperty("processing").GetProperty("return").GetProperty("receivedBy").GetString());

        var events = (await desk.GetFromJsonAsync<JsonElement[]>($"/api/v1/dossiers/{code}/events"))!;
        Assert.Equal(["receive", "transfer", "complete-step", "approve", "result-ready", "return"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["Lê Thị Thu Hà", "Võ Quốc Việt"], events[2..4].Select(e => e.GetProperty("actor").GetString()));
        Assert.Equal(6, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE payload->>'code' = '{code}'"));
        Assert.Equal(10, await app.ScalarAsync($"SELECT (payload->>'status')::int FROM outbox WHERE payload->>'code' = '{code}' ORDER BY id DESC LIMIT 1"));
        var lookup = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/lookup/{code}");
        Assert.Equal("Đã trả kết quả", lookup.GetProperty("statusName").GetString());

        var slip = await desk.GetAsync($"/api/v1/dossiers/{code}/control-slip.pdf");
        Assert.Equal("application/pdf", slip.Content.Headers.ContentType?.MediaType);
        var text = PdfText(await slip.Content.ReadAsByteArrayAsync(), "processing-control-slip");
        Assert.Contains("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", text);
        Assert.Contains(code, text);
        Assert.Contains("Người giao: Lê Thị Thu Hà", text);
        Assert.Contains("Người nhận: Võ Quốc Việt", text);
        Assert.Contains("Cơ quan (bộ phận) giải quyết hồ sơ: Ủy ban nhân dân phường Thuận Hóa", text);
        Assert.Contains("Trước hạn", text);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.OfficerAsync("tiepnhan.phuxuan")).GetAsync($"/api/v1/dossiers/{code}/control-slip.pdf")).StatusCode);
    }

    [Fact]
    public async Task The_result_is_signed_and_anyone_can_verify_the_signature()
    {
        var code = await ReceiveAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        await OkAsync(desk, code, "transfer", at: At(17, 9, 10));
        Assert.Equal(HttpStatusCode.Conflict, (await desk.GetAsync($"/api/v1/dossiers/{code}/result.pdf")).StatusCode);
        await OkAsync(clerk, code, "complete-step", new { note = "Hợp lệ" }, At(17, 10));
        await OkAsync(leader, code, "refuse", new { reason = "Người yêu cầu không có quyền đăng ký khai sinh cho trẻ" }, At(17, 11));
        await OkAsync(desk, code, "result-ready", at: At(17, 14));

        var response = await desk.GetAsync($"/api/v1/dossiers/{code}/result.pdf");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = PdfText(pdf, "processing-result-signed");
        Assert.Contains("Về việc từ chối giải quyết hồ sơ", text);
        Assert.Contains("Võ Quốc Việt", text);
        var pdfsig = Run("pdfsig", Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "forms", "processing-result-signed.pdf"));
        Assert.Contains("Signature is Valid", pdfsig);
        Assert.Contains("Signer Certificate Common Name: Võ Quốc Việt", pdfsig); // the leader who refused, with his own certificate

        var anonymous = app.CreateClient();
        var verified = await (await anonymous.PostAsync("/api/v1/signatures/verify", new ByteArrayContent(pdf))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verified.GetProperty("intact").GetBoolean());
        Assert.True(verified.GetProperty("issuedByMotCua").GetBoolean());
        Assert.Equal(code, verified.GetProperty("dossierCode").GetString());

        var tampered = (byte[])pdf.Clone();
        var at = System.Text.Encoding.Latin1.GetString(tampered).IndexOf("/Subject", StringComparison.Ordinal) + 10;
        tampered[at] = (byte)(tampered[at] == (byte)'1' ? '2' : '1');
        var broken = await (await anonymous.PostAsync("/api/v1/signatures/verify", new ByteArrayContent(tampered))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(broken.GetProperty("intact").GetBoolean());
        Assert.Contains("đã bị thay đổi", broken.GetProperty("verdict").GetString());

        var session = app.SessionClient();
        var form = await session.GetStringAsync("/xac-thuc");
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(MotCuaApp.AntiforgeryToken(form)), "__RequestVerificationToken" },
            { new ByteArrayContent(pdf), "tep", "ket-qua.pdf" },
        };
        var page = await (await session.PostAsync("/xac-thuc", upload)).Content.ReadAsStringAsync();
        Assert.Contains("Chữ ký hợp lệ", page);
        Assert.Contains(code, page);
        Assert.Contains("trong hệ thống", page);

        // Reached from the QR code (?ma=), the same upload shows the dossier's record beside the verdict, not "not found".
        using var fromQr = new MultipartFormDataContent
        {
            { new StringContent(MotCuaApp.AntiforgeryToken(form)), "__RequestVerificationToken" },
            { new ByteArrayContent(pdf), "tep", "ket-qua.pdf" },
        };
        var qrPage = await (await session.PostAsync($"/xac-thuc?ma={code}", fromQr)).Content.ReadAsStringAsync();
        Assert.Contains("Chữ ký hợp lệ", qrPage);
        Assert.Contains($"Hồ sơ <span class=\"code\">{code}</span> trong hệ thống", qrPage);
        Assert.DoesNotContain("Không tìm thấy hồ sơ", qrPage);
        Assert.DoesNotContain("id=\"other-dossier\"", qrPage);
    }

    private static string Run(string tool, string argument)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(tool, [argument]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    [Fact]
    public async Task The_unit_register_of_the_year_is_printed_as_PDF_and_Excel_from_the_dossiers()
    {
        var code = await ReceiveAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await OkAsync(desk, code, "transfer", at: At(17, 9, 10));

        var pdf = await desk.GetAsync("/api/v1/registers/2025.pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = PdfText(await pdf.Content.ReadAsByteArrayAsync(), "processing-register");
        Assert.Contains("SỔ THEO DÕI HỒ SƠ NĂM 2025", text);
        Assert.Contains(code, text);
        Assert.Contains("Đang xử lý", text);

        var xlsx = await desk.GetAsync("/api/v1/registers/2025.xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var zip = new System.IO.Compression.ZipArchive(await xlsx.Content.ReadAsStreamAsync());
        Assert.NotNull(zip.GetEntry("[Content_Types].xml"));
        var sheet = System.Xml.Linq.XDocument.Load(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var cells = sheet.Descendants().Where(e => e.Name.LocalName == "t").Select(e => e.Value).ToList();
        Assert.Contains("Cơ quan chủ trì giải quyết", cells);
        Assert.Contains(code, cells);
        Assert.Contains("Ủy ban nhân dân phường Thuận Hóa", cells);

        var other = await (await app.OfficerAsync("tiepnhan.phuxuan")).GetAsync("/api/v1/registers/2025.xlsx");
        using var otherZip = new System.IO.Compression.ZipArchive(await other.Content.ReadAsStreamAsync());
        using var otherSheet = new StreamReader(otherZip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        Assert.DoesNotContain(code, await otherSheet.ReadToEndAsync());
        await ProblemAsync(await app.ApiClient().GetAsync("/api/v1/registers/2025.pdf"), HttpStatusCode.Forbidden);
        // No book for a year nothing was entered in, except the current one (opened on 1 January).
        foreach (var year in new[] { 0, 2019, 99999 })
            await ProblemAsync(await desk.GetAsync($"/api/v1/registers/{year}.pdf"), HttpStatusCode.NotFound);
    }

    /// <summary>Saves the PDF under artifacts/forms for people to look at and returns its text (poppler-utils' pdftotext).</summary>
    private static string PdfText(byte[] pdf, string name)
    {
        var folder = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "forms");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".pdf");
        File.WriteAllBytes(path, pdf);
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftotext", ["-enc", "UTF-8", path, "-"])
            { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
    }

    [Fact]
    public async Task A_supplement_during_appraisal_stops_the_clock_and_restarts_the_time_limit()
    {
        var code = await ReceiveAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        await OkAsync(desk, code, "transfer", at: At(17, 9, 10));

        var items = new { items = new[] { new { document = "Giấy chứng sinh", reason = "Bản chụp không đọc được tên người mẹ" } } };
        var waiting = await OkAsync(clerk, code, "supplement-request", items, At(17, 10));
        Assert.Equal(5, waiting.GetProperty("status").GetInt32());
        Assert.True(waiting.GetProperty("processing").GetProperty("paused").GetBoolean());
        var notice = await app.ScalarAsync($"SELECT supplement_notice_id FROM dossiers WHERE code = '{code}'");
        var pdf = await desk.GetAsync($"/api/v1/supplement-notices/{notice}.pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);

        // Sessions last a working day; two days later the officers sign in again.
        app.Clock.Now = At(19, 14);
        desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var restarted = await OkAsync(desk, code, "supplement-received");
        Assert.Equal(At(20, 14), restarted.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(At(20, 14), restarted.GetProperty("processing").GetProperty("originalDueAt").GetDateTimeOffset());
        var pause = Assert.Single(restarted.GetProperty("processing").GetProperty("pauses").EnumerateArray());
        Assert.Equal(At(19, 14), pause.GetProperty("to").GetDateTimeOffset());

        var again = await ProblemAsync(await ActAsync(clerk, code, "supplement-request", items), HttpStatusCode.Conflict);
        Assert.Contains("một lần", again.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_apology_and_new_date_are_given_once_and_only_a_working_day_ahead()
    {
        var tooLate = await ReceiveAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        await OkAsync(desk, tooLate, "transfer", at: At(17, 9, 10));
        var problem = await ProblemAsync(await ActAsync(clerk, tooLate, "extension", new { reason = "Chờ xác minh", newDueAt = At(19, 17) }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("ít nhất 1 ngày làm việc", problem.GetProperty("detail").GetString());

        // Đăng ký giám hộ: 3 working days, due Thursday 09:00.
        var code = await ReceiveAsync("1.004837");
        await OkAsync(desk, code, "transfer", at: At(17, 9, 10));
        app.Clock.Now = At(18, 9);
        clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var extended = await OkAsync(clerk, code, "extension", new { reason = "Cần xác minh nơi cư trú của người được giám hộ", newDueAt = At(21, 17) });
        Assert.Equal(At(21, 17), extended.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(At(20, 9), extended.GetProperty("processing").GetProperty("originalDueAt").GetDateTimeOffset());
        Assert.Equal("Cần xác minh nơi cư trú của người được giám hộ", extended.GetProperty("processing").GetProperty("extension").GetProperty("reason").GetString());

        var twice = await ProblemAsync(await ActAsync(clerk, code, "extension", new { reason = "Lần hai", newDueAt = At(24, 17) }), HttpStatusCode.Conflict);
        Assert.Contains("chỉ được hẹn lại một lần", twice.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.Conflict, (await clerk.GetAsync($"/api/v1/dossiers/{tooLate}/apology.pdf")).StatusCode);
        var apology = PdfText(await clerk.GetByteArrayAsync($"/api/v1/dossiers/{code}/apology.pdf"), "processing-apology");
        Assert.Contains(ProcessingForms.ApologyTitle, apology);
        Assert.Contains("Cần xác minh nơi cư trú của người được giám hộ", apology);
        Assert.Contains("21/11/2025", apology);
    }

    [Fact]
    public async Task A_withdrawal_request_ends_in_a_printed_stop_notice()
    {
        var code = await ReceiveAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        Assert.Equal(HttpStatusCode.Conflict, (await desk.GetAsync($"/api/v1/dossiers/{code}/stop-notice.pdf")).StatusCode);
        Assert.Equal(7, (await OkAsync(desk, code, "withdraw", new { reason = "Gia đình đăng ký khai sinh tại nơi cư trú khác" }, At(17, 9, 30))).GetProperty("status").GetInt32());
        // The stop is the receiving unit's: its specialist may not, its receiving officer may.
        await ProblemAsync(await ActAsync(await app.OfficerAsync("congchuc.thuanhoa"), code, "stop", new { reason = "Theo đề nghị" }), HttpStatusCode.Forbidden);
        var stopped = await OkAsync(desk, code, "stop", new { reason = "Người yêu cầu rút hồ sơ khi chưa có kết quả" }, At(17, 10));
        Assert.Equal(8, stopped.GetProperty("status").GetInt32());
        var notice = PdfText(await desk.GetByteArrayAsync($"/api/v1/dossiers/{code}/stop-notice.pdf"), "processing-stop-notice");
        Assert.Contains("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", notice);
        Assert.Contains("Gia đình đăng ký khai sinh tại nơi cư trú khác", notice);
        // Signed by the head of the receiving unit, whoever recorded the stop.
        Assert.Contains("Võ Quốc Việt", notice);
    }

    [Fact]
    public async Task Of_concurrent_conflicting_actions_exactly_one_wins()
    {
        var code = await ReceiveAsync();
        app.Clock.Now = At(17, 9, 10);
        var sessions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.OfficerAsync("tiepnhan.thuanhoa")));
        var responses = await Task.WhenAll(sessions.Select(s => ActAsync(s, code, "transfer")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            var problem = await ProblemAsync(lost, HttpStatusCode.Conflict);
            Assert.Contains("hồ sơ", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '{code}'"));
        Assert.Equal(2, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE payload->>'code' = '{code}'"));
    }

    [Fact]
    public async Task An_officer_of_another_agency_can_neither_read_nor_act()
    {
        var code = await ReceiveAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        foreach (var stranger in new[] { "tiepnhan.phuxuan", "chuyenvien.tuphap", "truongphong.tuphap" })
        {
            var other = await app.OfficerAsync(stranger);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/dossiers/{code}")).StatusCode);
            await ProblemAsync(await ActAsync(other, code, "transfer"), HttpStatusCode.NotFound);
        }
        await OkAsync(desk, code, "transfer", at: At(17, 9, 10));
        var phuXuan = await app.OfficerAsync("tiepnhan.phuxuan");
        var problem = await ProblemAsync(await ActAsync(phuXuan, code, "withdraw", new { reason = "Rút" }), HttpStatusCode.NotFound);
        Assert.Contains("không có quyền xem", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await phuXuan.GetAsync($"/api/v1/dossiers/{code}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await phuXuan.GetAsync($"/ho-so/{code}")).StatusCode);
    }

    [Fact]
    public async Task Wrong_role_wrong_step_and_bad_input_are_problems_in_Vietnamese_never_500()
    {
        var code = await ReceiveAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");

        var role = await ProblemAsync(await ActAsync(clerk, code, "transfer"), HttpStatusCode.Forbidden);
        Assert.Contains("cán bộ Bộ phận Một cửa", role.GetProperty("detail").GetString());
        var state = await ProblemAsync(await ActAsync(leader, code, "approve"), HttpStatusCode.Conflict);
        Assert.Contains("Được tiếp nhận", state.GetProperty("detail").GetString());
        await ProblemAsync(await app.ApiClient().PostAsJsonAsync($"/api/v1/dossiers/{code}/transfer", new { }), HttpStatusCode.Forbidden);
        await ProblemAsync(await ActAsync(desk, "000.10.01.H46-251117-9999", "transfer"), HttpStatusCode.NotFound);
        var json = await desk.PostAsync($"/api/v1/dossiers/{code}/withdraw", new StringContent("{\"reason\": 12", System.Text.Encoding.UTF8, "application/json"));
        await ProblemAsync(json, HttpStatusCode.BadRequest); // cut short: not JSON at all

        await OkAsync(desk, code, "transfer", at: At(17, 9, 10));
        await OkAsync(clerk, code, "complete-step", new { note = "Hợp lệ" }, At(17, 9, 30));
        var noReason = await ProblemAsync(await ActAsync(leader, code, "refuse", new { reason = " " }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("lý do", noReason.GetProperty("detail").GetString());
        await ProblemAsync(await ActAsync(desk, code, "return", new { method = "post" }), HttpStatusCode.Conflict);
        await ProblemAsync(await ActAsync(clerk, code, "assign", new { userName = "congchuc.thuanhoa" }), HttpStatusCode.Conflict);

        var refused = await OkAsync(leader, code, "refuse", new { reason = "Người yêu cầu không phải cha, mẹ hoặc người thân thích của trẻ" }, At(17, 10));
        Assert.Equal("refused", refused.GetProperty("processing").GetProperty("result").GetString());
        await OkAsync(desk, code, "result-ready", at: At(17, 11));
        var noSlip = await ProblemAsync(await ActAsync(desk, code, "return", new { method = "post", dispatchNumber = "" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("số phiếu gửi", noSlip.GetProperty("detail").GetString());
        var posted = await OkAsync(desk, code, "return", new { method = "post", dispatchNumber = "RR123456789VN", postalStatus = "Đã phát thành công" }, At(17, 16));
        Assert.Equal("RR123456789VN", posted.GetProperty("processing").GetProperty("return").GetProperty("dispatchNumber").GetString());
        var withdraw = await ProblemAsync(await ActAsync(desk, code, "withdraw", new { reason = "Rút" }), HttpStatusCode.Conflict);
        Assert.Contains("đã có kết quả", withdraw.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Every_action_is_documented_in_OpenAPI_with_a_Vietnamese_summary()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var action in new[] { "transfer", "assign", "complete-step", "approve", "refuse", "result-ready", "return", "supplement-request",
                     "supplement-received", "financial-obligation", "payment-received", "extension", "withdraw", "stop", "co-agency-task" })
        {
            var post = paths.GetProperty($"/api/v1/dossiers/{{code}}/{action}").GetProperty("post");
            Assert.False(string.IsNullOrWhiteSpace(post.GetProperty("summary").GetString()));
            foreach (var status in new[] { "200", "403", "404", "409", "422" }) Assert.True(post.GetProperty("responses").TryGetProperty(status, out _), $"{action} {status}");
        }
        foreach (var path in new[] { "/api/v1/worklists/{name}", "/api/v1/dossiers/{code}/control-slip.pdf", "/api/v1/registers/{year}.pdf", "/api/v1/registers/{year}.xlsx" })
            Assert.False(string.IsNullOrWhiteSpace(paths.GetProperty(path).GetProperty("get").GetProperty("summary").GetString()), path);
    }
}
