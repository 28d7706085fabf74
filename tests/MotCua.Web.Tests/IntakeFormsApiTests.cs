using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Documents;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;

namespace MotCua.Web.Tests;

/// <summary>
/// The intake forms as the API serves them (Mẫu 01, 02, 03, issue 11): filled from the dossier, the officer who received
/// it named, never the system that sent it, every label of the form's list present.
/// </summary>
public class IntakeFormsApiTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;
    private const string Unit = "Trung tâm Phục vụ hành chính công phường Thuận Hóa";
    private const string DeskOfficer = "Nguyễn Thị Hường";
    private const string ApiClientName = "Cổng Dịch vụ công quốc gia (demo)";

    private async Task<string> SubmitAsync(string channel)
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(channel: channel));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("code").GetString()!;
    }

    private static async Task<JsonElement> OkAsync(HttpClient client, string code, string action, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    // The PDF as served: signed by the deployment's certificate and intact (pdfsig), and its text in the order it is
    // drawn (pdftotext -raw), which is the form's order: a table header that wraps stays whole.
    private static async Task<string> PdfTextAsync(HttpClient client, string url, string name)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        PdfTools.AssertSignedAndIntact(pdf, name);
        var path = PdfTools.Save(name, pdf);
        return System.Text.RegularExpressions.Regex.Replace(MotCuaApp.Tool("pdftotext", $"-raw -enc UTF-8 {path} -"), @"\s+", " ");
    }

    private static void AssertLabels(string text, IReadOnlyList<IntakeForms.Label> labels, params string[] absent)
    {
        var position = 0;
        foreach (var label in labels.Where(l => !absent.Contains(l.Text)))
        {
            var at = text.IndexOf(label.Text, position, StringComparison.OrdinalIgnoreCase);
            Assert.True(at >= 0, $"'{label.Text}' missing or out of order:\n{text}");
            position = at + label.Text.Length;
        }
    }

    [Fact]
    public async Task A_receipt_of_a_dossier_an_integrated_system_received_names_the_unit_never_the_system()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        var code = await SubmitAsync("direct");

        var text = await PdfTextAsync(app.ApiClient(), $"/api/v1/dossiers/{code}/receipt.pdf", "intake-receipt-api");

        AssertLabels(text, IntakeForms.ReceiptLabels, "Người nộp:", "Ghi chú:");
        Assert.DoesNotContain(ApiClientName, text);
        Assert.Matches(@"Số: \d{2}/TNHS-[A-ZĐ]+", text);
        Assert.Contains($"Bộ phận Một cửa: {Unit}", text);
        Assert.Contains("Số định danh cá nhân (CCCD): 046095001234", text);
        Assert.Contains("Email: an.nguyen@example.vn", text);
        Assert.Contains("4. Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 17 tháng 11 năm 2025", text);
        Assert.Contains($"6. Đăng ký nhận kết quả tại: {Unit}", text);
        // Under "NGƯỜI TIẾP NHẬN HỒ SƠ": the unit, since no officer received it.
        var signatures = text[text.IndexOf("NGƯỜI NỘP HỒ SƠ", StringComparison.Ordinal)..];
        Assert.Contains(Unit, signatures);
    }

    [Fact]
    public async Task A_receipt_of_an_online_dossier_names_the_officer_who_accepted_it()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        var code = await SubmitAsync("online");
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 10, 30, 0, Vn);
        await OkAsync(desk, code, "accept-online");

        var text = await PdfTextAsync(app.ApiClient(), $"/api/v1/dossiers/{code}/receipt.pdf", "intake-receipt-online");

        AssertLabels(text, IntakeForms.ReceiptLabels, "Người nộp:", "Ghi chú:");
        Assert.DoesNotContain(ApiClientName, text);
        Assert.Contains(DeskOfficer, text[text.IndexOf("NGƯỜI NỘP HỒ SƠ", StringComparison.Ordinal)..]);
        Assert.Contains("Hình thức nộp: Trực tuyến", text);
    }

    [Fact]
    public async Task A_postal_dossier_registers_its_result_at_the_applicants_address()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        var code = await SubmitAsync("postal");

        var text = await PdfTextAsync(app.ApiClient(), $"/api/v1/dossiers/{code}/receipt.pdf", "intake-receipt-postal");

        Assert.Contains("6. Đăng ký nhận kết quả tại: 12 Lê Lợi, phường Thuận Hóa, thành phố Huế (qua dịch vụ bưu chính công ích)", text);
    }

    [Fact]
    public async Task A_supplement_request_during_appraisal_prints_the_dossiers_code_and_receipt_not_its_own_date()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        var code = await SubmitAsync("direct");
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 10, 0, Vn);
        await OkAsync(await app.OfficerAsync("tiepnhan.thuanhoa"), code, "transfer");
        // The next day: sessions last a working day, so both sign in again.
        app.Clock.Now = new DateTimeOffset(2025, 11, 18, 14, 20, 0, Vn);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await OkAsync(await app.OfficerAsync("congchuc.thuanhoa"), code, "supplement-request",
            new { items = new[] { new { document = "Giấy chứng sinh", reason = "Bản chụp không đọc được tên người mẹ" } } });
        var notice = await app.ScalarAsync($"SELECT supplement_notice_id FROM dossiers WHERE code = '{code}'");
        Assert.Equal(notice, await app.ScalarAsync($"SELECT n.id FROM supplement_notices n JOIN dossiers d ON d.id = n.dossier_id WHERE d.code = '{code}'"));

        var text = await PdfTextAsync(desk, $"/api/v1/supplement-notices/{notice}.pdf", "intake-supplement-appraisal");

        AssertLabels(text, IntakeForms.SupplementRequestLabels, "Người nộp:");
        Assert.Contains($"Mã hồ sơ: {code}", text);
        Assert.Contains("Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 17 tháng 11 năm 2025", text);
        Assert.Contains(", ngày 18 tháng 11 năm 2025", text); // the notice's own date is its letterhead's, and only that
        Assert.Contains("Địa chỉ: 12 Lê Lợi, phường Thuận Hóa, thành phố Huế", text);
        Assert.Contains("Email: an.nguyen@example.vn", text);
        Assert.Contains("Lý do: Bản chụp không đọc được tên người mẹ", text);
    }

    [Fact]
    public async Task A_refusal_of_an_online_dossier_states_the_unit_reason_and_basis_in_the_forms_words()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        var code = await SubmitAsync("online");
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await OkAsync(desk, code, "refuse-online", new { reason = "Không thuộc thẩm quyền của phường", legalBasis = "Điều 9 Nghị định 123/2015/NĐ-CP" });

        var text = await PdfTextAsync(desk, $"/api/v1/dossiers/{code}/refusal.pdf", "intake-refusal-online");

        AssertLabels(text, IntakeForms.RefusalLabels, "Người nộp:");
        Assert.Contains($"Qua xem xét, {Unit} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:", text);
        Assert.Contains("Không thuộc thẩm quyền của phường. Căn cứ: Điều 9 Nghị định 123/2015/NĐ-CP.", text);
        Assert.Contains("Số điện thoại: 0905123456", text);
        Assert.Contains(DeskOfficer, text[text.IndexOf("NGƯỜI TIẾP NHẬN HỒ SƠ", StringComparison.Ordinal)..]);
    }
    [Fact]
    public async Task A_reprinted_receipt_keeps_its_number_and_the_next_dossier_gets_the_next()
    {
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        var first = await SubmitAsync("direct");
        var second = await SubmitAsync("direct");
        var api = app.ApiClient();

        string NumberOf(string text) => System.Text.RegularExpressions.Regex.Match(text, @"Số: (\d+)/TNHS-").Groups[1].Value;
        var once = NumberOf(await PdfTextAsync(api, $"/api/v1/dossiers/{first}/receipt.pdf", "intake-receipt-first"));
        var again = NumberOf(await PdfTextAsync(api, $"/api/v1/dossiers/{first}/receipt.pdf", "intake-receipt-first-again"));
        var next = NumberOf(await PdfTextAsync(api, $"/api/v1/dossiers/{second}/receipt.pdf", "intake-receipt-second"));

        Assert.Equal(once, again);
        Assert.Equal(int.Parse(once, System.Globalization.CultureInfo.InvariantCulture) + 1, int.Parse(next, System.Globalization.CultureInfo.InvariantCulture));
    }
}
