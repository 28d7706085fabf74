using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Registers;
using Xunit.Abstractions;

namespace MotCua.Domain.Tests.Fees;

/// <summary>
/// Issue 14, brief fees12: the chứng thực fees whose amount depends on counts the text defines are one fee rule "by the
/// e-form's counts" (Thông tư 226/2016/TT-BTC Điều 4), read over the whole national catalogue and charged by the books' rule
/// (<see cref="BookFees"/>); every chứng thực fee is a phí; "/ 1 môn thi" counts subjects.
/// </summary>
public class ChungThucFeeRuleTests(ITestOutputHelper output)
{
    private static string CatalogPath([CallerFilePath] string sourceFile = "") =>
        Environment.GetEnvironmentVariable("MOTCUA_CATALOG_FILE") is { Length: > 0 } configured ? configured
        : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", "..", "shared", "data", "tthc", "dvcqg_tthc_central_2026.jsonl"));

    private static readonly Lazy<IReadOnlyList<ProcedureSpec>> Catalogue = new(() =>
        [.. File.ReadLines(CatalogPath()).Where(l => l.Length > 0).Select(l => NationalCatalogParser.ParseLine(l).Spec)]);

    private static ProcedureSpec Procedure(string code) => Catalogue.Value.Single(p => p.Code == code);

    private static readonly DateOnly Day = new(2026, 12, 2);

