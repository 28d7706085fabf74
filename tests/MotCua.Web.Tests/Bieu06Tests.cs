using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Documents;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Reports;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Reports;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Biểu 06 over HTTP on PostgreSQL (docs/REPORTS.md): for generated dossier histories written to the real table (then
/// moved on by updates, as processing does), the JSON built from the trigger-kept counts equals the Domain's recount of the
/// dossiers read back by SQL, for the province and a commune and several periods; every number's drill-down list has that
/// many dossiers; the workbook's number cells are the JSON's; 20 concurrent intakes leave exact counts; who may read.
/// </summary>
public partial class Bieu06Tests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly SemaphoreSlim Generated = new(1, 1);
    private static bool generated;

    private sealed record FactRow(string Field, short Channel, short Status, DateTimeOffset? ReceivedAt, DateTimeOffset? OriginalDueAt,
        DateTimeOffset? ResultReadyAt, short? ResultKind, DateTimeOffset? StoppedAt, bool Withdrawn);

    // Dossiers at every receiving unit, of procedures of several fields, in every status, received over 2025–2026, with due
    // dates before, on and after the end day at any minute; then a third moved on by SQL updates (the trigger's -old +new).
    // The generated dossiers are received from 2025 to late 2026; the reports are read after them, since a period not yet
    // over is reported only up to today (Bieu06Reports.ResolveAsync).
    private static readonly DateTimeOffset AfterTheData = new(2026, 12, 1, 9, 0, 0, VietnamTime.Offset);

    private async Task GenerateAsync()
    {
        app.Clock.Now = AfterTheData;
        await Generated.WaitAsync();
        try
        {
            if (generated) return;
            var seed = Environment.GetEnvironmentVariable("MOTCUA_PROPERTY_SEED") is { Length: > 0 } given
                ? int.Parse(given.Split(',')[0], CultureInfo.InvariantCulture) : Random.Shared.Next();
            output.WriteLine($"MOTCUA_PROPERTY_SEED={seed},1");
            var random = new Random(seed);
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var units = await db.Agencies.Where(a => a.ReceivesDossiers).Select(a => a.Id).ToListAsync();
            var versions = await db.ProcedureVersions.Join(db.Procedures, v => v.ProcedureCode, p => p.Code, (v, p) => new { v.ProcedureCode, v.Version, p.Field, p.Name })
                .ToListAsync();
            var byField = versions.GroupBy(v => v.Field).Select(g => g.First()).Take(4).ToList();
            Assert.True(byField.Count >= 2, "Dữ liệu mẫu cần thủ tục của ít nhất hai lĩnh vực.");
            var origin = new DateTimeOffset(2025, 1, 1, 0, 0, 0, VietnamTime.Offset);
            var statuses = Enum.GetValues<DossierStatus>();
            for (var i = 0; i < 600; i++)
            {
                var v = byField[random.Next(byField.Count)];
                var received = origin.AddDays(random.Next(0, 600)).AddMinutes(random.Next(0, 1440));
                var due = received.AddDays(random.Next(0, 25)).Date.AddMinutes(random.Next(420, 1080));
                var dueAt = new DateTimeOffset(due, VietnamTime.Offset);
                var end = received.AddDays(random.Next(0, 40)).AddMinutes(random.Next(0, 600));
                var status = statuses[random.Next(statuses.Length)];
                var (unit, channel) = (units[random.Next(units.Count)], (Channel)random.Next(1, 4));
                var kind = status is DossierStatus.ResultReady or DossierStatus.Returned && random.Next(5) == 0 ? ResultKind.Refused : ResultKind.Approved;
                var dossier = GeneratedDossiers.Stored($"BIEU06-{i:D5}", unit, new ProcedureRef(v.ProcedureCode, v.Version, v.Name, TimeLimit.Days(5)), channel,
                    "Người Thử Biểu", received, dueAt, status, end, kind);
                if (status is DossierStatus.WithdrawalRequested or DossierStatus.Stopped && random.Next(2) == 0)
                    GeneratedDossiers.Set(dossier, nameof(Dossier.WithdrawalReason), "Công dân xin rút");
                db.Dossiers.Add(dossier);
            }
            await db.SaveChangesAsync();
            // Processing moves dossiers on: open ones get their result (some after a supplement moved the due date), some stop.
            await db.Database.ExecuteSqlAsync($"""
                UPDATE dossiers SET original_due_at = original_due_at + interval '3 days' WHERE code LIKE 'BIEU06-%' AND id % 5 = 0 AND status IN (4, 5, 6);
                UPDATE dossiers SET status = 9, result_kind = 1, result_ready_at = received_at + interval '9 days 2 hours'
                WHERE code LIKE 'BIEU06-%' AND id % 3 = 0 AND status IN (2, 4, 5, 6);
                UPDATE dossiers SET status = 8, stopped_at = received_at + interval '4 days', withdrawal_reason = 'Công dân xin rút'
                WHERE code LIKE 'BIEU06-%' AND id % 7 = 0 AND status = 7;
                UPDATE dossiers SET status = 10 WHERE code LIKE 'BIEU06-%' AND id % 2 = 0 AND status = 9;
                """);
            generated = true;
        }
        finally
        {
            Generated.Release();
        }
    }

    private Task<List<Bieu06Dossier>> FactsAsync(string agencyCode) => FactsAsync(app, agencyCode);

    /// <summary>The dossiers received by <paramref name="agencyCode"/>'s units as Biểu 06's naive recount reads them, straight from PostgreSQL.</summary>
    internal static async Task<List<Bieu06Dossier>> FactsAsync(MotCuaApp app, string agencyCode)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var agency = await db.Agencies.SingleAsync(a => a.Code == agencyCode);
        var units = (await Bieu06Reports.UnitsAsync(db, agency.Id, default)).Select(u => u.Id).ToArray();
        var rows = await db.Database.SqlQuery<FactRow>($"""
            SELECT p.field AS "Field", d.channel AS "Channel", d.status AS "Status", d.received_at AS "ReceivedAt", d.original_due_at AS "OriginalDueAt",
                   d.result_ready_at AS "ResultReadyAt", d.result_kind AS "ResultKind", d.stopped_at AS "StoppedAt", d.withdrawal_reason IS NOT NULL AS "Withdrawn"
            FROM dossiers d JOIN procedures p ON p.code = d.procedure_code WHERE d.receiving_agency_id = ANY ({units})
            """).ToListAsync();
        return [.. rows.Select(r => new Bieu06Dossier(r.Field, (Channel)r.Channel, (DossierStatus)r.Status, r.ReceivedAt, r.OriginalDueAt, r.ResultReadyAt,
            (ResultKind?)r.ResultKind, r.StoppedAt, r.Withdrawn))];
    }

    public static TheoryData<string, string, string> Reports => new()
    {
        { DemoData.CentreCode, "2025-01-01", "2026-12-31" },
        { DemoData.CentreCode, "2025-03-15", "2025-06-14" },
        { DemoData.CentreCode, "2025-12-31", "2026-01-01" },
        { DemoData.CentreCode, "2026-02-28", "2026-02-28" },
        { DemoData.ThuanHoaCode, "2025-06-15", "2026-06-14" },
        { DemoData.PhuXuanCode, "2025-12-15", "2026-03-14" },
    };

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task The_JSON_from_the_counts_equals_a_recount_of_the_dossiers(string agency, string from, string to)
    {
        await GenerateAsync();
        var inspector = await app.OfficerAsync("thanhtra");
        var view = await inspector.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?agency={agency}&from={from}&to={to}", Json);
        var last = DateOnly.Parse(to, CultureInfo.InvariantCulture);
        var today = VietnamTime.DateOf(AfterTheData);
        Assert.Equal(last > today ? today : last, view!.To);
        var expected = Bieu06.Recount(DateOnly.Parse(from, CultureInfo.InvariantCulture), view.To, await FactsAsync(agency));
        output.WriteLine($"{agency} {from}–{view.To}: {view.Rows.Count} lĩnh vực, tổng {view.Total}");
        Assert.True(expected.Total.ReceivedTotal > 0, "Không có hồ sơ nào trong kỳ: phép so sánh vô nghĩa.");
        Assert.Equal(expected.Rows, view.Rows);
        Assert.Equal(expected.Total, view.Total);
    }

    [Fact]
    public async Task Every_number_opens_a_list_of_exactly_that_many_dossiers()
    {
        await GenerateAsync();
        var leader = await app.OfficerAsync("lanhdao.trungtam");
        const string query = "agency=" + DemoData.CentreCode + "&from=2025-09-15&to=2025-12-14";
        var view = (await leader.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?{query}", Json))!;
        var page = await leader.GetStringAsync($"/bao-cao/bieu-06?{query}");
        var checkedNumbers = 0;
        foreach (var row in view.Rows.Append(view.Total))
            foreach (var column in Bieu06.Columns)
            {
                var field = ReferenceEquals(row, view.Total) ? "" : "&field=" + Uri.EscapeDataString(row.Field);
                var link = $"/bao-cao/bieu-06/ho-so?{query}&column={Bieu06.ColumnNames[column]}{field}";
                Assert.Contains(WebUtility.HtmlEncode(link).Replace("&amp;", "&", StringComparison.Ordinal), WebUtility.HtmlDecode(page), StringComparison.Ordinal);
                var list = await leader.GetStringAsync(link);
                var count = long.Parse(BehindCount().Match(list).Groups[1].Value, CultureInfo.InvariantCulture);
                Assert.True(count == row[column], $"{row.Field} / {Bieu06.ColumnLabels[column]}: biểu {row[column]}, danh sách {count}");
                Assert.Equal(Math.Min(count, Bieu06Reports.PageSize), Regex.Matches(list, "<a href=\"/ho-so/BIEU06-").Count);
                checkedNumbers++;
            }
        output.WriteLine($"{checkedNumbers} số, mỗi số bằng số hồ sơ trong danh sách của nó");

        // Every dossier behind a number can be listed: the "Trang sau" links walk the whole list, each page new (fresh trial
        // trial16g: the page number was bound as "page", Razor Pages' route key, and every page showed the first 50).
        var received = view.Total[Bieu06Column.ReceivedTotal];
        Assert.True(received > Bieu06Reports.PageSize, $"{received} hồ sơ: không đủ để sang trang");
        var codes = new HashSet<string>();
        for (string? next = $"/bao-cao/bieu-06/ho-so?{query}&column={Bieu06.ColumnNames[Bieu06Column.ReceivedTotal]}"; next is not null;)
        {
            var list = await leader.GetStringAsync(next);
            foreach (Match code in Regex.Matches(list, "<a href=\"/ho-so/(BIEU06-[^\"]+)\""))
                Assert.True(codes.Add(code.Groups[1].Value), $"{code.Groups[1].Value} lặp lại ở {next}");
            var after = Regex.Match(list, "<a href=\"([^\"]+)\">Trang sau</a>");
            next = after.Success ? WebUtility.HtmlDecode(after.Groups[1].Value) : null;
        }
        Assert.Equal(received, codes.Count);
    }

    [GeneratedRegex("Page size:\\s+([\\d.]+) x ([\\d.]+)")]
    private static partial Regex PageSize();

    [GeneratedRegex("id=\"behind-count\">(\\d+) hồ sơ")]
    private static partial Regex BehindCount();

    [Fact]
    public async Task The_workbook_read_back_has_the_JSONs_numbers_in_number_cells_and_the_pdf_is_A4_landscape()
    {
        await GenerateAsync();
        var admin = await app.OfficerAsync("quantri");
        const string query = "agency=" + DemoData.CentreCode + "&period=nam-2025";
        var view = (await admin.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?{query}", Json))!;
        Assert.Equal((new DateOnly(2024, 12, 15), new DateOnly(2025, 12, 14)), (view.From, view.To));
        var xlsx = await admin.GetByteArrayAsync($"/api/v1/reports/bieu-06.xlsx?{query}");
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
        {
            var part = workbook.WorkbookPart!;
            var sheet = part.Workbook.Descendants<Sheet>().Single(s => s.Name == Bieu06Book.Sheet);
            var rows = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().Where(r => r.RowIndex! >= Bieu06Book.FirstDataRow).ToList();
            Assert.Equal(view.Rows.Count + 1, rows.Count);
            foreach (var (row, expected) in rows.Zip(view.Rows.Append(view.Total)))
            {
                var cells = row.Elements<Cell>().ToList();
                Assert.Equal(expected.Field, cells[1].InnerText);
                foreach (var (column, i) in Bieu06.Columns.Select((c, i) => (c, i)))
                {
                    Assert.Equal(CellValues.Number, cells[i + 2].DataType!.Value);
                    Assert.Equal(expected[column], long.Parse(cells[i + 2].CellValue!.Text, CultureInfo.InvariantCulture));
                }
            }
        }
        var pdf = await admin.GetAsync($"/api/v1/reports/bieu-06.pdf?{query}");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var path = Path.Combine(Path.GetTempPath(), $"bieu06-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, await pdf.Content.ReadAsByteArrayAsync());
        try
        {
            var size = PageSize().Match(MotCuaApp.Tool("pdfinfo", path));
            Assert.True(size.Success);
            Assert.Equal((842, 595), ((int)Math.Round(double.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture)),
                (int)Math.Round(double.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture))));
            var text = MotCuaApp.Tool("pdftotext", $"-layout {path} -");
            Assert.Contains(Bieu06Book.FormNumber, text, StringComparison.Ordinal);
            Assert.Contains(view.Total.ReceivedTotal.ToString(CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Twenty_concurrent_intakes_leave_the_counts_exact()
    {
        var api = app.ApiClient();
        var before = await app.ScalarAsync("SELECT coalesce(sum(n), 0) FROM bieu06_counts WHERE grain = 'd' AND measure IN (1, 3)");
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            api.SubmitAsync(Requests.Dossier(channel: i % 2 == 0 ? "direct" : "postal", idNumber: $"0460950{i:D5}"))));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var received = await app.ScalarAsync("SELECT count(*) FROM dossiers WHERE channel IN (1, 3) AND status NOT IN (1, 3) AND received_at IS NOT NULL");
        foreach (var grain in new[] { "d", "m", "y" })
            Assert.Equal(received, await app.ScalarAsync($"SELECT coalesce(sum(n), 0) FROM bieu06_counts WHERE grain = '{grain}' AND measure IN (1, 3)"));
        Assert.True(await app.ScalarAsync("SELECT coalesce(sum(n), 0) FROM bieu06_counts WHERE grain = 'd' AND measure IN (1, 3)") >= before + 20);
    }

    [Fact]
    public async Task Leaders_read_their_unit_the_inspector_and_administrator_any_others_nothing_and_bad_input_is_named()
    {
        // Its typed period lies before this clock; run without the class's other tests, the fixture's default clock put it
        // in the future (a 422).
        app.Clock.Now = AfterTheData;
        var commune = await app.OfficerAsync("lanhdao.thuanhoa");
        Assert.Equal(HttpStatusCode.OK, (await commune.GetAsync("/api/v1/reports/bieu-06")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await commune.GetAsync($"/api/v1/reports/bieu-06?agency={DemoData.CentreCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await commune.GetAsync($"/bao-cao/bieu-06?agency={DemoData.PhuXuanCode}")).StatusCode);
        var centre = await app.OfficerAsync("lanhdao.trungtam");
        var province = (await centre.GetFromJsonAsync<Bieu06View>("/api/v1/reports/bieu-06", Json))!;
        Assert.Contains(DemoData.ThuanHoaCode, province.UnitCodes);
        Assert.Contains(DemoData.PhuXuanCode, province.UnitCodes);
        Assert.Equal(HttpStatusCode.OK, (await centre.GetAsync($"/api/v1/reports/bieu-06?agency={DemoData.ThuanHoaCode}")).StatusCode);
        foreach (var other in new[] { "tiepnhan.thuanhoa", "chuyenvien.tuphap", "ketoan.trungtam" })
        {
            var client = await app.OfficerAsync(other);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/reports/bieu-06")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/bao-cao/bieu-06")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ApiClient().GetAsync("/api/v1/reports/bieu-06")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/reports/bieu-06")).StatusCode);
        var inspector = await app.OfficerAsync("thanhtra");
        foreach (var (query, field) in new[]
        {
            ("agency=KHONG.CO", "agency"), ("from=31/02/2026&to=01/03/2026", "from"), ("from=2026-01-01&to=hôm nay", "to"),
            ("from=2026-02-01&to=2026-01-01", "to"), ("period=quy-5-2026", "period"),
            ("from=2027-01-01&to=2027-03-01", "from"), ("period=quy-1-2027", "period"),
        })
        {
            var answer = await inspector.GetAsync($"/api/v1/reports/bieu-06?{query}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
            var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
        }
        var page = await inspector.GetAsync("/bao-cao/bieu-06?from=31/02/2026&to=01/03/2026");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        Assert.Contains("Ngày đầu kỳ \"31/02/2026\" không phải là ngày có thật: tháng 2 năm 2026 chỉ có 28 ngày.", System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var typed = await inspector.GetStringAsync("/bao-cao/bieu-06?from=15/12/2025&to=14/03/2026");
        Assert.Contains("Từ ngày 15/12/2025 đến ngày 14/03/2026", typed, StringComparison.Ordinal);
    }
}
