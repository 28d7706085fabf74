using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MotCua.Documents;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, the fresh trial's cash handover findings (brief fees38b; docs/FEES.md "Fresh trial (fees38b)") over real HTTP
/// and PostgreSQL: "Tiền mặt nộp quỹ" is what the drawer holds at the end of each day. Every cash payment is cash in on the
/// day it was recorded, receipted or not ("Tiền mặt chưa lập biên lai" for the part without a receipt); every cash refund
/// is cash out on its day in full; a transfer refund moves no cash. The JSON, the workbook's number cells, the PDF's text
/// and /so-thu-phi give the same eleven figures for every day and the period.
/// </summary>
public class CashHandoverTrialTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2025, 8, day, hour, minute, 0, VietnamTime.Offset);

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task OkAsync(string user, string code, string action, object body) =>
        await OkAsync(await (await app.OfficerAsync(user)).PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body));

    // 1.001294 at the centre: its intake fee request (the amount is the data's).
    private async Task<(string Code, long Fee, long Request)> SubmitAsync(string idNumber)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: idNumber));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        return (code, await app.ScalarAsync($"SELECT amount_vnd FROM payment_requests WHERE id = {request}"), request);
    }

    private async Task<JsonElement> PayAsync(long request, long amountVnd, string method, DateTimeOffset paidAt)
    {
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        return await OkAsync(await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd, method, paidAt }));
    }

    private async Task RefundAsync(long payment, long amountVnd, string method, string reason)
    {
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        await OkAsync(await accountant.PostAsJsonAsync($"/api/v1/payments/{payment}/refunds", new { amountVnd, reason, method }));
    }

    private async Task WithdrawAsync(string code)
    {
        await OkAsync("tiepnhan.trungtam", code, "transfer", new { });
        await OkAsync("tiepnhan.trungtam", code, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
    }

    /// <summary>The daily table's figures, in the order the PDF, the sheet and the page print them after the date.</summary>
    private static readonly string[] Fields =
        ["receipts", "cashVnd", "transferVnd", "onlineVnd", "totalVnd", "unreceiptedCashVnd", "cashRefundedVnd", "cashHandoverVnd", "refundedVnd", "netVnd"];

    private static long[] FiguresOf(JsonElement line) => [.. Fields.Select(f => line.GetProperty(f).GetInt64())];

    private static string Money(long vnd) => vnd.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');

    private static long Number(string text) => long.Parse(text.Replace("−", "-", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_handover_is_what_the_drawer_holds_each_day_and_every_format_prints_the_same_figures()
    {
        app.Clock.Now = At(1, 8);
        var (normal, fee, normalRequest) = await SubmitAsync("046199738001");
        var (d7, _, d7Request) = await SubmitAsync("046199738002");
        var (_, _, d8Request) = await SubmitAsync("046199738003");
        var (_, _, overnightRequest) = await SubmitAsync("046199738004");
        var (withdrawnCash, _, withdrawnCashRequest) = await SubmitAsync("046199738005");
        var (withdrawnBank, _, withdrawnBankRequest) = await SubmitAsync("046199738006");
        _ = normal;

        // 04/08: a cash payment receipted normally: the receipt is the cash in.
        app.Clock.Now = At(4, 9);
        await PayAsync(normalRequest, fee, "cash", At(4, 8, 45));

        // 05/08 (D7): the fee paid with 3,000 more in cash at the desk, accepted (the receipt is the fee); the 3,000 excess
        // goes back by transfer on 06/08. The drawer holds fee + 3,000 on 05/08 for good.
        app.Clock.Now = At(5, 9);
        var over = await PayAsync(d7Request, fee + 3_000, "cash", At(5, 8, 45));
        Assert.Equal("overpaid", over.GetProperty("flag").GetString());
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        await OkAsync(await accountant.PostAsJsonAsync($"/api/v1/payments/{over.GetProperty("id").GetInt64()}/resolve", new { accept = true, note = "Nộp thừa 3.000 đồng" }));
        app.Clock.Now = At(6, 9);
        await RefundAsync(over.GetProperty("id").GetInt64(), 3_000, "transfer", "Trả lại tiền nộp thừa");

        // 07/08 (D8): the fee in cash, and the same fee again in cash (a duplicate, flagged, no receipt) refunded by transfer
        // the same day: the drawer keeps both.
        app.Clock.Now = At(7, 9);
        await PayAsync(d8Request, fee, "cash", At(7, 8, 30));
        var d8Twice = await PayAsync(d8Request, fee, "cash", At(7, 8, 50));
        Assert.Equal("duplicate", d8Twice.GetProperty("flag").GetString());
        app.Clock.Now = At(7, 15);
        await RefundAsync(d8Twice.GetProperty("id").GetInt64(), fee, "transfer", "Nộp trùng");

        // 11/08 → 12/08: a cash duplicate kept overnight and handed back in cash the next day.
        app.Clock.Now = At(11, 9);
        await PayAsync(overnightRequest, fee, "cash", At(11, 8, 30));
        var overnightTwice = await PayAsync(overnightRequest, fee, "cash", At(11, 8, 50));
        Assert.Equal("duplicate", overnightTwice.GetProperty("flag").GetString());
        app.Clock.Now = At(12, 9);
        await RefundAsync(overnightTwice.GetProperty("id").GetInt64(), fee, "cash", "Nộp trùng");

        // 13/08 → 14/08: a receipted cash fee refunded in full in cash after withdrawal.
        app.Clock.Now = At(13, 9);
        var cashPaid = await PayAsync(withdrawnCashRequest, fee, "cash", At(13, 8, 30));
        app.Clock.Now = At(14, 9);
        await WithdrawAsync(withdrawnCash);
        await RefundAsync(cashPaid.GetProperty("id").GetInt64(), fee, "cash", "Rút hồ sơ");

        // 18/08 → 19/08: a fee paid by transfer refunded by transfer: no cash moves.
        app.Clock.Now = At(18, 9);
        var bankPaid = await PayAsync(withdrawnBankRequest, fee, "transfer", At(18, 8, 30));
        app.Clock.Now = At(19, 9);
        await WithdrawAsync(withdrawnBank);
        await RefundAsync(bankPaid.GetProperty("id").GetInt64(), fee, "transfer", "Rút hồ sơ");

        app.Clock.Now = At(31, 17);
        accountant = await app.OfficerAsync("ketoan.trungtam");
        var register = (await accountant.GetFromJsonAsync<JsonElement>("/api/v1/registers/fees?from=2025-08-01&to=2025-08-31")).GetProperty("register");
        var days = register.GetProperty("days").EnumerateArray().ToDictionary(d => d.GetProperty("date").GetString()!);
        // receipts, cash, transfer, online, total, cash without a receipt, cash refunded, handover, refunded, net
        var expected = new Dictionary<string, long[]>
        {
            ["2025-08-04"] = [1, fee, 0, 0, fee, 0, 0, fee, 0, fee],
            ["2025-08-05"] = [1, fee, 0, 0, fee, 3_000, 0, fee + 3_000, 0, fee],
            ["2025-08-07"] = [1, fee, 0, 0, fee, fee, 0, 2 * fee, 0, fee],
            ["2025-08-11"] = [1, fee, 0, 0, fee, fee, 0, 2 * fee, 0, fee],
            ["2025-08-12"] = [0, 0, 0, 0, 0, 0, fee, -fee, 0, 0],
            ["2025-08-13"] = [1, fee, 0, 0, fee, 0, 0, fee, 0, fee],
            ["2025-08-14"] = [0, 0, 0, 0, 0, 0, fee, -fee, fee, -fee],
            ["2025-08-18"] = [1, 0, fee, 0, fee, 0, 0, 0, 0, fee],
            ["2025-08-19"] = [0, 0, 0, 0, 0, 0, 0, 0, fee, -fee],
        };
        // 06/08 moves nothing: only a transfer refund of unreceipted money.
        Assert.Equal(expected.Keys, days.Keys);
        foreach (var (date, figures) in expected) Assert.True(figures.SequenceEqual(FiguresOf(days[date])), $"{date}: {string.Join(", ", FiguresOf(days[date]))}");
        var totals = register.GetProperty("totals");
        long[] expectedTotals = [6, 5 * fee, fee, 0, 6 * fee, 2 * fee + 3_000, 2 * fee, 5 * fee + 3_000, 2 * fee, 4 * fee];
        Assert.True(expectedTotals.SequenceEqual(FiguresOf(totals)), string.Join(", ", FiguresOf(totals)));
        // The handover of the period is the sum of the days', and each day recounts from the receipts.
        Assert.Equal(days.Values.Sum(d => d.GetProperty("cashHandoverVnd").GetInt64()), totals.GetProperty("cashHandoverVnd").GetInt64());
        foreach (var d in days.Values)
            Assert.Equal(d.GetProperty("cashVnd").GetInt64() + d.GetProperty("unreceiptedCashVnd").GetInt64() - d.GetProperty("cashRefundedVnd").GetInt64(),
                d.GetProperty("cashHandoverVnd").GetInt64());

        var lines = register.GetProperty("days").EnumerateArray()
            .Select(d => (Label: DateOnly.Parse(d.GetProperty("date").GetString()!, CultureInfo.InvariantCulture).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), Figures: FiguresOf(d)))
            .Append((Label: "Cộng kỳ", Figures: FiguresOf(totals))).ToList();

        // The workbook: the daily sheet's number cells, the rule sentence in row 2.
        var xlsx = await accountant.GetByteArrayAsync("/api/v1/registers/fees.xlsx?from=2025-08-01&to=2025-08-31");
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
        {
            var part = workbook.WorkbookPart!;
            var sheet = part.Workbook.Descendants<Sheet>().Single(s => s.Name == FeeRegisterBook.DaysSheet);
            var rows = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().ToList();
            Assert.Contains(rows.Single(r => r.RowIndex! == 3).Descendants<Text>(), t => t.Text == "Tiền mặt chưa lập biên lai (đồng)");
            Assert.Contains(rows.Single(r => r.RowIndex! == 3).Descendants<Text>(), t => t.Text == "Tiền mặt chi hoàn trả (đồng)");
            Assert.Contains("Tiền mặt nộp quỹ =", string.Concat(rows.Single(r => r.RowIndex! == 2).Descendants<Text>().Select(t => t.Text)), StringComparison.Ordinal);
            var data = rows.Where(r => r.RowIndex! >= 4).ToList();
            Assert.Equal(lines.Count, data.Count);
            foreach (var (row, line) in data.Zip(lines))
            {
                var cells = row.Elements<Cell>().Skip(1).Select(c => long.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture)).ToArray();
                Assert.True(line.Figures.SequenceEqual(cells), $"{line.Label}: sheet {string.Join(", ", cells)}");
            }
        }

        // The PDF's text: section II, one line per day and the period's, and the rule sentence.
        var pdf = await accountant.GetByteArrayAsync("/api/v1/registers/fees.pdf?from=2025-08-01&to=2025-08-31");
        var file = Path.Combine(Path.GetTempPath(), $"fee-register-38-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var text = MotCuaApp.Tool("pdftotext", $"-layout {file} -");
        var section = text[text.IndexOf("II. Tổng theo ngày", StringComparison.Ordinal)..text.IndexOf("III. Hoàn trả", StringComparison.Ordinal)];
        Assert.Contains("Tiền mặt nộp quỹ =", Regex.Replace(section, @"\s+", " "), StringComparison.Ordinal);
        foreach (var line in lines)
        {
            var printed = Regex.Match(section, $@"^\s*{Regex.Escape(line.Label)}\s+(.*)$", RegexOptions.Multiline).Groups[1].Value;
            var numbers = Regex.Matches(printed, @"[−-]?[0-9][0-9.]*").Select(m => Number(m.Value)).ToArray();
            Assert.True(line.Figures.SequenceEqual(numbers), $"{line.Label}: PDF '{printed}'");
        }

        // /so-thu-phi: the same figures, the rule sentence, and the cancelled receipts as three counts as the PDF prints them.
        var page = WebUtility.HtmlDecode(await accountant.GetStringAsync("/so-thu-phi?tu=01/08/2025&den=31/08/2025"));
        foreach (var line in lines)
        {
            var row = Regex.Match(page, $@"<tr><t[dh]>{Regex.Escape(line.Label)}</t[dh]>(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
            var cells = Regex.Matches(row, @"<t[dh]>(?:<strong>)?([^<]*)").Select(m => Number(m.Groups[1].Value)).ToArray();
            Assert.True(line.Figures.SequenceEqual(cells), $"{line.Label}: page '{row}'");
        }
        Assert.Contains("Tiền mặt nộp quỹ = tiền mặt thu theo biên lai + tiền mặt chưa lập biên lai − tiền mặt chi hoàn trả", page, StringComparison.Ordinal);
        Assert.Contains("Biên lai đã hủy do hoàn trả toàn bộ (đã cộng ngày thu, đã trừ ở cột hoàn trả): 2", page, StringComparison.Ordinal);
        Assert.Contains("Biên lai đã hủy (không cộng): 0", page, StringComparison.Ordinal);
        Assert.Contains(Money(5 * fee + 3_000), page, StringComparison.Ordinal);
    }
}
