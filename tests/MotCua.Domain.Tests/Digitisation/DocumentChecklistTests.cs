using System.Runtime.CompilerServices;
using MotCua.Domain.Catalog;
using MotCua.Domain.Digitisation;
using MotCua.Domain.Dossiers;
using Xunit.Abstractions;

namespace MotCua.Domain.Tests.Digitisation;

/// <summary>The desk checklist over every procedure of the national catalogue crawl (shared/data/tthc).</summary>
public class DocumentChecklistTests(ITestOutputHelper output)
{
    private static string CatalogPath([CallerFilePath] string sourceFile = "") =>
        Environment.GetEnvironmentVariable("MOTCUA_CATALOG_FILE") is { Length: > 0 } configured ? configured
        : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", "..", "shared", "data", "tthc", "dvcqg_tthc_central_2026.jsonl"));

    private static IReadOnlyList<ProcedureSpec> Catalogue() =>
        [.. File.ReadLines(CatalogPath()).Where(l => l.Length > 0).Select(l => NationalCatalogParser.ParseLine(l).Spec)];

    [Fact]
    public void Over_every_procedure_the_required_lines_are_the_set_CheckDocumentsHandedIn_counts()
    {
        var catalogue = Catalogue();
        Assert.True(catalogue.Count > 2000, $"the crawl has {catalogue.Count} procedures");
        int withRequired = 0, lines = 0;
        foreach (var spec in catalogue)
        {
            var empty = DocumentChecklist.Compare(spec, Channel.Direct, new HashSet<int>());
            var required = empty.Where(l => l.Required).ToList();
            lines += empty.Count;
            // Nothing attached: every line required at the desk (DocumentNeeds) is missing, a conditional one asks for its
            // condition, a line of another channel is not asked.
            Assert.All(empty, l => Assert.Equal(DocumentNeeds.Of(spec.Documents[l.Index], Channel.Direct).Need switch
            {
                DocumentNeed.Required => ChecklistState.Missing,
                DocumentNeed.Conditional => ChecklistState.CheckCondition,
                _ => ChecklistState.NotAsked,
            }, l.State));
            Assert.All(DocumentChecklist.Compare(spec, Channel.Online, new HashSet<int>()),
                l => Assert.Equal(DocumentNeeds.Of(spec.Documents[l.Index], Channel.Online).Need == DocumentNeed.Required, l.State == ChecklistState.Missing));
            var refusal = Dossier.CheckDocumentsHandedIn(spec, Channel.Direct, 0);
            if (required.Count == 0) Assert.Null(refusal);
            else
            {
                withRequired++;
                Assert.Contains($"yêu cầu nộp {required.Count} thành phần hồ sơ", refusal, StringComparison.Ordinal);
            }
            // Exactly the document lines to hand over, never a heading, a note or a document only shown.
            Assert.Equal(
                Enumerable.Range(0, spec.Documents.Count).Where(i => spec.Documents[i] is { Kind: DocumentLineKind.Document, MustPresentOnly: false }),
                empty.Select(l => l.Index));

            // Everything attached: nothing missing.
            var all = DocumentChecklist.Compare(spec, Channel.Direct, empty.Select(l => l.Index).ToHashSet());
            Assert.All(all, l => Assert.Equal(ChecklistState.Provided, l.State));
        }
        output.WriteLine($"{catalogue.Count} procedures, {lines} checklist lines, {withRequired} procedures with a required document.");
    }

    /// <summary>CIT35 LOW 6: over every procedure, receiving at the desk with a required line not handed in needs the officer's
    /// confirmation naming that line; with every required line, with the box ticked, or with nothing handed in at all (intake's
    /// own refusal, <see cref="Dossier.CheckDocumentsHandedIn"/>) it does not.</summary>
    [Fact]
    public void Over_every_procedure_a_missing_required_line_asks_for_the_officers_confirmation_naming_it()
    {
        var asked = 0;
        foreach (var spec in Catalogue())
        {
            var lines = DocumentChecklist.Compare(spec, Channel.Direct, new HashSet<int>());
            var all = lines.Select(l => l.Index).ToHashSet();
            Assert.Null(DocumentChecklist.CheckComplete(spec, Channel.Direct, all, applicantVerified: false, confirmed: false));
            Assert.Null(DocumentChecklist.CheckComplete(spec, Channel.Direct, new HashSet<int>(), applicantVerified: false, confirmed: false));
            if (lines.FirstOrDefault(l => l.State == ChecklistState.Missing) is not { } required || all.Count < 2) continue;
            var without = all.Where(i => i != required.Index).ToHashSet();
            var refusal = DocumentChecklist.CheckComplete(spec, Channel.Direct, without, applicantVerified: false, confirmed: false);
            Assert.NotNull(refusal);
            Assert.StartsWith("Hồ sơ còn thiếu giấy tờ bắt buộc: ", refusal, StringComparison.Ordinal);
            Assert.Contains(required.Name.TrimEnd(' ', '.', ';', ',', ':'), refusal, StringComparison.Ordinal);
            Assert.Contains("Vẫn tiếp nhận?", refusal, StringComparison.Ordinal);
            Assert.Null(DocumentChecklist.CheckComplete(spec, Channel.Direct, without, applicantVerified: false, confirmed: true));
            // What the intake event keeps when the officer receives anyway: the same line, named as the refusal names it.
            Assert.Equal([required.Name.TrimEnd(' ', '.', ';', ',', ':')], DocumentChecklist.MissingRequired(spec, Channel.Direct, without, applicantVerified: false));
            Assert.Empty(DocumentChecklist.MissingRequired(spec, Channel.Direct, all, applicantVerified: false));
            asked++;
        }
        Assert.True(asked > 500, $"{asked} procedures");
        output.WriteLine($"{asked} procedures ask for a confirmation when one required line is missing.");
    }

    [Fact]
    public void A_reusable_file_is_offered_only_where_nothing_is_attached()
    {
        var spec = new ProcedureSpec
        {
            Code = "1.001193", Name = "Thủ tục đăng ký khai sinh", Field = "Hộ tịch",
            Documents =
            [
                new("Tờ khai đăng ký khai sinh", 1, 0, null),
                new("Giấy chứng sinh", 1, 0, null),
                new("Văn bản ủy quyền", 1, 0, null) { Condition = "Trường hợp ủy quyền" },
                new("Giấy tờ tùy thân", 1, 0, null, MustPresentOnly: true),
                new("Lưu ý: bản chụp phải rõ nét", 0, 0, null) { Kind = DocumentLineKind.Note },
            ],
        };
        var lines = DocumentChecklist.Compare(spec, Channel.Direct, new HashSet<int> { 0 }, new Dictionary<int, string> { [0] = "X", [1] = "H01-0001" });
        Assert.Equal(
            [(0, ChecklistState.Provided, (string?)null), (1, ChecklistState.Reusable, "H01-0001"), (2, ChecklistState.CheckCondition, null)],
            lines.Select(l => (l.Index, l.State, l.ReusableFrom)));
        Assert.Equal(ChecklistState.Missing, DocumentChecklist.Compare(spec, Channel.Direct, new HashSet<int>())[1].State);
    }
}
