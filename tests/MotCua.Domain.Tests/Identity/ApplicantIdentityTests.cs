using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;

namespace MotCua.Domain.Tests.Identity;

public class ApplicantIdentityTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    [Theory]
    [InlineData("Công ty Cổ phần Xây dựng số 5")]
    [InlineData("Công ty TNHH Thương mại & Dịch vụ Hải Đăng")]
    [InlineData("Công ty TNHH MTV Đầu tư (Việt Nam) - Chi nhánh Huế")]
    public void Organisation_names_allow_digits_and_symbols(string name)
    {
        foreach (var kind in new[] { ApplicantKind.Enterprise, ApplicantKind.HouseholdBusiness, ApplicantKind.Organization })
            Assert.Null(ApplicantIdentity.CheckName(kind, name));
        Assert.NotNull(ApplicantIdentity.CheckName(ApplicantKind.Individual, name));
    }

    [Theory]
    [InlineData("0101234567", null)]
    [InlineData("0101234567-001", null)]
    [InlineData("0101234567-000", "Phần đuôi")]
    [InlineData("010123456", "10 chữ số")]
    [InlineData("0101234567001", "10 chữ số")]
    [InlineData("01012345A7", "10 chữ số")]
    [InlineData("", "Vui lòng nhập mã số doanh nghiệp")]
    public void Enterprise_codes_are_ten_digits_or_a_branch_of_thirteen(string code, string? problem)
    {
        var error = ApplicantIdentity.CheckIdentifier(ApplicantKind.Enterprise, code, Today);
        if (problem is null) Assert.Null(error);
        else Assert.Contains(problem, error);
    }

    [Fact]
    public void A_person_is_identified_by_the_citizen_id_check()
    {
        Assert.Null(ApplicantIdentity.CheckIdentifier(ApplicantKind.Individual, "046095001234", Today));
        Assert.Equal(CitizenId.Check("0460950012", Today), ApplicantIdentity.CheckIdentifier(ApplicantKind.Individual, "0460950012", Today));
    }

    [Fact]
    public void Household_businesses_need_their_number_and_organisations_may_have_none()
    {
        Assert.Null(ApplicantIdentity.CheckIdentifier(ApplicantKind.HouseholdBusiness, "33A8012345", Today));
        Assert.NotNull(ApplicantIdentity.CheckIdentifier(ApplicantKind.HouseholdBusiness, "", Today));
        Assert.NotNull(ApplicantIdentity.CheckIdentifier(ApplicantKind.HouseholdBusiness, "33A 8012", Today));
        Assert.Null(ApplicantIdentity.CheckIdentifier(ApplicantKind.Organization, "", Today));
        Assert.Null(ApplicantIdentity.CheckIdentifier(ApplicantKind.Organization, "1234567", Today));
    }

    [Fact]
    public void Every_kind_but_a_person_acts_through_a_representative()
    {
        foreach (var kind in Enum.GetValues<ApplicantKind>())
        {
            Assert.Equal(kind.HasRepresentative(), ApplicantIdentity.CheckRepresentative(kind, null) is not null);
            Assert.Equal(kind.HasRepresentative(), ApplicantIdentity.CheckRepresentative(kind, "Trần Văn Bình") is null);
            Assert.Equal(kind, ApplicantIdentity.Parse(kind.ApiName()));
        }
        Assert.Null(ApplicantIdentity.Parse("company"));
    }

    [Fact]
    public void Only_the_receiving_officer_of_the_unit_may_open_a_dossier()
    {
        var actor = new Actor("Cán bộ");
        foreach (var role in Enum.GetValues<OfficerRole>())
        {
            var refusal = Dossier.CheckIntake(new Officer(actor, role, 2), 2);
            Assert.Equal(role == OfficerRole.ReceivingOfficer, refusal is null);
            if (refusal is not null) Assert.Equal(DossierRefusal.NotPermitted, refusal.Refusal);
        }
        Assert.Equal(DossierRefusal.NotPermitted, Dossier.CheckIntake(new Officer(actor, OfficerRole.ReceivingOfficer, 3), 2)!.Refusal);
    }

    // Fourth fresh trial LOW 5: the portal's free text ThongTinKhac was read whole as the representative's name, so
    // "Người đại diện: Trần Văn Hùng, Giám đốc" refused the whole push (422).
    [Theory]
    [InlineData("Người đại diện: Trần Văn Hùng, Giám đốc", "Trần Văn Hùng")]
    [InlineData("Người đại diện theo pháp luật - Nguyễn Thị Mai (Chủ tịch HĐQT)", "Nguyễn Thị Mai")]
    [InlineData("Đại diện: Lê Văn An; điện thoại 0905111222", "Lê Văn An")]
    [InlineData("Chủ hộ kinh doanh: Phạm Thị Hoa", "Phạm Thị Hoa")]
    [InlineData("Trần Văn Hùng - Giám đốc", "Trần Văn Hùng")]
    [InlineData("Trần Văn Hùng", "Trần Văn Hùng")]
    [InlineData("  Hoàng Văn Nam  ", "Hoàng Văn Nam")]
    [InlineData("Mã số 123, không rõ", "Mã số 123, không rõ")]
    [InlineData("", "")]
    public void The_representatives_name_is_taken_out_of_the_portals_free_text(string text, string name)
    {
        Assert.Equal(name, ApplicantIdentity.RepresentativeFrom(text));
        if (name.Length > 0 && !name.Any(char.IsDigit))
            Assert.Null(ApplicantIdentity.CheckRepresentative(ApplicantKind.Enterprise, ApplicantIdentity.RepresentativeFrom(text)));
    }
}
