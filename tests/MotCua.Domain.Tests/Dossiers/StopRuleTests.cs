using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Tests.Calendar;

namespace MotCua.Domain.Tests.Dossiers;

/// <summary>
/// The stop (Mẫu 05) belongs to the one-stop unit where the dossier was received (TT 03/2025/TT-VPCP Art. 7 as issue 11
/// reports it): its receiving officer and its leader, whoever holds the dossier, while no result exists. Checked for every
/// role, at the receiving point, at the holder and at a stranger agency, in every state a dossier can be driven to.
/// </summary>
public class StopRuleTests
{
    private const int Desk = 2, Department = 7, Stranger = 9;
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);
    private static readonly DateTimeOffset Monday = Vn.At("2025-11-17 09:00");
    private static readonly Officer Receiver = new(new Actor("Nguyễn Thị Hường", 1), OfficerRole.ReceivingOfficer, Desk);
    private static readonly Officer Head = new(new Actor("Phan Thanh Bình", 3), OfficerRole.DepartmentHead, Department);
    private static readonly Officer Specialist = new(new Actor("Hoàng Minh Đức", 2), OfficerRole.Specialist, Department);
    private static readonly Officer Leader = new(new Actor("Trần Văn Lãnh", 4), OfficerRole.Leader, Department);

    // Transfer at the desk, then every step at a department: the holder and the receiving point differ.
    private static IReadOnlyList<PlannedStep> Process(TimeLimit limit) =>
        [.. DefaultProcess.For(limit, Department, withAssignment: true).Select((s, i) => i == 0 ? s with { AgencyId = Desk } : s)];

    private static Dossier InState(string state)
    {
        var limit = TimeLimit.Days(5);
        var dossier = Dossier.Receive("000.10.01.H46-251117-0001", Desk, new ProcedureRef("1.001193", 1, "Thủ tục đăng ký khai sinh", limit), Channel.Direct,
            new Applicant("Nguyễn Văn An", "046095001234", "0905123456", null, "Huế"), [new ReceivedDocument("Giấy chứng sinh", 1, 0)], 1, Monday,
            Calendar.ComputeDue(Monday, limit, Channel.Direct), Receiver.Actor, Monday);
        var now = Monday;
        DateTimeOffset Next() => now = now.AddMinutes(10);
        if (state == "received") return dossier;
        dossier.Transfer(Process(limit), Calendar, null, Receiver, Next());
        dossier.Assign(2, Specialist.Actor.Name, Calendar, Head, Next());
        switch (state)
        {
            case "withdrawn": dossier.Withdraw("Người dân xin rút hồ sơ", Receiver, Next()); break;
            case "supplement": dossier.RequestSupplement([new SupplementItem("Giấy chứng sinh", "Bản chụp mờ")], Calendar, null, Specialist, Next()); break;
            case "payment": dossier.RequireFinancialObligation("Nộp lệ phí", Specialist, Next()); break;
            case "decided-withdrawn":
                dossier.CompleteStep("Hợp lệ", false, Calendar, Specialist, Next());
                dossier.Approve(null, Calendar, Leader, Next());
                dossier.Withdraw("Người dân xin rút hồ sơ", Receiver, Next());
                break;
        }
        return dossier;
    }

    public static TheoryData<string, OfficerRole, int> Cases()
    {
        var data = new TheoryData<string, OfficerRole, int>();
        foreach (var state in new[] { "received", "appraise", "withdrawn", "supplement", "payment", "decided-withdrawn" })
            foreach (var role in Enum.GetValues<OfficerRole>())
                foreach (var agency in new[] { Desk, Department, Stranger })
                    data.Add(state, role, agency);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_the_receiving_units_officer_and_leader_stop_a_dossier_waiting_for_the_citizen_and_without_result(string state, OfficerRole role, int agency)
    {
        Dossier dossier;
        try
        {
            dossier = InState(state);
        }
        catch (DossierStateException)
        {
            // A decided dossier may not be withdrawn: nothing to stop.
            Assert.Equal("decided-withdrawn", state);
            return;
        }
        var officer = new Officer(new Actor("Cán bộ", 50), role, agency);
        var waiting = dossier.Status is DossierStatus.WithdrawalRequested or DossierStatus.SupplementRequested or DossierStatus.AwaitingPayment;
        var expected = waiting && dossier.ResultKind is null && agency == Desk && role is OfficerRole.ReceivingOfficer or OfficerRole.Leader;
        Assert.Equal(expected, dossier.Allows(ProcessingAction.Stop, officer));
        Assert.Equal(expected, dossier.RefusalOf(ProcessingAction.Stop, officer) is null);
        if (expected && dossier.Status == DossierStatus.WithdrawalRequested) Assert.True(dossier.AwaitsActionFrom(officer));
    }
}
