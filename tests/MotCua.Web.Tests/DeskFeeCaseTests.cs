using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 14: a fee published by case is chosen at the desk. The demo's sample catalogue has no procedure whose fee is by
/// case, so the test imports every procedure of the national catalogue whose direct channel's fee the Domain reads as by
/// case, adopts each at the provincial centre, and receives one dossier per case through the desk page as the officer
/// posts it; over real HTTP and PostgreSQL.
/// </summary>
public class DeskFeeCaseTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly Lazy<List<(string Line, ProcedureSpec Spec, FeeRules Rules)>> ByCase = new(() =>
        [.. CatalogFile.Lines.Where(l => l.Length > 0).Select(l => (Line: l, NationalCatalogParser.ParseLine(l).Spec))
            .Select(x => (x.Line, x.Spec, Rules: x.Spec.Channels.FirstOrDefault(c => c.Channel == Channel.Direct) is { } direct ? FeeTextReader.Read(x.Spec, direct) : null))
            .Where(x => x.Rules is { ByCase: true })
            .Select(x => (x.Line, x.Spec, x.Rules!))]);

    private async Task AdoptAtTheCentreAsync()
    {
        if (await app.ScalarAsync($"SELECT count(*) FROM agency_procedures WHERE procedure_code = '{ByCase.Value[0].Spec.Code}'") > 0) return;
        var importer = new CatalogImporter(app.Services.GetRequiredService<Database>().ConnectionString, app.Clock);
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', ByCase.Value.Select(p => p.Line)) + "\n"));
        await importer.ImportAsync(file, "by-case.jsonl", null, null, CancellationToken.None);
        foreach (var (_, spec, _) in ByCase.Value)
            await app.ScalarAsync($"""
                INSERT INTO agency_procedures (agency_id, procedure_code) SELECT id, '{spec.Code}' FROM agencies WHERE code = '{DemoData.CentreCode}'
                ON CONFLICT DO NOTHING RETURNING 1
                """);
    }

    private static List<KeyValuePair<string, string>> DeskForm(string html, string code, string idNumber, string? feeCase)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", MotCuaApp.AntiforgeryToken(html)), new("thutuc", code), new("decision", "receive"), new("ReceiveIncomplete", "true"),
            new("IdempotencyKey", Guid.NewGuid().ToString("N")),
            new("ApplicantKind", "individual"), new("FullName", "Hoàng Văn Phúc"), new("IdNumber", idNumber), new("Phone", "0914000333"),
            new("Address", "12 Hùng Vương, phường Thuận Hóa"), new("Channel", "direct"), new("Sets", "1"),
        };
        var marker = "name=\"Documents[0].Name\" value=\"";
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        if (start >= 0)
        {
            start += marker.Length;
            form.Add(new("Documents[0].Name", WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)])));
            form.Add(new("Documents[0].Received", "true"));
            form.Add(new("Documents[0].Originals", "1"));
            form.Add(new("Documents[0].Copies", "0"));
        }
        if (feeCase is not null) form.Add(new("FeeCase", feeCase));
        return form;
    }

    [Fact]
    public async Task Every_case_of_every_by_case_fee_is_received_at_the_desk_with_its_amount_and_payment_request()
    {
        await AdoptAtTheCentreAsync();
        var officer = await app.OfficerAsync("tiepnhan.trungtam");
        var day = VietnamTime.DateOf(app.Clock.GetUtcNow());
        var (received, requests, serial) = (0, 0, 0);
        var notReceivable = new List<string>();
        output.WriteLine($"{ByCase.Value.Count} procedures whose direct fee is by case ({ByCase.Value.Sum(p => p.Rules.Items.Count)} cases)");
        foreach (var (_, spec, rules) in ByCase.Value)
        {
            var html = WebUtility.HtmlDecode(await officer.GetStringAsync($"/tiep-nhan?thutuc={spec.Code}"));
            Assert.Contains("id=\"fee-case\"", html);
            foreach (var (number, label, amount) in rules.Cases)
            {
                Assert.Contains($"id=\"fee-case-{number}\"", html);
                Assert.Contains(label, html);
                Assert.Contains($"{amount.ToString("#,0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"))} đồng", html);
                Assert.True(label.Length <= FeeRules.CaseLabelLength);

                var response = await officer.PostAsync($"/tiep-nhan?thutuc={spec.Code}",
                    new FormUrlEncodedContent(DeskForm(html, spec.Code, $"04619{++serial:D7}", number.ToString())));
                if (response.StatusCode != HttpStatusCode.Redirect)
                {
                    // A procedure the desk cannot receive for another reason (no published time limit): said on the page.
                    var page = await response.Content.ReadAsStringAsync();
                    Assert.Contains("id=\"error-summary\"", page);
                    Assert.DoesNotContain("fee-case-1-error", page);
                    notReceivable.Add(spec.Code);
                    break;
                }
                var code = response.Headers.Location!.ToString()[7..^6];
                var expected = DossierFee.Fix(rules, Channel.Direct, day, null, null, null, number);
                Assert.Equal(rules.Items[number - 1].AmountVnd * (rules.Reductions.Where(r => r.AppliesOn(day, false)).Min(r => r.PercentCharged) ?? 100) / 100,
                    expected.DueVnd);
                Assert.Equal(expected.DueVnd, await app.ScalarAsync($"SELECT f.due_vnd FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '{code}' AND f.source = 'catalogue'"));
                Assert.Equal(expected.DueVnd > 0 ? 1 : 0, await app.ScalarAsync(
                    $"SELECT count(*) FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.amount_vnd = {expected.DueVnd} AND r.status = 'open'"));
                received++;
                if (expected.DueVnd > 0) requests++;
            }
        }
        output.WriteLine($"received {received} dossiers, one per case; payment requests {requests}; not receivable at the desk: {notReceivable.Count} ({string.Join(", ", notReceivable)})");
        Assert.True(received >= 10, $"only {received} cases received");
    }

    [Fact]
    public async Task A_missing_or_invalid_case_is_a_message_on_the_page_and_nothing_is_written()
    {
        await AdoptAtTheCentreAsync();
        var officer = await app.OfficerAsync("tiepnhan.trungtam");
        var spec = ByCase.Value.First(p => p.Spec.Code == "1.004306").Spec;
        var html = await officer.GetStringAsync($"/tiep-nhan?thutuc={spec.Code}");
        var before = await app.ScalarAsync("SELECT count(*) FROM dossiers");
        foreach (var (feeCase, message) in new[] { ((string?)null, "chọn trường hợp áp dụng"), ("6", "Trường hợp thu phí phải từ 1 đến 5"), ("0", "Trường hợp thu phí phải từ 1 đến 5") })
        {
            var response = await officer.PostAsync($"/tiep-nhan?thutuc={spec.Code}", new FormUrlEncodedContent(DeskForm(html, spec.Code, "046190009001", feeCase)));
            var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("href=\"#fee-case-1\"", page);
            Assert.Contains(message, page);
        }
        Assert.Equal(before, await app.ScalarAsync("SELECT count(*) FROM dossiers"));
    }
}
