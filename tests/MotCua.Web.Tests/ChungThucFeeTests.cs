using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Domain.Registers;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, brief fees12 (docs/FEES.md "Chứng thực charged from the e-form"): the commune's chứng thực fees are charged at
/// intake from the e-form's counts by the books' rule (Thông tư 226/2016/TT-BTC Điều 4, <see cref="BookFees"/>), one amount
/// for the payment request and its VietQR, Mẫu 01, the receipt after a bank's callback and the book's fee column; missing
/// or invalid counts are a 422 naming <c>formData.soTrang</c> … (an error beside the field at the desk), nothing written.
/// Over real HTTP and PostgreSQL, at the demo's Phường Thuận Hóa, which adopts 2.000815 and 2.000884.
/// </summary>
public class ChungThucFeeTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int day, int hour) => new(2025, 11, day, hour, 0, 0, VietnamTime.Offset);

    private static object Dossier(string procedure, string idNumber, Dictionary<string, string?> form) => new
    {
        procedureCode = procedure, agencyCode = DemoData.ThuanHoaCode, channel = "direct",
        applicant = new { fullName = "Lê Thị Chứng", idNumber, phone = "0905123456", email = "chung@example.vn", address = "3 Lê Lợi, phường Thuận Hóa" },
        documents = new object[] { new { name = "Bản chính giấy tờ, văn bản", original = 1, copies = 0 } },
        formData = form,
    };

    private static Dictionary<string, string?> CopyForm(string? pages, string? copies) => new()
    {
        ["tenBanChinh"] = "Bằng tốt nghiệp trung học phổ thông số 123456", [BookFees.PagesField] = pages, [BookFees.CopiesField] = copies,
    };

    private static Dictionary<string, string?> SignatureForm(string? papers) => new()
    {
        ["tenGiayTo"] = "Giấy ủy quyền", [BookFees.PapersField] = papers,
    };

    private async Task<string> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private Task<long> DueAsync(string code) =>
        app.ScalarAsync($"SELECT f.due_vnd FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}' AND f.source = 'catalogue'");

    private static string Flat(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task A_copy_of_five_pages_in_three_copies_is_charged_21000_on_the_request_its_qr_mau_01_the_receipt_and_the_book()
    {
        app.Clock.Now = At(17, 8);
        var api = app.ApiClient();
        var code = await CreatedAsync(await api.SubmitAsync(Dossier(OfficialBooks.CopyCode, "046095100001", CopyForm("5", "3"))));
        Assert.Equal(21_000, BookFees.CopyVnd(5, 3));
        Assert.Equal(21_000, await DueAsync(code));
        Assert.Equal(1, await app.ScalarAsync($$"""
            SELECT count(*) FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id
            WHERE d.code = '{{code}}' AND f.fee_vnd = 21000 AND f.charge_vnd = 0 AND f.items::jsonb @> '[{"kind": "fee", "quantity": 3, "unit": "bản", "unitAmountVnd": 7000}]'
            """));

        // The payment request and its dynamic VietQR: tag 54 is the amount, read by the Domain's parser and as written.
        var payments = await api.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments");
        var request = payments.GetProperty("requests")[0];
        Assert.Equal(21_000, request.GetProperty("amountVnd").GetInt64());
        var emv = request.GetProperty("vietQr").GetString()!;
        var qr = VietQr.TryParse(emv, out var error);
        Assert.True(qr is not null, error);
        Assert.Equal((21_000L, PaymentRequests.PurposeOf(code)), (qr!.AmountVnd, qr.Purpose));
        Assert.Contains("540521000", emv, StringComparison.Ordinal);

        // Mẫu 01 prints the amount and the line "3 bản × 7.000 đồng".
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var mau01 = Flat(PdfTools.Text(PdfTools.Save("mau-01-chung-thuc-ban-sao", await desk.GetByteArrayAsync($"/api/v1/dossiers/{code}/receipt.pdf"))));
        Assert.Contains("21.000", mau01, StringComparison.Ordinal);
        Assert.Contains("3 bản × 7.000 đồng", mau01, StringComparison.Ordinal);

        // A bank's callback for the amount: one receipt listing the item as charged.
        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), "bank-chung-thuc");
        await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "CT-815-1", 21_000, PaymentRequests.PurposeOf(code), app.Clock.Now);
        var receiptId = await app.ScalarAsync($"""
            SELECT r.id FROM receipts r JOIN payments p ON p.id = r.payment_id JOIN dossiers d ON d.id = p.dossier_id
            WHERE d.code = '{code}' AND r.cancelled_at IS NULL
            """);
        var receipt = Flat(PdfTools.Text(PdfTools.Save("bien-lai-chung-thuc-ban-sao", await api.GetByteArrayAsync($"/api/v1/receipts/{receiptId}.pdf"))));
        Assert.Contains("Phí chứng thực bản sao từ bản chính", receipt, StringComparison.Ordinal);
        // The item's cell wraps its quantity line beside the amount column, so the two halves are read apart.
        Assert.Contains("(3 bản", receipt, StringComparison.Ordinal);
        Assert.Contains("× 7.000 đồng)", receipt, StringComparison.Ordinal);
        Assert.Contains("21.000", receipt, StringComparison.Ordinal);

        // The copy book prints the dossier's charged amount, which is BookFees' for the same counts.
        await OfficialBookTests.OkAsync(desk, code, "transfer");
        await OfficialBookTests.OkAsync(await app.OfficerAsync("congchuc.thuanhoa"), code, "complete-step", new { note = "Hồ sơ hợp lệ" });
        await OfficialBookTests.OkAsync(await app.OfficerAsync("lanhdao.thuanhoa"), code, "approve", new { note = "Đồng ý" });
        var book = await (await app.OfficerAsync("congchuc.thuanhoa")).GetFromJsonAsync<JsonElement>("/api/v1/registers/chung-thuc-ban-sao/2025");
        var entry = book.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("dossierCode").GetString() == code);
        Assert.Equal(BookValues.Money(BookFees.CopyVnd(5, 3)), entry.GetProperty("values").GetProperty("phi").GetString());
        Assert.Equal("21.000", entry.GetProperty("values").GetProperty("phi").GetString());
    }

    [Fact]
    public async Task Counts_sent_as_json_numbers_are_read_as_the_same_counts()
    {
        // Eighth trial of issue 14: "soTrang": 5 was refused where "soTrang": "5" was read.
        app.Clock.Now = At(18, 9);
        var api = app.ApiClient();
        var dossier = new
        {
            procedureCode = OfficialBooks.CopyCode, agencyCode = DemoData.ThuanHoaCode, channel = "direct",
            applicant = new { fullName = "Lê Thị Chứng", idNumber = "046095100003", phone = "0905123456", address = "3 Lê Lợi, phường Thuận Hóa" },
            documents = new object[] { new { name = "Bản chính giấy tờ, văn bản", original = 1, copies = 0 } },
            formData = new Dictionary<string, object> { ["tenBanChinh"] = "Học bạ", [BookFees.PagesField] = 5, [BookFees.CopiesField] = 3 },
        };
        var code = await CreatedAsync(await api.SubmitAsync(dossier));
        Assert.Equal(BookFees.CopyVnd(5, 3), await DueAsync(code));
        var refused = await api.SubmitAsync(new
        {
            procedureCode = OfficialBooks.CopyCode, agencyCode = DemoData.ThuanHoaCode, channel = "direct",
            applicant = new { fullName = "Lê Thị Chứng", idNumber = "046095100004", phone = "0905123456", address = "3 Lê Lợi, phường Thuận Hóa" },
            documents = new object[] { new { name = "Bản chính giấy tờ, văn bản", original = 1, copies = 0 } },
            formData = new Dictionary<string, object> { [BookFees.PagesField] = true },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("formData", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_on_two_papers_is_charged_20000_and_the_signature_book_prints_it()
    {
        app.Clock.Now = At(18, 8);
        var api = app.ApiClient();
        var code = await CreatedAsync(await api.SubmitAsync(Dossier(OfficialBooks.SignatureCode, "046095100002", SignatureForm("2"))));
        Assert.Equal(20_000, await DueAsync(code));
        var request = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments")).GetProperty("requests")[0];
        Assert.Equal(20_000, request.GetProperty("amountVnd").GetInt64());
        Assert.Contains("540520000", request.GetProperty("vietQr").GetString()!, StringComparison.Ordinal);
        Assert.Equal(1, await app.ScalarAsync($$"""
            SELECT count(*) FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id
            WHERE d.code = '{{code}}' AND f.fee_vnd = 20000 AND f.items::jsonb @> '[{"name": "Phí chứng thực chữ ký", "kind": "fee", "quantity": 2, "unit": "giấy tờ"}]'
            """));
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        await OfficialBookTests.OkAsync(desk, code, "transfer");
        await OfficialBookTests.OkAsync(await app.OfficerAsync("congchuc.thuanhoa"), code, "complete-step", new { note = "Hồ sơ hợp lệ" });
        await OfficialBookTests.OkAsync(await app.OfficerAsync("lanhdao.thuanhoa"), code, "approve", new { note = "Đồng ý" });
        var book = await (await app.OfficerAsync("congchuc.thuanhoa")).GetFromJsonAsync<JsonElement>("/api/v1/registers/chung-thuc-chu-ky/2025");
        var entry = book.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("dossierCode").GetString() == code);
        Assert.Equal(BookValues.Money(BookFees.SignatureVnd(2)), entry.GetProperty("values").GetProperty("phi").GetString());
    }

    [Theory]
    [InlineData("2.000815", null, "3", "formData.soTrang")]
    [InlineData("2.000815", "5", "", "formData.soBanSao")]
    [InlineData("2.000815", "0", "3", "formData.soTrang")]
    [InlineData("2.000815", "5", "ba", "formData.soBanSao")]
    [InlineData("2.000884", null, null, "formData.soLuongGiayTo")]
    [InlineData("2.000884", "0", null, "formData.soLuongGiayTo")]
    public async Task Missing_or_invalid_counts_are_a_422_naming_the_field_in_Vietnamese_and_nothing_is_written(string procedure, string? first, string? second, string field)
    {
        app.Clock.Now = At(19, 8);
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var form = procedure == OfficialBooks.CopyCode ? CopyForm(first, second) : SignatureForm(first);
        var response = await app.ApiClient().SubmitAsync(Dossier(procedure, "046095100003", form));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var message), body);
        Assert.Matches(@"\p{IsLatinExtendedAdditional}|[ăâđêôơư]", message[0].GetString()!);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    internal static List<KeyValuePair<string, string>> DeskForm(string html, string idNumber, string? pages, string? copies)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", MotCuaApp.AntiforgeryToken(html)), new("thutuc", OfficialBooks.CopyCode), new("decision", "receive"), new("ReceiveIncomplete", "true"),
            new("IdempotencyKey", Guid.NewGuid().ToString("N")),
            new("ApplicantKind", "individual"), new("FullName", "Hoàng Văn Phúc"), new("IdNumber", idNumber), new("Phone", "0914000333"),
            new("Address", "12 Hùng Vương, phường Thuận Hóa"), new("Channel", "direct"), new("Sets", "1"),
            // The desk's names: the originals are rows (session 23), this one the first.
            new("Form[banChinh[0].tenBanChinh]", "Giấy khai sinh số 12/2020"),
        };
        if (pages is not null) form.Add(new($"Form[banChinh[0].{BookFees.PagesField}]", pages));
        if (copies is not null) form.Add(new($"Form[banChinh[0].{BookFees.CopiesField}]", copies));
        var marker = "name=\"Documents[0].Name\" value=\"";
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        if (start >= 0)
        {
            start += marker.Length;
            form.Add(new("Documents[0].Name", WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)])));
            form.Add(new("Documents[0].Received", "true"));
            form.Add(new("Documents[0].Originals", "1"));
            form.Add(new("Documents[0].Copies", "0"));
        }
        return form;
    }

    [Fact]
    public async Task The_desk_asks_the_counts_explains_the_rule_and_charges_21000_for_five_pages_in_three_copies()
    {
        app.Clock.Now = At(20, 8);
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        var html = await desk.GetStringAsync($"/tiep-nhan?thutuc={OfficialBooks.CopyCode}");
        var page = WebUtility.HtmlDecode(html);
        Assert.Contains("id=\"form-banChinh-0-soTrang\"", page);
        Assert.Contains("id=\"form-banChinh-0-soBanSao\"", page);
        Assert.Contains("Thông tư 226/2016/TT-BTC", page);

        // Without the pages: the page again, the message beside the field, no dossier.
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var missing = await desk.PostAsync($"/tiep-nhan?thutuc={OfficialBooks.CopyCode}", new FormUrlEncodedContent(DeskForm(html, "046095100004", null, "3")));
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        var again = WebUtility.HtmlDecode(await missing.Content.ReadAsStringAsync());
        Assert.Contains("id=\"form-banChinh-0-soTrang-error\"", again);
        Assert.Contains("Số trang của bản chính", again);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));

        var received = await desk.PostAsync($"/tiep-nhan?thutuc={OfficialBooks.CopyCode}", new FormUrlEncodedContent(DeskForm(html, "046095100005", "5", "3")));
        Assert.True(received.StatusCode == HttpStatusCode.Redirect, await received.Content.ReadAsStringAsync());
        var code = received.Headers.Location!.ToString()[7..^6];
        Assert.Equal(21_000, await DueAsync(code));
        Assert.Equal(1, await app.ScalarAsync(
            $"SELECT count(*) FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.amount_vnd = 21000 AND r.status = 'open'"));
    }
}