    private static Dictionary<string, string> Form(params (string Key, int Value)[] counts) =>
        counts.ToDictionary(c => c.Key, c => c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Every channel of the catalogue whose fee text or description prices a page or a case ("đồng/trang",
    /// "/trang", "/trường hợp") is listed with its reading; the counted ones are exactly the three whose text states the
    /// circular's counted rate (the third-page price and the cap, or a case being a paper), and they are the whole of the
    /// counted rule's reach.</summary>
    [Fact]
    public void The_counted_rule_reads_exactly_the_channels_whose_text_states_the_circulars_counted_rates()
    {
        var perPageOrCase = new Regex(@"/\s*trang|/\s*trường hợp");
        var listed = Catalogue.Value.SelectMany(p => p.Channels.Where(c => perPageOrCase.IsMatch((c.FeeText ?? "") + " " + c.Description))
            .Select(c => (Spec: p, Terms: c, Rules: FeeTextReader.Read(p, c)))).ToList();
        foreach (var (spec, terms, rules) in listed)
            output.WriteLine($"{spec.Code} [{spec.Field}] {terms.Channel}: {(rules.Unplaced ?? string.Join("; ", rules.Items.Select(i => $"{i.Name} {i.Kind} {i.AmountVnd} {i.Counted?.ToString() ?? i.Unit ?? "một lần"}")))} ← {terms.FeeText}");
        var counted = Catalogue.Value.SelectMany(p => p.Channels.SelectMany(c => FeeTextReader.Read(p, c).Items.Where(i => i.Counted is not null)
            .Select(i => (p.Code, c.Channel, i.Counted!.Value)))).Order().ToArray();
        Assert.Equal([("2.000815", Channel.Direct, FeeCount.CopyPages), ("2.000884", Channel.Direct, FeeCount.Papers), ("2.000942", Channel.Direct, FeeCount.CopyPages)], counted);
        Assert.All(counted, c => Assert.Contains(listed, l => l.Spec.Code == c.Code));
        foreach (var (code, channel, count) in counted)
        {
            var item = Assert.Single(FeeTextReader.Read(Procedure(code), Procedure(code).Channels.Single(c => c.Channel == channel)).Items);
            Assert.Equal((CountedFees.NameOf(count), FeeKind.Fee, count == FeeCount.CopyPages ? 2_000L : 10_000L), (item.Name, item.Kind, item.AmountVnd));
        }
        // The import report counts them read, as intake charges them.
        var summary = FeeSummary.Of(Catalogue.Value);
        Assert.DoesNotContain(summary.Unplaced, u => u.Code is "2.000815" or "2.000884" or "2.000942");
    }

    /// <summary>For the counted channels, the amount charged is BookFees' for every count: pages 1 to 12 and 150 to 250 (the
    /// 200,000 cap a copy) in 1 to 3 copies; papers 1 to 5. 5 pages in 3 copies are 21,000 (2 × 2,000 + 3 × 1,000 a copy);
    /// 2 papers 20,000; the item says the copies and what one costs, as the receipt and Mẫu 01 print it.</summary>
    [Fact]
    public void A_counted_fee_is_the_books_amount_for_every_count()
    {
        foreach (var code in new[] { "2.000815", "2.000942" })
        {
            var rules = FeeTextReader.Read(Procedure(code), Procedure(code).Channels.Single(c => c.Channel == Channel.Direct));
            foreach (var pages in Enumerable.Range(1, 12).Concat(Enumerable.Range(150, 101)))
                foreach (var copies in new[] { 1, 2, 3 })
                {
                    var fee = DossierFee.Fix(rules, Channel.Direct, Day, null, null, null, form: Form((BookFees.PagesField, pages), (BookFees.CopiesField, copies)));
                    Assert.Equal((FeeSource.Catalogue, BookFees.CopyVnd(pages, copies), 0L), (fee.Source, fee.DueVnd, fee.ChargeVnd));
                }
            var five = DossierFee.Fix(rules, Channel.Direct, Day, null, null, null, form: Form((BookFees.PagesField, 5), (BookFees.CopiesField, 3)));
            var item = Assert.Single(five.Items);
            Assert.Equal((21_000L, 21_000L, "3 bản × 7.000 đồng", "Phí chứng thực bản sao từ bản chính (bản chính 5 trang)"), (five.DueVnd, five.FeeVnd, item.Times, item.Name));
            Assert.Equal(600_000L, DossierFee.Fix(rules, Channel.Direct, Day, null, null, null, form: Form((BookFees.PagesField, 250), (BookFees.CopiesField, 3))).DueVnd);
        }
        var signature = FeeTextReader.Read(Procedure("2.000884"), Procedure("2.000884").Channels.Single(c => c.Channel == Channel.Direct));
        foreach (var papers in Enumerable.Range(1, 5))
            Assert.Equal(BookFees.SignatureVnd(papers), DossierFee.Fix(signature, Channel.Direct, Day, null, null, null, form: Form((BookFees.PapersField, papers))).DueVnd);
        var two = DossierFee.Fix(signature, Channel.Direct, Day, null, null, null, form: Form((BookFees.PapersField, 2)));
        Assert.Equal((20_000L, "2 giấy tờ × 10.000 đồng"), (two.DueVnd, Assert.Single(two.Items).Times));
    }

    /// <summary>Without its counts a counted fee is never 0: unplaced (the desk's preview says how it is computed; intake
    /// refuses the dossier first); an exemption keeps the item and makes the amount due 0; a local fee wins.</summary>
    [Fact]
    public void Missing_counts_leave_the_fee_unplaced_an_exemption_keeps_the_item_and_a_local_fee_wins()
    {
        var rules = FeeTextReader.Read(Procedure("2.000815"), Procedure("2.000815").Channels.Single(c => c.Channel == Channel.Direct));
        foreach (var form in new[] { null, Form(), Form((BookFees.PagesField, 5)), Form((BookFees.PagesField, 0), (BookFees.CopiesField, 3)) })
            Assert.Equal((FeeSource.Unplaced, 0L), DossierFee.Fix(rules, Channel.Direct, Day, null, null, null, form: form) is var f ? (f.Source, f.DueVnd) : default);
        var preview = FeePreview.Of(rules, Channel.Direct, Day, null, null, "2,000 Việt Nam Đồng(/trang) | 10 USD(/bản)");
        Assert.Contains(CountedFees.LegalSource, preview.UnplacedText, StringComparison.Ordinal);
        Assert.Equal(21_000L, FeePreview.Of(rules, Channel.Direct, Day, null, null, null, Form((BookFees.PagesField, 5), (BookFees.CopiesField, 3))).Fee.DueVnd);
        var exempt = DossierFee.Fix(rules, Channel.Direct, Day, null, null, new FeeExemption("Người có công", "Điều 5 Thông tư 226/2016/TT-BTC"),
            form: Form((BookFees.PagesField, 5), (BookFees.CopiesField, 3)));
        Assert.Equal((0L, 21_000L), (exempt.DueVnd, exempt.FeeVnd));
        Assert.Equal(15_000L, DossierFee.Fix(rules, Channel.Direct, Day, 15_000, "Mức thu của đơn vị", null).DueVnd);
    }

    /// <summary>Every fee of the chứng thực field is a phí (phí chứng thực, Thông tư 226/2016/TT-BTC), the ones whose text
    /// names neither kind included (2.000884, 2.000992, 2.001008, 2.000913 …); no other field's kind changes.</summary>
    [Fact]
    public void Every_chung_thuc_fee_is_a_phi()
    {
        var items = Catalogue.Value.Where(p => p.Field == FeeTextReader.AuthenticationField)
            .SelectMany(p => p.Channels.SelectMany(c => FeeTextReader.Read(p, c).Items.Select(i => (p.Code, i.Name, i.Kind)))).ToList();
        output.WriteLine(string.Join("\n", items.Distinct().Select(i => $"{i.Code}: {i.Name} {i.Kind}")));
        Assert.True(items.Select(i => i.Code).Distinct().Count() >= 10, "the field has at least ten procedures with a fee in VND");
        Assert.All(items, i => Assert.Equal(FeeKind.Fee, i.Kind));
        Assert.All(items, i => Assert.StartsWith("Phí", i.Name, StringComparison.Ordinal));
    }

    /// <summary>The count fields are asked with the e-form: added to a procedure's own when it lacks them (2.000942 declares
    /// none), never twice (2.000815 declaring the copy book's), and nothing added where no fee is counted.</summary>
    [Fact]
    public void The_count_fields_join_the_e_form_only_where_a_fee_is_counted()
    {
        Assert.Equal([BookFees.CopiesField, BookFees.PagesField], CountedFees.FormOf(Procedure("2.000942")).Select(f => f.Name).ToArray());
        Assert.All(CountedFees.FormOf(Procedure("2.000942")), f => Assert.True(f.Required));
        var withBook = Procedure("2.000815") with { FormFields = OfficialBooks.Copies.FormFields };
        Assert.Equal(OfficialBooks.Copies.FormFields.Select(f => f.Name), CountedFees.FormOf(withBook).Select(f => f.Name));
        Assert.Equal([BookFees.PapersField], CountedFees.FormOf(Procedure("2.000884")).Select(f => f.Name).ToArray());
        Assert.Empty(CountedFees.FormOf(Procedure("2.001035")));
    }

    /// <summary>"250.000 đồng/ 1 môn thi" (1.007380): the subject is the unit, so three subjects are 750,000 on every channel.</summary>
    [Fact]
    public void The_exam_fee_of_1_007380_is_charged_per_subject()
    {
        var spec = Procedure("1.007380");
        Assert.NotEmpty(spec.Channels);
        foreach (var terms in spec.Channels)
        {
            var rules = FeeTextReader.Read(spec, terms);
            var item = Assert.Single(rules.Items);
            Assert.Equal(("môn thi", 250_000L), (item.Unit, item.AmountVnd));
            var three = DossierFee.Fix(rules, terms.Channel, Day, null, null, null, quantities: new Dictionary<int, int> { [1] = 3 });
            Assert.Equal((750_000L, "3 môn thi × 250.000 đồng"), (three.DueVnd, Assert.Single(three.Items).Times));
        }
        Assert.Equal("môn thi", FeeUnits.Of(" đồng/ 1 môn thi)"));
        Assert.Equal("môn thi", FeeUnits.Of(" đồng/01 môn thi"));
        Assert.Null(FeeUnits.Of(" đồng/ 2 môn thi"));
    }
}
