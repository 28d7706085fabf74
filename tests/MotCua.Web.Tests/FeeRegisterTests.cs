using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MotCua.Documents;
using MotCua.Web.Features.Demo;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14, the fee register: a generated month of payments (written by SQL per migration 0032, receipts issued by
/// IPaymentReceipts, one cancelled through the API) → every day's totals by method in the JSON equal the sums of that
/// day's receipts read straight from PostgreSQL; the workbook's number cells, read back with the Open XML SDK, equal the
/// JSON; the PDF prints the period's total; the reconciliation counts the month's requests.
/// </summary>
public class FeeRegisterTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly string[] Methods = ["cash", "transfer", "online"];
    private static readonly string[] Applicants = ["Nguyễn Văn An", "Lê Thị Hoa", "Phạm Minh Tuấn"];

    [Fact]
    public async Task Every_day_of_a_generated_month_totals_the_sum_of_its_receipts_in_json_xlsx_and_pdf()
    {
        var dossiers = new List<long>();
        for (var i = 0; i < Applicants.Length; i++)
        {
            var response = await app.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: DemoData.CentreCode, procedureCode: "1.004837", fullName: Applicants[i]));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            dossiers.Add(await app.ScalarAsync($"SELECT id FROM dossiers WHERE code = '{code}'"));
        }

        // March 2025: 0 to 3 payments a day, methods in turn, amounts varied; times across the Vietnam day (a payment at
        // 23:30 Vietnam time is 16:30 UTC: it must count on its Vietnam date).
        var payments = new List<long>();
        var paidAt = new List<DateTimeOffset>();
        long requested = 0;
        for (var day = 1; day <= 31; day++)
        {
            for (var k = 0; k < day % 4; k++)
            {
                var n = payments.Count;
                var amount = 10_000 + (n * 7_919 % 50) * 1_000;
                var at = new DateTimeOffset(2025, 3, day, k == 2 ? 23 : 8 + k * 3, 30, 0, TimeSpan.FromHours(7)).ToString("O", CultureInfo.InvariantCulture);
                var dossier = dossiers[n % dossiers.Count];
                var items = $$"""[{"name":"Phí thẩm định","kind":"fee","amountVnd":{{amount - 5_000}}},{"name":"Lệ phí","kind":"charge","amountVnd":5000}]""";
                requested += amount;
                payments.Add(await app.InsertAsync(dossier, amount, items, "Nop phi", Methods[n % 3], $"Người Nộp {n}", $"'{at}'"));
                paidAt.Add(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture));
            }
        }
        // Two requests of the month still open, and one of April that the month does not count.
        await app.ScalarAsync($"INSERT INTO payment_requests (dossier_id, reason, amount_vnd, purpose, status, created_at) VALUES ({dossiers[0]}, 'financialObligation', 300000, 'Nop phi', 'open', '2025-03-20T10:00:00+07:00'), ({dossiers[1]}, 'intake', 45000, 'Nop phi', 'open', '2025-03-31T16:00:00+07:00'), ({dossiers[2]}, 'intake', 99000, 'Nop phi', 'open', '2025-04-01T00:00:00+07:00') RETURNING 1");
        requested += 345_000;
        var receipts = new List<long>();
        // Each receipt issued when its money came in: the register enters a receipt on its day of issue (seventh round).
        var now = app.Clock.Now;
        foreach (var (payment, at) in payments.Zip(paidAt))
        {
            app.Clock.Now = at;
            receipts.Add(await app.IssueReceiptAsync(payment));
        }
        app.Clock.Now = now;

        // One receipt cancelled on its own March day (listed ĐÃ HỦY, not counted) and one cancelled today, long after March:
        // a register prints its period as it stood at the period's end (seventh round fixes), so March still counts the
        // second one and does not mark it, as it printed on 31 March.
        app.Clock.Now = paidAt[5].AddMinutes(5);
        var marchAccountant = await app.OfficerAsync("ketoan.trungtam");
        Assert.Equal(HttpStatusCode.OK, (await marchAccountant.PostAsJsonAsync($"/api/v1/receipts/{receipts[5]}/cancel", new { reason = "Lập nhầm" })).StatusCode);
        app.Clock.Now = now;
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        Assert.Equal(HttpStatusCode.OK, (await accountant.PostAsJsonAsync($"/api/v1/receipts/{receipts[6]}/cancel", new { reason = "Ghi sai tên người nộp" })).StatusCode);

        const string period = "from=2025-03-01&to=2025-03-31";
        var json = await accountant.GetFromJsonAsync<JsonElement>($"/api/v1/registers/fees?{period}");
        var register = json.GetProperty("register");
        var days = register.GetProperty("days").EnumerateArray().ToList();

        // The sums straight from the tables, by Vietnam date and method, without the receipt cancelled on its day.
        var expected = new Dictionary<(string Day, string Method), long>();
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT to_char((r.issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD'), p.method, sum(r.amount_vnd)::bigint
                FROM receipts r JOIN payments p ON p.id = r.payment_id JOIN agencies a ON a.id = r.agency_id
                WHERE a.code = @centre AND r.issued_at >= '2025-03-01T00:00:00+07:00' AND r.issued_at < '2025-04-01T00:00:00+07:00'
                  -- As at 31 March: cancelled after it is not cancelled; cancelled on a later day than issued keeps its day.
                  AND (r.cancelled_at IS NULL OR r.cancelled_at >= '2025-04-01T00:00:00+07:00'
                       OR (r.cancelled_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > (r.issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
                GROUP BY 1, 2
                """, connection);
            command.Parameters.AddWithValue("centre", DemoData.CentreCode);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) expected[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
        }
        long Expected(string day, string method) => expected.GetValueOrDefault((day, method));
        var checkedDays = 0;
        foreach (var day in days)
        {
            var date = day.GetProperty("date").GetString()!;
            Assert.Equal(Expected(date, "cash"), day.GetProperty("cashVnd").GetInt64());
            Assert.Equal(Expected(date, "transfer"), day.GetProperty("transferVnd").GetInt64());
            Assert.Equal(Expected(date, "online"), day.GetProperty("onlineVnd").GetInt64());
            Assert.Equal(Methods.Sum(m => Expected(date, m)), day.GetProperty("totalVnd").GetInt64());
            Assert.Equal(Expected(date, "cash"), day.GetProperty("cashHandoverVnd").GetInt64());
            checkedDays++;
        }
        var daysWithPayments = Enumerable.Range(1, 31).Count(d => d % 4 > 0);
        Assert.Equal(daysWithPayments, days.Count);
        var totals = register.GetProperty("totals");
        Assert.Equal(expected.Values.Sum(), totals.GetProperty("totalVnd").GetInt64());
        Assert.Equal(payments.Count - 1, totals.GetProperty("receipts").GetInt32());
        Assert.Equal(1, totals.GetProperty("cancelled").GetInt32());
        Assert.Equal(payments.Count, register.GetProperty("entries").GetArrayLength());
        var entryOf = register.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("receiptId").GetInt64());
        Assert.Equal((true, false), (entryOf[receipts[5]].GetProperty("cancelled").GetBoolean(), entryOf[receipts[5]].GetProperty("counted").GetBoolean()));
        Assert.Equal((false, true), (entryOf[receipts[6]].GetProperty("cancelled").GetBoolean(), entryOf[receipts[6]].GetProperty("counted").GetBoolean()));
        var reconciliation = register.GetProperty("reconciliation");
        Assert.Equal(requested, reconciliation.GetProperty("requestedVnd").GetInt64());
        Assert.Equal(345_000, reconciliation.GetProperty("openRequestsVnd").GetInt64());
        Assert.Equal(expected.Values.Sum() - requested, reconciliation.GetProperty("differenceVnd").GetInt64());
        output.WriteLine($"March 2025 at the centre: {payments.Count} payments, {payments.Count - 1} receipts counted + 1 cancelled on its day (1 cancelled in the test's present still counted as at 31 March); {checkedDays} days checked against SQL; "
            + $"total {totals.GetProperty("totalVnd").GetInt64():#,0} VND (cash {totals.GetProperty("cashVnd").GetInt64():#,0}, transfer {totals.GetProperty("transferVnd").GetInt64():#,0}, "
            + $"online {totals.GetProperty("onlineVnd").GetInt64():#,0}); requested {requested:#,0}, difference {reconciliation.GetProperty("differenceVnd").GetInt64():#,0}");

        // The workbook, read back with the same library: every day's number cells equal the JSON.
        var xlsx = await accountant.GetByteArrayAsync($"/api/v1/registers/fees.xlsx?{period}");
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
        {
            var part = workbook.WorkbookPart!;
            var sheet = part.Workbook.Descendants<Sheet>().Single(s => s.Name == FeeRegisterBook.DaysSheet);
            var rows = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().Where(r => r.RowIndex! >= 4).ToList();
            Assert.Equal(days.Count + 1, rows.Count);
            string[] fields = ["receipts", "cashVnd", "transferVnd", "onlineVnd", "totalVnd", "unreceiptedCashVnd", "cashRefundedVnd", "cashHandoverVnd", "refundedVnd", "netVnd"];
            foreach (var (row, day) in rows.Zip(days))
            {
                var cells = row.Elements<Cell>().ToList();
                // Third trial: the date was text; it is a date cell (a serial number under the dd/mm/yyyy format).
                Assert.Null(cells[0].DataType);
                Assert.Equal(FeeRegisterBook.DateFormat, DateFormatOf(part, cells[0]));
                Assert.Equal(DateOnly.Parse(day.GetProperty("date").GetString()!, CultureInfo.InvariantCulture),
                    DateOnly.FromDateTime(DateTime.FromOADate(double.Parse(cells[0].CellValue!.Text, CultureInfo.InvariantCulture))));
                for (var i = 0; i < fields.Length; i++)
                {
                    Assert.Equal(CellValues.Number, cells[i + 1].DataType!.Value);
                    Assert.Equal(day.GetProperty(fields[i]).GetInt64(), long.Parse(cells[i + 1].CellValue!.Text, CultureInfo.InvariantCulture));
                }
            }
            // The receipts' sheet: every entry's date a date cell equal to the JSON's.
            var entrySheet = part.Workbook.Descendants<Sheet>().Single(s => s.Name == FeeRegisterBook.EntriesSheet);
            var entryRows = ((WorksheetPart)part.GetPartById(entrySheet.Id!)).Worksheet.Descendants<Row>().Where(r => r.RowIndex! >= 4).ToList();
            var entries = register.GetProperty("entries").EnumerateArray().ToList();
            Assert.Equal(entries.Count, entryRows.Count);
            foreach (var (row, entry) in entryRows.Zip(entries))
            {
                var cell = row.Elements<Cell>().First();
                Assert.Equal(FeeRegisterBook.DateFormat, DateFormatOf(part, cell));
                Assert.Equal(DateOnly.Parse(entry.GetProperty("date").GetString()!, CultureInfo.InvariantCulture),
                    DateOnly.FromDateTime(DateTime.FromOADate(double.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture))));
            }
            var last = rows[^1].Elements<Cell>().ToList();
            Assert.Equal(totals.GetProperty("totalVnd").GetInt64(), long.Parse(last[5].CellValue!.Text, CultureInfo.InvariantCulture));
        }

        // The PDF renders, with the period's total and the cancelled receipt marked.
        var pdf = await accountant.GetByteArrayAsync($"/api/v1/registers/fees.pdf?{period}");
        var file = Path.Combine(Path.GetTempPath(), $"fee-register-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var text = MotCuaApp.Tool("pdftotext", $"-layout {file} -");
        Assert.Contains(FeeRegisterBook.Title, text, StringComparison.Ordinal);
        Assert.Contains(totals.GetProperty("totalVnd").GetInt64().ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.'), text, StringComparison.Ordinal);
        Assert.Contains("ĐÃ HỦY", text, StringComparison.Ordinal);
        output.WriteLine($"xlsx {xlsx.Length:#,0} bytes, {days.Count} day rows equal; PDF {pdf.Length:#,0} bytes, {MotCuaApp.Tool("pdfinfo", file).Split('\n').First(l => l.StartsWith("Pages", StringComparison.Ordinal))}");

        // Trial defect 8: the signatures never stand alone on the last page. Every period from 1 March to each day of the
        // month gives a register of another length; on each, the last page carries section IV's figures with the two
        // signature blocks (section IV and the signatures are kept together, starting a page when they do not fit).
        var multiPage = 0;
        for (var last = 1; last <= 31; last++)
        {
            var bytes = await accountant.GetByteArrayAsync($"/api/v1/registers/fees.pdf?from=2025-03-01&to=2025-03-{last:D2}");
            var path = Path.Combine(Path.GetTempPath(), $"fee-register-{Guid.NewGuid():N}.pdf");
            await File.WriteAllBytesAsync(path, bytes);
            var pages = int.Parse(MotCuaApp.Tool("pdfinfo", path).Split('\n').First(l => l.StartsWith("Pages", StringComparison.Ordinal)).Split(':')[1].Trim(), CultureInfo.InvariantCulture);
            var lastPage = MotCuaApp.Tool("pdftotext", $"-f {pages} -l {pages} -layout {path} -");
            Assert.Contains("THỦ TRƯỞNG ĐƠN VỊ", lastPage, StringComparison.Ordinal);
            Assert.Contains("NGƯỜI LẬP SỔ", lastPage, StringComparison.Ordinal);
            Assert.Contains("IV. Đối chiếu số phải thu và số đã thu", lastPage, StringComparison.Ordinal);
            Assert.Contains("Số đã thu theo biên lai (đồng)", lastPage, StringComparison.Ordinal);
            // Third trial: a one-day register (1 March: one payment) put section IV and the signatures on page 2.
            if (last == 1)
            {
                Assert.Equal(1, pages);
                File.Copy(path, Path.Combine(MotCua.Documents.Tests.PdfTools.OutputDirectory, "fee-register-one-day.pdf"), true);
                MotCua.Documents.Tests.PdfTools.RenderPng(Path.Combine(MotCua.Documents.Tests.PdfTools.OutputDirectory, "fee-register-one-day.pdf"));
            }
            if (last <= 3) Assert.Equal(1, pages);
            if (pages > 1) multiPage++;
            File.Delete(path);
        }
        Assert.True(multiPage > 0, "no period ran to a second page");
        output.WriteLine($"31 periods rendered, {multiPage} on more than one page: the last page always holds section IV with the signatures");

        // The page; and who may not: the desk 403, a leader of another unit asking for the centre 404, a bad date 422.
        Assert.Contains("Tổng theo ngày", await accountant.GetStringAsync($"/so-thu-phi?tu=2025-03-01&den=2025-03-31"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.OfficerAsync("tiepnhan.trungtam")).GetAsync($"/api/v1/registers/fees?{period}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.OfficerAsync("lanhdao.thuanhoa")).GetAsync($"/api/v1/registers/fees?agency={DemoData.CentreCode}&{period}")).StatusCode);
        // The inspector reads every unit's register, read only: the same register as the accountant's; naming no unit
        // over the API is a 422 naming `agency`; the page offers the units to choose from and shows the chosen one's.
        var inspector = await app.OfficerAsync("thanhtra");
        var inspected = await inspector.GetFromJsonAsync<JsonElement>($"/api/v1/registers/fees?agency={DemoData.CentreCode}&{period}");
        Assert.Equal(json.GetProperty("register").GetRawText(), inspected.GetProperty("register").GetRawText());
        Assert.Equal(HttpStatusCode.OK, (await inspector.GetAsync($"/api/v1/registers/fees.pdf?agency={DemoData.CentreCode}&{period}")).StatusCode);
        var unnamed = await inspector.GetAsync($"/api/v1/registers/fees?{period}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unnamed.StatusCode);
        Assert.True((await unnamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("agency", out _));
        var chooser = await inspector.GetStringAsync("/so-thu-phi");
        Assert.Contains("<select id=\"donvi\" name=\"donvi\">", chooser, StringComparison.Ordinal);
        Assert.DoesNotContain("Tổng theo ngày", chooser, StringComparison.Ordinal);
        Assert.Contains("Tổng theo ngày", await inspector.GetStringAsync($"/so-thu-phi?donvi={DemoData.CentreCode}&tu=01/03/2025&den=31/03/2025"), StringComparison.Ordinal);
        var bad = await accountant.GetAsync("/api/v1/registers/fees?from=01/03/2025");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("from", out _));
    }

    // The number format of a cell's style, read from the workbook's stylesheet as a spreadsheet would.
    private static string? DateFormatOf(WorkbookPart part, Cell cell)
    {
        var styles = part.WorkbookStylesPart!.Stylesheet;
        var format = (CellFormat)styles.CellFormats!.ElementAt((int)cell.StyleIndex!.Value);
        return styles.NumberingFormats!.Elements<NumberingFormat>().Single(f => f.NumberFormatId!.Value == format.NumberFormatId!.Value).FormatCode!.Value;
    }
}
