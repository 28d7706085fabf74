using MotCua.Domain.Catalog;
using MotCua.Domain.Digitisation;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Tests.Fees;
using Xunit.Abstractions;

namespace MotCua.Domain.Tests.Digitisation;

/// <summary>
/// Trial 17t MEDIUM 3 (<see cref="DocumentSubject"/>): a line about another person than the applicant (a child's birth, a
/// death) is never offered for reuse by the applicant's number; a line about the applicant still is. Named lines of the
/// real catalogue (../shared/data/tthc), and the whole catalogue's count written to the log.
/// </summary>
public class ThirdPersonReuseTests(ITestOutputHelper output)
{
    private const string Applicant = "046095001234";

    private static RequiredDocument Line(string code, string startsWith) =>
        Assert.Single(NationalCatalogue.Catalogue.Value.Single(p => p.Code == code).Documents, d => d.Name.StartsWith(startsWith, StringComparison.Ordinal));

    private static ReusableFile File(string name) => new(7, "000.10.01.H46-261205-0003", DossierStatus.Received, Applicant, true, 3, name, null);

    [Theory]
    [InlineData("1.001193", "Giấy chứng sinh")]
    [InlineData("1.000689", "Bản chính Giấy chứng sinh")]
    [InlineData("1.000656", "Giấy báo tử")]
    public void A_birth_or_death_certificate_line_is_about_another_person_and_never_reused(string code, string startsWith)
    {
        var line = Line(code, startsWith);
        Assert.True(DocumentSubject.IsAboutAnotherPerson(line.Name), line.Name);
        // The trial's case: the first child's digitised certificate, same applicant, same line name.
        Assert.False(ReuseRule.Matches(File(line.Name), line, null, Applicant));
    }

    [Fact]
    public void The_applicants_own_identity_paper_is_about_the_applicant_and_still_reused()
    {
        var line = Line("2.000908", "Một trong các giấy tờ sau: Căn cước");
        Assert.False(DocumentSubject.IsAboutAnotherPerson(line.Name));
        Assert.True(ReuseRule.Matches(File(line.Name), line, null, Applicant));
    }

    [Fact]
    public void A_file_filed_under_a_line_about_another_person_is_not_offered_for_a_line_with_a_matching_code()
    {
        var line = new RequiredDocument("Giấy tờ chứng minh", 1, 0, null);
        var file = new ReusableFile(7, "000.10.01.H46-261205-0003", DossierStatus.Received, Applicant, true, 3, "Giấy chứng tử của người chết", "KQ.1");
        Assert.False(ReuseRule.Matches(file, line, "KQ.1", Applicant));
    }

    [Fact]
    public void The_refusal_names_the_line_without_its_closing_punctuation()
    {
        var message = DocumentSubject.ReuseRefusal("Giấy chứng sinh;");
        Assert.Contains("“Giấy chứng sinh”", message);
        Assert.DoesNotContain("..", message);
    }

    [Fact]
    public void No_identity_residence_or_diploma_line_of_the_catalogue_is_about_another_person()
    {
        var lines = NationalCatalogue.Catalogue.Value.SelectMany(p => p.Documents.Where(d => d.Kind == DocumentLineKind.Document && !d.MustPresentOnly).Select(d => (p.Code, d.Name))).ToList();
        var about = lines.Where(l => DocumentSubject.IsAboutAnotherPerson(l.Name)).ToList();
        output.WriteLine($"{about.Count} of {lines.Count} lines to hand over are about another person");
        foreach (var (code, name) in about.Where((_, i) => i % Math.Max(1, about.Count / 10) == 0).Take(10)) output.WriteLine($"  {code}: {(name.Length > 110 ? name[..110] + "…" : name)}");
        Assert.InRange(about.Count, 20, lines.Count / 10);
        string[] own = ["can cuoc", "the can cuoc", "ban sao can cuoc", "ho chieu", "so ho khau", "bang tot nghiep", "giay phep lai xe"];
        Assert.DoesNotContain(about, l => own.Any(h => SearchText.Fold(l.Name).StartsWith(h, StringComparison.Ordinal)));
    }
}
