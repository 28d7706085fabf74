using MotCua.Domain.Dossiers;
using MotCua.Domain.Receipts;

namespace MotCua.Domain.Tests.Receipts;

public class FeeRegisterTests
{
    private static readonly DateOnly March1 = new(2025, 3, 1), March31 = new(2025, 3, 31);

    private static FeeRegisterEntry Entry(long id, int day, long amount, string method, bool cancelled = false) =>
        new(id, new DateOnly(2025, 3, day), ReceiptNumbering.FormNumber, "MC-25E", (int)id, "Người nộp", "000.00.01.H46-250301-0001",
            amount - 1_000, 1_000, amount, method, cancelled, cancelled ? "Lập nhầm" : null);

    [Fact]
    public void Days_total_their_receipts_by_method_and_leave_out_the_cancelled_ones()
    {
        var register = FeeRegister.Build(March1, March31,
            [Entry(3, 2, 30_000, "online"), Entry(1, 2, 10_000, "cash"), Entry(2, 2, 20_000, "transfer"), Entry(4, 2, 99_000, "cash", cancelled: true), Entry(5, 9, 15_000, "cash")],
            [new(50_000, "paid"), new(40_000, "open"), new(70_000, "cancelled")]);

        Assert.Equal([1L, 2, 3, 4, 5], register.Entries.Select(e => e.ReceiptId));
        Assert.Equal(new FeeRegisterDay(new DateOnly(2025, 3, 2), 3, 10_000, 20_000, 30_000, 60_000, 10_000), register.Days[0]);
        Assert.Equal(new FeeRegisterDay(new DateOnly(2025, 3, 9), 1, 15_000, 0, 0, 15_000, 15_000), register.Days[1]);
        Assert.Equal(new FeeRegisterTotals(4, 1, 71_000, 4_000, 25_000, 20_000, 30_000, 75_000) { CancelledNotCounted = 1 }, register.Totals);
        Assert.Equal(new FeeReconciliation(2, 90_000, 50_000, 40_000, 75_000, -15_000), register.Reconciliation);
    }

    [Fact]
    public void A_bad_period_is_named_and_an_entry_outside_it_is_refused()
    {
        Assert.Equal("to", FeeRegister.PeriodProblem(March31, March1)?.Field);
        Assert.Equal("to", FeeRegister.PeriodProblem(new DateOnly(2024, 1, 1), new DateOnly(2025, 1, 1))?.Field);
        Assert.Null(FeeRegister.PeriodProblem(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)));
        Assert.Throws<ArgumentException>(() => FeeRegister.Build(March1, new DateOnly(2025, 3, 5), [Entry(1, 9, 10_000, "cash")], []));
    }

    [Fact]
    public void Only_the_collecting_units_accountant_or_leader_cancels_once_with_a_reason()
    {
        Officer Of(OfficerRole role, int agency) => new(new Actor("x", 1), role, agency);
        Assert.Null(ReceiptCancellation.Check(Of(OfficerRole.Accountant, 7), 7, cancelled: false, "Ghi sai"));
        Assert.Null(ReceiptCancellation.Check(Of(OfficerRole.Leader, 7), 7, cancelled: false, "Ghi sai"));
        Assert.Equal(ReceiptCancelRefusal.NotPermitted, ReceiptCancellation.Check(Of(OfficerRole.ReceivingOfficer, 7), 7, false, "Ghi sai")?.Refusal);
        Assert.Equal(ReceiptCancelRefusal.OtherUnit, ReceiptCancellation.Check(Of(OfficerRole.Accountant, 8), 7, false, "Ghi sai")?.Refusal);
        Assert.Equal(ReceiptCancelRefusal.AlreadyCancelled, ReceiptCancellation.Check(Of(OfficerRole.Accountant, 7), 7, true, "Ghi sai")?.Refusal);
        Assert.Equal(ReceiptCancelRefusal.BadReason, ReceiptCancellation.Check(Of(OfficerRole.Accountant, 7), 7, false, " ")?.Refusal);
        Assert.Equal(ReceiptCancelRefusal.BadReason, ReceiptCancellation.Check(Of(OfficerRole.Accountant, 7), 7, false, new string('x', 501))?.Refusal);
        Assert.Equal("T. T. B.", ReceiptCancellation.PayerInitials("Trần  Thị Bình"));
        Assert.Equal("Đ. V. A.", ReceiptCancellation.PayerInitials("đặng văn an"));
        Assert.Equal("L. V. C.", ReceiptCancellation.PayerInitials("Lê Văn Cường (sửa)"));
        Assert.Equal("L. V. C.", ReceiptCancellation.PayerInitials("Lê Văn \"Cường\" - "));
    }
}
