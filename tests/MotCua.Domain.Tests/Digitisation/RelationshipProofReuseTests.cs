using MotCua.Domain.Catalog;
using MotCua.Domain.Digitisation;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Tests.Fees;

namespace MotCua.Domain.Tests.Digitisation;

/// <summary>
/// Trial17u MEDIUM 1 (<see cref="DocumentSubject"/>, <see cref="ReuseRule"/>): 2.000908's relationship-proof line is about
/// another person, so a child's Giấy chứng sinh filed under it is not offered again; and a file whose own name or OCR text
/// is a birth or death paper is not reused under any line, while an identity card's text ("Nơi đăng ký khai sinh") is.
/// </summary>
public class RelationshipProofReuseTests
{
    private const string Applicant = "042204541249";

    private static RequiredDocument Line(string code, string contains) =>
        Assert.Single(NationalCatalogue.Catalogue.Value.Single(p => p.Code == code).Documents, d => d.Name.Contains(contains, StringComparison.Ordinal));

    private static ReusableFile File(string documentName, string? fileName = null, string? text = null) =>
        new(7, "000.10.01.H46-261205-0004", DossierStatus.Received, Applicant, true, 3, documentName, null, fileName, text);

    [Fact]
    public void The_relationship_proof_line_of_2_000908_is_about_another_person_and_its_paper_is_not_reused()
    {
        var line = Line("2.000908", "chứng minh quan hệ");
        Assert.True(DocumentSubject.IsAboutAnotherPerson(line.Name), line.Name);
        // The trial's case: a child's birth certificate scanned on that line, the next 2.000908 of the same CCCD.
        Assert.False(ReuseRule.Matches(File(line.Name, "giay-chung-sinh.png", "GIẤY CHỨNG SINH\nHọ và tên mẹ: ĐỒNG THỊ LAN"), line, null, Applicant));
        Assert.False(ReuseRule.Matches(File(line.Name), line, null, Applicant));
    }

    [Theory]
    [InlineData("giay-chung-sinh.png", null)]
    [InlineData("scan1.png", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nGIẤY CHỨNG SINH\nHọ và tên mẹ")]
    [InlineData("scan2.png", "TRÍCH LỤC KHAI TỬ")]
    [InlineData("Giay_khai_sinh_con.pdf", null)]
    [InlineData("anh.png", "Giấy báo tử số 12")]
    public void A_file_named_or_reading_as_a_birth_or_death_paper_is_not_reused_under_an_applicants_line(string fileName, string? text)
    {
        var line = Line("2.000908", "Căn cước");
        Assert.False(DocumentSubject.IsAboutAnotherPerson(line.Name));
        Assert.True(DocumentSubject.IsPaperAboutAnotherPerson(fileName, text));
        Assert.False(ReuseRule.Matches(File(line.Name, fileName, text), line, null, Applicant));
    }

    [Fact]
    public void The_applicants_identity_card_still_is_reused_though_it_names_the_birth_registration_place()
    {
        var line = Line("2.000908", "Căn cước");
        var card = File(line.Name, "card1.png", "CĂN CƯỚC CÔNG DÂN\nSố định danh cá nhân: 042204541249\nNơi đăng ký khai sinh: Thừa Thiên Huế");
        Assert.False(DocumentSubject.IsPaperAboutAnotherPerson(card.FileName, card.Text));
        Assert.True(ReuseRule.Matches(card, line, null, Applicant));
    }
}
