using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Text;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Demo;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// The sixth trial's defects outside fee texts (docs/FEES.md "Sixth trial fixes"), over real HTTP and PostgreSQL: money
/// typed the Vietnamese way on every page that takes an amount, collection account numbers and the explicit choice of
/// the account used for the QR, transfer descriptions whose punctuation the bank stripped, money moved from the wrong
/// dossier, and the catalogue's long document names at intake.
/// </summary>
public class FeeTrialSixFixesTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = MotCuaApp.AntiforgeryToken(await client.GetStringAsync(page));
        return await client.PostAsync(page, new FormUrlEncodedContent(fields));
    }

    private async Task<string?> TextAsync(string sql)
    {
        await app.ScalarAsync("SELECT 1");
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() as string;
    }

    [Fact]
    public async Task The_adoption_page_reads_a_local_fee_of_30_000_as_thirty_thousand_dong_and_refuses_what_is_not_whole_dong()
    {
        var admin = await app.OfficerAsync("quantri");
        var page = $"/quan-tri/co-quan/{DemoData.ThuanHoaCode}/thu-tuc/1.001193";
        var form = await admin.GetStringAsync(page);
        var input = Regex.Match(form, "<input[^>]*name=\"Fee\"[^>]*>").Value;
        Assert.Contains("inputmode=\"numeric\"", input, StringComparison.Ordinal);
        Assert.DoesNotContain("type=\"number\"", input, StringComparison.Ordinal);
        Dictionary<string, string> Fields(string fee) => new()
        {
            ["Fee"] = fee, ["FeeText"] = "", ["TimeLimitAmount"] = "", ["TimeLimitUnit"] = "WorkingDays", ["Cutoff"] = "",
        };
        var fee = $"SELECT coalesce(fee, -1)::bigint FROM agency_procedures a JOIN agencies g ON g.id = a.agency_id WHERE g.code = '{DemoData.ThuanHoaCode}' AND a.procedure_code = '1.001193'";

        var saved = await PostFormAsync(admin, page, Fields("30.000"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(30_000, await app.ScalarAsync(fee));
        Assert.Contains("value=\"30.000\"", Regex.Match(await admin.GetStringAsync(page), "<input[^>]*name=\"Fee\"[^>]*>").Value, StringComparison.Ordinal);

        foreach (var typed in new[] { "30,5", "abc", "30.5" })
        {
            var refused = await PostFormAsync(admin, page, Fields(typed));
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var error = Regex.Match(html, "<span class=\"error\" id=\"fee-error\">([^<]*)</span>").Groups[1].Value;
            output.WriteLine($"{typed} → {WebUtility.HtmlDecode(error)}");
            Assert.Contains("không đọc được", WebUtility.HtmlDecode(error), StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"saved\"", html, StringComparison.Ordinal);
            Assert.Equal(30_000, await app.ScalarAsync(fee));
        }
        // The API's JSON number: a fraction of a đồng is refused too.
        var api = await admin.PutAsJsonAsync($"/api/v1/agencies/{DemoData.ThuanHoaCode}/procedures/1.001193", new { fee = 30.5 });
        await IntakeApiTests.AssertProblem(api, "fee");
        Assert.Equal(30_000, await app.ScalarAsync(fee));
    }

    // Every input that takes money in đồng, found in the pages' markup: a text input with inputmode=numeric read by
    // TypedMoney, never a number input that a browser and the model binder read with a decimal point.
    [Fact]
    public void No_page_takes_an_amount_of_money_in_a_number_input()
    {
        var root = Path.Combine(MotCuaApp.RepoRoot(), "src", "MotCua.Web");
        var money = new Regex(@"(?i)(vnd|cost|(^|[.\]])fee)$");
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.cshtml", SearchOption.AllDirectories))
            foreach (Match tag in Regex.Matches(File.ReadAllText(file), "<input[^>]*>"))
            {
                var name = Regex.Match(tag.Value, "(?:name|asp-for)=\"([^\"]+)\"").Groups[1].Value;
                if (!money.IsMatch(name)) continue;
                found.Add($"{Path.GetFileName(file)}: {name}");
                Assert.True(tag.Value.Contains("inputmode=\"numeric\"", StringComparison.Ordinal) && !tag.Value.Contains("type=\"number\"", StringComparison.Ordinal),
                    $"{file}: {tag.Value}");
            }
        output.WriteLine(string.Join("\n", found));
        Assert.Contains(found, f => f.StartsWith("Adoption.cshtml", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith("Procedure.cshtml", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith("Confirmation.cshtml", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith("Detail.cshtml", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith("Losses.cshtml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_catalogue_page_reads_a_channel_fee_the_Vietnamese_way()
    {
        var admin = await app.OfficerAsync("quantri");
        var html = await admin.GetStringAsync("/quan-tri/thu-tuc/1.001294");
        var input = Regex.Match(html, "<input[^>]*name=\"Channels\\[0\\]\\.Fee\"[^>]*>").Value;
        output.WriteLine(input);
        Assert.Contains("inputmode=\"numeric\"", input, StringComparison.Ordinal);
        // The amount is shown as typed: dots between thousands.
        var shown = Regex.Match(input, "value=\"([^\"]*)\"").Groups[1].Value;
        Assert.True(shown.Length == 0 || TypedMoney.ReadVnd(shown, "fee").Problem is null, shown);
    }

    [Fact]
    public async Task A_collection_account_number_with_letters_is_refused_beside_the_field_and_a_new_account_never_retires_the_working_one_silently()
    {
        var admin = await app.OfficerAsync("quantri");
        var active = $"SELECT string_agg(a.account_number, ',' ORDER BY a.id) FROM collection_accounts a JOIN agencies g ON g.id = a.agency_id WHERE g.code = '{DemoData.PhuXuanCode}' AND a.active";
        var count = $"SELECT count(*) FROM collection_accounts a JOIN agencies g ON g.id = a.agency_id WHERE g.code = '{DemoData.PhuXuanCode}'";
        var working = await TextAsync(active);
        var before = await app.ScalarAsync(count);

        var letters = await PostFormAsync(admin, "/quan-tri/tai-khoan-thu", new()
        {
            ["Form.AgencyCode"] = DemoData.PhuXuanCode, ["Form.BankBin"] = "970436", ["Form.AccountNumber"] = "12 34-ab", ["Form.AccountName"] = "UBND phường Phú Xuân",
            ["Form.UseForQr"] = "true",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, letters.StatusCode);
        var html = await letters.Content.ReadAsStringAsync();
        Assert.Matches("id=\"f-accountNumber\"[^>]*aria-invalid=\"true\"", html);
        Assert.Contains("chỉ được gồm chữ số", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Equal(before, await app.ScalarAsync(count));

        // No choice given while the ward has a working account: asked, nothing stored, the working one still used.
        var fields = new Dictionary<string, string>
        {
            ["Form.AgencyCode"] = DemoData.PhuXuanCode, ["Form.BankBin"] = "970436", ["Form.AccountNumber"] = "0071 000 765 432", ["Form.AccountName"] = "UBND phường Phú Xuân",
        };
        var unasked = await PostFormAsync(admin, "/quan-tri/tai-khoan-thu", new(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unasked.StatusCode);
        var question = WebUtility.HtmlDecode(await unasked.Content.ReadAsStringAsync());
        Assert.Contains("đang dùng tài khoản VietinBank " + working, question, StringComparison.Ordinal);
        Assert.Equal(before, await app.ScalarAsync(count));
        Assert.Equal(working, await TextAsync(active));

        // Kept: stored unused, the working one still used for the QR.
        var kept = await PostFormAsync(admin, "/quan-tri/tai-khoan-thu", new(fields) { ["Form.UseForQr"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);
        Assert.Equal(before + 1, await app.ScalarAsync(count));
        Assert.Equal(working, await TextAsync(active));

        // Chosen for the QR later, explicitly: the one handler that switches, audited with the account it retired.
        var id = await app.ScalarAsync("SELECT id FROM collection_accounts WHERE account_number = '0071000765432'");
        var list = await admin.GetStringAsync("/quan-tri/tai-khoan-thu");
        Assert.Contains("Dùng cho mã QR", list, StringComparison.Ordinal);
        var token = MotCuaApp.AntiforgeryToken(list);
        var switched = await admin.PostAsync($"/quan-tri/tai-khoan-thu?handler=Activate&id={id}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("0071000765432", await TextAsync(active));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'admin.collection-account.activate' AND subject = 'collection-account:{id}' AND jsonb_array_length(details->'deactivated') = 1"));

        // The API asks the same question, naming the field.
        var api = await admin.PostAsJsonAsync("/api/v1/admin/collection-accounts",
            new { agencyCode = DemoData.PhuXuanCode, bankBin = "970418", accountNumber = "56010000765432", accountName = "UBND phường Phú Xuân" });
        var problem = await IntakeApiTests.AssertProblem(api, "useForQr");
        output.WriteLine(problem.ToString());
        var notFound = await admin.PostAsync("/api/v1/admin/collection-accounts/999999/activate", null);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
    }

    private async Task<(string Code, long Amount)> SubmitAsync(string idNumber)
    {
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: idNumber));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var amount = await app.ScalarAsync($"SELECT r.amount_vnd FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        Assert.True(amount > 2, "1.001294 charges an intake fee");
        return (code, amount);
    }

    private async Task<PaymentPartner> PartnerAsync(string name) => await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), name);

    // Paid at the app's clock, the instant the request was raised: never before it (paidAtImplausible).
    private async Task<JsonElement> CallbackAsync(PaymentPartner partner, string transactionId, long amount, string purpose)
    {
        var now = app.Clock.Now;
        return await partner.PaidAsync(app.CreateClient(), now, transactionId, amount, purpose, now.ToOffset(TimeSpan.FromHours(7)));
    }

    private static string Compact(string code) => new(code.Where(char.IsAsciiLetterOrDigit).ToArray());

    // "000.00.01.H46-261202-0009" spaced as the trial's bank did: "000 00 01 H46 261202 0009".
    private static string Spaced(string code) => code.Replace('.', ' ').Replace('-', ' ');

    [Fact]
    public async Task A_transfer_whose_description_lost_its_punctuation_pays_its_dossier()
    {
        var partner = await PartnerAsync("stripped");
        var (stripped, strippedAmount) = await SubmitAsync("046096010001");
        var (spaced, spacedAmount) = await SubmitAsync("046096010002");
        foreach (var (code, amount, purpose, id) in new[]
                 {
                     (stripped, strippedAmount, "Nop phi " + Compact(stripped), "T7-stripped"),
                     (spaced, spacedAmount, "Nop phi " + Spaced(spaced), "T7-spaced"),
                 })
        {
            var paid = await CallbackAsync(partner, id, amount, purpose);
            output.WriteLine($"{purpose} → {paid}");
            Assert.Equal(code, paid.GetProperty("dossierCode").GetString());
            Assert.Equal(JsonValueKind.Null, paid.GetProperty("flag").ValueKind);
            Assert.False(string.IsNullOrEmpty(paid.GetProperty("receiptNumber").GetString()));
            Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}' AND r.status = 'paid'"));
        }
        // A serial one digit longer names no dossier: unmatched, for the accountant.
        var longer = await CallbackAsync(partner, "T7-longer", strippedAmount, "Nop phi " + Compact(stripped) + "7");
        Assert.Equal(JsonValueKind.Null, longer.GetProperty("dossierCode").ValueKind);
        Assert.Equal("unmatched", longer.GetProperty("flag").GetString());
    }

    [Fact]
    public async Task Money_attached_to_an_already_paid_dossier_is_moved_to_the_right_one_audited_and_then_cannot_move_again()
    {
        var partner = await PartnerAsync("moved");
        var (paid, paidAmount) = await SubmitAsync("046096020001");
        var (unpaid, unpaidAmount) = await SubmitAsync("046096020002");
        await CallbackAsync(partner, "T7-first", paidAmount, "Nop phi " + paid);
        var wrong = await CallbackAsync(partner, "T7-wrong", unpaidAmount, "Nop phi " + paid);
        Assert.Equal("duplicate", wrong.GetProperty("flag").GetString());
        var paymentId = wrong.GetProperty("id").GetInt64();

        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var page = await accountant.GetStringAsync("/ke-toan");
        Assert.Contains("Chuyển sang hồ sơ này", page, StringComparison.Ordinal);
        // Its own dossier decides it again (fifteenth trial): no request is open there, so it stays a duplicate there.
        var same = await accountant.PostAsJsonAsync($"/api/v1/payments/{paymentId}/attach", new { dossierCode = paid });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        var still = await same.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((paid, "duplicate"), (still.GetProperty("dossierCode").GetString(), still.GetProperty("flag").GetString()));

        var moved = await accountant.PostAsJsonAsync($"/api/v1/payments/{paymentId}/attach", new { dossierCode = unpaid, note = "Người nộp ghi nhầm mã hồ sơ" });
        var view = await moved.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine(view.ToString());
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(unpaid, view.GetProperty("dossierCode").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("flag").ValueKind);
        Assert.False(string.IsNullOrEmpty(view.GetProperty("receiptNumber").GetString()));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{unpaid}' AND r.status = 'paid'"));
        Assert.Equal(1, await app.ScalarAsync($"""
            SELECT count(*) FROM audit_log WHERE action = 'payment.attach' AND subject = 'payment:{paymentId}'
              AND details->>'dossierCode' = '{unpaid}' AND details->'from'->>'dossierCode' = '{paid}' AND details->'from'->>'flag' = 'duplicate'
            """));
        // With its receipt it is the fee of that dossier now: never moved again.
        var again = await accountant.PostAsJsonAsync($"/api/v1/payments/{paymentId}/attach", new { dossierCode = paid });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("biên lai", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Only an accountant moves money.
        var desk = await app.OfficerAsync("tiepnhan.thuanhoa");
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsJsonAsync($"/api/v1/payments/{paymentId}/attach", new { dossierCode = unpaid })).StatusCode);
    }

    [Fact]
    public async Task The_lookup_says_what_was_received_once_and_after_acceptance_what_was_paid_beside_what_is_left()
    {
        var (code, amount) = await SubmitAsync("046096040001");
        var part = await CallbackAsync(await PartnerAsync("lookup7"), "T7-part", 1_000, "Nop phi " + code);
        Assert.Equal("underpaid", part.GetProperty("flag").GetString());
        static string Vnd(long v) => v.ToString("N0", CultureInfo.GetCultureInfo("vi-VN")) + " đồng";
        var page = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/tra-cuu?ma={code}"));
        Assert.DoesNotContain("Đã nhận</dt><dd class=\"pending-payment\">Đã nhận", page, StringComparison.Ordinal);
        Assert.Contains($"<dt>Chờ đối soát</dt><dd class=\"pending-payment\">Đã nhận {Vnd(1_000)}, chờ kế toán đối soát", page, StringComparison.Ordinal);

        var accepted = await (await app.OfficerAsync("ketoan.trungtam")).PostAsJsonAsync($"/api/v1/payments/{part.GetProperty("id").GetInt64()}/resolve",
            new { accept = true, note = "Nộp một phần" });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        page = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/tra-cuu?ma={code}"));
        Assert.Contains($"<dt>Đã nộp</dt><dd class=\"received-payment\">{Vnd(1_000)} (kế toán đã xác nhận)</dd>", page, StringComparison.Ordinal);
        Assert.Contains($"<dt>Còn phải nộp</dt><dd><strong>{Vnd(amount - 1_000)}</strong></dd>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dossier_page_says_the_receipt_of_an_accepted_overpayment_is_for_the_fee_and_the_excess_went_back()
    {
        var (code, amount) = await SubmitAsync("046096050001");
        var over = await CallbackAsync(await PartnerAsync("over7"), "T7-over", amount + 10_000, "Nop phi " + code);
        Assert.Equal("overpaid", over.GetProperty("flag").GetString());
        var id = over.GetProperty("id").GetInt64();
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        var accepted = await accountant.PostAsJsonAsync($"/api/v1/payments/{id}/resolve", new { accept = true, note = "Nộp thừa 10.000" });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        var refunded = await accountant.PostAsJsonAsync($"/api/v1/payments/{id}/refunds", new { amountVnd = 10_000, reason = "Trả phần thừa", method = "transfer" });
        Assert.True(refunded.IsSuccessStatusCode, await refunded.Content.ReadAsStringAsync());
        static string Vnd(long v) => v.ToString("N0", CultureInfo.GetCultureInfo("vi-VN")) + " đồng";
        var page = WebUtility.HtmlDecode(await (await app.OfficerAsync("tiepnhan.trungtam")).GetStringAsync($"/ho-so/{code}"));
        var row = Regex.Match(page, $"<tr id=\"payment-{id}\">.*?</tr>", RegexOptions.Singleline).Value;
        output.WriteLine(row);
        Assert.Contains($"(thu {Vnd(amount)}; đã hoàn trả {Vnd(10_000)} nộp thừa)", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Money_recorded_without_a_receipt_says_so_instead_of_an_empty_number()
    {
        Assert.Equal("biên lai số 0000012.", Features.Payments.ConfirmationModel.ReceiptSentence("0000012"));
        var levy = Features.Payments.ConfirmationModel.ReceiptSentence(null);
        Assert.DoesNotContain("biên lai số", levy, StringComparison.Ordinal);
        Assert.Contains("không lập biên lai", levy, StringComparison.Ordinal);
    }

    private static readonly Lazy<(string Line, ProcedureSpec Spec)[]> Catalogue = new(() =>
        [.. CatalogFile.Lines.Where(l => l.Length > 0).Select(l => (Line: l, NationalCatalogParser.ParseLine(l).Spec))]);

    // Every procedure of the national catalogue: no published document name is refused at intake, however long.
    [Fact]
    public void No_document_name_the_catalogue_publishes_blocks_intake()
    {
        var longNames = Catalogue.Value.SelectMany(p => p.Spec.Documents.Select(d => (p.Spec.Code, d.Name.Trim().Length, Problem: DocumentNames.Problem(d.Name, p.Spec))))
            .Where(n => n.Length > DocumentNames.MaxTyped).OrderByDescending(n => n.Length).ToList();
        output.WriteLine($"{longNames.Count} published names longer than {DocumentNames.MaxTyped}: " + string.Join(", ", longNames.Select(n => $"{n.Code} ({n.Length})")));
        Assert.Contains(longNames, n => n.Code == "1.004362");
        Assert.All(longNames, n => Assert.Null(n.Problem));
        // The request guard's bound on any one value (TypedText.MaxLength) still lets the longest published name through.
        Assert.True(longNames[0].Length <= TypedText.MaxLength, $"{longNames[0].Code}: {longNames[0].Length}");
    }

    [Fact]
    public async Task Procedure_1_004362_is_received_with_its_longest_published_document_name()
    {
        var (line, spec) = Catalogue.Value.First(p => p.Spec.Code == "1.004362");
        var importer = new CatalogImporter(app.Services.GetRequiredService<Database>().ConnectionString, app.Clock);
        await using (var file = new MemoryStream(Encoding.UTF8.GetBytes(line + "\n")))
            await importer.ImportAsync(file, "long-names.jsonl", null, null, CancellationToken.None);
        await app.ScalarAsync($"""
            INSERT INTO agency_procedures (agency_id, procedure_code) SELECT id, '1.004362' FROM agencies WHERE code = '{DemoData.CentreCode}'
            ON CONFLICT DO NOTHING RETURNING 1
            """);
        var longest = spec.Documents.MaxBy(d => d.Name.Length)!;
        Assert.True(longest.Name.Length > 6_000, $"{longest.Name.Length}");
        var channel = spec.PublishedChannels.Contains(Channel.Direct) ? "direct" : spec.PublishedChannels.First().ToString().ToLowerInvariant();
        var body = new
        {
            procedureCode = "1.004362", agencyCode = DemoData.CentreCode, channel,
            applicant = new { fullName = "Công ty TNHH Hàng không Sông Hương", idNumber = "046096030001", phone = "0905123456", address = "12 Lê Lợi, phường Thuận Hóa, thành phố Huế" },
            documents = new object[] { new { name = longest.Name, original = 1, copies = 0 } },
        };
        var response = await app.ApiClient().SubmitAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Tên giấy tờ", text, StringComparison.Ordinal);
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        // A typed name as long is refused, naming the document.
        var typed = await app.ApiClient().SubmitAsync(body with { documents = new object[] { new { name = longest.Name + " (bản dịch)", original = 1, copies = 0 } } });
        await IntakeApiTests.AssertProblem(typed, "documents[0].name");
    }
}
