using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MotCua.Documents.Tests;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Demo;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14's proofs over real HTTP and PostgreSQL: the receipt series page (administrator only, the Domain's rule, audit),
/// the receipt PDF signed for its collecting unit on each serving (pdfsig, valid and cancelled), the VietQR printed on
/// Mẫu 01 for intakes paying into three banks read by the independent npm vietnam-qr-pay, the receipt's verification QR
/// opening its page (a cancelled one says ĐÃ HỦY), one receipt number display ("MC-26E-0000002") in the API answers, and
/// /so-thu-phi's typed dd/MM/yyyy period.
/// </summary>
public partial class ReceiptProofsTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private const string Payer = "Lê Văn Cường";
    private const string SeriesPage = "/quan-tri/ky-hieu-bien-lai";

    private async Task<List<object?[]>> RowsAsync(string sql, params object[] parameters)
    {
        await app.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private async Task<string> SubmitAsync(string agency, string procedure, string idNumber)
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(procedure, agency, "direct", idNumber: idNumber, fullName: Payer));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    // A paid request and its payment at the centre, written by SQL per migration 0032's contract, as ReceiptRoutesTests does.
    private async Task<(string Code, long Payment)> CentrePaymentAsync(long amount, string idNumber)
    {
        var code = await SubmitAsync(DemoData.CentreCode, "1.004837", idNumber);
        var dossier = await app.ScalarAsync($"SELECT id FROM dossiers WHERE code = '{code}'");
        var items = $$"""[{"name":"Lệ phí cấp giấy","kind":"charge","amountVnd":{{amount}}}]""";
        return (code, await app.InsertAsync(dossier, amount, items, $"Nop phi {code}", "transfer", Payer));
    }

    // A receipt's series is the year of its issue (the app clock's), whatever the payment's date (payments written by SQL
    // are paid at the database's now()); the series page names the same year.
    private string ClockYear => (app.Clock.Now.ToOffset(TimeSpan.FromHours(7)).Year % 100).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>Every QR code of every page of a PDF (pdftoppm at 300 dpi, then zbarimg), one a line.</summary>
    private static string[] QrOf(byte[] pdf)
    {
        var stem = Path.Combine(Path.GetTempPath(), $"qr-{Guid.NewGuid():N}");
        File.WriteAllBytes(stem + ".pdf", pdf);
        MotCuaApp.Tool("pdftoppm", $"-r 300 -png {stem}.pdf {stem}");
        var pages = Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(stem) + "-*.png").Order(StringComparer.Ordinal);
        return MotCuaApp.Tool("zbarimg", $"--quiet --raw {string.Join(' ', pages)}").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    // A string of the PDF's signature dictionary (/Reason, /Location): a literal or a hex string, UTF-16BE after a BOM.
    private static string SignatureString(byte[] pdf, string key)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var match = Regex.Match(text, "/" + key + @"\s*(<(?<hex>[0-9A-Fa-f\s]*)>|\((?<lit>(?:\\.|[^\\)])*)\))", RegexOptions.RightToLeft);
        Assert.True(match.Success, $"the signature has no /{key}");
        byte[] bytes;
        if (match.Groups["hex"].Success)
        {
            bytes = Convert.FromHexString(Regex.Replace(match.Groups["hex"].Value, @"\s", ""));
        }
        else
        {
            var literal = Regex.Replace(match.Groups["lit"].Value, @"\\([0-7]{1,3}|.)", m =>
                m.Groups[1].Value[0] is >= '0' and <= '7' ? ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString()
                : m.Groups[1].Value switch { "n" => "\n", "r" => "\r", "t" => "\t", "b" => "\b", "f" => "\f", var other => other });
            bytes = Encoding.Latin1.GetBytes(literal);
        }
        return bytes is [0xFE, 0xFF, ..] ? Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2) : Encoding.Latin1.GetString(bytes);
    }

    private async Task<string> CentreNameAsync() => (string)(await RowsAsync("SELECT name FROM agencies WHERE code = $1", DemoData.CentreCode)).Single()[0]!;

    // ------------------------------------------------------------------ 1. the series page

    [Fact]
    public async Task The_series_page_lists_the_units_and_sets_one_by_the_domains_rule_for_the_administrator_only()
    {
        var admin = await app.OfficerAsync("quantri");
        var page = await admin.GetStringAsync(SeriesPage);
        Assert.Contains($"data-agency=\"{DemoData.ThuanHoaCode}\"", page, StringComparison.Ordinal);
        Assert.Contains("01BLP0-001", page, StringComparison.Ordinal);
        // The demo writes each receiving unit's series (the standard one) with its tax code (fourth trial): none is "(mặc định)".
        Assert.DoesNotContain("(mặc định)", page, StringComparison.Ordinal);
        Assert.Contains($"MC-{ClockYear}E", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"{SeriesPage}\"", page, StringComparison.Ordinal); // the administration menu links it
        var token = MotCuaApp.AntiforgeryToken(page);
        HttpContent Form(string agency, string form, string prefix) => new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Form.AgencyCode"] = agency, ["Form.FormNumber"] = form, ["Form.SeriesPrefix"] = prefix,
        });
        var before = await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'receipt-series.set'");

        // Wrong values: 422, each message beside its field, in Vietnamese; nothing written.
        var bad = await admin.PostAsync(SeriesPage, Form(DemoData.ThuanHoaCode, "biên lai", "M1"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var badPage = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("Ký hiệu mẫu biên lai theo dạng 01BLP0-001", badPage, StringComparison.Ordinal);
        Assert.Contains("Ký hiệu biên lai bắt đầu bằng hai chữ cái in hoa", badPage, StringComparison.Ordinal);
        var unknown = await admin.PostAsync(SeriesPage, Form("999.99.99.H99", "02BLP0-002", "TT"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("Chọn một đơn vị", WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        // Other roles: refused, nothing written.
        foreach (var user in new[] { "ketoan.trungtam", "tiepnhan.thuanhoa", "lanhdao.thuanhoa" })
        {
            var officer = await app.OfficerAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync(SeriesPage)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsync(SeriesPage, Form(DemoData.ThuanHoaCode, "02BLP0-002", "TT"))).StatusCode);
        }
        var anonymous = await app.SessionClient().GetAsync(SeriesPage);
        Assert.True(anonymous.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"anonymous: {anonymous.StatusCode}");
        // Nothing written: the unit keeps the standard series the demo gave it (fourth trial), set by nobody.
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM receipt_series s JOIN agencies a ON a.id = s.agency_id WHERE a.code = '{DemoData.ThuanHoaCode}' AND s.form_number = '01BLP0-001' AND s.series_prefix = 'MC' AND s.updated_by IS NULL"));
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'receipt-series.set'"));

        // Right values (typed in lower case): saved in capitals, audited as the API does, listed.
        var good = await admin.PostAsync(SeriesPage, Form(DemoData.ThuanHoaCode, " 02blp0-002 ", "tt"));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM receipt_series s JOIN agencies a ON a.id = s.agency_id
            WHERE a.code = '{DemoData.ThuanHoaCode}' AND s.form_number = '02BLP0-002' AND s.series_prefix = 'TT' AND s.updated_by IS NOT NULL
            """));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'receipt-series.set' AND subject = 'agency:{DemoData.ThuanHoaCode}' AND user_id IS NOT NULL"));
        var after = await admin.GetStringAsync(good.Headers.Location!.OriginalString);
        Assert.Contains("Đã lưu ký hiệu biên lai", after, StringComparison.Ordinal);
        var row = Regex.Match(after, $"data-agency=\"{Regex.Escape(DemoData.ThuanHoaCode)}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("02BLP0-002", row, StringComparison.Ordinal);
        Assert.Contains($"TT-{ClockYear}E", row, StringComparison.Ordinal);
        Assert.DoesNotContain("mặc định", row, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ 2. the signed receipt

    [Fact]
    public async Task The_receipt_PDF_is_signed_for_its_collecting_unit_on_each_serving_valid_and_cancelled()
    {
        var (_, payment) = await CentrePaymentAsync(35_000, "046095007001");
        var id = await app.IssueReceiptAsync(payment);
        var number = await app.ScalarAsync($"SELECT number FROM receipts WHERE id = {id}");
        var shown = $"MC-{ClockYear}E-{number:0000000}";
        var unit = await CentreNameAsync();
        var accountant = await app.OfficerAsync("ketoan.trungtam");

        async Task<byte[]> CheckedAsync(HttpClient client, string path, string name)
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var pdf = await response.Content.ReadAsByteArrayAsync();
            PdfTools.AssertSignedAndIntact(pdf, name);
            var report = PdfTools.Pdfsig(PdfTools.Save(name, pdf));
            output.WriteLine($"{name}: {report}");
            Assert.Contains("Signer Certificate Common Name: Hệ thống MotCua", report, StringComparison.Ordinal);
            Assert.Equal($"Biên lai thu phí, lệ phí {shown}, {unit}", SignatureString(pdf, "Reason"));
            Assert.Equal("Huế", SignatureString(pdf, "Location"));
            return pdf;
        }

        var valid = await CheckedAsync(accountant, $"/api/v1/receipts/{id}.pdf", "bien-lai-ky-so");
        Assert.DoesNotContain("ĐÃ HỦY", PdfTools.Text(PdfTools.Save("bien-lai-ky-so", valid)), StringComparison.Ordinal);
        var verify = new Uri(Assert.Single(QrOf(valid)));
        var copy = await CheckedAsync(app.SessionClient(), verify.AbsolutePath + ".pdf", "bien-lai-ban-nguoi-nop");
        Assert.Contains(Payer, PdfTools.Text(PdfTools.Save("bien-lai-ban-nguoi-nop", copy)), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await accountant.PostAsJsonAsync($"/api/v1/receipts/{id}/cancel", new { reason = "Thu nhầm hồ sơ" })).StatusCode);
        var cancelled = await CheckedAsync(accountant, $"/api/v1/receipts/{id}.pdf", "bien-lai-da-huy-ky-so");
        Assert.Contains("ĐÃ HỦY", PdfTools.Text(PdfTools.Save("bien-lai-da-huy-ky-so", cancelled)), StringComparison.Ordinal);
        Assert.NotEqual(valid, cancelled);
        var cancelledCopy = await CheckedAsync(app.SessionClient(), verify.AbsolutePath + ".pdf", "bien-lai-da-huy-ban-nguoi-nop");
        Assert.Contains("ĐÃ HỦY", PdfTools.Text(PdfTools.Save("bien-lai-da-huy-ban-nguoi-nop", cancelledCopy)), StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ 3. the QR proofs

    private sealed record Printed(string Code, string Bin, string Account, long Amount, string Purpose, string Qr);

    [Fact]
    public async Task Mau_01_VietQR_of_intakes_into_three_banks_reads_with_vietnam_qr_pay_as_the_request_and_its_account()
    {
        var package = Path.Combine(MotCuaApp.RepoRoot(), ".motcua", "node", "node_modules", "vietnam-qr-pay", "package.json");
        Assert.True(File.Exists(package), "vietnam-qr-pay chưa được cài: chạy scripts/setup.sh test");
        var admin = await app.OfficerAsync("quantri");
        (string Bin, string Account, string Name)[] banks =
        [
            ("970436", "0071000123456", "Trung tâm Phục vụ hành chính công Huế"),
            ("970418", "56010000123457", "TT PVHCC Huế"),
            ("970422", "0801234567890", "Trung tâm PVHCC thành phố Huế"),
        ];
        var procedures = (await RowsAsync("""
            SELECT ap.procedure_code FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id WHERE a.code = $1 ORDER BY ap.procedure_code
            """, DemoData.CentreCode)).Select(r => (string)r[0]!).ToList();
        var printed = new List<Printed>();
        var serial = 0;
        foreach (var procedure in procedures)
        {
            if (printed.Count >= 6) break;
            // Each intake pays into the next bank's account: the unit's active account when the dossier is received.
            var bank = banks[printed.Count % banks.Length];
            var account = await admin.PostAsJsonAsync("/api/v1/admin/collection-accounts",
                new { agencyCode = DemoData.CentreCode, bankBin = bank.Bin, accountNumber = bank.Account, accountName = bank.Name, useForQr = true });
            Assert.True(account.IsSuccessStatusCode, await account.Content.ReadAsStringAsync());
            var response = await app.ApiClient().SubmitAsync(Requests.Dossier(procedure, DemoData.CentreCode, "direct", idNumber: $"04609602{++serial:D4}", fullName: Payer));
            if (response.StatusCode != HttpStatusCode.Created) continue;
            var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            var request = (await RowsAsync("""
                SELECT r.amount_vnd, r.purpose, r.vietqr, a.bank_bin, a.account_number, a.account_name
                FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id JOIN collection_accounts a ON a.id = r.account_id
                WHERE d.code = $1 AND r.vietqr IS NOT NULL
                """, code)).SingleOrDefault();
            if (request is null) continue; // no fee due for this procedure
            Assert.Equal(bank.Bin, (string)request[3]!);

            var slip = await app.ApiClient().GetAsync($"/api/v1/dossiers/{code}/receipt.pdf");
            Assert.Equal(HttpStatusCode.OK, slip.StatusCode);
            var pdf = await slip.Content.ReadAsByteArrayAsync();
            var file = PdfTools.Save($"mau-01-vietqr-{printed.Count + 1}", pdf);
            Assert.Equal("1", PdfTools.Info(file)["Pages"]);
            var (width, height) = PdfTools.PageSize(file);
            Assert.True(Math.Abs(width - 595.28) < 0.5 && Math.Abs(height - 841.89) < 0.5, $"Mẫu 01 of {code} is {width}×{height} pt, not A4");
            var text = PdfTools.Text(file);
            Assert.Contains($"Số tài khoản: {bank.Account}", text, StringComparison.Ordinal);
            Assert.Contains($"Tên tài khoản: {(string)request[5]!}", text, StringComparison.Ordinal);
            Assert.Contains("Ngân hàng: " + BankDirectory.Default.Find(bank.Bin)!.ShortName, text, StringComparison.Ordinal);
            var qr = Assert.Single(QrOf(pdf), d => d.StartsWith("000201", StringComparison.Ordinal));
            Assert.Equal((string)request[2]!, qr);
            printed.Add(new Printed(code, bank.Bin, bank.Account, (long)request[0]!, (string)request[1]!, qr));
        }
        Assert.True(printed.Select(p => p.Bin).Distinct().Count() >= 3, $"only {printed.Count} intakes with a fee were found");
        Assert.True(printed.Select(p => p.Amount).Distinct().Count() >= 2, "the intakes should not all have the same fee");

        var start = new ProcessStartInfo("node", Path.Combine(MotCuaApp.RepoRoot(), "tests", "node", "vietqr-parse.js"))
        { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var node = Process.Start(start)!;
        await node.StandardInput.WriteAsync(string.Join("\n", printed.Select(p => p.Qr)) + "\n");
        node.StandardInput.Close();
        var lines = (await node.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, errors);
        Assert.Equal(printed.Count, lines.Length);
        for (var i = 0; i < printed.Count; i++)
        {
            var p = printed[i];
            var read = JsonDocument.Parse(lines[i]).RootElement;
            output.WriteLine($"{p.Code}: {p.Qr}\n  vietnam-qr-pay → {lines[i]}");
            Assert.True(read.GetProperty("isValid").GetBoolean(), lines[i]); // the CRC checks
            Assert.Equal("VIETQR", read.GetProperty("provider").GetString());
            Assert.Equal(p.Bin, read.GetProperty("bin").GetString());
            Assert.Equal(p.Account, read.GetProperty("account").GetString());
            Assert.Equal(p.Amount.ToString(CultureInfo.InvariantCulture), read.GetProperty("amount").GetString());
            Assert.Equal(p.Purpose, read.GetProperty("purpose").GetString());
            Assert.EndsWith(p.Code, read.GetProperty("purpose").GetString()!, StringComparison.Ordinal);
            Assert.Equal(p.Qr[^4..], read.GetProperty("crc").GetString());
        }
        output.WriteLine($"{printed.Count} Mẫu 01 VietQR codes into {printed.Select(p => p.Bin).Distinct().Count()} banks read by vietnam-qr-pay, valid CRC, same BIN, account, amount and purpose");
    }

    [Fact]
    public async Task The_verification_QR_of_each_receipt_opens_its_page_and_a_cancelled_one_says_so_without_its_reason()
    {
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var anonymous = app.SessionClient();
        var receipts = new List<(long Id, string Shown, long Amount)>();
        foreach (var (amount, i) in new long[] { 15_000, 30_000, 45_000, 120_000 }.Select((a, i) => (a, i)))
        {
            var (_, payment) = await CentrePaymentAsync(amount, $"04609503{i:D4}");
            var id = await app.IssueReceiptAsync(payment);
            var number = await app.ScalarAsync($"SELECT number FROM receipts WHERE id = {id}");
            receipts.Add((id, $"MC-{ClockYear}E-{number:0000000}", amount));
        }
        var cancelled = receipts[1].Id;
        Assert.Equal(HttpStatusCode.OK, (await accountant.PostAsJsonAsync($"/api/v1/receipts/{cancelled}/cancel", new { reason = "Ghi sai người nộp" })).StatusCode);

        foreach (var (id, shown, amount) in receipts)
        {
            var pdf = await accountant.GetByteArrayAsync($"/api/v1/receipts/{id}.pdf");
            var url = Assert.Single(QrOf(pdf));
            Assert.Contains("/xac-thuc/bien-lai/", url, StringComparison.Ordinal);
            // The decoded address itself, as a phone opens it.
            var page = WebUtility.HtmlDecode(await anonymous.GetStringAsync(new Uri(url)));
            output.WriteLine($"receipt {id} {shown}: {url}");
            Assert.Contains(shown, page, StringComparison.Ordinal);
            Assert.Contains(amount.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.') + " đồng", page, StringComparison.Ordinal);
            Assert.DoesNotContain(Payer, page, StringComparison.Ordinal);
            if (id == cancelled)
            {
                Assert.Contains("ĐÃ HỦY", page, StringComparison.Ordinal);
                // The free-text reason may name the payer: the public page never shows it (issue 14, fresh trial item 9).
                Assert.DoesNotContain("Ghi sai người nộp", page, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("hợp lệ", page, StringComparison.Ordinal);
                Assert.DoesNotContain("ĐÃ HỦY", page, StringComparison.Ordinal);
            }
        }
    }

    // ------------------------------------------------------------------ 4. one receipt number, typed dates

    [Fact]
    public async Task The_receipt_number_is_its_series_and_number_in_the_payments_API_and_the_accountants_answer()
    {
        var (code, payment) = await CentrePaymentAsync(25_000, "046095009001");
        var id = await app.IssueReceiptAsync(payment);
        var shown = $"MC-{ClockYear}E-{await app.ScalarAsync($"SELECT number FROM receipts WHERE id = {id}"):0000000}";
        var payments = await app.ApiClient().GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments");
        Assert.Equal(shown, payments.GetProperty("payments").EnumerateArray().Single().GetProperty("receiptNumber").GetString());

        // The accountant's confirmation answers as the partner's callback does (one PaymentView).
        var open = await CentrePaymentAsync(40_000, "046095009002");
        var dossier = await app.ScalarAsync($"SELECT id FROM dossiers WHERE code = '{open.Code}'");
        var request = await app.ScalarAsync($"""
            INSERT INTO payment_requests (dossier_id, reason, amount_vnd, purpose, status, created_at)
            VALUES ({dossier}, 'intake', 60000, 'Nop phi {open.Code}', 'open', (SELECT received_at FROM dossiers WHERE id = {dossier})) RETURNING id
            """);
        var confirmed = await (await app.OfficerAsync("ketoan.trungtam")).PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = 60_000, method = "cash" });
        var answer = await confirmed.Content.ReadAsStringAsync();
        Assert.True(confirmed.IsSuccessStatusCode, answer);
        var number = JsonDocument.Parse(answer).RootElement.GetProperty("receiptNumber").GetString()!;
        Assert.Matches("^MC-[0-9]{2}E-[0-9]{7}$", number);
    }

    [Fact]
    public async Task The_fee_register_page_takes_typed_dd_MM_yyyy_dates_and_names_a_bad_one_in_Vietnamese()
    {
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var good = await accountant.GetAsync("/so-thu-phi?tu=01/03/2025&den=31/03/2025");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var page = await good.Content.ReadAsStringAsync();
        Assert.DoesNotContain("type=\"date\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"01/03/2025\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"31/03/2025\"", page, StringComparison.Ordinal);
        Assert.Contains("fees.pdf?from=2025-03-01&amp;to=2025-03-31", page, StringComparison.Ordinal);
        Assert.Contains("Tổng theo ngày", page, StringComparison.Ordinal);

        foreach (var (query, field, message) in new[]
                 {
                     ("tu=31/02/2025&den=31/03/2025", "tu", "tháng 02/2025 không có ngày 31"),
                     ("tu=01/03/2025&den=03/31/2025", "den", "không có tháng 31"),
                     ("tu=1-3-25&den=31/03/2025", "tu", "phải nhập theo dạng ngày/tháng/năm"),
                     ("tu=31/03/2025&den=01/03/2025", "den", "Ngày cuối kỳ phải từ ngày đầu kỳ trở đi"),
                     ("tu=01/01/2024&den=31/03/2025", "den", "tối đa 366 ngày"),
                 })
        {
            var bad = await accountant.GetAsync("/so-thu-phi?" + query);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
            Assert.Contains(message, html, StringComparison.Ordinal);
            Assert.Contains($"id=\"{field}\"", html, StringComparison.Ordinal);
            Assert.Matches($"id=\"{field}\"[^>]*aria-invalid=\"true\"", html);
            Assert.DoesNotContain("Tổng theo ngày", html, StringComparison.Ordinal);
        }
    }
}
