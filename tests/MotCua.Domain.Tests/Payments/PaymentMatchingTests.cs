using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Domain.Tests.Calendar;

namespace MotCua.Domain.Tests.Payments;

public class PaymentMatchingTests
{
    private const int Agency = 2;
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);
    private static readonly Officer Receiver = new(new Actor("Nguyễn Thị Hường", 1), OfficerRole.ReceivingOfficer, Agency);
    private static readonly Officer Head = new(new Actor("Phan Thanh Bình", 3), OfficerRole.DepartmentHead, Agency);
    private static readonly Officer Specialist = new(new Actor("Hoàng Minh Đức", 2), OfficerRole.Specialist, Agency);
    private static readonly Officer Accountant = new(new Actor("Đặng Thu Trang", 5), OfficerRole.Accountant, Agency);
    private static readonly DateTimeOffset Monday = Vn.At("2025-11-17 09:00");

    // A five-working-day dossier received Monday 09:00, transferred and assigned, then: "payment" (status 6 from 09:30),
    // "withdrawn" or "in-process".
    private static Dossier Dossier(string state = "payment")
    {
        var limit = TimeLimit.Days(5);
        var dossier = MotCua.Domain.Dossiers.Dossier.Receive("000.10.01.H46-251117-0001", Agency, new ProcedureRef("1.001193", 1, "Thủ tục đăng ký khai sinh", limit),
            Channel.Direct, new Applicant("Nguyễn Văn An", "046095001234", "0905123456", null, "Huế"), [new ReceivedDocument("Giấy chứng sinh", 1, 0)], 1,
            Monday, Calendar.ComputeDue(Monday, limit, Channel.Direct), Receiver.Actor, Monday);
        dossier.Transfer(DefaultProcess.For(limit, Agency, true), Calendar, null, Receiver, Monday.AddMinutes(10));
        dossier.Assign(Specialist.Actor.UserId!.Value, Specialist.Actor.Name, Calendar, Head, Monday.AddMinutes(20));
        if (state == "payment") dossier.RequireFinancialObligation("Nộp lệ phí", Specialist, Monday.AddMinutes(30));
        if (state == "withdrawn") dossier.Withdraw("Người dân xin rút hồ sơ", Receiver, Monday.AddMinutes(30));
        return dossier;
    }

    private static readonly DateTimeOffset Paid = Monday.AddHours(2);

    [Theory]
    [InlineData(50_000, null)]
    [InlineData(49_999, PaymentFlag.Underpaid)]
    [InlineData(50_001, PaymentFlag.Overpaid)]
    public void The_amount_against_the_open_request_decides(long amount, PaymentFlag? flag)
    {
        var match = PaymentMatching.Decide(Dossier(), [new RequestState(7, 50_000, false)], amount, Paid, Paid.AddMinutes(1), TimeSpan.FromHours(72));
        Assert.Equal(new PaymentMatch(7, flag), match);
        Assert.Equal(flag is null, match.Settles);
    }

    [Fact]
    public void Each_other_flag_in_its_order()
    {
        var open = new RequestState(7, 50_000, false);
        var paid = new RequestState(6, 50_000, true);
        var late = TimeSpan.FromHours(72);
        Assert.Equal(new PaymentMatch(null, PaymentFlag.Unmatched), PaymentMatching.Decide(null, [], 50_000, Paid, Paid, late));
        Assert.Equal(new PaymentMatch(null, PaymentFlag.Unmatched), PaymentMatching.Decide(Dossier(), [], 50_000, Paid, Paid, late));
        Assert.Equal(new PaymentMatch(7, PaymentFlag.DossierClosed), PaymentMatching.Decide(Dossier("withdrawn"), [open], 50_000, Paid, Paid, late));
        Assert.Equal(new PaymentMatch(6, PaymentFlag.Duplicate), PaymentMatching.Decide(Dossier(), [paid], 50_000, Paid, Paid, late));
        // The accountant naming the paid request hears "duplicate" while another is open, unless that one asks exactly
        // the amount: then it is the one meant (fifteenth trial).
        Assert.Equal(new PaymentMatch(6, PaymentFlag.Duplicate), PaymentMatching.Decide(Dossier(), [paid, open], 30_000, Paid, Paid, null, requestId: 6));
        Assert.Equal(new PaymentMatch(7, null), PaymentMatching.Decide(Dossier(), [paid, open], 50_000, Paid, Paid, null, requestId: 6));
        Assert.Equal(new PaymentMatch(7, PaymentFlag.Late), PaymentMatching.Decide(Dossier(), [open], 50_000, Paid, Paid + late + TimeSpan.FromSeconds(1), late));
        Assert.Equal(new PaymentMatch(7, null), PaymentMatching.Decide(Dossier(), [open], 50_000, Paid, Paid + late, late));
        // The accountant's own confirmation is never late.
        Assert.Equal(new PaymentMatch(7, null), PaymentMatching.Decide(Dossier(), [open], 50_000, Paid, Paid.AddDays(30), null));
        // Of two open requests the one of the amount paid is taken.
        Assert.Equal(new PaymentMatch(8, null), PaymentMatching.Decide(Dossier(), [open, new RequestState(8, 20_000, false)], 20_000, Paid, Paid, late));
    }

    [Theory]
    [InlineData("Nop phi 000.10.01.H46-251117-0001", "000.10.01.H46-251117-0001")]
    [InlineData("MBVCB.123.nop phi 000.10.01.h46-251117-0001.CT tu 0123", "000.10.01.H46-251117-0001")]
    [InlineData("000.00.15.H57-230915-12345 FT25", "000.00.15.H57-230915-12345")]
    [InlineData("chuyen tien hoc phi", null)]
    [InlineData("Nop phi 000.10.01.H46-251399-0001", null)] // no 99th day of month 13
    [InlineData(null, null)]
    public void The_dossier_code_is_found_in_the_purpose_as_banks_pass_it_on(string? purpose, string? code) =>
        Assert.Equal(code, PaymentMatching.DossierCodeIn(purpose));

    [Fact]
    public void The_pause_ends_at_the_paid_instant_and_the_due_date_moves_by_the_working_time_waited()
    {
        var dossier = Dossier();
        var before = dossier.DueAt!.Value;
        // Paid Wednesday 09:30, confirmed Thursday 10:00: two working days waited, not three.
        dossier.PaymentReceived(null, Calendar, null, Accountant, Vn.At("2025-11-20 10:00"), Vn.At("2025-11-19 09:30"));
        Assert.Equal(Vn.At("2025-11-19 09:30"), dossier.Pauses.Single().To);
        Assert.Equal(Calendar.AddWorkingTime(before, Calendar.WorkingTimeOf(TimeLimit.Days(2))), dossier.DueAt);
        Assert.Equal(Vn.At("2025-11-20 10:00"), dossier.Events[^1].At);

        // An instant before the wait began ends it where it began (nothing waited); one after the confirmation ends it then.
        var early = Dossier();
        early.PaymentReceived(null, Calendar, null, Accountant, Monday.AddHours(3), Monday);
        Assert.Equal(Monday.AddMinutes(30), early.Pauses.Single().To);
        Assert.Equal(before, early.DueAt);
        var future = Dossier();
        future.PaymentReceived(null, Calendar, null, Accountant, Monday.AddHours(3), Monday.AddDays(3));
        Assert.Equal(Monday.AddHours(3), future.Pauses.Single().To);
    }

    [Fact]
    public void Only_the_accountant_of_the_receiving_unit_confirms()
    {
        Assert.True(PaymentMatching.MayConfirm(Accountant, Agency));
        Assert.True(PaymentMatching.MayConfirm(Accountant, null));
        Assert.False(PaymentMatching.MayConfirm(Accountant with { AgencyId = 3 }, Agency));
        Assert.False(PaymentMatching.MayConfirm(Receiver, Agency));
    }
}
