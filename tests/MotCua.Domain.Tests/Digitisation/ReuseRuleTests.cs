using MotCua.Domain.Catalog;
using MotCua.Domain.Digitisation;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Tests.Digitisation;

public class ReuseRuleTests
{
    private const string Applicant = "046200012345";
    private static readonly RequiredDocument Line = new("Thẻ căn cước công dân", 1, 0, null);

    private static ReusableFile File(string? owner = Applicant, bool digitised = true, int purpose = 3,
        DossierStatus status = DossierStatus.Returned, string? name = "THẺ CĂN CƯỚC CÔNG DÂN", string? code = null) =>
        new(1, "H01.01-261202-0001", status, owner, digitised, purpose, name, code);

    [Fact]
    public void A_digitised_file_of_the_same_applicant_with_the_same_name_after_folding_matches() =>
        Assert.True(ReuseRule.Matches(File(), Line, null, Applicant));

    [Fact]
    public void A_result_file_matches_though_not_digitised() =>
        Assert.True(ReuseRule.Matches(File(digitised: false, purpose: ReuseRule.ResultPurpose), Line, null, Applicant));

    [Fact]
    public void A_plain_upload_that_is_neither_digitised_nor_a_result_does_not() =>
        Assert.False(ReuseRule.Matches(File(digitised: false, purpose: 1), Line, null, Applicant));

    [Theory]
    [InlineData("001199012345")]
    [InlineData("")]
    [InlineData(null)]
    public void Another_or_no_applicant_never_matches(string? applicant) => Assert.False(ReuseRule.Matches(File(), Line, null, applicant));

    [Fact]
    public void A_file_without_an_owner_never_matches() => Assert.False(ReuseRule.Matches(File(owner: null), Line, null, Applicant));

    [Fact]
    public void Every_status_but_not_received_may_be_reused()
    {
        foreach (var status in Enum.GetValues<DossierStatus>())
            Assert.Equal(status != DossierStatus.NotReceived, ReuseRule.Matches(File(status: status), Line, null, Applicant));
    }

    [Fact]
    public void Another_document_name_does_not_match_unless_the_catalogue_codes_agree()
    {
        Assert.False(ReuseRule.Matches(File(name: "Giấy khai sinh"), Line, null, Applicant));
        Assert.True(ReuseRule.Matches(File(name: "Giấy khai sinh", code: "KQ.G15.000031"), Line, "KQ.G15.000031", Applicant));
        Assert.False(ReuseRule.Matches(File(name: "Giấy khai sinh", code: "KQ.G15.000031"), Line, "KQ.G15.000032", Applicant));
        Assert.False(ReuseRule.Matches(File(name: null), Line, null, Applicant));
    }
}
