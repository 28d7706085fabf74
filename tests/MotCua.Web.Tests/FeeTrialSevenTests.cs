using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Seventh round of issue 14 (docs/FEES.md "Seventh round"), over real HTTP and PostgreSQL: a closed day of the fee
/// register never changes. A receipt is entered on the day it is issued (the day the unit took the money in), with the
/// payer's paid date beside it; a refund on the day it is recorded, with the day it says the money went back.
/// </summary>
public class FeeTrialSevenTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 11, day, hour, minute, 0, VietnamTime.Offset);

    private async Task<(string Code, long Amount, long RequestId)> SubmitAsync(string idNumber)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: idNumber));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var amount = await app.ScalarAsync($"SELECT r.amount_vnd FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        Assert.True(amount > 2, "1.001294 charges an intake fee");
        return (code, amount, request);
    }

    private static async Task<JsonElement> OkAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    // One print of a day's register: the JSON register, the PDF's text (pdftotext -layout) and every sheet of the workbook
    // (its XML: the number cells, the dates, the notes).
    private sealed record Print(string Json, string PdfText, string Workbook);

    private static async Task<Print> PrintAsync(HttpClient accountant, DateOnly day)
    {
        var query = $"from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}";
        var json = (await accountant.GetFromJsonAsync<JsonElement>($"/api/v1/registers/fees?{query}")).GetProperty("register").GetRawText();
        var file = Path.Combine(Path.GetTempPath(), $"fee-register-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, await accountant.GetByteArrayAsync($"/api/v1/registers/fees.pdf?{query}"));
        var text = MotCuaApp.Tool("pdftotext", $"-layout {file} -");
        File.Delete(file);
        var sheets = new StringBuilder();
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(await accountant.GetByteArrayAsync($"/api/v1/registers/fees.xlsx?{query}")), false))
        {
            var part = workbook.WorkbookPart!;
            foreach (var sheet in part.Workbook.Descendants<Sheet>())
                sheets.Append(sheet.Name).Append(':').Append(((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.OuterXml).Append('\n');
        }
        return new(json, text, sheets.ToString());
    }

    private static JsonElement Day(string json, DateOnly day) =>
        Assert.Single(JsonDocument.Parse(json).RootElement.GetProperty("days").EnumerateArray(),
            d => d.GetProperty("date").GetString() == day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_day_printed_again_after_a_late_payment_and_a_backdated_refund_is_identical_and_the_next_day_lists_them()
    {
        var d = new DateOnly(2025, 11, 20);
        var next = d.AddDays(1);
        // Day D: dossier A paid in cash at the desk; dossier B received, its fee not yet confirmed.
        app.Clock.Now = At(20, 9);
        var (codeA, amountA, requestA) = await SubmitAsync("046199800001");
        var (codeB, amountB, requestB) = await SubmitAsync("046199800002");
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        app.Clock.Now = At(20, 9, 30);
        var paidA = await OkAsync(accountant, "/api/v1/payments", new { requestId = requestA, amountVnd = amountA, method = "cash", paidAt = At(20, 9, 30) });

        // D's register printed at the end of D, when its cash is handed over.
        app.Clock.Now = At(20, 17);
        var before = await PrintAsync(accountant, d);
        Assert.Equal(amountA, Day(before.Json, d).GetProperty("cashHandoverVnd").GetInt64());

        // D+1: the accountant confirms B's cash, paid on D at 15:00, and hands back part of A's, typed as handed back on D.
        app.Clock.Now = At(21, 9);
        accountant = await app.OfficerAsync("ketoan.trungtam");
        var paidB = await OkAsync(accountant, "/api/v1/payments", new { requestId = requestB, amountVnd = amountB, method = "cash", paidAt = At(20, 15) });
        Assert.NotEqual(JsonValueKind.Null, paidB.GetProperty("receiptNumber").ValueKind);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payment_requests WHERE id = {requestB} AND status = 'paid'"));
        // A fee rightly collected goes back only once its dossier ended undecided (fees38a, PaymentRefunds.DueVnd): A is withdrawn.
        await OkAsync(await app.OfficerAsync("tiepnhan.trungtam"), $"/api/v1/dossiers/{codeA}/withdraw", new { reason = "Người dân xin rút hồ sơ" });
        var refund = await OkAsync(accountant, $"/api/v1/payments/{paidA.GetProperty("id").GetInt64()}/refunds",
            new { amountVnd = 1, reason = "Thu thừa một đồng", method = "cash", refundedAt = At(20, 16) });
        Assert.False(refund.GetProperty("full").GetBoolean());

        // D printed again, on D+1 and a week later: the same JSON, the same PDF text, the same workbook, sheet by sheet.
        var again = await PrintAsync(accountant, d);
        app.Clock.Now = At(28, 9);
        accountant = await app.OfficerAsync("ketoan.trungtam");
        var later = await PrintAsync(accountant, d);
        foreach (var print in new[] { again, later })
        {
            Assert.Equal(before.Json, print.Json);
            Assert.Equal(before.PdfText, print.PdfText);
            Assert.Equal(before.Workbook, print.Workbook);
        }
        Assert.DoesNotContain(codeB, again.PdfText, StringComparison.Ordinal);

        // D+1 lists B's receipt with "ngày nộp D", counts its cash there, and takes A's refund off D+1's cash.
        var following = await PrintAsync(accountant, next);
        var entry = Assert.Single(JsonDocument.Parse(following.Json).RootElement.GetProperty("entries").EnumerateArray());
        Assert.Equal((codeB, "2025-11-21", "2025-11-20", "ngày nộp 20/11/2025"),
            (entry.GetProperty("dossierCode").GetString(), entry.GetProperty("date").GetString(), entry.GetProperty("paidDate").GetString(), entry.GetProperty("paidNote").GetString()));
        var dayAfter = Day(following.Json, next);
        Assert.Equal((amountB, 1L, amountB - 1), (dayAfter.GetProperty("cashVnd").GetInt64(), dayAfter.GetProperty("cashRefundedVnd").GetInt64(), dayAfter.GetProperty("cashHandoverVnd").GetInt64()));
        var refunded = Assert.Single(JsonDocument.Parse(following.Json).RootElement.GetProperty("refunds").EnumerateArray());
        Assert.Equal(("2025-11-21", "hoàn trả ngày 20/11/2025"), (refunded.GetProperty("date").GetString(), refunded.GetProperty("refundedNote").GetString()));
        Assert.Contains("ngày nộp 20/11/2025", following.PdfText, StringComparison.Ordinal);
        Assert.Contains("hoàn trả ngày 20/11/2025", following.PdfText, StringComparison.Ordinal);
        Assert.Contains("ngày nộp 20/11/2025", following.Workbook, StringComparison.Ordinal);
        // The two days together: the period's totals are the sum of the days, each counted once.
        var both = (await accountant.GetFromJsonAsync<JsonElement>($"/api/v1/registers/fees?from={d:yyyy-MM-dd}&to={next:yyyy-MM-dd}")).GetProperty("register");
        Assert.Equal(amountA + amountB, both.GetProperty("totals").GetProperty("cashVnd").GetInt64());
        Assert.Equal(amountA + amountB - 1, both.GetProperty("totals").GetProperty("cashHandoverVnd").GetInt64());
        // The reconciliation of D as it stood at D's end: B's request raised on D was still open then.
        var reconciliation = JsonDocument.Parse(before.Json).RootElement.GetProperty("reconciliation");
        Assert.Equal((amountA, amountB), (reconciliation.GetProperty("paidRequestsVnd").GetInt64(), reconciliation.GetProperty("openRequestsVnd").GetInt64()));
        output.WriteLine($"D {d:dd/MM/yyyy}: handover {amountA:#,0} printed three times identically; D+1: {codeB} paid {amountB:#,0} on D, receipted on D+1, refund of 1 typed for D recorded on D+1");
    }

    // The values a CHECK constraint allows, from PostgreSQL itself: "CHECK ((status = ANY (ARRAY['open'::text, …])))".
    private async Task<string[]> CheckedValuesAsync(string constraint)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = @name", connection);
        command.Parameters.AddWithValue("name", constraint);
        var definition = (string)(await command.ExecuteScalarAsync())!;
        return [.. System.Text.RegularExpressions.Regex.Matches(definition, "'([^']+)'").Select(m => m.Groups[1].Value).Order()];
    }

    private static JsonElement Schema(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    private static string[] EnumOf(JsonElement property) => [.. property.GetProperty("enum").EnumerateArray().Select(v => v.GetString()!).Order()];

    [Fact]
    public async Task The_payments_OpenAPI_types_the_requests_status_reason_and_purpose_and_the_obligations_note_and_kind()
    {
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var get = document.GetProperty("paths").GetProperty("/api/v1/dossiers/{code}/payments").GetProperty("get");
        var responses = get.GetProperty("responses");
        foreach (var status in new[] { "200", "401", "404" }) Assert.True(responses.TryGetProperty(status, out _), $"GET payments documents {status}");
        Assert.False(responses.TryGetProperty("403", out _), "GET payments never answers 403");
        // What the route answers without credentials is what it documents.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/dossiers/000.00.01.H46-251120-0001/payments")).StatusCode);

        var view = Schema(document, responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        var request = Schema(document, view.GetProperty("properties").GetProperty("requests").GetProperty("items")).GetProperty("properties");
        // The enums are the values the database allows (migrations 0032, 0040), read from its constraints.
        Assert.Equal(await CheckedValuesAsync("payment_requests_status_check"), EnumOf(request.GetProperty("status")));
        Assert.Equal(await CheckedValuesAsync("payment_requests_reason_check"), EnumOf(request.GetProperty("reason")));
        Assert.Equal(MotCua.Domain.Payments.VietQr.MaxPurposeLength, request.GetProperty("purpose").GetProperty("maxLength").GetInt32());
        Assert.Matches(request.GetProperty("purpose").GetProperty("pattern").GetString()!, MotCua.Domain.Payments.PaymentRequests.ObligationPurposeOf("000.00.01.H46-251120-0001", 2));
        Assert.Matches(request.GetProperty("purpose").GetProperty("pattern").GetString()!, MotCua.Domain.Payments.PaymentRequests.PurposeOf("000.00.01.H46-251120-0001"));
        foreach (var name in new[] { "status", "reason", "purpose", "vietQr" })
            Assert.False(string.IsNullOrWhiteSpace(request.GetProperty(name).GetProperty("description").GetString()), $"{name} described");
        Assert.Contains("A000000727", request.GetProperty("vietQr").GetProperty("description").GetString(), StringComparison.Ordinal);

        var post = document.GetProperty("paths").GetProperty("/api/v1/dossiers/{code}/financial-obligation").GetProperty("post");
        var body = Schema(document, post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema")).GetProperty("properties");
        Assert.Equal(["charge", "fee", "levy"], EnumOf(body.GetProperty("kind")));
        Assert.Equal(MotCua.Domain.Text.TypedText.MaxNote, body.GetProperty("note").GetProperty("maxLength").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("note").GetProperty("description").GetString()));
    }
}
