using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Documents.Tests;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Payments;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Fifth round of issue 14 (docs/FEES.md "Fifth round"), over real HTTP and PostgreSQL: a fee item published per a
/// quantity unit (1.004306 "6000000/chiếc Đồng") is charged quantity × unit amount, asked at the desk and over the API,
/// kept in the dossier's fee items and printed on the payment request's QR and the receipt.
/// </summary>
public class FeeTrialFiveTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int day, int hour) => new(2025, 11, day, hour, 0, 0, VietnamTime.Offset);

    private static readonly Lazy<(string Line, ProcedureSpec Spec)> Aircraft = new(() =>
        CatalogFile.Lines.Where(l => l.Length > 0).Select(l => (Line: l, NationalCatalogParser.ParseLine(l).Spec)).First(p => p.Spec.Code == "1.004306"));

    private static FeeRules Rules => FeeTextReader.Read(Aircraft.Value.Spec, Aircraft.Value.Spec.Channels.First(c => c.Channel == Channel.Direct));

    // The case charged per aircraft (6,000,000 đồng/chiếc), 1-based as feeCase and feeItems count it.
    private static int PerAircraft => Rules.Items.Select((item, i) => (item, i)).First(x => x.item.Unit == "chiếc" && x.item.AmountVnd == 6_000_000).i + 1;

    private async Task AdoptAsync()
    {
        if (await app.ScalarAsync("SELECT count(*) FROM agency_procedures WHERE procedure_code = '1.004306'") > 0) return;
        var importer = new CatalogImporter(app.Services.GetRequiredService<Database>().ConnectionString, app.Clock);
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(Aircraft.Value.Line + "\n"));
        await importer.ImportAsync(file, "per-unit.jsonl", null, null, CancellationToken.None);
        await app.ScalarAsync($"""
            INSERT INTO agency_procedures (agency_id, procedure_code) SELECT id, '1.004306' FROM agencies WHERE code = '{DemoData.CentreCode}'
            ON CONFLICT DO NOTHING RETURNING 1
            """);
    }

    private static object Body(string idNumber, object? feeItems, DateTimeOffset? submittedAt = null) => new
    {
        procedureCode = "1.004306", agencyCode = DemoData.CentreCode, channel = "direct",
        applicant = new { fullName = "Trần Văn Bay", idNumber, phone = "0905123456", email = "bay@example.vn", address = "1 Lê Lợi, Huế" },
        documents = new object[] { new { name = "Đơn đề nghị", original = 1, copies = 0 } },
        submittedAt, feeCase = PerAircraft, feeItems,
    };

    private async Task<string?> TextAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    [Fact]
    public async Task A_fee_per_aircraft_is_charged_by_the_quantity_sent_over_the_api_and_printed_on_the_qr_and_receipt()
    {
        await AdoptAsync();
        app.Clock.Now = At(20, 9);
        var api = app.ApiClient();
        var submitted = await api.SubmitAsync(Body("046199600001", new[] { new { item = PerAircraft, quantity = 2 } }));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        // Kept in the dossier's fee items and read back.
        var fee = (await (await app.OfficerAsync("tiepnhan.trungtam")).GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("fee");
        var item = Assert.Single(fee.GetProperty("items").EnumerateArray());
        Assert.Equal((2, "chiếc", 6_000_000L, 12_000_000L),
            (item.GetProperty("quantity").GetInt32(), item.GetProperty("unit").GetString(), item.GetProperty("unitAmountVnd").GetInt64(), item.GetProperty("amountVnd").GetInt64()));
        Assert.Equal(12_000_000, fee.GetProperty("dueVnd").GetInt64());

        // The payment request and its VietQR carry the product.
        Assert.Equal(12_000_000, await app.ScalarAsync($"SELECT r.amount_vnd FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'"));
        var qr = (await TextAsync($"SELECT r.vietqr FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'"))!;
        Assert.Equal(12_000_000, VietQr.TryParse(qr, out var error)?.AmountVnd);
        Assert.Equal("", error ?? "");

        // Paid by the accountant: the receipt prints "2 chiếc × 6.000.000 đồng".
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        app.Clock.Now = At(20, 11);
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var confirmed = await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = 12_000_000, method = "cash", paidAt = At(20, 10) });
        Assert.True(confirmed.StatusCode == HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());
        var receiptId = (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptId").GetInt64();
        var text = string.Join(' ', PdfTools.Text(PdfTools.Save("bien-lai-theo-so-luong", await accountant.GetByteArrayAsync($"/api/v1/receipts/{receiptId}.pdf")))
            .Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        output.WriteLine(text);
        // The item's name wraps over lines, so the text extracted from the PDF may carry the next column's "Phí" inside the
        // bracket ("(2 Phí chiếc × 6.000.000 đồng)"); the line itself is "… (2 chiếc × 6.000.000 đồng)".
        Assert.Matches(@"\(2 (?:Phí )?chiếc × 6\.000\.000 đồng\)", text);
        Assert.Contains("12.000.000", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quantity_below_one_not_whole_or_on_an_item_charged_once_is_a_422_naming_the_field_and_nothing_is_written()
    {
        await AdoptAsync();
        app.Clock.Now = At(21, 9);
        var api = app.ApiClient();
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        foreach (var (items, field) in new (object Items, string Field)[]
                 {
                     (new[] { new { item = PerAircraft, quantity = 0 } }, "feeItems[0].quantity"),
                     (new[] { new { item = PerAircraft, quantity = 10_001 } }, "feeItems[0].quantity"),
                     (new object[] { new { item = PerAircraft, quantity = 1.5 } }, "feeItems[0].quantity"),
                     (new[] { new { item = 99, quantity = 1 } }, "feeItems[0].item"),
                 })
        {
            var response = await api.SubmitAsync(Body("046199600002", items));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), body);
        }
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }

    [Fact]
    public async Task The_desk_asks_the_quantity_with_a_default_of_one_and_refuses_one_out_of_range_in_vietnamese()
    {
        await AdoptAsync();
        app.Clock.Now = At(22, 9);
        var officer = await app.OfficerAsync("tiepnhan.trungtam");
        var html = WebUtility.HtmlDecode(await officer.GetStringAsync("/tiep-nhan?thutuc=1.004306"));
        Assert.Contains($"id=\"fee-quantity-{PerAircraft}\"", html, StringComparison.Ordinal);
        Assert.Contains("6.000.000 đồng/chiếc", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"FeeQuantity[{PerAircraft}]\" min=\"1\" max=\"10000\" step=\"1\" inputmode=\"numeric\"", html, StringComparison.Ordinal);

        List<KeyValuePair<string, string>> Form(string quantity, string id) =>
        [
            new("__RequestVerificationToken", MotCuaApp.AntiforgeryToken(html)), new("thutuc", "1.004306"), new("decision", "receive"), new("ReceiveIncomplete", "true"),
            new("IdempotencyKey", Guid.NewGuid().ToString("N")), new("ApplicantKind", "individual"), new("FullName", "Hoàng Văn Bay"),
            new("IdNumber", id), new("Phone", "0914000333"), new("Address", "12 Hùng Vương, phường Thuận Hóa"), new("Channel", "direct"),
            new("Sets", "1"), new("FeeCase", PerAircraft.ToString(CultureInfo.InvariantCulture)), new($"FeeQuantity[{PerAircraft}]", quantity),
            .. Documents(html),
        ];
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        foreach (var bad in new[] { "0", "abc", "2,5" })
        {
            var page = WebUtility.HtmlDecode(await (await officer.PostAsync("/tiep-nhan?thutuc=1.004306", new FormUrlEncodedContent(Form(bad, "046190019001")))).Content.ReadAsStringAsync());
            Assert.Contains("Số lượng của «", page, StringComparison.Ordinal);
            Assert.Contains("» phải là số nguyên từ 1 đến 10.000.", page, StringComparison.Ordinal);
            Assert.Contains("href=\"#fee-quantities\"", page, StringComparison.Ordinal);
        }
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));

        var response = await officer.PostAsync("/tiep-nhan?thutuc=1.004306", new FormUrlEncodedContent(Form("3", "046190019002")));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var code = response.Headers.Location!.ToString()[7..^6];
        Assert.Equal(18_000_000, await app.ScalarAsync($"SELECT f.due_vnd FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}'"));
        Assert.Equal("3", await TextAsync($"SELECT f.items -> 0 ->> 'quantity' FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}'"));
    }

    [Fact]
    public async Task The_late_flag_is_reached_over_http_alone_and_shown_to_the_accountant()
    {
        // The recipe of docs/FEES.md "Fifth round": API intake with submittedAt four days back, the partner's callback with
        // paidAt one hour after the submission, received now: more than 72 hours after the payment, flagged late.
        app.Clock.Now = At(28, 9);
        var submittedAt = At(24, 9);
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: "046199500001", submittedAt: submittedAt));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var amount = await app.ScalarAsync($"SELECT r.amount_vnd FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");

        var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), "bank-late5");
        var paid = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, "LATE5-1", amount, PaymentRequests.PurposeOf(code), submittedAt.AddHours(1));
        Assert.Equal("late", paid.GetProperty("flag").GetString());

        var page = WebUtility.HtmlDecode(await (await app.OfficerAsync("ketoan.trungtam")).GetStringAsync("/ke-toan"));
        Assert.Contains(code, page, StringComparison.Ordinal);
        Assert.Contains(PaymentFlag.Late.Vietnamese(), page, StringComparison.Ordinal);
    }

    private static IEnumerable<KeyValuePair<string, string>> Documents(string html)
    {
        var marker = "name=\"Documents[0].Name\" value=\"";
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0) yield break;
        start += marker.Length;
        yield return new("Documents[0].Name", html[start..html.IndexOf('"', start)]);
        yield return new("Documents[0].Received", "true");
        yield return new("Documents[0].Originals", "1");
        yield return new("Documents[0].Copies", "0");
    }
}
