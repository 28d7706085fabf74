using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Tests.Fees;
using Xunit.Abstractions;

namespace MotCua.Domain.Tests.Catalog;

/// <summary>
/// <see cref="DocumentNeeds"/> over every document line of every procedure of the national catalogue crawl
/// (../shared/data/tthc: the adopted procedures are among them) on each channel, with the counts per kind written to the
/// log (docs/CITIZENS.md), and named lines of the procedures the trial met.
/// </summary>
public class DocumentNeedsTests(ITestOutputHelper output)
{
    private static readonly Channel[] AllChannels = [Channel.Direct, Channel.Online, Channel.Postal];

    private static IEnumerable<(ProcedureSpec Spec, RequiredDocument Line)> HandedOver() =>
        NationalCatalogue.Catalogue.Value.SelectMany(p => p.Documents.Where(d => d.Kind == DocumentLineKind.Document && !d.MustPresentOnly).Select(d => (p, d)));

    private static string Short(string text) => text.Length <= 110 ? text : text[..110] + "…";

    [Fact]
    public void Every_line_of_every_procedure_has_one_need_per_channel_consistent_with_its_name()
    {
        var lines = HandedOver().ToList();
        Assert.True(lines.Count > 10_000, $"{lines.Count} lines to hand over");
        foreach (var channel in AllChannels)
        {
            var counts = lines.GroupBy(x => DocumentNeeds.Of(x.Line, channel).Need).ToDictionary(g => g.Key, g => g.Count());
            output.WriteLine($"{channel}: {string.Join(", ", Enum.GetValues<DocumentNeed>().Select(k => $"{k} {counts.GetValueOrDefault(k)}"))} of {lines.Count}");
        }
        foreach (var kind in new[] { DocumentNeed.NotAsked, DocumentNeed.FilledByEForm, DocumentNeed.Conditional })
        {
            var some = lines.Where(x => DocumentNeeds.Of(x.Line, Channel.Online).Need == kind).ToList();
            foreach (var (spec, line) in some.Where((_, i) => i % Math.Max(1, some.Count / 10) == 0).Take(10))
                output.WriteLine($"  online {kind} {spec.Code}: {Short(line.Name)}{(DocumentNeeds.Of(line, Channel.Online).Condition is { } c ? $" [{Short(c)}]" : "")}");
        }

        foreach (var (spec, line) in lines)
        {
            var named = DocumentNeeds.ChannelsNamed(line.Name);
            foreach (var channel in AllChannels)
            {
                var need = DocumentNeeds.Of(line, channel);
                // Not asked only where the line names other channels; filled by the e-form only online, on a line naming only online.
                Assert.True(need.Need != DocumentNeed.NotAsked || (named is not null && !named.Contains(channel)), $"{spec.Code} {channel}: {line.Name}");
                Assert.True(need.Need != DocumentNeed.FilledByEForm || (channel == Channel.Online && named is { Count: 1 } && named.Contains(Channel.Online)), $"{spec.Code} {channel}: {line.Name}");
                // A condition is shown exactly when the line is conditional.
                Assert.Equal(need.Need == DocumentNeed.Conditional, !string.IsNullOrWhiteSpace(need.Condition));
            }
            // A line to hand over applies on some channel.
            Assert.Contains(AllChannels, c => DocumentNeeds.Of(line, c).Need != DocumentNeed.NotAsked);
        }
        // Headings, notes and documents only shown ask nothing anywhere.
        Assert.All(NationalCatalogue.Catalogue.Value.SelectMany(p => p.Documents).Where(d => d.Kind != DocumentLineKind.Document || d.MustPresentOnly),
            d => Assert.All(AllChannels, c => Assert.Equal(DocumentNeed.NotAsked, DocumentNeeds.Of(d, c).Need)));
    }

    private static RequiredDocument Line(string code, string startsWith) =>
        Assert.Single(NationalCatalogue.Catalogue.Value.Single(p => p.Code == code).Documents, d => d.Name.StartsWith(startsWith, StringComparison.Ordinal));

