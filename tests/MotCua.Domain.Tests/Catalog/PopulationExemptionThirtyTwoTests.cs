using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Tests.Fees;

namespace MotCua.Domain.Tests.Catalog;

/// <summary>Trial 17t LOW 11 (<see cref="DocumentNeeds.ForApplicant"/>): 2.000908's identity line,
/// exempt when the population database is read, is not required of a verified applicant; the relationship line, exempt
/// only when the civil-status database holds it, still is; nothing changes for an applicant not verified.</summary>
public class PopulationExemptionThirtyTwoTests
{
    private static RequiredDocument Line(string code, string startsWith) =>
        Assert.Single(NationalCatalogue.Catalogue.Value.Single(p => p.Code == code).Documents, d => d.Name.StartsWith(startsWith, StringComparison.Ordinal));

    [Fact]
    public void The_identity_line_of_2_000908_is_conditional_for_a_verified_applicant_only()
    {
        var identity = Line("2.000908", "Một trong các giấy tờ sau: Căn cước");
        Assert.Equal(DocumentNeed.Required, DocumentNeeds.Of(identity, Channel.Online).Need);
        Assert.Equal(DocumentNeed.Required, DocumentNeeds.ForApplicant(identity, Channel.Online, applicantVerified: false).Need);
        Assert.Equal(new LineNeed(DocumentNeed.Conditional, DocumentNeeds.PopulationDatabaseCase), DocumentNeeds.ForApplicant(identity, Channel.Online, applicantVerified: true));
    }

    [Fact]
    public void A_line_exempt_by_the_civil_status_database_is_still_required()
    {
        var relationship = Line("2.000908", "Bản chính hoặc bản sao có chứng thực giấy tờ chứng minh quan hệ");
        Assert.Equal(DocumentNeeds.Of(relationship, Channel.Online), DocumentNeeds.ForApplicant(relationship, Channel.Online, applicantVerified: true));
    }

    [Fact]
    public void Across_the_catalogue_verification_changes_only_lines_that_name_the_population_database()
    {
        var changed = NationalCatalogue.Catalogue.Value.SelectMany(p => p.Documents)
            .Where(d => DocumentNeeds.Of(d, Channel.Online) != DocumentNeeds.ForApplicant(d, Channel.Online, applicantVerified: true)).ToList();
        Assert.NotEmpty(changed);
        Assert.All(changed, d => Assert.Contains("Cơ sở dữ liệu quốc gia về dân cư", d.Name, StringComparison.OrdinalIgnoreCase));
    }
}
