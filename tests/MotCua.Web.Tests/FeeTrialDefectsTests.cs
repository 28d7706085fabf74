using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, what a fresh trial found (docs/FEES.md "Found by a fresh trial"), over real HTTP and PostgreSQL: the desk's
/// fee before intake is the fee intake fixes (every procedure adopted in the demo), reductions and cases read at a glance,
/// the callback's OpenAPI entry, the unit's tax code on the receipt, /ke-toan's errors beside their field, and a transfer
/// of a procedure whose limit is in calendar days.
/// </summary>
public partial class FeeTrialDefectsTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly Dictionary<string, string> DeskOfficers = new()
    {
        [DemoData.CentreCode] = "tiepnhan.trungtam", [DemoData.ThuanHoaCode] = "tiepnhan.thuanhoa", [DemoData.PhuXuanCode] = "tiepnhan.phuxuan",
    };

    [GeneratedRegex("id=\"fee-due\" data-due-vnd=\"(?<due>\\d+)\" data-source=\"(?<source>[a-z]+)\"")]
    private static partial Regex FeeDue();

    private Task AdoptAtTheCentreAsync(params string[] codes) => CentreAdoption.AdoptAsync(app, codes);

    private async Task<List<string>> TextsAsync(string sql)
    {
        await app.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var texts = new List<string>();
        while (await reader.ReadAsync()) texts.Add(reader.IsDBNull(0) ? "" : reader.GetValue(0).ToString()!);
        return texts;
    }

    private async Task<string> ReceiveAsync(string procedure, string agency, string idNumber)
    {
        var response = await app.ApiClient().SubmitAsync(Requests.Dossier(procedure, agency, idNumber: idNumber));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{procedure}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task The_desks_fee_before_intake_is_the_fee_intake_fixes_for_every_procedure_adopted_in_the_demo()
    {
        // A local fee set at adoption wins (the trial's 1.001321 at the centre): one adoption carries one, as the
        // administrator's adoption form writes it.
        await app.ScalarAsync($"""
            UPDATE agency_procedures SET fee = 35000, fee_text = 'Mức thu theo Nghị quyết của HĐND tỉnh'
            WHERE procedure_code = '1.001321' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.CentreCode}') RETURNING 1
            """);
        var adopted = new List<(string Agency, string Procedure)>();
        foreach (var agency in DeskOfficers.Keys)
            foreach (var code in await TextsAsync($"SELECT ap.procedure_code FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id WHERE a.code = '{agency}' ORDER BY 1"))
                adopted.Add((agency, code));
        var (compared, refused, due, local) = (0, 0, 0, 0);
        var serial = 0;
        foreach (var (agency, procedure) in adopted)
        {
            var desk = await app.OfficerAsync(DeskOfficers[agency]);
            var page = WebUtility.HtmlDecode(await desk.GetStringAsync($"/tiep-nhan?thutuc={procedure}"));
            var shown = FeeDue().Match(page);
            Assert.True(shown.Success, $"{agency} {procedure}: the desk shows no fee");
            Assert.DoesNotContain("Chưa công bố", page, StringComparison.Ordinal);
            var response = await app.ApiClient().SubmitAsync(Requests.Dossier(procedure, agency, idNumber: $"04619{++serial:D7}"));
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
                refused++;
                continue;
            }
            var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            var fixedDue = await app.ScalarAsync($"SELECT f.due_vnd FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}'");
            var fixedSource = (await TextsAsync($"SELECT f.source FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}'")).Single();
            // A chứng thực fee by the e-form's counts (CountedFees) is computed once the counts are typed: before that the desk
            // asks for them, and intake charges what the request's e-form gives.
            if (shown.Groups["source"].Value == "unplaced" && page.Contains("nhập số lượng trên tờ khai để tính phí", StringComparison.Ordinal) && fixedSource == "catalogue")
                continue;
            Assert.True((fixedDue, fixedSource) == (long.Parse(shown.Groups["due"].Value, CultureInfo.InvariantCulture), shown.Groups["source"].Value),
                $"{agency} {procedure}: intake fixed {fixedDue} ({fixedSource}), the desk showed {shown.Groups["due"].Value} ({shown.Groups["source"].Value})");
            if (fixedDue > 0)
            {
                due++;
                Assert.Contains($"{fixedDue.ToString("#,0", CultureInfo.GetCultureInfo("vi-VN"))} đồng", page, StringComparison.Ordinal);
            }
            if (fixedSource == "local") local++;
            compared++;
        }
        output.WriteLine($"{adopted.Count} adoptions; desk preview = intake's fee for {compared} ({due} with a fee due, {local} local); {refused} not receivable over the API");
        Assert.True(compared >= 10 && due >= 3, $"compared {compared}, due {due}");
        Assert.True(local >= 1, "the local fee of 1.001321 at the centre was not compared");
    }

    [Fact]
    public async Task Reductions_and_cases_read_at_a_glance_with_the_published_text_kept()
    {
        await AdoptAtTheCentreAsync("2.000438", "1.003135", "1.000889");
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var half = WebUtility.HtmlDecode(await desk.GetStringAsync("/tiep-nhan?thutuc=2.000438"));
        Assert.Contains("data-due-vnd=\"35000000\" data-source=\"catalogue\"", half, StringComparison.Ordinal);
        Assert.Contains("35.000.000 đồng", half, StringComparison.Ordinal);
        Assert.Contains("Giảm còn 50% mức thu từ ngày 01/07/2025 đến hết ngày 31/12/2026 (mức thu đầy đủ 70.000.000 đồng)", half, StringComparison.Ordinal);
        // The published text is still there, folded away.
        Assert.Matches("<details id=\"fee-published\"><summary>Nội dung công bố</summary><p>70,000,000 Việt Nam Đồng", half);

        var reduced = WebUtility.HtmlDecode(await desk.GetStringAsync("/tiep-nhan?thutuc=1.000889"));
        Assert.Contains("data-due-vnd=\"25000\"", reduced, StringComparison.Ordinal);
        Assert.Contains("đến hết ngày 31/12/2026", reduced, StringComparison.Ordinal);

        var byCase = WebUtility.HtmlDecode(await desk.GetStringAsync("/tiep-nhan?thutuc=1.003135"));
        Assert.DoesNotContain("Chưa công bố", byCase, StringComparison.Ordinal);
        Assert.Contains("theo trường hợp, chọn bên dưới", byCase, StringComparison.Ordinal);
        Assert.Contains("id=\"fee-case-1\"", byCase, StringComparison.Ordinal);
        Assert.Contains("20.000 đồng", byCase, StringComparison.Ordinal);
        Assert.Contains("50.000 đồng", byCase, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_procedure_whose_limit_is_in_calendar_days_is_transferred_without_a_server_error_1_004270()
    {
        await AdoptAtTheCentreAsync("1.004270");
        var code = await ReceiveAsync("1.004270", DemoData.CentreCode, "046199000427");
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var transfer = await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/transfer", new { });
        Assert.True(transfer.StatusCode == HttpStatusCode.OK, $"{(int)transfer.StatusCode} {await transfer.Content.ReadAsStringAsync()}");
        // 20 calendar days shared as the office time they hold at least (working hours), 1/8, 1/8, 3/8, 1/4, 1/8.
        var steps = await TextsAsync($"SELECT (s ->> 'allowance') FROM dossiers d, jsonb_array_elements(d.process) s WHERE d.code = '{code}'");
        output.WriteLine(string.Join("; ", steps));
        Assert.Equal(5, steps.Count);
        Assert.Equal(4, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{code}'"));
    }

    [Fact]
    public async Task The_callbacks_OpenAPI_entry_states_its_signed_headers_body_and_answers()
    {
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var post = document.GetProperty("paths").GetProperty("/api/v1/payments/callback").GetProperty("post");
        var headers = post.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header")
            .ToDictionary(p => p.GetProperty("name").GetString()!);
        foreach (var (name, pattern) in new[] { ("X-MotCua-Partner", "^[a-z0-9-]{2,40}$"), ("X-MotCua-Timestamp", "^[0-9]{1,12}$"), ("X-MotCua-Signature", "^[0-9a-fA-F]{64}$") })
        {
            Assert.True(headers.TryGetValue(name, out var header), $"no header {name}");
            Assert.True(header.GetProperty("required").GetBoolean());
            Assert.Equal(pattern, header.GetProperty("schema").GetProperty("pattern").GetString());
            Assert.False(string.IsNullOrWhiteSpace(header.GetProperty("description").GetString()));
        }
        var body = post.GetProperty("requestBody");
        Assert.True(body.GetProperty("required").GetBoolean());
        var schema = body.GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal(["amountVnd", "paidAt", "transactionId"], schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order());
        var properties = schema.GetProperty("properties");
        Assert.Equal(["amountVnd", "creditedAccount", "paidAt", "payerName", "purpose", "transactionId"], properties.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("integer", properties.GetProperty("amountVnd").GetProperty("type").GetString());
        Assert.Equal("date-time", properties.GetProperty("paidAt").GetProperty("format").GetString());
        Assert.Equal(100, properties.GetProperty("transactionId").GetProperty("maxLength").GetInt32());
        var responses = post.GetProperty("responses");
        Assert.True(responses.GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        foreach (var status in new[] { "401", "409", "422" })
            Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), $"{status} is not problem+json");
        output.WriteLine(post.GetRawText()[..Math.Min(1500, post.GetRawText().Length)]);
    }

    [Fact]
    public async Task The_units_tax_code_is_set_by_the_administrator_and_printed_on_the_receipts_issued_after()
    {
        var admin = await app.OfficerAsync("quantri");
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        async Task<(long Request, string Code)> OpenRequestAsync(string idNumber)
        {
            var code = await ReceiveAsync("1.001294", DemoData.CentreCode, idNumber);
            var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.status = 'open'");
            return (request, code);
        }
        async Task<string> ReceiptTextAsync(long request)
        {
            var amount = await app.ScalarAsync($"SELECT amount_vnd FROM payment_requests WHERE id = {request}");
            var paid = await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = amount, method = "cash" });
            Assert.True(paid.StatusCode == HttpStatusCode.OK, await paid.Content.ReadAsStringAsync());
            var receipt = (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptId").GetInt64();
            var path = Path.Combine(Path.GetTempPath(), $"receipt-{Guid.NewGuid():N}.pdf");
            await File.WriteAllBytesAsync(path, await accountant.GetByteArrayAsync($"/api/v1/receipts/{receipt}.pdf"));
            return MotCuaApp.Tool("pdftotext", $"-layout {path} -");
        }

        // The demo gives each unit a tax code (fourth trial): cleared here to see a unit without one.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/agencies/{DemoData.CentreCode}/receipt-series",
            new { formNumber = "01BLP0-001", seriesPrefix = "MC", taxCode = "" })).StatusCode);
        var before = await ReceiptTextAsync((await OpenRequestAsync("046199100001")).Request);
        Assert.DoesNotContain("Mã số thuế", before, StringComparison.Ordinal);

        // Wrong shapes: 422 naming taxCode, nothing written; over the page, the message beside the field.
        foreach (var wrong in new[] { "12345", "0123456789-01", "01234567890" })
        {
            var refused = await admin.PutAsJsonAsync($"/api/v1/admin/agencies/{DemoData.CentreCode}/receipt-series", new { formNumber = "01BLP0-001", seriesPrefix = "MC", taxCode = wrong });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("taxCode", out _));
        }
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM receipt_series s JOIN agencies a ON a.id = s.agency_id WHERE a.code = '{DemoData.CentreCode}' AND s.tax_code IS NOT NULL"));
        var form = await admin.GetStringAsync("/quan-tri/ky-hieu-bien-lai");
        var page = await admin.PostAsync("/quan-tri/ky-hieu-bien-lai", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(form), ["Form.AgencyCode"] = DemoData.CentreCode,
            ["Form.FormNumber"] = "01BLP0-001", ["Form.SeriesPrefix"] = "MC", ["Form.TaxCode"] = "33001014",
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        var refusedPage = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"f-taxCode-error\"", refusedPage, StringComparison.Ordinal);
        Assert.Contains("<span class=\"error\" id=\"f-taxCode-error\">Mã số thuế gồm 10 chữ số", refusedPage, StringComparison.Ordinal);

        var set = await admin.PutAsJsonAsync($"/api/v1/admin/agencies/{DemoData.CentreCode}/receipt-series",
            new { formNumber = "01BLP0-001", seriesPrefix = "MC", taxCode = "3300101406 001" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("3300101406-001", (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taxCode").GetString());
        Assert.Contains("3300101406-001", await admin.GetStringAsync("/quan-tri/ky-hieu-bien-lai"), StringComparison.Ordinal);

        var after = await ReceiptTextAsync((await OpenRequestAsync("046199100002")).Request);
        Assert.Matches(@"Mã số thuế:\s+3300101406-001", after);
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM receipts WHERE collector_tax_code = '3300101406-001'"));
        // Removing it applies to later receipts only: the one issued keeps its code.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/agencies/{DemoData.CentreCode}/receipt-series",
            new { formNumber = "01BLP0-001", seriesPrefix = "MC", taxCode = "" })).StatusCode);
        Assert.Equal(1, await app.ScalarAsync("SELECT count(*) FROM receipts WHERE collector_tax_code = '3300101406-001'"));
    }

    [Fact]
    public async Task A_wrong_date_on_ke_toan_is_named_beside_its_field_and_nothing_is_written()
    {
        var code = await ReceiveAsync("1.001294", DemoData.CentreCode, "046199200001");
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.status = 'open'");
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var html = await accountant.GetStringAsync("/ke-toan");
        foreach (var typed in new[] { "31/02/2026 10:00", "12/31/2026 10:00", "hôm qua" })
        {
            var response = await accountant.PostAsync("/ke-toan?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(html), ["requestId"] = request.ToString(CultureInfo.InvariantCulture),
                ["amountVnd"] = "2000", ["method"] = "cash", ["paidAt"] = typed,
            }));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            var field = Regex.Match(page, $"<input id=\"paidAt-{request}\"[^>]*>").Value;
            Assert.Contains($"value=\"{typed}\"", field, StringComparison.Ordinal);
            Assert.Contains("aria-invalid=\"true\"", field, StringComparison.Ordinal);
            Assert.Contains($"aria-describedby=\"paidAt-{request}-error\"", field, StringComparison.Ordinal);
            Assert.Matches($"<span class=\"error\" id=\"paidAt-{request}-error\">[^<]*Nộp lúc", page);
            // Another request's field is left alone.
            Assert.Single(Regex.Matches(page, "aria-invalid=\"true\""));
        }
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM payments WHERE request_id = {request}"));
    }
}
