using MotCua.Domain.Calendar;
using MotCua.Domain.Fees;
using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;
using MotCua.Domain.Tests.Calendar;

namespace MotCua.Domain.Tests.Payments;

/// <summary>The Domain rules behind the issue 14 money-flow fixes (docs/FEES.md): paid-at bounds, one purpose per request,
/// what remains after part-payments, a receipt's items, replacement receipts and the 766 "TTHC có phí".</summary>
public class PaymentDefectRuleTests
{
    private const string Code = "000.00.01.H46-251117-0001";
    private static readonly DateTimeOffset Raised = Vn.At("2025-11-17 09:00");

    [Fact]
    public void Paid_at_may_not_precede_the_request_nor_lie_in_the_future()
    {
        var now = Vn.At("2025-11-18 10:00");
        Assert.Null(PaymentMatching.PaidAtProblem(Raised, Raised, now));
        // Fifth round: the request's minute is the floor, with no tolerance backwards (a receipt never shows a payment
        // before the request); seconds within that minute are the same minute printed.
        Assert.Null(PaymentMatching.PaidAtProblem(Raised.AddSeconds(37).AddSeconds(-30), Raised.AddSeconds(37), now));
        Assert.NotNull(PaymentMatching.PaidAtProblem(Raised.AddSeconds(-1), Raised, now));
        Assert.NotNull(PaymentMatching.PaidAtProblem(Raised.AddMinutes(-4), Raised, now));
        Assert.Null(PaymentMatching.PaidAtProblem(now.AddMinutes(4), Raised, now));
        Assert.Null(PaymentMatching.PaidAtProblem(Raised.AddDays(-30), null, now));
        Assert.Contains("trước khi lập yêu cầu nộp phí (17/11/2025 09:00)", PaymentMatching.PaidAtProblem(Raised.AddHours(-1), Raised, now)!.Message);
        Assert.Equal("paidAt", PaymentMatching.PaidAtProblem(now.AddMinutes(6), Raised, now)!.Field);
    }

    [Fact]
    public void Each_request_has_its_own_purpose_and_a_transfer_is_matched_to_the_one_it_names()
    {
        var intake = new RequestState(1, 30_000, false, Raised, PaymentRequests.PurposeOf(Code));
        var obligation = new RequestState(2, 30_000, false, Raised, PaymentRequests.ObligationPurposeOf(Code, 1));
        Assert.Equal("NVTC 1 " + Code, obligation.Purpose);
        Assert.Equal(2, Assert.Single(PaymentMatching.ByPurpose([intake, obligation], $"IBFT nvtc 1 {Code.ToLowerInvariant()} 123")).Id);
        Assert.Equal(1, Assert.Single(PaymentMatching.ByPurpose([intake, obligation], $"Nop phi {Code}")).Id);
        Assert.Equal(2, PaymentMatching.ByPurpose([intake, obligation], Code).Count);
        // Old requests all read "Nop phi <code>": both stay candidates and the amount chooses.
        var old = new RequestState(3, 50_000, false, Raised, PaymentRequests.PurposeOf(Code));
        Assert.Equal(2, PaymentMatching.ByPurpose([intake, old], $"Nop phi {Code}").Count);
        // The longest code still fits with its prefix in 60 ASCII characters.
        var longest = new string('9', 35) + "-251117-000000001";
        Assert.StartsWith("NVTC 12 ", PaymentRequests.ObligationPurposeOf(longest, 12));
        Assert.True(PaymentRequests.ObligationPurposeOf(longest, 12).Length <= VietQr.MaxPurposeLength);
    }

    [Fact]
    public void What_remains_after_parts_and_its_QR()
    {
        Assert.Equal(10_000, PaymentRequests.Remaining(100_000, 90_000));
        Assert.Equal(0, PaymentRequests.Remaining(100_000, 120_000));
        var qr = VietQr.Encode(new VietQrPayment("970415", "114600000001", 100_000, PaymentRequests.PurposeOf(Code)));
        Assert.Equal(qr, PaymentRequests.QrForRemaining(qr, 100_000, 100_000));
        Assert.Equal(new VietQrPayment("970415", "114600000001", 10_000, PaymentRequests.PurposeOf(Code)), VietQr.TryParse(PaymentRequests.QrForRemaining(qr, 100_000, 10_000), out _));
        Assert.Null(PaymentRequests.QrForRemaining(qr, 100_000, 0));
    }

