using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;

namespace MotCua.Domain.Tests.Identity;

public class CitizenAccessTests
{
    private const string Cccd = "046095001234";
    private static readonly DossierOwnership OfAn = new(null, Cccd, "0905123456", "an@example.vn");

    [Fact]
    public void The_account_that_submitted_reads_its_dossier_whatever_it_names() =>
        Assert.True(CitizenAccess.CanRead(new SignedInCitizen(7, "001200000001", CitizenAssurance.OneTimeCode, "0912000000"), OfAn with { CitizenId = 7 }));

    [Fact]
    public void A_VNeID_citizen_reads_every_dossier_of_their_id_number()
    {
        Assert.True(CitizenAccess.CanRead(new SignedInCitizen(1, Cccd, CitizenAssurance.VneId, null), OfAn));
        Assert.False(CitizenAccess.CanRead(new SignedInCitizen(1, "046095001235", CitizenAssurance.VneId, null), OfAn));
    }

    [Theory]
    [InlineData("0905123456", true)]
    [InlineData("+84 905 123 456", true)]
    [InlineData("090.512.3456", true)]
    [InlineData("AN@Example.VN", true)]
    [InlineData("0912000000", false)]
    [InlineData("other@example.vn", false)]
    [InlineData("not a phone", false)]
    public void A_code_opens_a_dossier_of_the_same_id_number_only_when_sent_to_its_phone_or_email(string sentTo, bool expected) =>
        Assert.Equal(expected, CitizenAccess.CanRead(new SignedInCitizen(1, Cccd, CitizenAssurance.OneTimeCode, sentTo), OfAn));

    [Fact]
    public void A_code_to_the_right_phone_never_opens_another_persons_dossier() =>
        Assert.False(CitizenAccess.CanRead(new SignedInCitizen(1, "046095001235", CitizenAssurance.OneTimeCode, "0905123456"), OfAn));

    [Fact]
    public void A_dossier_without_an_id_number_opens_only_to_its_account()
    {
        var organisation = new DossierOwnership(null, "", "0905123456", null);
        Assert.False(CitizenAccess.CanRead(new SignedInCitizen(1, "", CitizenAssurance.VneId, null), organisation));
        Assert.False(CitizenAccess.CanRead(new SignedInCitizen(1, Cccd, CitizenAssurance.OneTimeCode, null), OfAn));
    }

    [Fact]
    public void The_dossier_overload_reads_the_account_and_the_applicant_of_the_dossier()
    {
        var now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, VietnamTime.Offset);
        var applicant = new Applicant("Nguyễn Văn An", Cccd, "0905123456", null, "Huế");
        var dossier = Dossier.SubmitOnline("000.10.01.H46-261201-0001", 2, new ProcedureRef("1.001193", 1, "Thủ tục đăng ký khai sinh", TimeLimit.Days(1)),
            applicant, [], now, new DueDateResult(now, now.AddDays(1), []), new Actor("Nguyễn Văn An", CitizenId: 42), now);
        Assert.Equal(42, dossier.CitizenId);
        Assert.Equal(42, dossier.Events.Single().ActorCitizenId);
        Assert.True(CitizenAccess.CanRead(new SignedInCitizen(42, "001200000001", CitizenAssurance.OneTimeCode, null), dossier));
        Assert.False(CitizenAccess.CanRead(new SignedInCitizen(43, "001200000001", CitizenAssurance.OneTimeCode, "0905123456"), dossier));
        Assert.True(CitizenAccess.CanRead(new SignedInCitizen(43, Cccd, CitizenAssurance.OneTimeCode, "0905123456"), dossier));
    }
}
