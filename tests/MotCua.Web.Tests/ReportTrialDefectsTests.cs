using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Documents;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Reports;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Reminders;
using MotCua.Web.Features.Reports;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 15's fresh trial of the reports (docs/REPORTS.md "Trial defects"), each at its cause, over real HTTP on PostgreSQL:
/// department heads read their unit's reports and list only what their department held; a system granted a unit reads its
/// reports, others not; the workbook is formatted with number cells; a heading names the period once; a day that does not
/// exist is told so; the 766 page refuses a future month as the API does; the province's Biểu 06 has a line per unit adding
/// up to the total; the dashboard names who holds a commune dossier and who was told.
/// </summary>
public sealed class ReportTrialDefectsTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly HashSet<string> Generated = [];
    private const string Query = "from=2025-11-01&to=2025-11-17";

    // Twelve dossiers at the three receiving units, four each, received by the desk now (17/11/2025).
    private async Task GenerateAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (!Generated.Add(app.ConnectionString)) return;
            var api = app.ApiClient();
            foreach (var (agency, n) in new[] { DemoData.ThuanHoaCode, DemoData.PhuXuanCode, DemoData.CentreCode }.SelectMany(a => Enumerable.Range(0, 4).Select(n => (a, n))))
            {
                var response = await api.SubmitAsync(Requests.Dossier(agencyCode: agency, channel: n % 2 == 0 ? "direct" : "postal",
                    procedureCode: agency == DemoData.CentreCode ? "1.004837" : "1.001193", idNumber: $"04609{n}{agency.Length:D2}0001"));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
        }
        finally
        {
            Once.Release();
        }
    }

    [Fact]
    public async Task A_department_head_reads_their_units_reports_and_lists_only_what_their_department_held()
    {
        await GenerateAsync();
        // Sở Tư pháp receives no dossier: its head's unit is the centre it works in (the province's roll-up), and so is its
        // leader's (trial 15s MEDIUM 1: the Giám đốc Sở read only zeros while his department head read the province).
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The demo history's Giám đốc Sở (the tests' seed has the Sở's department only).
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            if (!await db.Users.AnyAsync(u => u.UserName == "lanhdao.tuphap"))
            {
                var user = new User
                {
                    UserName = "lanhdao.tuphap", FullName = "Lê Thị Minh Nguyệt", Role = Roles.Leader, PasswordHash = "", CreatedAt = app.Clock.Now,
                    AgencyId = await db.Users.Where(u => u.UserName == "truongphong.tuphap").Select(u => u.AgencyId).SingleAsync(),
                };
                user.PasswordHash = Passwords.Hash(user, DemoData.Password);
                db.Users.Add(user);
                await db.SaveChangesAsync();
            }
        }
        foreach (var officer in new[] { "truongphong.tuphap", "lanhdao.tuphap" })
        {
            var head = await app.OfficerAsync(officer);
            var view = (await head.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?{Query}", Json))!;
            Assert.Equal(DemoData.CentreCode, view.AgencyCode);
            Assert.True(view.Total.ReceivedTotal > 0, officer);
            foreach (var path in new[] { "/bao-cao", $"/bao-cao/bieu-06?{Query}", "/bao-cao/chi-so-766", "/bao-cao/tong-quan", "/bao-cao/thoi-gian-buoc",
                         "/api/v1/reports/index-766", "/api/v1/reports/dashboard", "/api/v1/reports/steps", $"/api/v1/reports/bieu-06.xlsx?{Query}" })
                Assert.True((await head.GetAsync(path)).StatusCode == HttpStatusCode.OK, $"{officer} {path}");
            // The figure is the unit's; the list behind it only the dossiers Sở Tư pháp held.
            var held = await app.ScalarAsync($"""
                SELECT count(*) FROM dossiers d WHERE (SELECT agency_id FROM users WHERE user_name = '{officer}') = ANY (d.held_by_agency_ids)
                  AND d.status NOT IN (1, 3) AND d.received_at < '2025-11-18T00:00:00+07:00'
                  AND NOT (d.status IN (8, 9, 10) AND coalesce(d.result_ready_at, d.stopped_at) < '2025-11-01T00:00:00+07:00')
                """);
            var list = await head.GetStringAsync($"/bao-cao/bieu-06/ho-so?agency={DemoData.CentreCode}&{Query}&column=received");
            Assert.Contains($"id=\"behind-count\">{view.Total.ReceivedTotal} hồ sơ", list, StringComparison.Ordinal);
            Assert.Equal(held, (long)System.Text.RegularExpressions.Regex.Matches(list, "href=\"/ho-so/").Count);
            if (held != view.Total.ReceivedTotal) Assert.Contains("id=\"behind-listed\"", list, StringComparison.Ordinal);
            // Second trial: a Sở that held none of them is told so by name, not shown a bare empty list.
            if (held == 0 && view.Total.ReceivedTotal > 0) Assert.Contains("Sở Tư pháp chưa xử lý hồ sơ nào", list, StringComparison.Ordinal);
            else if (held > 0) Assert.Contains("hồ sơ Sở Tư pháp đã xử lý", list, StringComparison.Ordinal);
        }

        // A commune's department head: their commune, not the centre nor another commune.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            if (!await db.Users.AnyAsync(u => u.UserName == "truongphong.thuanhoa"))
            {
                var user = new User
                {
                    UserName = "truongphong.thuanhoa", FullName = "Trần Văn Phòng", Role = Roles.DepartmentHead, PasswordHash = "", CreatedAt = app.Clock.Now,
                    AgencyId = await db.Agencies.Where(a => a.Code == DemoData.ThuanHoaCode).Select(a => a.Id).SingleAsync(),
                };
                user.PasswordHash = Passwords.Hash(user, DemoData.Password);
                db.Users.Add(user);
                await db.SaveChangesAsync();
            }
        }
        var communeHead = await app.OfficerAsync("truongphong.thuanhoa");
        Assert.Equal(DemoData.ThuanHoaCode, (await communeHead.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?{Query}", Json))!.AgencyCode);
        foreach (var other in new[] { DemoData.CentreCode, DemoData.PhuXuanCode })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await communeHead.GetAsync($"/api/v1/reports/bieu-06?agency={other}&{Query}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await communeHead.GetAsync($"/api/v1/reports/index-766?agency={other}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await communeHead.GetAsync($"/bao-cao/tong-quan?agency={other}")).StatusCode);
        }
        Assert.Equal(DemoData.ThuanHoaCode, (await communeHead.GetFromJsonAsync<JsonElement>("/api/v1/reports/index-766")).GetProperty("agency").GetString());
    }

    [Fact]
    public async Task A_system_granted_a_unit_reads_its_reports_over_http_and_no_other()
    {
        await GenerateAsync();
        async Task<HttpClient> SystemAsync(string key, string? unitCode)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var hash = ApiKeyHandler.Hash(key);
            if (!await db.ApiClients.AnyAsync(c => c.KeySha256 == hash))
            {
                db.ApiClients.Add(new ApiClient
                {
                    Name = $"Hệ thống báo cáo {unitCode ?? "không cấp"}", KeySha256 = hash, CreatedAt = app.Clock.Now,
                    ReportAgencyId = unitCode is null ? null : await db.Agencies.Where(a => a.Code == unitCode).Select(a => a.Id).SingleAsync(),
                });
                await db.SaveChangesAsync();
            }
            var client = app.SessionClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            return client;
        }
        var province = await SystemAsync("he-thong-bao-cao-tinh", DemoData.CentreCode);
        var view = (await province.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?{Query}", Json))!;
        Assert.Equal(DemoData.CentreCode, view.AgencyCode);
        Assert.True(view.Total.ReceivedTotal >= 12);
        var inspector = await app.OfficerAsync("thanhtra");
        Assert.Equal(JsonSerializer.Serialize(view.Total), JsonSerializer.Serialize((await inspector.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?agency={DemoData.CentreCode}&{Query}", Json))!.Total));
        var xlsx = await province.GetAsync($"/api/v1/reports/bieu-06.xlsx?{Query}");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var index = await province.GetFromJsonAsync<JsonElement>("/api/v1/reports/index-766");
        Assert.Equal("Toàn tỉnh", index.GetProperty("scope").GetString());
        Assert.Equal(HttpStatusCode.OK, (await province.GetAsync($"/api/v1/reports/index-766?agency={DemoData.PhuXuanCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await province.GetAsync("/api/v1/reports/dashboard")).StatusCode);

        var commune = await SystemAsync("he-thong-bao-cao-thuan-hoa", DemoData.ThuanHoaCode);
        Assert.Equal(DemoData.ThuanHoaCode, (await commune.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?{Query}", Json))!.AgencyCode);
        var refused = await commune.GetAsync($"/api/v1/reports/bieu-06?agency={DemoData.PhuXuanCode}&{Query}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        // A system without a grant (the portal submitting dossiers) reads none, and no page is a system's.
        var portal = await SystemAsync(DemoData.ApiKey, null);
        foreach (var path in new[] { "/api/v1/reports/bieu-06", "/api/v1/reports/index-766", "/api/v1/reports/dashboard" })
            Assert.Equal(HttpStatusCode.Forbidden, (await portal.GetAsync(path)).StatusCode);

        // Second trial: the administrator grants and revokes on /quan-tri/he-thong, audited; nobody else may.
        var admin = await app.OfficerAsync("quantri");
        var listing = await admin.GetStringAsync("/quan-tri/he-thong");
        Assert.Contains("Cổng Dịch vụ công quốc gia (demo)", WebUtility.HtmlDecode(listing), StringComparison.Ordinal);
        Assert.Contains($"Hệ thống báo cáo {DemoData.ThuanHoaCode}", WebUtility.HtmlDecode(listing), StringComparison.Ordinal);
        var portalId = (await app.ScalarAsync($"SELECT id FROM api_clients WHERE key_sha256 = '{ApiKeyHandler.Hash(DemoData.ApiKey)}'")).ToString(CultureInfo.InvariantCulture);
        async Task<HttpResponseMessage> GrantAsync(HttpClient who, string code)
        {
            var form = new Dictionary<string, string> { ["clientId"] = portalId, ["agencyCode"] = code, ["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(listing) };
            return await who.PostAsync("/quan-tri/he-thong", new FormUrlEncodedContent(form));
        }
        var audited = await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE subject = 'api-client:{portalId}'");
        // An unknown unit and a unit that receives no dossier (a Sở): the message beside the field, nothing written.
        foreach (var (code, message) in new[] { ("KHONG.CO", "Không có đơn vị mã \"KHONG.CO\"."), ("000.00.02.H46", "Sở Tư pháp không tiếp nhận hồ sơ") })
        {
            var wrong = await GrantAsync(admin, code);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains(message, WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        Assert.Equal(audited, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE subject = 'api-client:{portalId}'"));
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM api_clients WHERE id = {portalId} AND report_agency_id IS NOT NULL"));
        // Another role is refused and changes nothing.
        var leader = await app.OfficerAsync("lanhdao.thuanhoa");
        var notAdmin = await GrantAsync(leader, DemoData.PhuXuanCode);
        Assert.True(notAdmin.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{notAdmin.StatusCode}");
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM api_clients WHERE id = {portalId} AND report_agency_id IS NOT NULL"));
        // Granted Phú Xuân: the portal reads Phú Xuân's report at its next call (this instance drops the cached key).
        var granted = await GrantAsync(admin, DemoData.PhuXuanCode);
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        Assert.Equal(DemoData.PhuXuanCode, (await portal.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?{Query}", Json))!.AgencyCode);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE subject = 'api-client:{portalId}' AND action = 'api-client.report-grant' AND details->>'after' = '{DemoData.PhuXuanCode}'"));
        Assert.Contains("Trung tâm Phục vụ hành chính công phường Phú Xuân", WebUtility.HtmlDecode(await admin.GetStringAsync($"/quan-tri/he-thong?daluu={portalId}")), StringComparison.Ordinal);
        // Revoked: 403 again, audited.
        Assert.Equal(HttpStatusCode.Redirect, (await GrantAsync(admin, "")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.GetAsync("/api/v1/reports/bieu-06")).StatusCode);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE subject = 'api-client:{portalId}' AND action = 'api-client.report-revoke' AND details->>'before' = '{DemoData.PhuXuanCode}'"));
    }

    [Fact]
    public async Task The_workbook_has_bold_bordered_wrapped_headings_widths_a_frozen_header_and_number_cells_read_back()
    {
        await GenerateAsync();
        var inspector = await app.OfficerAsync("thanhtra");
        var view = (await inspector.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?agency={DemoData.CentreCode}&{Query}", Json))!;
        var bytes = await inspector.GetByteArrayAsync($"/api/v1/reports/bieu-06.xlsx?agency={DemoData.CentreCode}&{Query}");
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var styles = workbook.WorkbookStylesPart!.Stylesheet;
        var formats = styles.CellFormats!.Elements<CellFormat>().ToList();
        var fonts = styles.Fonts!.Elements<Font>().ToList();
        var borders = styles.Borders!.Elements<Border>().ToList();
        var sheet = (WorksheetPart)workbook.GetPartById(workbook.Workbook.Descendants<Sheet>().Single(s => s.Name == Bieu06Book.Sheet).Id!);
        var rows = sheet.Worksheet.Descendants<Row>().ToDictionary(r => r.RowIndex!.Value);
        CellFormat Format(Cell c) => formats[(int)(c.StyleIndex?.Value ?? 0)];
        bool Bold(Cell c) => fonts[(int)Format(c).FontId!.Value].Bold is not null;
        bool Bordered(Cell c) => borders[(int)Format(c).BorderId!.Value] is { } b
            && new BorderPropertiesType?[] { b.LeftBorder, b.RightBorder, b.TopBorder, b.BottomBorder }.All(e => e?.Style?.Value == BorderStyleValues.Thin);

        // Headings: bold, bordered, wrapped.
        foreach (var row in new uint[] { 6, 7, 8 })
            foreach (var cell in rows[row].Elements<Cell>())
                Assert.True(Bold(cell) && Bordered(cell) && Format(cell).Alignment?.WrapText?.Value == true, $"{cell.CellReference} không đậm, có viền, xuống dòng");
        Assert.True(Bold(rows[1].Elements<Cell>().First()) && Bold(rows[3].Elements<Cell>().First()));
        // Body: STT and every count a number cell "#,##0" with borders; the field text; the total in bold.
        var body = rows.Where(r => r.Key >= Bieu06Book.FirstDataRow).OrderBy(r => r.Key).Select(r => r.Value.Elements<Cell>().ToList()).ToList();
        Assert.Equal(view.Rows.Count + 1, body.Count);
        foreach (var (cells, i) in body.Select((c, i) => (c, i)))
        {
            var total = i == body.Count - 1;
            if (!total)
            {
                Assert.Equal(CellValues.Number, cells[0].DataType!.Value);
                Assert.Equal(i + 1, int.Parse(cells[0].CellValue!.Text, CultureInfo.InvariantCulture));
            }
            Assert.Equal(total ? Bieu06.TotalLabel : view.Rows[i].Field, cells[1].InnerText);
            var expected = total ? view.Total : view.Rows[i];
            foreach (var (column, c) in Bieu06.Columns.Select((column, c) => (column, c)))
            {
                var cell = cells[c + 2];
                Assert.Equal(CellValues.Number, cell.DataType!.Value);
                Assert.Equal(expected[column], long.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture));
                Assert.Equal(3u, Format(cell).NumberFormatId!.Value);
                Assert.True(Bordered(cell));
                Assert.Equal(total, Bold(cell));
            }
        }
        // Widths for every column, the heading rows and the two first columns frozen, A4 landscape.
        var widths = sheet.Worksheet.GetFirstChild<Columns>()!.Elements<Column>().ToList();
        Assert.Equal(Bieu06.Columns.Count + 2, (int)widths.Max(c => c.Max!.Value));
        Assert.All(widths, c => Assert.True(c.CustomWidth!.Value && c.Width!.Value >= 6));
        var pane = sheet.Worksheet.Descendants<Pane>().Single();
        Assert.Equal((PaneStateValues.Frozen, Bieu06Book.FirstDataRow - 1.0, 2.0, $"C{Bieu06Book.FirstDataRow}"),
            (pane.State!.Value, pane.VerticalSplit!.Value, pane.HorizontalSplit!.Value, pane.TopLeftCell!.Value));
        Assert.Equal(OrientationValues.Landscape, sheet.Worksheet.Descendants<PageSetup>().Single().Orientation!.Value);
    }

    [Fact]
    public async Task A_heading_names_the_period_once_and_a_day_that_does_not_exist_is_told_so()
    {
        await GenerateAsync();
        var inspector = await app.OfficerAsync("thanhtra");
        var typed = WebUtility.HtmlDecode(await inspector.GetStringAsync("/bao-cao/bieu-06?from=01/11/2025&to=17/11/2025"));
        var heading = System.Text.RegularExpressions.Regex.Match(typed, "<h2 id=\"bieu06-heading\">(.*?)</h2>").Groups[1].Value;
        Assert.EndsWith("Từ ngày 01/11/2025 đến ngày 17/11/2025", heading, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(heading, "01/11/2025"));
        var named = WebUtility.HtmlDecode(await inspector.GetStringAsync("/bao-cao/bieu-06?period=quy-4-2025"));
        heading = System.Text.RegularExpressions.Regex.Match(named, "<h2 id=\"bieu06-heading\">(.*?)</h2>").Groups[1].Value;
        // The quarter is not over on 17/11/2025: reported up to today, each date once.
        Assert.EndsWith("Quý IV năm 2025, kỳ chưa kết thúc (từ ngày 15/09/2025 đến ngày 17/11/2025)", heading, StringComparison.Ordinal);
        Assert.Equal("Quý IV năm 2025 (từ ngày 15/09/2025 đến ngày 14/12/2025)", Bieu06Period.Quarter(2025, 4).Heading);

        foreach (var (query, field, message) in new[]
        {
            ("from=31/11/2025&to=17/11/2025", "from", "Ngày đầu kỳ \"31/11/2025\" không phải là ngày có thật: tháng 11 năm 2025 chỉ có 30 ngày."),
            ("from=01/11/2025&to=29/02/2025", "to", "Ngày cuối kỳ \"29/02/2025\" không phải là ngày có thật: tháng 2 năm 2025 chỉ có 28 ngày."),
            ("from=01/13/2025&to=17/11/2025", "from", "Ngày đầu kỳ \"01/13/2025\" không phải là ngày có thật: không có tháng 13."),
            ("from=1-11-2025&to=17/11/2025", "from", "Ngày đầu kỳ phải có dạng dd/MM/yyyy (hoặc yyyy-MM-dd)."),
        })
        {
            foreach (var api in new[] { "/api/v1/reports/bieu-06", "/api/v1/reports/dashboard" })
            {
                var answer = await inspector.GetAsync($"{api}?{query}");
                Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
                var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
            }
            var page = await inspector.GetAsync($"/bao-cao/bieu-06?{query}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
            Assert.Contains(message, WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_766_page_refuses_a_future_month_as_the_api_does()
    {
        var inspector = await app.OfficerAsync("thanhtra");
        foreach (var month in new[] { "2025-12", "2099-01", "2025-13" })
        {
            var api = await inspector.GetAsync($"/api/v1/reports/index-766?month={month}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, api.StatusCode);
            var message = (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("month")[0].GetString()!;
            foreach (var path in new[] { $"/bao-cao/chi-so-766?month={month}", $"/bao-cao/chi-so-766/ho-so?month={month}&indicator=2.1&input=resolvedDossiers" })
            {
                var page = await inspector.GetAsync(path);
                Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
                Assert.Contains(message, WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await inspector.GetAsync("/bao-cao/chi-so-766?month=2025-11")).StatusCode);
    }

    [Fact]
    public async Task The_766_index_month_by_month_is_each_months_index_on_the_api_and_the_page()
    {
        await GenerateAsync();
        var inspector = await app.OfficerAsync("thanhtra");
        var series = await inspector.GetFromJsonAsync<JsonElement>($"/api/v1/reports/index-766?agency={DemoData.ThuanHoaCode}&from=2025-09&to=2025-11");
        Assert.Equal(("2025-09", "2025-11"), (series.GetProperty("from").GetString(), series.GetProperty("to").GetString()));
        var months = series.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(["2025-09", "2025-10", "2025-11"], months.Select(m => m.GetProperty("month").GetString()));
        foreach (var month in months)
        {
            var one = await inspector.GetFromJsonAsync<JsonElement>($"/api/v1/reports/index-766?agency={DemoData.ThuanHoaCode}&month={month.GetProperty("month").GetString()}");
            Assert.Equal(one.GetProperty("points").GetDecimal(), month.GetProperty("points").GetDecimal());
            Assert.Equal(one.GetProperty("groups").ToString(), month.GetProperty("groups").ToString());
        }
        Assert.True(months[^1].GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("indicators").EnumerateArray())
            .Any(i => i.GetProperty("denominator").ValueKind == JsonValueKind.Object && i.GetProperty("denominator").GetProperty("count").ValueKind == JsonValueKind.Number
                && i.GetProperty("denominator").GetProperty("count").GetInt64() > 0), "tháng 11/2025 phải có hồ sơ");
        // The year to date by default; month= still answers one month.
        var ytd = await inspector.GetFromJsonAsync<JsonElement>($"/api/v1/reports/index-766?agency={DemoData.ThuanHoaCode}&to=2025-11");
        Assert.Equal(11, ytd.GetProperty("months").GetArrayLength());
        // Second trial: a month without dossiers has no total (the catalogue indicators alone read 94.7), and says so.
        foreach (var m in ytd.GetProperty("months").EnumerateArray())
        {
            var received = m.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("indicators").EnumerateArray())
                .Single(i => i.GetProperty("id").GetString() == "3.2").GetProperty("denominator").GetProperty("count").GetInt64();
            if (received > 0 || !m.GetProperty("noDossiers").GetBoolean()) continue;
            Assert.Equal(JsonValueKind.Null, m.GetProperty("percent").ValueKind);
            Assert.StartsWith("Không có hồ sơ trong tháng", m.GetProperty("total").GetString(), StringComparison.Ordinal);
        }
        Assert.True(ytd.GetProperty("months")[0].GetProperty("noDossiers").GetBoolean(), "tháng 01/2025 không có hồ sơ");
        foreach (var (query, field) in new[] { ("from=2025-11&to=2025-09", "to"), ("from=2025-01&to=2025-12", "to"), ("from=2022-01&to=2025-11", "from"), ("month=2025-11&from=2025-01", "month"), ("from=2025-1", "from") })
        {
            var answer = await inspector.GetAsync($"/api/v1/reports/index-766?{query}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
            Assert.True((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), query);
        }
        var page = await inspector.GetStringAsync($"/bao-cao/chi-so-766?agency={DemoData.ThuanHoaCode}&month=2025-11&from=2025-09&to=2025-11");
        Assert.Contains("id=\"index766-series\"", page, StringComparison.Ordinal);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(page, "<tr data-month=").Count);
        // Month labels in Vietnamese order on the page (the API keeps yyyy-MM).
        Assert.Contains(">09/2025</a>", page, StringComparison.Ordinal);
        Assert.Contains("09/2025 đến 11/2025", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">2025-09<", page, StringComparison.Ordinal);
        Assert.Contains("không có hồ sơ", page, StringComparison.Ordinal);
        var empty = await inspector.GetStringAsync($"/bao-cao/chi-so-766?agency={DemoData.ThuanHoaCode}&month=2025-09");
        Assert.Contains("id=\"no-dossiers\"", empty, StringComparison.Ordinal);
        Assert.Contains("id=\"series-link\"", page, StringComparison.Ordinal);
        // OpenAPI states the series' parameters.
        var openApi = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var get = openApi.GetProperty("paths").EnumerateObject().Single(p => p.Name.TrimEnd('/') == "/api/v1/reports/index-766").Value.GetProperty("get");
        Assert.Superset(new HashSet<string> { "agency", "month", "from", "to" },
            get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToHashSet());
    }

    [Fact]
    public async Task The_provinces_report_has_a_line_per_unit_adding_up_to_the_total_each_its_own_report()
    {
        await GenerateAsync();
        var inspector = await app.OfficerAsync("thanhtra");
        var province = (await inspector.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?agency={DemoData.CentreCode}&{Query}", Json))!;
        Assert.Contains(province.PerUnit, u => u.AgencyCode == DemoData.ThuanHoaCode);
        Assert.Contains(province.PerUnit, u => u.AgencyCode == DemoData.PhuXuanCode);
        Assert.Contains(province.PerUnit, u => u.AgencyCode == DemoData.CentreCode);
        foreach (var column in Bieu06.Columns)
            Assert.Equal(province.Total[column], province.PerUnit.Sum(u => u.Total[column]));
        foreach (var line in province.PerUnit)
        {
            Assert.Empty(Bieu06.IdentityProblems(line.Total));
            var own = await app.ScalarAsync($"""
                SELECT count(*) FROM dossiers d JOIN agencies a ON a.id = d.receiving_agency_id
                WHERE a.code = '{line.AgencyCode}' AND d.status NOT IN (1, 3) AND d.received_at < '2025-11-18T00:00:00+07:00'
                  AND NOT (d.status IN (8, 9, 10) AND coalesce(d.result_ready_at, d.stopped_at) < '2025-11-01T00:00:00+07:00')
                """);
            Assert.Equal(own, line.Total.ReceivedTotal);
            if (line.AgencyCode == DemoData.CentreCode) continue;
            // A commune's line is its own report's total.
            var alone = (await inspector.GetFromJsonAsync<Bieu06View>($"/api/v1/reports/bieu-06?agency={line.AgencyCode}&{Query}", Json))!;
            Assert.Equal(JsonSerializer.Serialize(alone.Total with { Field = line.AgencyName }), JsonSerializer.Serialize(line.Total));
            Assert.Empty(alone.PerUnit);
        }
        var page = WebUtility.HtmlDecode(await inspector.GetStringAsync($"/bao-cao/bieu-06?agency={DemoData.CentreCode}&{Query}"));
        Assert.Contains("id=\"bieu06-units\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/bao-cao/bieu-06?agency={DemoData.ThuanHoaCode}&from=2025-11-01&to=2025-11-17\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/bao-cao/bieu-06?agency={DemoData.CentreCode}&from", page, StringComparison.Ordinal);

        // Second trial: every number of a unit's line opens that unit's own dossiers, exactly that many.
        foreach (var line in province.PerUnit)
            foreach (var column in Bieu06.Columns)
            {
                var href = $"/bao-cao/bieu-06/ho-so?agency={line.AgencyCode}&from=2025-11-01&to=2025-11-17&column={Bieu06.ColumnNames[column]}&rieng=1";
                Assert.Contains($"href=\"{href}\"", page, StringComparison.Ordinal);
                if (line.Total[column] == 0 && column != Bieu06Column.ReceivedTotal) continue;
                var list = await inspector.GetStringAsync(href);
                Assert.Contains($"id=\"behind-count\">{line.Total[column]} hồ sơ", list, StringComparison.Ordinal);
                Assert.Equal(Math.Min(line.Total[column], Bieu06Reports.PageSize), System.Text.RegularExpressions.Regex.Matches(list, "href=\"/ho-so/").Count);
            }

        // The per-unit lines in the workbook (a second sheet, number cells equal to the JSON) and in the PDF.
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(await inspector.GetByteArrayAsync($"/api/v1/reports/bieu-06.xlsx?agency={DemoData.CentreCode}&{Query}")), false))
        {
            var part = workbook.WorkbookPart!;
            var sheet = (WorksheetPart)part.GetPartById(part.Workbook.Descendants<Sheet>().Single(s => s.Name == Bieu06Book.UnitsSheet).Id!);
            var body = sheet.Worksheet.Descendants<Row>().Where(r => r.RowIndex! >= Bieu06Book.FirstDataRow).OrderBy(r => r.RowIndex!.Value)
                .Select(r => r.Elements<Cell>().ToList()).ToList();
            Assert.Equal(province.PerUnit.Count + 1, body.Count);
            foreach (var (cells, line) in body.Zip(province.PerUnit.Select(u => u.Total).Append(province.Total)))
            {
                Assert.Equal(line.Field, cells[1].InnerText);
                foreach (var (column, i) in Bieu06.Columns.Select((c, i) => (c, i)))
                {
                    Assert.Equal(CellValues.Number, cells[i + 2].DataType!.Value);
                    Assert.Equal(line[column], long.Parse(cells[i + 2].CellValue!.Text, CultureInfo.InvariantCulture));
                }
            }
        }
        var pdf = Path.Combine(MotCuaApp.RepoRoot(), "artifacts", "forms");
        Directory.CreateDirectory(pdf);
        pdf = Path.Combine(pdf, "bieu-06-province-units.pdf");
        await File.WriteAllBytesAsync(pdf, await inspector.GetByteArrayAsync($"/api/v1/reports/bieu-06.pdf?agency={DemoData.CentreCode}&{Query}"));
        var text = System.Text.RegularExpressions.Regex.Replace(MotCuaApp.Tool("pdftotext", $"-enc UTF-8 {pdf} -"), @"\s+", " ");
        Assert.Contains("Theo đơn vị", text, StringComparison.Ordinal);
        Assert.Contains("Phú Xuân", text, StringComparison.Ordinal);
    }

    // Its own app: the clock moves. A commune dossier transferred to its officer's step, nobody assigned: overdue, the
    // dashboard names the commune's officers at that step, not "Chưa phân công"; the commune has no department head, so the
    // reminders tell only its leader, and the dashboard says exactly that.
    [Fact]
    public async Task The_dashboard_names_who_holds_a_commune_dossier_and_who_was_actually_told()
    {
        using var own = new MotCuaApp();
        own.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
        var submitted = await own.ApiClient().SubmitAsync(Requests.Dossier(agencyCode: DemoData.ThuanHoaCode, fullName: "Lê Văn Giữ"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        own.Clock.Now = own.Clock.Now.AddMinutes(5);
        var transfer = await (await own.OfficerAsync("tiepnhan.thuanhoa")).PostAsJsonAsync($"/api/v1/dossiers/{code}/transfer", new { });
        Assert.True(transfer.IsSuccessStatusCode, await transfer.Content.ReadAsStringAsync());
        string expected;
        DateTimeOffset stepDue, originalDue;
        WorkingCalendar calendar;
        await using (var scope = own.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var dossier = await db.Dossiers.AsNoTracking().SingleAsync(d => d.Code == code);
            Assert.Null(dossier.AssigneeName);
            (stepDue, originalDue) = (dossier.CurrentStepDueAt!.Value, dossier.OriginalDueAt!.Value);
            var roles = MotCua.Domain.Messages.OfficerReminderRules.Handlers(dossier.CurrentStepKind!.Value)
                .Select(h => MotCua.Domain.Administration.AccountRules.Roles.First(r => r.Value == h.Role).Key).ToList();
            expected = string.Join(", ", await db.Users.Where(u => u.AgencyId == dossier.CurrentAgencyId && roles.Contains(u.Role))
                .OrderBy(u => u.FullName).Select(u => u.FullName).ToListAsync());
            calendar = await scope.ServiceProvider.GetRequiredService<CalendarStore>().ForAsync(await db.Agencies.AsNoTracking().SingleAsync(a => a.Code == DemoData.ThuanHoaCode));
        }
        Assert.Contains("Lê Thị Thu Hà", expected, StringComparison.Ordinal);
        var toLeader = calendar.AddWorkingTime(stepDue, calendar.WorkingTimeOf(TimeLimit.Days(2))).AddMinutes(1);
        own.Clock.Now = toLeader > originalDue ? toLeader : originalDue.AddMinutes(1);
        await using (var scope = own.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<OfficerReminders>().ScanAsync(CancellationToken.None);
        var leader = await own.OfficerAsync("lanhdao.thuanhoa");
        var listed = Assert.Single((await leader.GetFromJsonAsync<DashboardView>("/api/v1/reports/dashboard", Json))!.Overdue.Dossiers, d => d.Code == code);
        Assert.Equal(expected, listed.Officer);
        var told = Assert.Single(listed.Notified);
        Assert.Equal(("leader", "Võ Quốc Việt", "leader"), (told.Level, told.Name, listed.Escalated));
        var page = WebUtility.HtmlDecode(await leader.GetStringAsync("/bao-cao/tong-quan"));
        var row = System.Text.RegularExpressions.Regex.Match(page, $"<tr><th scope=\"row\"><a class=\"code\" href=\"/ho-so/{code}\">.*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Contains(expected, row, StringComparison.Ordinal);
        Assert.Contains("Lãnh đạo: Võ Quốc Việt", row, StringComparison.Ordinal);
        Assert.DoesNotContain("Trưởng phòng", row, StringComparison.Ordinal);
        Assert.DoesNotContain("Chưa phân công", row, StringComparison.Ordinal);
    }
}