    private static (DocumentNeed Direct, DocumentNeed Online, DocumentNeed Postal) Needs(RequiredDocument line) =>
        (DocumentNeeds.Of(line, Channel.Direct).Need, DocumentNeeds.Of(line, Channel.Online).Need, DocumentNeeds.Of(line, Channel.Postal).Need);

    [Fact]
    public void Birth_registration_online_asks_a_file_only_for_the_birth_certificate()
    {
        // The trial's lines (1.001193, Đăng ký khai sinh at the commune).
        Assert.Equal((DocumentNeed.Required, DocumentNeed.Required, DocumentNeed.Required), Needs(Line("1.001193", "Giấy chứng sinh")));
        Assert.Equal((DocumentNeed.Required, DocumentNeed.NotAsked, DocumentNeed.Required), Needs(Line("1.001193", "Tờ khai đăng ký khai sinh theo mẫu (nếu")));
        Assert.Equal((DocumentNeed.NotAsked, DocumentNeed.FilledByEForm, DocumentNeed.NotAsked), Needs(Line("1.001193", "Mẫu hộ tịch điện tử tương tác")));
        var proxy = DocumentNeeds.Of(Line("1.001193", "Văn bản ủy quyền"), Channel.Online);
        Assert.Equal(DocumentNeed.Conditional, proxy.Need);
        Assert.StartsWith("trong trường hợp ủy quyền", proxy.Condition);
        Assert.Equal(new LineNeed(DocumentNeed.Conditional, "Trường hợp trẻ em bị bỏ rơi"), DocumentNeeds.Of(Line("1.001193", "Trường hợp trẻ em bị bỏ rơi"), Channel.Online));
    }

    [Fact]
    public void Named_lines_of_other_procedures()
    {
        // Direct only: the paper declaration when the citizen comes to the desk (1.004873, xác nhận tình trạng hôn nhân).
        Assert.Equal((DocumentNeed.Required, DocumentNeed.NotAsked, DocumentNeed.NotAsked), Needs(Line("1.004873", "Tờ khai cấp Giấy xác nhận")));
        Assert.Equal((DocumentNeed.NotAsked, DocumentNeed.FilledByEForm, DocumentNeed.NotAsked), Needs(Line("1.004873", "Mẫu điện tử tương tác")));
        // Online and by post, not at the desk (1.004772).
        Assert.Equal((DocumentNeed.NotAsked, DocumentNeed.Required, DocumentNeed.Required), Needs(Line("1.004772", "Tờ khai đăng ký khai sinh theo mẫu (nếu")));
        // Clauses naming all three channels give each its form of the same photo: asked everywhere (1.000279).
        Assert.Equal((DocumentNeed.Required, DocumentNeed.Required, DocumentNeed.Required), Needs(Line("1.000279", "02 ảnh màu đối với trường hợp nộp hồ sơ trực tiếp")));
        // A mid-line clause that says which copy each channel takes does not restrict the line (1.002903).
        Assert.Null(DocumentNeeds.ChannelsNamed("Bản sao từ sổ gốc hoặc bản sao có chứng thực (trường hợp nộp hồ sơ trực tiếp); nộp bản sao có chứng thực (trường hợp nộp hồ sơ qua đường bưu chính) các tài liệu sau: Giấy phép"));
        // Not a channel: "trực tiếp" after another word than a submission verb.
        Assert.Null(DocumentNeeds.ChannelsNamed("Tờ khai thuế (áp dụng đối với người nộp thuế tính thuế theo phương pháp trực tiếp trên doanh thu)"));
        // "(nếu có)" stays conditional everywhere.
        Assert.Equal(new LineNeed(DocumentNeed.Conditional, "nếu có"), DocumentNeeds.Of(new RequiredDocument("Biên bản tổ chức đối thoại (nếu có)", 1, 0, null) { Condition = "nếu có" }, Channel.Online));
    }
}
