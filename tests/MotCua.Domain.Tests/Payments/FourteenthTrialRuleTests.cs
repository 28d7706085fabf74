using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Domain.Tests.Calendar;

namespace MotCua.Domain.Tests.Payments;

/// <summary>The fourteenth trial's HIGH 1 (docs/FEES.md "Fourteenth trial"): the fee QR's "Nop phi &lt;code&gt;", which
/// payers reuse, must not turn money of exactly an open request's amount into a duplicate of the paid intake fee, nor
/// into an overpayment of the open fee when a levy of exactly that amount is open beside it.</summary>
public class FourteenthTrialRuleTests
{
    private const string Code = "000.10.01.H46-251117-0001";
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);
    private static readonly DateTimeOffset Monday = Vn.At("2025-11-17 09:00");
    private static readonly DateTimeOffset Paid = Monday.AddHours(2);

    // A dossier at status 6 (financial obligation from 09:30 on Monday 17/11/2025), shared by the fee trials' rule tests.
    internal static Dossier PausedDossier()
    {
        var receiver = new Officer(new Actor("Nguyễn Thị Hường", 1), OfficerRole.ReceivingOfficer, 2);
        var specialist = new Officer(new Actor("Hoàng Minh Đức", 2), OfficerRole.Specialist, 2);
        var head = new Officer(new Actor("Phan Thanh Bình", 3), OfficerRole.DepartmentHead, 2);
        var limit = TimeLimit.Days(5);
        var dossier = Dossier.Receive(Code, 2, new ProcedureRef("1.001193", 1, "Thủ tục đăng ký khai sinh", limit), Channel.Direct,
            new Applicant("Nguyễn Văn An", "046095001234", "0905123456", null, "Huế"), [new ReceivedDocument("Giấy chứng sinh", 1, 0)], 1,
            Monday, Calendar.ComputeDue(Monday, limit, Channel.Direct), receiver.Actor, Monday);
        dossier.Transfer(DefaultProcess.For(limit, 2, true), Calendar, null, receiver, Monday.AddMinutes(10));
        dossier.Assign(specialist.Actor.UserId!.Value, specialist.Actor.Name, Calendar, head, Monday.AddMinutes(20));
        dossier.RequireFinancialObligation("Nộp lệ phí", specialist, Monday.AddMinutes(30));
        return dossier;
    }

    private static readonly RequestState PaidFee = new(81, 2_000, true, Monday, PaymentRequests.PurposeOf(Code));
    private static readonly RequestState OpenObligation = new(82, 1_250_000, false, Monday.AddMinutes(30), PaymentRequests.ObligationPurposeOf(Code, 1));

    public static TheoryData<string, string> Combinations()
    {
        var data = new TheoryData<string, string>();
        foreach (var purpose in new[] { "paid", "open", "none" })
            foreach (var amount in new[] { "open", "paid", "other" })
                data.Add(purpose, amount);
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void An_open_request_of_the_exact_amount_is_paid_whatever_request_the_purpose_names(string purposeNames, string amountEquals)
    {
        var purpose = purposeNames switch
        {
            "paid" => PaidFee.Purpose,
            "open" => OpenObligation.Purpose,
            _ => "CK " + Code,
        };
        var amount = amountEquals switch { "open" => OpenObligation.AmountVnd, "paid" => PaidFee.AmountVnd, _ => 700_000L };
        var match = PaymentMatching.Decide(PausedDossier(), [PaidFee, OpenObligation], amount, Paid, Paid.AddMinutes(1), TimeSpan.FromHours(72), purpose: purpose);

        // A duplicate is money for the paid request only when no open request matches exactly and, since trial14r LOW 8
        // (fees39), only when it is the paid request's own amount or fits no open request; otherwise the open request is
        // the one meant, short or over when its amount is not the one paid.
        var expected = amountEquals == "open" ? new PaymentMatch(OpenObligation.Id, null)
            : purposeNames == "paid" && amountEquals == "paid" ? new PaymentMatch(PaidFee.Id, PaymentFlag.Duplicate)
            : new PaymentMatch(OpenObligation.Id, PaymentFlag.Underpaid);
        Assert.Equal(expected, match);
    }

    [Theory]
    [InlineData("Nop phi")]
    [InlineData("NVTC 1")]
    [InlineData("CK")]
    public void With_the_fee_and_a_levy_open_the_levys_exact_amount_pays_the_levy(string prefix)
    {
        var fee = PaidFee with { Paid = false };
        var match = PaymentMatching.Decide(PausedDossier(), [fee, OpenObligation], OpenObligation.AmountVnd, Paid, Paid.AddMinutes(1), TimeSpan.FromHours(72),
            purpose: prefix + " " + Code);
        Assert.Equal(new PaymentMatch(OpenObligation.Id, null), match);
        // And the fee's own amount still pays the fee.
        Assert.Equal(new PaymentMatch(fee.Id, null), PaymentMatching.Decide(PausedDossier(), [fee, OpenObligation], fee.AmountVnd, Paid, Paid.AddMinutes(1),
            TimeSpan.FromHours(72), purpose: prefix + " " + Code));
    }
}
