using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Demo;
using Npgsql;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, the fourteenth trial's rest (TRIAL14n MEDIUM 2 and LOW 14, docs/FEES.md "Fourteenth trial, the rest") over
/// real HTTP and PostgreSQL: the unit says at adoption (page and API) whether its local fee is a phí or a lệ phí, and the
/// intake item, the receipt's wording and the fee register's column follow; a fee case sent where the local fee applies
/// is refused naming <c>feeCase</c>.
/// </summary>
public class FeeTrialFourteenRestTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private const string Procedure = "1.001294";
    private const string AdoptionApi = $"/api/v1/agencies/{DemoData.CentreCode}/procedures/";
    private const string AdoptionPage = $"/quan-tri/co-quan/{DemoData.CentreCode}/thu-tuc/{Procedure}";

    private async Task<string> TextAsync(string sql)
    {
        await app.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static object Body(string procedure, string idNumber, int? feeCase = null) => new
    {
        procedureCode = procedure, agencyCode = DemoData.CentreCode, channel = "direct", feeCase,
        applicant = new { fullName = "Trần Thị Bình", idNumber, phone = "0905123456", email = "binh@example.vn", address = "1 Lê Lợi, Huế" },
        documents = new object[] { new { name = "Đơn đề nghị", original = 1, copies = 0 } },
    };

    // The dossier's fee items, its receipt's items once paid exactly by a partner, and its register row.
    private async Task<(JsonElement Fee, JsonElement ReceiptItems, (long Fee, long Charge) Register)> ReceiveAndPayAsync(string idNumber, string bank)
    {
        var submitted = await app.ApiClient().SubmitAsync(Body(Procedure, idNumber));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var fee = (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("fee");
        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), bank);
        var paid = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, bank + "-1", fee.GetProperty("dueVnd").GetInt64(), PaymentRequests.PurposeOf(code), app.Clock.Now);
        Assert.Equal(JsonValueKind.Null, paid.GetProperty("flag").ValueKind);
        var items = JsonDocument.Parse(await TextAsync($"SELECT items::text FROM receipts WHERE payment_id = {paid.GetProperty("id").GetInt64()} AND cancelled_at IS NULL")).RootElement.Clone();
        var day = VietnamTime.DateOf(app.Clock.Now).ToString("yyyy-MM-dd");
        var register = (await (await app.OfficerAsync("ketoan.trungtam")).GetFromJsonAsync<JsonElement>($"/api/v1/registers/fees?from={day}&to={day}")).GetProperty("register");
        var row = register.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("dossierCode").GetString() == code);
        return (fee, items, (row.GetProperty("feeVnd").GetInt64(), row.GetProperty("chargeVnd").GetInt64()));
    }

    private static void AssertOneItem(JsonElement fee, JsonElement receiptItems, (long Fee, long Charge) register, string kind, long amount)
    {
        var item = fee.GetProperty("items").EnumerateArray().Single();
        // Named after the procedure's fee, its kind first (trial 14v LOW 5: it was "Phí tại cơ quan" / "Lệ phí tại cơ quan").
        var name = item.GetProperty("name").GetString()!;
        Assert.StartsWith(kind == "fee" ? "Phí " : "Lệ phí ", name, StringComparison.Ordinal);
        Assert.DoesNotContain("tại cơ quan", name, StringComparison.Ordinal);
        Assert.Equal(("local", kind, amount), (fee.GetProperty("source").GetString(), item.GetProperty("kind").GetString(), item.GetProperty("amountVnd").GetInt64()));
        Assert.Equal(kind == "fee" ? (amount, 0L) : (0L, amount), (fee.GetProperty("feeVnd").GetInt64(), fee.GetProperty("chargeVnd").GetInt64()));
        var printed = receiptItems.EnumerateArray().Single();
        Assert.Equal((kind, amount), (printed.GetProperty("kind").GetString(), printed.GetProperty("amountVnd").GetInt64()));
        Assert.Equal(kind == "fee" ? (amount, 0L) : (0L, amount), register);
    }

    // Every kind the unit can give, by the page and by the API, and the default when it gives none.
    [Fact]
    public async Task The_local_fee_s_kind_set_at_adoption_is_the_intake_item_s_the_receipt_s_and_the_register_column_s()
    {
        // The clock first, then the sign-in: a session begun on another test's clock ran out when this one moved it (401).
        app.Clock.Now = new DateTimeOffset(2026, 12, 3, 9, 0, 0, VietnamTime.Offset);
        var admin = await app.OfficerAsync("quantri");
        try
        {
            // The page: a phí of 30.000 đồng.
            var page = await admin.GetStringAsync(AdoptionPage);
            Assert.Contains("id=\"fee-kind\"", page);
            var fields = HtmlForm.Fields(page, "<form method=\"post\">").With(new() { ["Fee"] = "30.000", ["FeeText"] = "Phí theo Nghị quyết HĐND tỉnh", ["FeeKind"] = "fee" });
            var saved = await admin.PostAsync(AdoptionPage, new FormUrlEncodedContent(fields));
            Assert.True(saved.StatusCode == HttpStatusCode.Redirect, $"{(int)saved.StatusCode} {await saved.Content.ReadAsStringAsync()}");
            Assert.Matches("value=\"fee\" checked", await admin.GetStringAsync(AdoptionPage));
            var (fee, receipt, register) = await ReceiveAndPayAsync("046199714101", "bank-14r-a");
            AssertOneItem(fee, receipt, register, "fee", 30_000);

            // The API: a lệ phí; a partial update leaves the kind as it is; a kind that is neither is named.
            var charge = await OkAsync(await admin.PutAsJsonAsync(AdoptionApi + Procedure, new { fee = 20_000, feeKind = "charge" }));
            Assert.Equal("charge", charge.GetProperty("feeKind").GetString());
            Assert.Equal("charge", (await OkAsync(await admin.PutAsJsonAsync(AdoptionApi + Procedure, new { fee = 25_000 }))).GetProperty("feeKind").GetString());
            (fee, receipt, register) = await ReceiveAndPayAsync("046199714102", "bank-14r-b");
            AssertOneItem(fee, receipt, register, "charge", 25_000);
            var wrong = await admin.PutAsJsonAsync(AdoptionApi + Procedure, new { fee = 40_000, feeKind = "phi" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
            Assert.True((await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("feeKind", out _));
            Assert.Equal(25_000, await app.ScalarAsync($"SELECT fee::bigint FROM agency_procedures ap JOIN agencies a ON a.id = ap.agency_id WHERE a.code = '{DemoData.CentreCode}' AND ap.procedure_code = '{Procedure}'"));

            // A kind given as null is the default, lệ phí.
            Assert.Equal("charge", (await OkAsync(await admin.PutAsJsonAsync(AdoptionApi + Procedure, new { fee = 10_000, feeKind = (string?)null }))).GetProperty("feeKind").GetString());
        }
        finally
        {
            await OkAsync(await admin.PutAsJsonAsync(AdoptionApi + Procedure, new { fee = (long?)null, feeText = (string?)null, feeKind = (string?)null }));
        }
    }

    // LOW 11: the exempted dossier's amount due says it is exempt, why and on what basis, not "theo thủ tục đã công bố".
    [Fact]
    public async Task An_exempted_dossier_s_amount_due_says_it_is_exempt_and_why()
    {
        app.Clock.Now = new DateTimeOffset(2026, 12, 3, 11, 0, 0, VietnamTime.Offset);
        var body = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(Body(Procedure, "046199714104")))!.AsObject();
        body["feeExemption"] = new System.Text.Json.Nodes.JsonObject { ["reason"] = "Người có công với cách mạng", ["legalBasis"] = "Điều 5 Thông tư 85/2019/TT-BTC" };
        var submitted = await app.ApiClient().SubmitAsync(body);
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var page = WebUtility.HtmlDecode(await (await app.OfficerAsync("tiepnhan.trungtam")).GetStringAsync($"/ho-so/{code}"));
        var due = System.Text.RegularExpressions.Regex.Match(page, "<dd id=\"fee-due\">(.*?)</dd>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("0 đồng", due);
        Assert.Contains("miễn phí, lệ phí: Người có công với cách mạng; căn cứ: Điều 5 Thông tư 85/2019/TT-BTC", due);
        Assert.DoesNotContain("theo thủ tục đã công bố", due);
    }

    // LOW 10: money flagged on a dossier withdrawn since: the accountant's page offers no accept (the server answers 409).
    [Fact]
    public async Task A_flagged_payment_of_a_dossier_withdrawn_since_offers_no_accept_button()
    {
        app.Clock.Now = new DateTimeOffset(2026, 12, 3, 14, 0, 0, VietnamTime.Offset);
        var submitted = await app.ApiClient().SubmitAsync(Body(Procedure, "046199714105"));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var due = await app.ScalarAsync($"SELECT r.amount_vnd FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), "bank-14r-w");
        var part = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "bank-14r-w-1", due - 1, PaymentRequests.PurposeOf(code), app.Clock.Now);
        Assert.Equal("underpaid", part.GetProperty("flag").GetString());
        var id = part.GetProperty("id").GetInt64();
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        async Task<string> RowAsync()
        {
            var page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
            var start = page.IndexOf($"<tr><td>{id}</td>", StringComparison.Ordinal);
            Assert.True(start >= 0, "the flagged payment is listed");
            return page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
        }
        Assert.Contains("Chấp nhận là đã nộp", await RowAsync());

        var withdrawn = await (await app.OfficerAsync("tiepnhan.trungtam")).PostAsJsonAsync($"/api/v1/dossiers/{code}/withdraw", new { reason = "Người dân xin rút hồ sơ" });
        Assert.True(withdrawn.StatusCode == HttpStatusCode.OK, await withdrawn.Content.ReadAsStringAsync());
        var row = await RowAsync();
        Assert.DoesNotContain("Chấp nhận là đã nộp", row);
        Assert.Contains("Hồ sơ đã bị từ chối, rút hoặc dừng giải quyết nên không thu phí", row);
        Assert.Contains("Chỉ ghi chú", row);
        var accepted = await accountant.PostAsJsonAsync($"/api/v1/payments/{id}/resolve", new { accept = true, note = "Thử chấp nhận" });
        Assert.Equal(HttpStatusCode.Conflict, accepted.StatusCode);
    }

    // LOW 14: 1.003135 publishes its fee by case; with the unit's local fee, a case sent is not charged and is named.
    [Fact]
    public async Task A_fee_case_sent_where_the_unit_s_local_fee_applies_is_refused_naming_feeCase()
    {
        app.Clock.Now = new DateTimeOffset(2026, 12, 3, 10, 0, 0, VietnamTime.Offset);
        await CentreAdoption.AdoptAsync(app, "1.003135");
        var admin = await app.OfficerAsync("quantri");
        await OkAsync(await admin.PutAsJsonAsync(AdoptionApi + "1.003135", new { fee = 30_000, feeKind = "fee" }));
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        var refused = await app.ApiClient().SubmitAsync(Body("1.003135", "046199714103", feeCase: 1));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var message = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("feeCase")[0].GetString()!;
        Assert.Contains("30.000 đồng", message);
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
        var received = await app.ApiClient().SubmitAsync(Body("1.003135", "046199714103"));
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
    }
}