    [Fact]
    public void An_overpayment_is_receipted_by_its_fee_items_and_an_underpayment_by_the_items_it_reaches()
    {
        ReceiptItem[] items = [new("Phí thẩm định", "fee", 100_000), new("Lệ phí cấp giấy", "charge", 50_000)];
        Assert.Equal(items, ReceiptContent.ItemsFor(items, [], 170_000, Code));
        Assert.Equal(items, ReceiptContent.ItemsFor(items, [], 150_000, Code));
        Assert.Equal([new ReceiptItem("Phí thẩm định", "fee", 90_000)], ReceiptContent.ItemsFor(items, [], 90_000, Code));
        Assert.Equal([items[0], new ReceiptItem("Lệ phí cấp giấy", "charge", 20_000)], ReceiptContent.ItemsFor(items, [], 120_000, Code));
        Assert.Equal([new ReceiptItem("Lệ phí cấp giấy", "charge", 40_000)], ReceiptContent.ItemsFor([items[1]], [], 40_000, Code));
        Assert.Equal([new ReceiptItem($"Phí, lệ phí của hồ sơ {Code}", "fee", 40_000)], ReceiptContent.ItemsFor([], [], 40_000, Code));
    }

    [Fact]
    public void Only_a_receipt_cancelled_for_an_error_is_replaced()
    {
        Assert.Null(ReceiptCancellation.ReplacementRefusal(true, "Ghi sai tên người nộp"));
        Assert.NotNull(ReceiptCancellation.ReplacementRefusal(null, null));
        Assert.NotNull(ReceiptCancellation.ReplacementRefusal(false, null));
        Assert.Contains("hoàn trả", ReceiptCancellation.ReplacementRefusal(true, PaymentRefunds.ReceiptCancelReason("Nộp trùng")));
    }

    [Fact]
    public void A_fee_published_only_by_case_is_a_fee()
    {
        var rules = FeeTextReader.Read(null, "Miễn phí(15000000/lần Đồng (Đối với tổ chức) 500000/lần Đồng (Đối với cá nhân))", null);
        Assert.True(rules.Items.Count > 0, string.Join("; ", rules.Items) + rules.Unplaced);
        Assert.Empty(FeeTextReader.Read(null, "Miễn phí", null).Items);
    }

    [Fact]
    public void Only_unmatched_unresolved_money_is_attached()
    {
        Assert.Null(PaymentMatching.AttachRefusal(PaymentFlag.Unmatched, false, false));
        Assert.NotNull(PaymentMatching.AttachRefusal(PaymentFlag.Unmatched, false, true));
        Assert.NotNull(PaymentMatching.AttachRefusal(PaymentFlag.Duplicate, true, false));
        Assert.NotNull(PaymentMatching.AttachRefusal(null, true, false));
    }

    /// <summary>Only money short, over or late for a request still owed is accepted as its fee; the others are refunded
    /// or noted, never receipted.</summary>
    [Theory]
    [InlineData(PaymentFlag.Underpaid, true)]
    [InlineData(PaymentFlag.Overpaid, true)]
    [InlineData(PaymentFlag.Late, true)]
    [InlineData(PaymentFlag.Duplicate, false)]
    [InlineData(PaymentFlag.DossierClosed, false)]
    [InlineData(PaymentFlag.Unmatched, false)]
    public void Which_flags_may_be_accepted_as_paid(PaymentFlag flag, bool accepted)
    {
        var recorded = DateTimeOffset.Parse("2025-11-17T09:00:00+07:00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(accepted, PaymentMatching.AcceptRefusal(flag, recorded.AddHours(-1), recorded) is null);
    }

    /// <summary>A paid time before the request is the bank's and stands (fifteenth trial); one after the payment was
    /// recorded cannot be true.</summary>
    [Fact]
    public void A_paid_time_before_the_request_may_be_accepted_one_in_the_future_may_not()
    {
        var recorded = DateTimeOffset.Parse("2025-11-17T09:00:00+07:00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Null(PaymentMatching.AcceptRefusal(PaymentFlag.PaidAtImplausible, recorded.AddMinutes(-2), recorded));
        Assert.Null(PaymentMatching.AcceptRefusal(PaymentFlag.PaidAtImplausible, recorded.AddMinutes(5), recorded));
        Assert.NotNull(PaymentMatching.AcceptRefusal(PaymentFlag.PaidAtImplausible, recorded.AddMinutes(6), recorded));
    }
}
