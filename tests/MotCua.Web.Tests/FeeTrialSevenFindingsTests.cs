using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Calendar;
using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The seventh trial's findings (docs/FEES.md "Seventh trial"), over real HTTP and PostgreSQL: one label per payment method
/// (<see cref="FeeRegister.MethodLabel"/>) on the accountant's list, the dossier page and the register, the API giving the
/// stored code, generated over <see cref="FeeRegister.Methods"/>.
/// </summary>
public class FeeTrialSevenFindingsTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    public static TheoryData<string> Methods() => [.. FeeRegister.Methods];

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Every_page_shows_the_one_label_of_the_payment_method(string method)
    {
        var day = 10 + FeeRegister.Methods.ToList().IndexOf(method);
        var at = new DateTimeOffset(2025, 10, day, 9, 0, 0, VietnamTime.Offset);
        app.Clock.Now = at;
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: $"04619970{day:D4}", submittedAt: at));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var amount = await app.ScalarAsync($"SELECT r.amount_vnd FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        if (method == FeeRegister.Online)
        {
            var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), $"bank-seven-{day}");
            var paid = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, $"SEVEN-{day}", amount, PaymentRequests.PurposeOf(code), at.AddMinutes(5));
            Assert.Equal(JsonValueKind.Null, paid.GetProperty("flag").ValueKind);
        }
        else
        {
            var confirmed = await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = amount, method, paidAt = at.AddMinutes(5) });
            Assert.True(confirmed.StatusCode == HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());
        }
        var label = FeeRegister.MethodLabel(method);
        var others = FeeRegister.Methods.Where(m => m != method).Select(FeeRegister.MethodLabel).ToList();

        // The API gives the stored code.
        var payments = await accountant.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments");
        Assert.Contains(payments.EnumerateArray().SelectMany(r => r.TryGetProperty("payments", out var p) ? p.EnumerateArray() : [r]),
            p => p.TryGetProperty("method", out var m) && m.GetString() == method);

        // /ke-toan's "Khoản đã thu" row of the dossier.
        var desk = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        var settled = desk[desk.IndexOf("id=\"settled\"", StringComparison.Ordinal)..];
        var row = Row(settled, $"/ho-so/{code}\"");
        Assert.Contains($"({label},", row, StringComparison.Ordinal);
        Assert.DoesNotContain(others, o => row.Contains($"({o},", StringComparison.Ordinal));

        // The dossier page's payments.
        var dossier = WebUtility.HtmlDecode(await accountant.GetStringAsync($"/ho-so/{code}"));
        var paidRow = Row(dossier, "id=\"payment-");
        Assert.Contains($"data-label=\"Hình thức\">{label}<", paidRow, StringComparison.Ordinal);

        // The register's PDF line of the receipt.
        var pdf = await accountant.GetByteArrayAsync($"/api/v1/registers/fees.pdf?from=2025-10-{day:D2}&to=2025-10-{day:D2}");
        var file = Path.Combine(Path.GetTempPath(), $"fee-register-seven-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var text = MotCuaApp.Tool("pdftotext", $"-layout {file} -");
        File.Delete(file);
        // The day has this one receipt: its line is the one with the amount and a method's label (the day lines have none).
        var money = amount.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');
        var labelled = text.Split('\n').Where(l => l.Contains(money, StringComparison.Ordinal) && FeeRegister.Methods.Any(m => l.Contains(FeeRegister.MethodLabel(m), StringComparison.Ordinal))).ToList();
        Assert.True(labelled.Count == 1 && labelled[0].Contains(label, StringComparison.Ordinal), text);
        output.WriteLine($"{method}: «{label}» on /ke-toan, /ho-so/{code} and the register PDF");
    }

    private static string Row(string html, string marker)
    {
        var at = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{marker} not found");
        var start = html.LastIndexOf("<tr", at, StringComparison.Ordinal);
        return html[start..html.IndexOf("</tr>", at, StringComparison.Ordinal)];
    }
}
