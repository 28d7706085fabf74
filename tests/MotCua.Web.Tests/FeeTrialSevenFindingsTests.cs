using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
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
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier("1.001294", DemoData.CentreCode, idNumber: $"04619970{day:D4}", submittedAt: at.AddHours(-1)));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var amount = await app.ScalarAsync($"SELECT r.amount_vnd FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        var request = await app.ScalarAsync($"SELECT r.id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = '{code}'");
        var accountant = await app.OfficerAsync("ketoan.trungtam");
        if (method == FeeRegister.Online)
        {
            var partner = await PaymentPartner.CreateAsync(await app.OfficerAsync("quantri"), $"bank-seven-{day}");
            var paid = await partner.PaidAsync(app.CreateClient(), app.Clock.Now, $"SEVEN-{day}", amount, PaymentRequests.PurposeOf(code), at.AddMinutes(-5));
            Assert.Equal(JsonValueKind.Null, paid.GetProperty("flag").ValueKind);
        }
        else
        {
            var confirmed = await accountant.PostAsJsonAsync("/api/v1/payments", new { requestId = request, amountVnd = amount, method, paidAt = at.AddMinutes(-5) });
            Assert.True(confirmed.StatusCode == HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());
        }
        var label = FeeRegister.MethodLabel(method);
        var others = FeeRegister.Methods.Where(m => m != method).Select(FeeRegister.MethodLabel).ToList();

        // The API gives the stored code.
        var payments = await accountant.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}/payments");
        Assert.Equal(new[] { method }, Methods(payments).Distinct());

        // /ke-toan's "Khoản đã thu" row of the dossier.
        var desk = WebUtility.HtmlDecode(await accountant.GetStringAsync("/ke-toan"));
        var settled = desk[desk.IndexOf("id=\"settled\"", StringComparison.Ordinal)..];
        var row = Row(settled, $"/ho-so/{code}\"");
        Assert.Contains($"({label},", row, StringComparison.Ordinal);
        Assert.DoesNotContain(others, o => row.Contains($"({o},", StringComparison.Ordinal));

        // The dossier page's payments.
        var dossier = WebUtility.HtmlDecode(await accountant.GetStringAsync($"/ho-so/{code}"));
        var paidRow = Row(dossier, "<tr id=\"payment-");
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

    /// <summary>Seventh trial, item 5: importing the national catalogue over the demo (as ./run.sh import-catalog does while
    /// the history seeds) made versions of the three authentications without the time limit the demo sets from Nghị định
    /// 23/2015/NĐ-CP Điều 7 where the portal publishes none, and intake refused them. The law's limit stays: the same file
    /// imported twice leaves every channel with a limit.</summary>
    [Fact]
    public async Task Reimporting_the_catalogue_keeps_the_decree_time_limit_of_the_authentications()
    {
        string[] codes = ["2.000815", "2.000884", "2.001035"];
        var before = new Dictionary<string, (int Version, Domain.Calendar.TimeLimit? Limit)>();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCua.Data.MotCuaDb>();
            foreach (var code in codes)
                if (await MotCua.Web.Features.Catalog.ProcedureSpecs.LoadCurrentAsync(db, code, CancellationToken.None) is { } current)
                    before[code] = (current.Version, current.Spec.TimeTermsFor(Domain.Dossiers.Channel.Direct)?.TimeLimit);
        }
        Assert.All(codes, code => Assert.NotNull(before[code].Limit));
        var lines = string.Join('\n', codes.Select(CatalogFile.LineOf));
        var importer = new MotCua.Web.Features.Catalog.CatalogImporter(app.Services.GetRequiredService<MotCua.Web.Database>().ConnectionString, app.Clock);
        for (var round = 0; round < 2; round++)
        {
            var import = await importer.ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(lines)), "dvcqg_tthc_central_2026.jsonl", null, null, CancellationToken.None);
            output.WriteLine($"import {round + 1}: changed {import.Changed}, unchanged {import.Unchanged}");
        }
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCua.Data.MotCuaDb>();
            foreach (var code in codes)
            {
                var (spec, version) = (await MotCua.Web.Features.Catalog.ProcedureSpecs.LoadCurrentAsync(db, code, CancellationToken.None))!.Value;
                output.WriteLine($"{code}: version {before[code].Version} → {version}, direct limit {spec.TimeTermsFor(Domain.Dossiers.Channel.Direct)?.TimeLimit}");
                Assert.All(spec.Channels, c => Assert.Equal(before[code].Limit, c.TimeLimit));
            }
        }
    }

    /// <summary>The demo's accounts (its own database: the history seeds only into one without dossiers): the README's table
    /// lists exactly the accounts the demo and its history seed, and ./run.sh's list prints each of them under its unit.</summary>
    public class DemoAccounts(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
    {
        private static string ReadmePath([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "") =>
            Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "README.md"));

        [Fact]
        public async Task The_README_lists_every_seeded_account_and_run_sh_prints_each_under_its_unit()
        {
            var readme = File.ReadAllLines(ReadmePath());
            var start = Array.FindIndex(readme, l => l.StartsWith("## Demo accounts", StringComparison.Ordinal));
            var table = readme.Skip(start).TakeWhile((l, i) => i == 0 || !l.StartsWith("## ", StringComparison.Ordinal)).Where(l => l.StartsWith("| `", StringComparison.Ordinal));
            var listed = table.SelectMany(l => System.Text.RegularExpressions.Regex.Matches(l.Split('|')[1], "`([a-z0-9.]+)`").Select(m => m.Groups[1].Value)).ToHashSet();

            var history = await DemoHistory.SeedAsync(app.Services, new DateTimeOffset(2025, 11, 28, 17, 0, 0, VietnamTime.Offset));
            output.WriteLine($"history: {history.Dossiers} dossiers, refused {history.Refused}: {string.Join(" | ", history.Problems)}");
            var seeded = new HashSet<string>();
            await using (var connection = await app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync())
            await using (var command = new Npgsql.NpgsqlCommand("SELECT user_name FROM users WHERE deactivated_at IS NULL", connection))
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync()) seeded.Add(reader.GetString(0));
            Assert.Equal(seeded.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));

            var printed = await DemoData.AccountsAsync(app.Services);
            output.WriteLine(printed);
            Assert.Equal(seeded.Count, printed.Split('\n').Count(l => l.StartsWith("  ", StringComparison.Ordinal)));
            Assert.All(seeded, user => Assert.Matches($@"(?m)^  {System.Text.RegularExpressions.Regex.Escape(user)} +\S", printed));
            // Grouped: the ward's accountant stands under the ward's heading.
            var lines = printed.Split('\n');
            var accountant = Array.FindIndex(lines, l => l.StartsWith("  ketoan.thuanhoa ", StringComparison.Ordinal));
            Assert.Contains("(000.10.01.H46):", lines.Take(accountant).Last(l => !l.StartsWith("  ", StringComparison.Ordinal)), StringComparison.Ordinal);
        }
    }

    // Every "method" the answer gives, wherever it stands (the request's and its payments').
    private static IEnumerable<string> Methods(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Name == "method" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Methods(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Methods),
        _ => [],
    };

    private static string Row(string html, string marker)
    {
        var at = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{marker} not found");
        // From the marker's own position, so that a marker that is the row's opening tag finds that row.
        var start = html.LastIndexOf("<tr", Math.Min(html.Length - 1, at + 2), StringComparison.Ordinal);
        return html[start..html.IndexOf("</tr>", at, StringComparison.Ordinal)];
    }
}
