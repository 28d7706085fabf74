using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The tenth trial's two HIGH findings over real HTTP and PostgreSQL (docs/FEES.md "Tenth trial"): a part-payment of
/// 1.002681 (phí 400,000 + lệ phí 100,000) booked by kind on its receipts and in the fee register; an online dossier whose
/// fee is by case (1.003135) or unread (1.002613) gets its fee, payment request and VietQR when the desk accepts it.
/// </summary>
public class FeeTrialTenTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private Task AdoptAtTheCentreAsync(params string[] codes) => CentreAdoption.AdoptAsync(app, codes);

    private async Task<string> TextAsync(string sql)
    {
        await app.ScalarAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<string> SubmitAsync(string procedure, string channel, string idNumber)
    {
        var submitted = await app.ApiClient().SubmitAsync(new
        {
            procedureCode = procedure, agencyCode = DemoData.CentreCode, channel,
            applicant = new { fullName = "Trần Thị Bình", idNumber, phone = "0905123456", email = "binh@example.vn", address = "1 Lê Lợi, Huế" },
            documents = new object[] { new { name = "Đơn đề nghị", original = 1, copies = 0 } },
        });
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task A_part_payment_then_the_rest_is_booked_phi_then_le_phi_on_the_receipts_and_in_the_register_1_002681()
    {
        await AdoptAtTheCentreAsync("1.002681");
        app.Clock.Now = new DateTimeOffset(2026, 12, 2, 9, 0, 0, VietnamTime.Offset);
        var code = await SubmitAsync("1.002681", "direct", "046199701001");
        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), "trial10-bank");
        var purpose = PaymentRequests.PurposeOf(code);
        var now = app.Clock.Now;

        // 400,000 of 500,000: flagged underpaid, then accepted by the accountant as a part.
        var part = await partner.PaidAsync(app.CreateClient(), now, "T10-part", 400_000, purpose, now);
        Assert.Equal("underpaid", part.GetProperty("flag").GetString());
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        await OkAsync(await accountant.PostAsJsonAsync($"/api/v1/payments/{part.GetProperty("id").GetInt64()}/resolve",
            new { accept = true, note = "Nhận một phần, người nộp chuyển tiếp phần còn lại" }));
        // The rest, exactly the lệ phí: settles the request.
        var rest = await partner.PaidAsync(app.CreateClient(), now, "T10-rest", 100_000, purpose, now);
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("flag").ValueKind);

        var lines = new List<(long Payment, string Kind, long Amount, string Name)>();
        foreach (var payment in new[] { part.GetProperty("id").GetInt64(), rest.GetProperty("id").GetInt64() })
        {
            var items = await TextAsync($"SELECT items::text FROM receipts WHERE payment_id = {payment} AND cancelled_at IS NULL");
            foreach (var item in JsonDocument.Parse(items).RootElement.EnumerateArray())
                lines.Add((payment, item.GetProperty("kind").GetString()!, item.GetProperty("amountVnd").GetInt64(), item.GetProperty("name").GetString()!));
        }
        output.WriteLine(string.Join("\n", lines));
        Assert.Equal([("fee", 400_000L), ("charge", 100_000L)], lines.Select(l => (l.Kind, l.Amount)));
        Assert.StartsWith("Phí cấp chứng chỉ hành nghề Quản tài viên", lines[0].Name, StringComparison.Ordinal);
        Assert.StartsWith("Lệ phí cấp chứng chỉ hành nghề Quản tài viên", lines[1].Name, StringComparison.Ordinal);

        // The register books each receipt by kind: 400,000 phí, then 100,000 lệ phí.
        var register = (await accountant.GetFromJsonAsync<JsonElement>("/api/v1/registers/fees?from=2026-12-02&to=2026-12-02")).GetProperty("register");
        var entries = register.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("dossierCode").GetString() == code)
            .Select(e => (Fee: e.GetProperty("feeVnd").GetInt64(), Charge: e.GetProperty("chargeVnd").GetInt64())).ToList();
        Assert.Equal([(400_000L, 0L), (0L, 100_000L)], entries);
        var totals = register.GetProperty("totals");
        var all = register.GetProperty("entries").EnumerateArray().Where(e => !e.GetProperty("cancelled").GetBoolean()).ToList();
        Assert.Equal(all.Sum(e => e.GetProperty("feeVnd").GetInt64()), totals.GetProperty("feeVnd").GetInt64());
        Assert.Equal(all.Sum(e => e.GetProperty("chargeVnd").GetInt64()), totals.GetProperty("chargeVnd").GetInt64());
    }

    private async Task<(JsonElement Fee, JsonElement Requests)> FeeAndRequestsAsync(HttpClient client, string code) =>
        ((await client.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("fee"),
         (await client.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments")).GetProperty("requests"));

    [Fact]
    public async Task An_online_dossier_by_case_accepted_with_case_2_is_charged_50_000_with_a_request_and_its_QR_1_003135()
    {
        await AdoptAtTheCentreAsync("1.003135");
        app.Clock.Now = new DateTimeOffset(2026, 12, 2, 9, 0, 0, VietnamTime.Offset);
        var code = await SubmitAsync("1.003135", "online", "046199701002");
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var (before, none) = await FeeAndRequestsAsync(desk, code);
        Assert.Equal("unplaced", before.GetProperty("source").GetString());
        Assert.Equal(0, none.GetArrayLength());

        // The page offers the desk's case choice on the acceptance form, and refuses it without a case.
        var page = WebUtility.HtmlDecode(await desk.GetStringAsync($"/ho-so/{code}"));
        Assert.Contains("id=\"accept-fee-case-2\"", page, StringComparison.Ordinal);
        Assert.Contains("50.000 đồng", page, StringComparison.Ordinal);
        var refused = await desk.PostAsync($"/ho-so/{code}?handler=Act&action=AcceptOnline", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page),
        }));
        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        Assert.Contains("chọn trường hợp áp dụng", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        // Over the API a case out of range is refused naming the field, nothing changed.
        var outOfRange = await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/accept-online", new { feeCase = 3 });
        Assert.Equal((HttpStatusCode)422, outOfRange.StatusCode);
        Assert.Contains("\"feeCase\"", await outOfRange.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{code}'"));

        var accepted = await desk.PostAsync($"/ho-so/{code}?handler=Act&action=AcceptOnline", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(page), ["f.FeeCase"] = "2",
        }));
        Assert.True(accepted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK, $"{(int)accepted.StatusCode}");
        Assert.Equal(2, await app.ScalarAsync($"SELECT status FROM dossiers WHERE code = '{code}'"));
        var (fee, requests) = await FeeAndRequestsAsync(desk, code);
        Assert.Equal(("catalogue", 50_000L), (fee.GetProperty("source").GetString(), fee.GetProperty("dueVnd").GetInt64()));
        var request = Assert.Single(requests.EnumerateArray());
        Assert.Equal(50_000, request.GetProperty("amountVnd").GetInt64());
        var qr = VietQr.TryParse(request.GetProperty("vietQr").GetString()!, out var error);
        Assert.True(qr is not null, error);
        Assert.Equal((50_000L, PaymentRequests.PurposeOf(code)), (qr!.AmountVnd, qr.Purpose));
    }

    [Fact]
    public async Task An_online_dossier_whose_fee_is_unread_is_accepted_with_the_officer_s_amount_over_the_API_1_002613()
    {
        await AdoptAtTheCentreAsync("1.002613");
        app.Clock.Now = new DateTimeOffset(2026, 12, 2, 9, 0, 0, VietnamTime.Offset);
        var code = await SubmitAsync("1.002613", "online", "046199701003");
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        Assert.Equal("unplaced", (await FeeAndRequestsAsync(desk, code)).Fee.GetProperty("source").GetString());
        Assert.Contains("id=\"accept-fee-amount\"", await desk.GetStringAsync($"/ho-so/{code}"), StringComparison.Ordinal);

        var missingKind = await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/accept-online", new { fee = new { amountVnd = 1_250_000, note = "Thông tư 64/2025/TT-BTC: 50% mức phí" } });
        Assert.Equal((HttpStatusCode)422, missingKind.StatusCode);
        Assert.Contains("\"fee.kind\"", await missingKind.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await OkAsync(await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/accept-online",
            new { fee = new { amountVnd = 1_250_000, kind = "fee", note = "Thông tư 64/2025/TT-BTC: 50% mức phí" } }));
        var (fee, requests) = await FeeAndRequestsAsync(desk, code);
        Assert.Equal(("officer", 1_250_000L, 1_250_000L), (fee.GetProperty("source").GetString(), fee.GetProperty("feeVnd").GetInt64(), fee.GetProperty("dueVnd").GetInt64()));
        var request = Assert.Single(requests.EnumerateArray());
        Assert.Equal(1_250_000, request.GetProperty("amountVnd").GetInt64());
        Assert.Equal(1_250_000, VietQr.TryParse(request.GetProperty("vietQr").GetString()!, out _)!.AmountVnd);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'dossier.fee.officer' AND subject = 'dossier:{code}'"));
    }

    [Fact]
    public async Task A_fee_placed_at_submission_takes_no_case_nor_officer_s_amount_at_acceptance_1_002681()
    {
        await AdoptAtTheCentreAsync("1.002681");
        app.Clock.Now = new DateTimeOffset(2026, 12, 2, 9, 0, 0, VietnamTime.Offset);
        var code = await SubmitAsync("1.002681", "online", "046199701004");
        var desk = await app.OfficerAsync("tiepnhan.trungtam");
        var refused = await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/accept-online", new { fee = new { amountVnd = 1_000, kind = "fee", note = "thử" } });
        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        Assert.Contains("\"fee\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await OkAsync(await desk.PostAsJsonAsync($"/api/v1/dossiers/{code}/accept-online", new { }));
        var request = Assert.Single((await FeeAndRequestsAsync(desk, code)).Requests.EnumerateArray());
        Assert.Equal(500_000, request.GetProperty("amountVnd").GetInt64());
    }
}
