using System.Runtime.CompilerServices;
using MotCua.Domain.Catalog;
using Xunit.Abstractions;

namespace MotCua.Domain.Tests.Catalog;

/// <summary>
/// What each line of a published document list is (document, heading, note) and when it applies, over the whole national
/// catalogue crawl and on the rows the desk stumbled on (issue 8).
/// </summary>
public class DocumentLineKindTests(ITestOutputHelper output)
{
    /// <summary>The crawl (2,642 rows): MOTCUA_CATALOG_FILE, or shared/ beside the checkout, as the web tests find it.</summary>
    private static string CatalogPath([CallerFilePath] string sourceFile = "") =>
        Environment.GetEnvironmentVariable("MOTCUA_CATALOG_FILE") is { Length: > 0 } configured ? configured
        : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", "..", "shared", "data", "tthc", "dvcqg_tthc_central_2026.jsonl"));

    private static IReadOnlyList<ProcedureSpec> Catalogue() =>
        [.. File.ReadLines(CatalogPath()).Where(l => l.Length > 0).Select(l => NationalCatalogParser.ParseLine(l).Spec)];

    private static RequiredDocument Line(ProcedureSpec spec, string startsWith) =>
        Assert.Single(spec.Documents, d => d.Name.StartsWith(startsWith, StringComparison.Ordinal));

    [Fact]
    public void Every_line_that_counts_nothing_is_classified_across_the_whole_catalogue()
    {
        var catalogue = Catalogue();
        var zero = catalogue.SelectMany(p => p.Documents.Select(d => (p.Code, Line: d))).Where(x => x.Line.Originals + x.Line.Copies == 0).ToList();
        var byKind = zero.GroupBy(x => x.Line.Kind).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{catalogue.Count} procedures; {zero.Count} document-list lines with 0 originals and 0 copies in {zero.Select(x => x.Code).Distinct().Count()} procedures:");
        foreach (var kind in Enum.GetValues<DocumentLineKind>())
            output.WriteLine($"  {kind}: {byKind.GetValueOrDefault(kind)}");
        output.WriteLine($"  of the documents, conditional: {zero.Count(x => x.Line.Kind == DocumentLineKind.Document && x.Line.Condition is not null)}");
        output.WriteLine($"every line: {catalogue.Sum(p => p.Documents.Count)}; conditional documents: {catalogue.Sum(p => p.Documents.Count(d => d.Kind == DocumentLineKind.Document && d.Condition is not null))}");

        // A spread of examples of each, to read in the test log.
        foreach (var group in zero.GroupBy(x => x.Line.Kind))
            foreach (var (code, line) in group.Where((_, i) => i % Math.Max(1, group.Count() / 6) == 0).Take(6))
                output.WriteLine($"  {group.Key} {code}: {Short(line.Name)}{(line.Condition is null ? "" : $" [{Short(line.Condition)}]")}");
        var conditional = catalogue.SelectMany(p => p.Documents.Select(d => (p.Code, Line: d))).Where(x => x.Line.Condition is not null).ToList();
        foreach (var (code, line) in conditional.Where((_, i) => i % Math.Max(1, conditional.Count / 12) == 0).Take(12))
            output.WriteLine($"  conditional {code}: {Short(line.Name)} [{Short(line.Condition!)}]");

        // The kind of defect the desk met: most 0/0 lines are headings and rules, and none of them is offered as a document.
        Assert.True(byKind.GetValueOrDefault(DocumentLineKind.Heading) + byKind.GetValueOrDefault(DocumentLineKind.Note) > zero.Count / 2,
            "most lines that count nothing should be headings or notes");
        Assert.All(zero.Where(x => x.Line.Kind == DocumentLineKind.Heading), x => Assert.EndsWith(":", x.Line.Name.TrimEnd(' ', '.', ';')));
        // A rule ("Trường hợp … thì không phải nộp …") is never a document to tick.
        Assert.All(zero.Where(x => x.Line.Kind == DocumentLineKind.Document), x => Assert.DoesNotContain(" thì ", x.Line.Name));
        // Headings and notes count nothing and carry no form.
        Assert.All(catalogue.SelectMany(p => p.Documents).Where(d => d.Kind != DocumentLineKind.Document),
            d => Assert.Equal((0, 0, (string?)null), (d.Originals, d.Copies, d.Form)));
        // Every procedure that publishes documents still offers at least one to tick.
        Assert.All(catalogue.Where(p => p.Documents.Count > 0 && p.Documents.Any(d => d.Originals + d.Copies > 0)),
            p => Assert.Contains(p.Documents, d => d.Kind == DocumentLineKind.Document));
    }

