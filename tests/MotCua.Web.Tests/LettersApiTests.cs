using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MotCua.Documents;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// The documents of docs/FORMS.md §7 over real HTTP on a real PostgreSQL: an interconnected guardianship dossier at phường
/// Thuận Hóa with a task at Sở Tư pháp, from transfer to the returned result. Each record refuses a wrong role (403), a
/// stranger (404) and bad input (422 naming the field, nothing written); each PDF is signed and intact, and answers 409
/// where it does not apply.
/// </summary>
public class LettersApiTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, Vn);

    private static string Step(string name, string kind, string performer, decimal hours, string? agencyCode = null) =>
        JsonSerializer.Serialize(new { name, kind, performer, allowance = new { amount = hours, unit = "workingHours" }, maySendBack = false, agencyCode });

    // Đăng ký giám hộ (1.004837, 3 working days) at phường Thuận Hóa, asking Sở Tư pháp beside its own appraisal; received Monday 09:00.
    private async Task<string> ReceiveAsync()
    {
        _ = app.BaseAddress;
        var process = "{\"steps\":[" + string.Join(",",
            Step("Chuyển hồ sơ", "transfer", "Bộ phận Một cửa", 1),
            Step("Thẩm định hồ sơ", "appraise", "Công chức Tư pháp - Hộ tịch", 8),
            Step("Xác minh, cho ý kiến về người giám hộ", "coAgency", "Sở Tư pháp", 8, "000.00.02.H46"),
            Step("Phê duyệt, ký kết quả", "approve", "Lãnh đạo UBND phường", 4),
            Step("Trả kết quả", "result", "Bộ phận Một cửa", 1)) + "]}";
        Assert.Equal(1, await app.ScalarAsync($"""
            UPDATE agency_procedures SET process = '{process}'::jsonb
            WHERE procedure_code = '1.004837' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.ThuanHoaCode}') RETURNING 1
            """));
        app.Clock.Now = At(17, 9);
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private async Task OkAsync(HttpClient client, string code, string action, object? body = null, DateTimeOffset? at = null)
    {
        if (at is { } now) app.Clock.Now = now;
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    // A signed, intact PDF whose text holds every label of its list, in order.
    private static async Task<string> SignedPdfAsync(HttpClient client, string path, IReadOnlyList<string> labels)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        PdfTools.AssertSignedAndIntact(pdf, "letters-" + path.Split('/').Last().Replace(".pdf", "", StringComparison.Ordinal));
        var text = PdfTools.Text(PdfTools.Save("letters-web-" + path.Split('/')[^1].Replace(".pdf", "", StringComparison.Ordinal), pdf)).Normalize(NormalizationForm.FormC);
        var at = 0;
        foreach (var label in labels)
        {
            var found = text.IndexOf(label, at, StringComparison.OrdinalIgnoreCase);
            Assert.True(found >= 0, $"{path}: thiếu nhãn \"{label}\" sau vị trí {at}: {text}");
            at = found + label.Length;
        }
        return text;
    }

    private Task<long> CountAsync(string table, string code) =>
        app.ScalarAsync($"SELECT count(*) FROM {table} WHERE dossier_id = (SELECT id FROM dossiers WHERE code = '{code}')");

    [Fact]
    public async Task Every_document_of_an_interconnected_dossier_is_recorded_by_whom_the_rule_allows_and_printed_signed()
    {
        var code = await ReceiveAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var justice = await app.OfficerAsync("chuyenvien.tuphap");
        var stranger = await app.OfficerAsync("tiepnhan.phuxuan");
        var verification = new
        {
            place = "Nhà bà Nguyễn Thị Lài, tổ 5, phường Thuận Hóa", startedAt = At(17, 9, 20), endedAt = At(17, 9, 50),
            participants = new[] { "Lê Thị Thu Hà - công chức Tư pháp - Hộ tịch", "Nguyễn Thị Lài - người giám hộ" },
            chair = "Lê Thị Thu Hà", secretary = "Lê Thị Thu Hà", findings = "Người giám hộ cư trú tại địa chỉ đã khai, có đủ điều kiện chăm sóc người được giám hộ",
        };

        // Before transfer the dossier is at no appraisal step.
        await ProblemAsync(await clerk.PostAsJsonAsync($"/api/v1/dossiers/{code}/field-verifications", verification), HttpStatusCode.Conflict);
        await OkAsync(desk, code, "transfer", at: At(17, 9, 10));
        app.Clock.Now = At(17, 10);

        // The consultation request exists from the transfer; its answer only once Sở Tư pháp answers.
        await SignedPdfAsync(desk, $"/api/v1/dossiers/{code}/consultations/2/request.pdf", AdministrativeLetters.ConsultationLabels);
        await ProblemAsync(await desk.GetAsync($"/api/v1/dossiers/{code}/consultations/2/answer.pdf"), HttpStatusCode.Conflict);
        await ProblemAsync(await desk.GetAsync($"/api/v1/dossiers/{code}/consultations/3/request.pdf"), HttpStatusCode.NotFound);

        // The field verification: the desk may not, a stranger does not see the dossier, bad input names its fields.
        await ProblemAsync(await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/field-verifications", verification), HttpStatusCode.Forbidden);
        await ProblemAsync(await stranger.PostAsJsonAsync($"/api/v1/dossiers/{code}/field-verifications", verification), HttpStatusCode.NotFound);
        await ProblemAsync(await app.ApiClient().PostAsJsonAsync($"/api/v1/dossiers/{code}/field-verifications", verification), HttpStatusCode.Forbidden);
        var bad = await ProblemAsync(await clerk.PostAsJsonAsync($"/api/v1/dossiers/{code}/field-verifications",
            verification with { place = " ", endedAt = At(17, 9, 0) }), HttpStatusCode.UnprocessableEntity);
        Assert.True(bad.GetProperty("errors").TryGetProperty("place", out _), bad.ToString());
        Assert.True(bad.GetProperty("errors").TryGetProperty("endedAt", out _), bad.ToString());
        var wrongType = await ProblemAsync(await clerk.PostAsync($"/api/v1/dossiers/{code}/field-verifications",
            new StringContent("{\"startedAt\": 5}", Encoding.UTF8, "application/json")), HttpStatusCode.UnprocessableEntity);
        Assert.True(wrongType.GetProperty("errors").TryGetProperty("startedAt", out _), wrongType.ToString());
        Assert.Equal(0, await CountAsync("field_verifications", code));
        var recorded = await clerk.PostAsJsonAsync($"/api/v1/dossiers/{code}/field-verifications", verification);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var pdfPath = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pdf").GetString()!;
        var record = await SignedPdfAsync(desk, pdfPath, AdministrativeLetters.FieldVerificationLabels);
        Assert.Contains("kết thúc vào 09 giờ 50, ngày 17 tháng 11 năm 2025./.", record);
        Assert.Contains("Nguyễn Thị Lài - người giám hộ", record);
        // A reprint is the same document: the same number.
        Assert.Contains(record[record.IndexOf("Số:", StringComparison.Ordinal)..][..12], await SignedPdfAsync(clerk, pdfPath, AdministrativeLetters.FieldVerificationLabels));

        // The loss: only the leader of the agency holding the dossier.
        var loss = new { kind = "damaged", description = "Bản chính Giấy khai sinh của người được giám hộ bị rách", remedy = "Cấp bản sao trích lục thay thế", costVnd = 8000L, newDueAt = (DateTimeOffset?)null };
        await ProblemAsync(await clerk.PostAsJsonAsync($"/api/v1/dossiers/{code}/losses", loss), HttpStatusCode.Forbidden);
        var badLoss = await ProblemAsync(await leader.PostAsJsonAsync($"/api/v1/dossiers/{code}/losses", loss with { costVnd = -1L }), HttpStatusCode.UnprocessableEntity);
        Assert.True(badLoss.GetProperty("errors").TryGetProperty("costVnd", out _), badLoss.ToString());
        Assert.Equal(0, await CountAsync("dossier_losses", code));
        var lossRecorded = await leader.PostAsJsonAsync($"/api/v1/dossiers/{code}/losses", loss);
        Assert.Equal(HttpStatusCode.Created, lossRecorded.StatusCode);
        var apology = await SignedPdfAsync(desk, (await lossRecorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pdf").GetString()!,
            AdministrativeLetters.LossApologyLabels);
        Assert.Contains(AdministrativeLetters.DamagedSubject, apology);
        Assert.Contains("8.000 đồng", apology);

        // The extension request follows the Extend action.
        await ProblemAsync(await desk.GetAsync($"/api/v1/dossiers/{code}/extension-request.pdf"), HttpStatusCode.Conflict);
        await OkAsync(clerk, code, "extension", new { reason = "Chờ ý kiến của Sở Tư pháp", newDueAt = At(24, 16, 30) });
        var request = await SignedPdfAsync(desk, $"/api/v1/dossiers/{code}/extension-request.pdf", AdministrativeLetters.ExtensionRequestLabels);
        Assert.Contains("Chờ ý kiến của Sở Tư pháp", request);
        Assert.Contains("16 giờ 30 phút, ngày 24/11/2025", request);

        await OkAsync(justice, code, "co-agency-task", new { answer = "Người giám hộ đủ điều kiện theo Điều 49 Bộ luật Dân sự" }, At(17, 14));
        var answer = await SignedPdfAsync(desk, $"/api/v1/dossiers/{code}/consultations/2/answer.pdf", AdministrativeLetters.ConsultationAnswerLabels);
        Assert.Contains("Người giám hộ đủ điều kiện theo Điều 49 Bộ luật Dân sự", answer);

        // Early return and the evaluation slip apply once the result is ready, and the notice only while it waits.
        await ProblemAsync(await desk.GetAsync($"/api/v1/dossiers/{code}/early-return-notice.pdf"), HttpStatusCode.Conflict);
        await ProblemAsync(await desk.GetAsync($"/api/v1/dossiers/{code}/evaluation-slip.pdf"), HttpStatusCode.Conflict);
        await OkAsync(clerk, code, "complete-step", new { note = "Hồ sơ hợp lệ" }, At(17, 15));
        await OkAsync(leader, code, "approve", new { note = "Đồng ý" }, At(17, 15, 30));
        await OkAsync(desk, code, "result-ready", at: At(17, 16));
        var noticeFile = await desk.GetByteArrayAsync($"/api/v1/dossiers/{code}/early-return-notice.pdf");
        var notice = await SignedPdfAsync(desk, $"/api/v1/dossiers/{code}/early-return-notice.pdf", AdministrativeLetters.EarlyReturnLabels);
        Assert.Contains("16:00, ngày 17/11/2025", notice);
        var slip = await SignedPdfAsync(desk, $"/api/v1/dossiers/{code}/evaluation-slip.pdf", AdministrativeLetters.EvaluationSlipLabels);
        Assert.Contains(code, slip);
        Assert.DoesNotContain("Nguyễn Văn An", slip);
        await OkAsync(desk, code, "return", new { method = "desk", receivedBy = "Nguyễn Văn An" }, At(17, 16, 30));
        // Once issued, the notice stays printable after the return, as the same file.
        Assert.Equal(noticeFile, await desk.GetByteArrayAsync($"/api/v1/dossiers/{code}/early-return-notice.pdf"));
        await SignedPdfAsync(desk, $"/api/v1/dossiers/{code}/evaluation-slip.pdf", AdministrativeLetters.EvaluationSlipLabels);
    }

    [Fact]
    public async Task The_pages_record_a_field_verification_and_a_loss_and_list_their_documents()
    {
        var code = await ReceiveAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        await OkAsync(desk, code, "transfer", at: At(17, 9, 10));
        app.Clock.Now = At(17, 10);

        var detail = await clerk.GetStringAsync($"/ho-so/{code}");
        Assert.Contains($"/ho-so/{code}/xac-minh", detail);
        Assert.Contains($"/api/v1/dossiers/{code}/consultations/2/request.pdf", detail);
        Assert.Contains("id=\"refusal\"", await desk.GetStringAsync($"/ho-so/{code}/xac-minh"));
        var page = await clerk.GetStringAsync($"/ho-so/{code}/xac-minh");
        Assert.Contains("field-verification-form", page);
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["Place"] = "Nhà bà Nguyễn Thị Lài", ["StartedAt"] = "2025-11-17T09:20",
            ["EndedAt"] = "2025-11-17T09:15", ["Participants"] = "Lê Thị Thu Hà\nNguyễn Thị Lài", ["Chair"] = "Lê Thị Thu Hà", ["Secretary"] = "Lê Thị Thu Hà",
            ["Findings"] = "Đúng địa chỉ đã khai",
        };
        var bad = await clerk.PostAsync($"/ho-so/{code}/xac-minh", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("ended-error", await bad.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountAsync("field_verifications", code));
        form["EndedAt"] = "2025-11-17T09:50";
        var saved = await clerk.PostAsync($"/ho-so/{code}/xac-minh", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var listed = await clerk.GetStringAsync($"/ho-so/{code}/xac-minh");
        var pdf = System.Text.RegularExpressions.Regex.Match(listed, @"/api/v1/dossiers/[^""]+/field-verifications/\d+\.pdf").Value;
        Assert.Contains("Lê Thị Thu Hà", await SignedPdfAsync(clerk, pdf, AdministrativeLetters.FieldVerificationLabels));

        var lossPage = await leader.GetStringAsync($"/ho-so/{code}/mat-hu-hong");
        var loss = await leader.PostAsync($"/ho-so/{code}/mat-hu-hong", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(lossPage), ["Kind"] = "Lost", ["Description"] = "Tờ khai đăng ký giám hộ",
            ["Remedy"] = "Hướng dẫn lập lại tờ khai, cán bộ hỗ trợ điền", ["CostVnd"] = "1.250.000",
        }));
        Assert.Equal(HttpStatusCode.Redirect, loss.StatusCode);
        var losses = await leader.GetStringAsync($"/ho-so/{code}/mat-hu-hong");
        var apology = System.Text.RegularExpressions.Regex.Match(losses, @"/api/v1/dossiers/[^""]+/losses/\d+/apology\.pdf").Value;
        Assert.Contains("1.250.000 đồng", await SignedPdfAsync(leader, apology, AdministrativeLetters.LossApologyLabels));
    }

    // The message a page prints on one field (its "…-error" span), decoded.
    private static string FieldError(string html, string id) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, $"id=\"{id}\">([^<]*)<").Groups[1].Value);

    [Fact]
    public async Task Over_long_text_an_impossible_date_a_cost_in_words_and_a_date_before_the_due_are_refused_on_their_field_and_save_nothing()
    {
        var code = await ReceiveAsync();
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var clerk = await app.OfficerAsync("congchuc.thuanhoa");
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        await OkAsync(desk, code, "transfer", at: At(17, 9, 10));
        app.Clock.Now = At(17, 10);
        // Over every record's limit, within the 10,000 characters any JSON string may carry (TypedText.MaxLength).
        var book = new string('x', 10_000);

        // The API: each over-long text and a date before the due named; a 30 February is unreadable JSON, named too.
        var verification = new
        {
            place = new string('p', 301), startedAt = At(17, 9, 20), endedAt = At(17, 9, 50),
            participants = Enumerable.Range(1, 2000).Select(i => $"Người tham dự {i}").ToArray(), chair = new string('c', 101), secretary = "Lê Thị Thu Hà", findings = book,
        };
        var errors = (await ProblemAsync(await clerk.PostAsJsonAsync($"/api/v1/dossiers/{code}/field-verifications", verification),
            HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        foreach (var field in new[] { "place", "participants", "chair", "findings" }) Assert.True(errors.TryGetProperty(field, out _), $"{field}: {errors}");
        var impossible = await ProblemAsync(await clerk.PostAsync($"/api/v1/dossiers/{code}/field-verifications", new StringContent(
            "{\"place\":\"Nhà bà Lài\",\"startedAt\":\"2025-11-30T10:00:00+07:00\",\"endedAt\":\"2025-02-30T10:00:00+07:00\"}", Encoding.UTF8, "application/json")),
            HttpStatusCode.UnprocessableEntity);
        Assert.True(impossible.GetProperty("errors").TryGetProperty("endedAt", out _), impossible.ToString());
        var loss = new { kind = "lost", description = book, remedy = "Cấp lại", costVnd = 0L, newDueAt = (DateTimeOffset?)At(17, 11) };
        var lossErrors = (await ProblemAsync(await leader.PostAsJsonAsync($"/api/v1/dossiers/{code}/losses", loss), HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        Assert.True(lossErrors.TryGetProperty("description", out _), lossErrors.ToString());
        Assert.Contains("hạn trả kết quả hiện tại", lossErrors.GetProperty("newDueAt")[0].GetString());

        // The pages: the same rules, and what cannot be read is refused on its field rather than dropped.
        var page = await clerk.GetStringAsync($"/ho-so/{code}/xac-minh");
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["Place"] = "Nhà bà Nguyễn Thị Lài", ["StartedAt"] = "2026-02-30T10:00",
            ["EndedAt"] = "2026-13-02T09:00", ["Participants"] = "Lê Thị Thu Hà", ["Chair"] = "Lê Thị Thu Hà", ["Secretary"] = "Lê Thị Thu Hà", ["Findings"] = book,
        };
        var bad = await clerk.PostAsync($"/ho-so/{code}/xac-minh", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.StartsWith("Thời gian không hợp lệ", FieldError(html, "started-error"));
        Assert.StartsWith("Thời gian không hợp lệ", FieldError(html, "ended-error"));
        Assert.Contains("tối đa 4000 ký tự", FieldError(html, "findings-error"));

        var lossPage = await leader.GetStringAsync($"/ho-so/{code}/mat-hu-hong");
        var badLoss = await leader.PostAsync($"/ho-so/{code}/mat-hu-hong", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(lossPage), ["Kind"] = "Lost", ["Description"] = "Tờ khai đăng ký giám hộ",
            ["Remedy"] = book, ["CostVnd"] = "một triệu", ["NewDueAt"] = "2026-02-30T10:00",
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badLoss.StatusCode);
        var lossHtml = await badLoss.Content.ReadAsStringAsync();
        Assert.StartsWith("Thời gian không hợp lệ", FieldError(lossHtml, "due-error"));
        Assert.Contains("\"một triệu\" không đọc được", FieldError(lossHtml, "cost-error"));
        Assert.Contains("tối đa 4000 ký tự", FieldError(lossHtml, "remedy-error"));

        Assert.Equal(0, await CountAsync("field_verifications", code));
        Assert.Equal(0, await CountAsync("dossier_losses", code));
    }
}
