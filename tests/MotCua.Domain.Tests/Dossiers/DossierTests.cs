using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Tests.Dossiers;

public class DossierTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 17, 9, 0, 0, VietnamTime.Offset);
    private static readonly ProcedureRef BirthRegistration = new("1.001193", 1, "Thủ tục đăng ký khai sinh", TimeLimit.Days(1));
    private static readonly Applicant Applicant = new("Nguyễn Văn An", "046095001234", "0905123456", null, "Huế");
    private static readonly Actor Officer = new("Nguyễn Thị Hường", UserId: 1);
    private static readonly Officer Desk = new(Officer, OfficerRole.ReceivingOfficer, 2);
    private static readonly DueDateResult Due = new(Now, Now.AddDays(1), []);

    private static Dossier Received() => Dossier.Receive("000.10.01.H46-251117-0001", 2, BirthRegistration, Channel.Direct, Applicant,
        [new ReceivedDocument("Giấy chứng sinh", 1, 0)], 1, Now, Due, Officer, Now);

    private static Dossier Online() => Dossier.SubmitOnline("000.10.01.H46-251117-0002", 2, BirthRegistration, Applicant, [], Now, Due,
        new Actor("Cổng DVCQG", ClientId: 1), Now);

    [Fact]
    public void Receiving_records_status_2_due_date_and_first_event()
    {
        var dossier = Received();
        Assert.Equal(DossierStatus.Received, dossier.Status);
        Assert.Equal(Due.DueAt, dossier.DueAt);
        Assert.Equal(Now, dossier.ReceivedAt);
        var e = Assert.Single(dossier.Events);
        Assert.Equal((null, DossierStatus.Received, "Nguyễn Thị Hường", 1), (e.FromStatus, e.ToStatus, e.ActorName, e.ActorUserId));
    }

    /// <summary>CIT35 LOW 6, its sequel: a dossier the desk received although required lines were missing keeps their names on
    /// its intake event (an inspector can tell later); a complete one keeps none, nor does an empty list.</summary>
    [Fact]
    public void Receiving_without_required_lines_keeps_their_names_on_the_intake_event()
    {
        var incomplete = Dossier.Receive("", 2, BirthRegistration, Channel.Direct, Applicant, [new ReceivedDocument("Giấy chứng sinh", 1, 0)], 1, Now, Due,
            Officer, Now, missingDocuments: ["Tờ khai đăng ký khai sinh"]);
        Assert.Equal(["Tờ khai đăng ký khai sinh"], Assert.Single(incomplete.Events).MissingDocuments);
        Assert.Null(Assert.Single(Received().Events).MissingDocuments);
        Assert.Null(Assert.Single(Dossier.Receive("", 2, BirthRegistration, Channel.Direct, Applicant, [new ReceivedDocument("Giấy chứng sinh", 1, 0)], 1, Now,
            Due, Officer, Now, missingDocuments: []).Events).MissingDocuments);
    }

    [Fact]
    public void Online_submission_waits_in_status_1_then_is_accepted()
    {
        var dossier = Online();
        Assert.Equal(DossierStatus.Submitted, dossier.Status);
        Assert.Null(dossier.ReceivedAt);
        dossier.AcceptOnline(Desk, Now.AddHours(1));
        Assert.Equal(DossierStatus.Received, dossier.Status);
        Assert.Equal((DossierStatus?)DossierStatus.Submitted, dossier.Events[^1].FromStatus);
        Assert.Equal(2, dossier.Events.Count);
    }

    [Fact]
    public void Refusing_an_online_submission_records_status_3_with_reason()
    {
        var dossier = Online();
        dossier.RefuseOnline("Không thuộc thẩm quyền", "Điều 9 Nghị định 123/2015/NĐ-CP", Desk, Now);
        Assert.Equal(DossierStatus.NotReceived, dossier.Status);
        Assert.Equal("Không thuộc thẩm quyền", dossier.RefusalReason);
        Assert.Null(dossier.DueAt);
    }

    [Fact]
    public void Refusal_needs_a_reason() =>
        Assert.Throws<DossierStateException>(() => Online().RefuseOnline(" ", "", Desk, Now));

    [Fact]
    public void Accepting_twice_is_rejected_with_a_clear_message()
    {
        var dossier = Received();
        var error = Assert.Throws<DossierStateException>(() => dossier.AcceptOnline(Desk, Now));
        Assert.Contains("Được tiếp nhận", error.Message);
        Assert.Single(dossier.Events);
    }

    [Fact]
    public void Refused_at_desk_has_no_due_date_and_cannot_enter_the_register()
    {
        var dossier = Dossier.RefuseAtDesk("000.10.01.H46-251117-0003", 2, BirthRegistration, Channel.Direct, Applicant, [], Now,
            "Hồ sơ giả mạo", "Điều 16 Luật Hộ tịch", Officer, Now);
        Assert.Equal(DossierStatus.NotReceived, dossier.Status);
        Assert.Null(dossier.DueAt);
        Assert.Throws<DossierStateException>(() => dossier.EnterInRegister(2025, 1));
    }

    [Fact]
    public void A_dossier_enters_the_register_once()
    {
        var dossier = Received();
        dossier.EnterInRegister(2025, 7);
        Assert.Equal((2025, 7), (dossier.RegisterYear!.Value, dossier.RegisterNumber!.Value));
        Assert.Throws<DossierStateException>(() => dossier.EnterInRegister(2025, 8));
    }

    [Fact]
    public void A_dossier_built_at_intake_takes_the_code_and_register_line_the_database_numbered_it_with()
    {
        var dossier = Dossier.Receive("", 2, BirthRegistration, Channel.Direct, Applicant, [], 1, Now, Due, Officer, Now);
        Assert.Throws<ArgumentException>(() => dossier.Numbered("không phải mã", 2025, 3));
        dossier.Numbered("000.10.01.H46-251117-0009", 2025, 3);
        Assert.Equal(("000.10.01.H46-251117-0009", 2025, 3), (dossier.Code, dossier.RegisterYear!.Value, dossier.RegisterNumber!.Value));
        Assert.Throws<DossierStateException>(() => dossier.Numbered("000.10.01.H46-251117-0010", null, null));
    }
}