    private static string Short(string text) => text.Length <= 90 ? text : text[..90] + "…";

    [Fact]
    public void Birth_registration_heading_case_and_rule_are_told_apart()
    {
        var spec = NationalCatalogParser.ParseLine(RealRows.BirthRegistration).Spec;

        var heading = Line(spec, "Người có yêu cầu đăng ký khai sinh thực hiện việc nộp/xuất trình");
        Assert.Equal(DocumentLineKind.Heading, heading.Kind);

        var abandoned = Line(spec, "Trường hợp trẻ em bị bỏ rơi");
        Assert.Equal((DocumentLineKind.Document, "Trường hợp trẻ em bị bỏ rơi"), (abandoned.Kind, abandoned.Condition));

        var electronicCertificate = Line(spec, "Trường hợp người yêu cầu đã nộp bản điện tử Giấy chứng sinh");
        Assert.Equal(DocumentLineKind.Note, electronicCertificate.Kind);

        var certificate = Line(spec, "Giấy chứng sinh;");
        Assert.Equal((DocumentLineKind.Document, (string?)null, 1), (certificate.Kind, certificate.Condition, certificate.Originals));
    }

    [Fact]
    public void A_group_titled_with_a_case_makes_its_documents_conditional()
    {
        var spec = NationalCatalogParser.ParseLine(RealRows.HouseholdBusiness).Spec;

        const string proxyCase = "Trường hợp ủy quyền thực hiện thủ tục thì hồ sơ phải kèm theo một trong những giấy tờ sau";
        Assert.All(spec.Documents.Where(d => d.Group == proxyCase && d.Kind == DocumentLineKind.Document), d => Assert.NotNull(d.Condition));
        Assert.Null(Line(spec, "Giấy đề nghị đăng ký hộ kinh doanh").Condition);
    }

    [Fact]
    public void The_number_of_sets_is_not_a_document()
    {
        var spec = Catalogue().Single(p => p.Code == "1.009543");

        Assert.DoesNotContain(spec.Documents, d => d.Kind == DocumentLineKind.Document && d.Name.Contains("bộ gốc", StringComparison.Ordinal));
        Assert.Contains(spec.DocumentNotes, n => n.Contains("01 bộ gốc", StringComparison.Ordinal));
    }

    [Fact]
    public void A_form_file_name_glued_to_the_document_name_is_split_where_it_starts()
    {
        var spec = Catalogue().Single(p => p.Code == "1.014295");

        var statement = Line(spec, "Bản kê khai thông tin quyết toán tiền cấp quyền khai thác khoáng sản");
        Assert.Equal("Bản kê khai thông tin quyết toán tiền cấp quyền khai thác khoáng sản", statement.Name);
        Assert.Equal("Mau07-PhulucII_38.2025.TT-BNNMT_02.7.2025.docx", statement.Form);
        var request = Line(spec, "Văn bản đề nghị quyết toán tiền cấp quyền khai thác khoáng sản");
        Assert.Equal("Mau06-PhulucII_38.2025.TT-BNNMT_02.7.2025.docx", request.Form);
    }

    [Theory]
    [InlineData("- Người có yêu cầu đăng ký kết hôn xuất trình các giấy tờ sau:", true, DocumentLineKind.Heading, null)]
    [InlineData("Trường hợp không khai thác được thông tin thì cơ quan đăng ký hộ tịch yêu cầu xuất trình bản chính.", true, DocumentLineKind.Note, null)]
    [InlineData("- Tờ khai hải quan: 02 bản.", true, DocumentLineKind.Document, null)]
    [InlineData("(ii) Trường hợp ủy quyền cho tổ chức thực hiện thủ tục, kèm theo hồ sơ phải có bản sao hợp đồng", false, DocumentLineKind.Document, "Trường hợp ủy quyền cho tổ chức thực hiện thủ tục")]
    [InlineData("Giấy tờ chứng minh chỗ ở hợp pháp (nếu có)", false, DocumentLineKind.Document, "nếu có")]
    [InlineData("01 bộ gốc", false, DocumentLineKind.Note, null)]
    [InlineData("* Số lượng hồ sơ: 01 (một) bộ.", true, DocumentLineKind.Note, null)]
    [InlineData("02 bộ bản vẽ thiết kế xây dựng kèm theo", false, DocumentLineKind.Document, null)]
    public void Lines_are_classified_by_their_shape(string line, bool countsNothing, DocumentLineKind kind, string? condition)
    {
        Assert.Equal((kind, condition), DocumentListParser.Classify(line.TrimStart('-', ' '), countsNothing));
    }
}
