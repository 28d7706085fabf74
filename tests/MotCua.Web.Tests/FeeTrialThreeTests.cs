using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MotCua.Documents;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Payments;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Third trial of issue 14 (docs/FEES.md "Third trial fixes"), over real HTTP and PostgreSQL: every status the partner's
/// callback answers is in the OpenAPI document; a <c>paidAt</c> without its offset is refused; a callback arriving after
/// the allowed window (the app's clock moved) is flagged late; the money of a financial obligation of a dossier still
/// being processed is not refunded; a receipt from a bank's callback names how it was collected; the payer's copy of a
/// cancelled receipt prints no reason; the series page is pre-filled.
/// </summary>
public class FeeTrialThreeTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, VietnamTime.Offset);

    private static async Task OkAsync(HttpClient client, string code, string action, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    // A dossier of the centre awaiting payment (status 6) since the clock's instant, with its obligation's open request.
    private async Task<(string Code, long Request)> AwaitingPaymentAsync(long amount, string name)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: "1.004837", agencyCode: DemoData.CentreCode, fullName: name));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await OkAsync(await app.OfficerAsync("tiepnhan.trungtam"), code, "transfer");
        await OkAsync(await app.OfficerAsync("truongphong.trungtam"), code, "assign", new { userName = "chuyenvien.trungtam" });
        await OkAsync(await app.OfficerAsync("chuyenvien.trungtam"), code, "financial-obligation", new { note = "Nộp lệ phí", amountVnd = amount, kind = "charge" });
        return (code, await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.reason = 'financialObligation' AND r.status = 'open'"));
    }

    private async Task<PaymentPartner> PartnerAsync(string name) => await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), name);

    private async Task<HttpResponseMessage> SendAsync(PaymentPartner partner, string body) => await partner.SendAsync(app.CreateClient(), body, app.Clock.Now);

    private static string Body(string transactionId, long amount, string code, string paidAt) =>
        $$"""{"transactionId":"{{transactionId}}","amountVnd":{{amount}},"purpose":"NVTC 1 {{code}}","paidAt":"{{paidAt}}","payerName":"TRAN THI BINH"}""";

    private static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private Task<long> CountAsync(string sql) => app.ScalarAsync($"SELECT count(*) FROM {sql}");

    [Fact]
    public async Task Every_status_the_callback_answers_is_documented_and_a_paidAt_without_its_offset_is_422_naming_it()
    {
        app.Clock.Now = At(3, 9);
        var partner = await PartnerAsync("bank-codes");
        var (code, request) = await AwaitingPaymentAsync(75_000, "Trần Thị Bình");
        var answered = new Dictionary<int, string>();
        async Task<HttpResponseMessage> Record(string what, Task<HttpResponseMessage> sent)
        {
            var response = await sent;
            answered.TryAdd((int)response.StatusCode, what);
            return response;
        }

        // 422: paidAt without its offset (third trial: it was read as Vietnam time), and the other readings of one rule.
        foreach (var naive in new[] { "2025-11-03T09:30:00", "2025-11-03T09:30", "2025-11-03" })
        {
            var refused = await Record("paidAt không có múi giờ", SendAsync(partner, Body($"NAIVE-{naive.Length}", 75_000, code, naive)));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("múi giờ", problem.GetProperty("errors").GetProperty("paidAt")[0].GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(0, await CountAsync("payments WHERE partner_transaction_id LIKE 'NAIVE-%'"));
        Assert.Equal(1, await CountAsync($"payment_requests WHERE id = {request} AND status = 'open'"));
        // The same rule for a page-less API input elsewhere: intake's submittedAt (TimeLimitTests) and the calendar's query.
        var due = await app.CreateClient().GetAsync($"/api/v1/calendar/due?from=2025-11-03T09:30:00&amount=1&unit=workingDays&agency={DemoData.CentreCode}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, due.StatusCode);
        Assert.Contains("múi giờ", await due.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await Record("JSON hỏng", SendAsync(partner, "{\"transactionId\":\"BROKEN\","))).StatusCode);
        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments/callback") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        unsigned.Headers.Add("X-MotCua-Partner", partner.Name);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Record("không ký", app.CreateClient().SendAsync(unsigned))).StatusCode);
        // Over 1 MB: not read, and said so before the signature is checked (trial 14v LOW 2: it was a 401), as documented.
        var huge = Body("HUGE", 75_000, code, Iso(app.Clock.Now)).Replace("TRAN THI BINH", new string('A', JsonBody.MaxBytes), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Record("quá 1 MB", SendAsync(partner, huge))).StatusCode);
        var paid = Body("OK-1", 75_000, code, Iso(app.Clock.Now));
        Assert.Equal(HttpStatusCode.OK, (await Record("đúng", SendAsync(partner, paid))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Record("cùng mã, khác số tiền", SendAsync(partner, paid.Replace("75000", "76000", StringComparison.Ordinal)))).StatusCode);
        // With the offset written, Z or +07:00, the same instant.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(partner, Body("OK-Z", 75_000, code, app.Clock.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)))).StatusCode);

        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var documented = document.GetProperty("paths").GetProperty("/api/v1/payments/callback").GetProperty("post").GetProperty("responses")
            .EnumerateObject().ToDictionary(r => int.Parse(r.Name, CultureInfo.InvariantCulture), r => r.Value.GetProperty("description").GetString()!);
        output.WriteLine(string.Join("\n", answered.OrderBy(a => a.Key).Select(a => $"{a.Key} ({a.Value}): {documented.GetValueOrDefault(a.Key)}")));
        Assert.Equal(documented.Keys.Order(), answered.Keys.Order());
        Assert.Contains("JSON", documented[400], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_callback_arriving_after_the_allowed_window_is_flagged_late_and_one_just_inside_it_settles()
    {
        app.Clock.Now = At(10, 9);
        var partner = await PartnerAsync("bank-late");
        var (late, lateRequest) = await AwaitingPaymentAsync(120_000, "Lê Văn Muộn");
        var (inTime, inTimeRequest) = await AwaitingPaymentAsync(120_000, "Lê Văn Kịp");
        var paidAt = At(10, 10);
        // The bank tells MotCua 72 hours and one minute after the money was paid (Motcua:Payments:LateAfterHours = 72).
        app.Clock.Now = paidAt.AddHours(72).AddMinutes(1);
        var flagged = await SendAsync(partner, Body("LATE-1", 120_000, late, Iso(paidAt)));
        Assert.Equal(HttpStatusCode.OK, flagged.StatusCode);
        var payment = await flagged.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("late", payment.GetProperty("flag").GetString());
        Assert.Equal(JsonValueKind.Null, payment.GetProperty("receiptId").ValueKind);
        Assert.Equal(1, await CountAsync($"payment_requests WHERE id = {lateRequest} AND status = 'open'"));
        Assert.Equal(1, await CountAsync($"dossiers WHERE code = '{late}' AND status = 6"));
        Assert.Contains(late, await (await app.OfficerAsync("ketoan.trungtam")).GetStringAsync("/ke-toan"), StringComparison.Ordinal);

        // Within the window (71 hours 59 minutes): settled, receipted, the pause ended at the paid instant.
        app.Clock.Now = paidAt.AddHours(72).AddMinutes(-1);
        var settled = await (await SendAsync(partner, Body("INTIME-1", 120_000, inTime, Iso(paidAt)))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, settled.GetProperty("flag").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, settled.GetProperty("receiptId").ValueKind);
        Assert.Equal(1, await CountAsync($"payment_requests WHERE id = {inTimeRequest} AND status = 'paid'"));
        Assert.Equal(0, await CountAsync($"dossiers WHERE code = '{inTime}' AND status = 6"));
    }

    [Fact]
    public async Task An_obligations_money_is_not_refunded_while_its_dossier_is_processed_and_is_once_it_is_withdrawn()
    {
        app.Clock.Now = At(12, 9);
        var partner = await PartnerAsync("bank-refund");
        var (code, request) = await AwaitingPaymentAsync(250_000, "Phạm Thị Hoàn");
        app.Clock.Now = At(12, 11);
        var payment = await (await SendAsync(partner, Body("REF-1", 250_000, code, Iso(At(12, 10))))).Content.ReadFromJsonAsync<JsonElement>();
        var paymentId = payment.GetProperty("id").GetInt64();
        Assert.Equal(0, await CountAsync($"dossiers WHERE code = '{code}' AND status = 6"));

        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var refused = await accountant.PostAsJsonAsync($"/api/v1/payments/{paymentId}/refunds", new { amountVnd = 250_000, reason = "Người dân xin lại tiền", method = "transfer" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("nghĩa vụ tài chính", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var part = await accountant.PostAsJsonAsync($"/api/v1/payments/{paymentId}/refunds", new { amountVnd = 1_000, reason = "Một phần", method = "cash" });
        Assert.Equal(HttpStatusCode.Conflict, part.StatusCode);
        Assert.Equal(0, await CountAsync($"payment_refunds WHERE payment_id = {paymentId}"));
        Assert.Equal(1, await CountAsync($"payment_requests WHERE id = {request} AND status = 'paid'"));
        Assert.Equal(1, await CountAsync($"receipts WHERE payment_id = {paymentId} AND cancelled_at IS NULL"));

        // Withdrawn at the citizen's request: the money may go back, in full, and the receipt is cancelled by the refund.
        await OkAsync(await app.OfficerAsync("tiepnhan.trungtam"), code, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
        var refunded = await accountant.PostAsJsonAsync($"/api/v1/payments/{paymentId}/refunds", new { amountVnd = 250_000, reason = "Rút hồ sơ", method = "transfer" });
        Assert.True(refunded.StatusCode == HttpStatusCode.OK, await refunded.Content.ReadAsStringAsync());
        Assert.True((await refunded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("full").GetBoolean());
        Assert.Equal(0, await CountAsync($"receipts WHERE payment_id = {paymentId} AND cancelled_at IS NULL"));
    }

    [Fact]
    public async Task A_callbacks_receipt_names_how_it_was_collected_and_the_payers_copy_of_a_cancelled_one_prints_no_reason()
    {
        app.Clock.Now = At(14, 9);
        var partner = await PartnerAsync("bank-receipt");
        var (code, _) = await AwaitingPaymentAsync(90_000, "Nguyễn Thị Lan");
        app.Clock.Now = At(14, 11);
        var payment = await (await SendAsync(partner, Body("RC-1", 90_000, code, Iso(At(14, 10))))).Content.ReadFromJsonAsync<JsonElement>();
        var paymentId = payment.GetProperty("id").GetInt64();
        var receiptId = payment.GetProperty("receiptId").GetInt64();
        var accountant = await app.OfficerAsync("ketoan.trungtam");

        var first = PdfTools.Save("bien-lai-thu-qua-ngan-hang", await accountant.GetByteArrayAsync($"/api/v1/receipts/{receiptId}.pdf"));
        var text = string.Join(' ', PdfTools.Text(first).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("NGƯỜI THU TIỀN", text, StringComparison.Ordinal);
        Assert.Contains("thu qua Ngân hàng bank-receipt", text, StringComparison.Ordinal);
        Assert.Contains("chữ ký số của đơn vị thu", text, StringComparison.Ordinal);
        Assert.Contains("Nghị định 123/2020/NĐ-CP", text, StringComparison.Ordinal);
        PdfTools.RenderPng(first);

        const string reason = "Ghi sai tên bà Nguyễn Thị Lan thành Nguyễn Thị Lang, số điện thoại 0905123456";
        Assert.Equal(HttpStatusCode.OK, (await accountant.PostAsJsonAsync($"/api/v1/receipts/{receiptId}/cancel", new { reason })).StatusCode);
        var replaced = await accountant.PostAsJsonAsync($"/api/v1/payments/{paymentId}/receipt", new { payerName = "Nguyễn Thị Lan" });
        Assert.True(replaced.IsSuccessStatusCode, await replaced.Content.ReadAsStringAsync());
        var replacement = (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptNumber").GetString()!;
        var replacementId = await app.ScalarAsync($"SELECT id FROM receipts WHERE payment_id = {paymentId} AND cancelled_at IS NULL");
        PdfTools.RenderPng(PdfTools.Save("bien-lai-thay-the", await accountant.GetByteArrayAsync($"/api/v1/receipts/{replacementId}.pdf")));

        // The officer's copy keeps the reason; the payer's copy, by the token of the QR, says cancelled, when and by what.
        var officerCopy = PdfTools.Text(PdfTools.Save("bien-lai-da-huy-can-bo", await accountant.GetByteArrayAsync($"/api/v1/receipts/{receiptId}.pdf")));
        Assert.Contains("Lý do", officerCopy, StringComparison.Ordinal);
        string token;
        await using (var connection = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"SELECT verification_token FROM receipts WHERE id = {receiptId}", connection);
            token = (string)(await command.ExecuteScalarAsync())!;
        }
        var publicPath = PdfTools.Save("bien-lai-da-huy-nguoi-nop", await app.CreateClient().GetByteArrayAsync($"/xac-thuc/bien-lai/{token}.pdf"));
        var publicCopy = string.Join(' ', PdfTools.Text(publicPath).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        PdfTools.RenderPng(publicPath);
        Assert.Contains("ĐÃ HỦY", publicCopy, StringComparison.Ordinal);
        Assert.Contains("Hủy ngày 14/11/2025", publicCopy, StringComparison.Ordinal);
        Assert.Contains($"thay thế bằng biên lai số {replacement}", publicCopy, StringComparison.Ordinal);
        Assert.DoesNotContain("Lý do", publicCopy, StringComparison.Ordinal);
        Assert.DoesNotContain("Lang", publicCopy, StringComparison.Ordinal);
        Assert.DoesNotContain("0905123456", publicCopy, StringComparison.Ordinal);
        output.WriteLine($"receipts rendered in {PdfTools.OutputDirectory}");
    }

    [Fact]
    public async Task The_series_page_is_pre_filled_with_the_standard_values_or_the_chosen_units_own()
    {
        var admin = await app.OfficerAsync("quantri");
        var blank = await admin.GetStringAsync("/quan-tri/ky-hieu-bien-lai");
        Assert.Contains("id=\"f-formNumber\" name=\"Form.FormNumber\" value=\"01BLP0-001\"", blank, StringComparison.Ordinal);
        Assert.Contains("id=\"f-seriesPrefix\" name=\"Form.SeriesPrefix\" value=\"MC\"", blank, StringComparison.Ordinal);
        var set = await admin.PutAsJsonAsync($"/api/v1/admin/agencies/{DemoData.ThuanHoaCode}/receipt-series", new { formNumber = "01BLP0-002", seriesPrefix = "TH", taxCode = "0100047516" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var chosen = await admin.GetStringAsync($"/quan-tri/ky-hieu-bien-lai?donvi={DemoData.ThuanHoaCode}");
        Assert.Contains("value=\"01BLP0-002\"", chosen, StringComparison.Ordinal);
        Assert.Contains("id=\"f-seriesPrefix\" name=\"Form.SeriesPrefix\" value=\"TH\"", chosen, StringComparison.Ordinal);
        Assert.Contains("value=\"0100047516\"", chosen, StringComparison.Ordinal);
        Assert.Matches($"<option value=\"{System.Text.RegularExpressions.Regex.Escape(DemoData.ThuanHoaCode)}\" selected=\"selected\">", chosen);
        Assert.Contains($"ky-hieu-bien-lai?donvi={DemoData.ThuanHoaCode}", blank, StringComparison.Ordinal);
    }
}
