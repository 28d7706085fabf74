using MotCua.Domain.Fees;
using MotCua.Domain.Receipts;

namespace MotCua.Domain.Tests.Receipts;

/// <summary>Seventh round fixes of issue 14 (docs/FEES.md "Seventh round fixes"): a receipt cancelled on a later day keeps
/// its day's money and its replacement is not counted again; what Mẫu 01 says of an exempted or unread fee; the amount an
/// officer fixes for an unread fee.</summary>
public class ReceiptRulesSevenTests
{
    private static readonly DateOnly D = new(2025, 11, 24);

    private static FeeRegisterEntry Entry(long id, DateOnly day, long amount, DateOnly? cancelledOn = null, string? replaces = null, string reason = "Ghi sai tên người nộp") =>
        new(id, day, ReceiptNumbering.FormNumber, "MC-25E", (int)id, "Người nộp", "000.00.01.H46-251124-0001", 0, amount, amount, FeeRegister.Cash,
            cancelledOn is not null, cancelledOn is null ? null : reason, PaidDate: day, CancelledOn: cancelledOn, Replaces: replaces);

    [Fact]
    public void A_receipt_cancelled_on_a_later_day_stays_counted_on_its_day_and_its_replacement_is_not_counted_again()
    {
        var first = Entry(1, D, 50_000, cancelledOn: D.AddDays(1));
        var replacement = Entry(2, D.AddDays(1), 50_000, replaces: "MC-25E-0000001");
        var register = FeeRegister.Build(D, D.AddDays(1), [first, replacement], []);
        Assert.True(first.Counted);
        Assert.False(replacement.Counted);
        Assert.Equal([50_000L, 0L], register.Days.Select(d => d.TotalVnd));
        Assert.Equal([50_000L, 0L], register.Days.Select(d => d.CashHandoverVnd));
        Assert.Equal((50_000L, 1, 1), (register.Totals.TotalVnd, register.Totals.Receipts, register.Totals.Cancelled));
    }

    [Fact]
    public void A_receipt_cancelled_on_its_own_day_is_not_counted_and_its_replacement_is()
    {
        var first = Entry(1, D, 50_000, cancelledOn: D);
        var replacement = Entry(2, D, 50_000);
        var register = FeeRegister.Build(D, D, [first, replacement], []);
        Assert.Equal((50_000L, 1), (register.Totals.TotalVnd, register.Totals.Receipts));
    }

    [Fact]
    public void A_replacement_cancelled_in_turn_leaves_the_money_once_on_the_first_day()
    {
        var first = Entry(1, D, 50_000, cancelledOn: D.AddDays(1));
        var second = Entry(2, D.AddDays(1), 50_000, cancelledOn: D.AddDays(2), replaces: "MC-25E-0000001");
        var third = Entry(3, D.AddDays(2), 50_000, replaces: "MC-25E-0000001");
        var register = FeeRegister.Build(D, D.AddDays(2), [first, second, third], []);
        Assert.Equal([50_000L, 0L, 0L], register.Days.Select(d => d.TotalVnd));
    }

    [Fact]
    public void Mau_01_states_an_exemption_an_unread_fee_and_an_amount_without_a_QR()
    {
        Assert.Equal((FeeStatement.ExemptLabel, "Người có công với cách mạng (Điều 5 Thông tư 85/2019/TT-BTC)."),
            FeeStatement.For("catalogue", 0, "Người có công với cách mạng.", "Điều 5 Thông tư 85/2019/TT-BTC", qrPrinted: false));
        Assert.Equal((FeeStatement.AmountLabel, FeeStatement.Undetermined + "."), FeeStatement.For("unplaced", 0, null, null, qrPrinted: false));
        Assert.Equal((FeeStatement.AmountLabel, "50.000 đồng phải nộp."), FeeStatement.For("catalogue", 50_000, null, null, qrPrinted: false));
        Assert.Null(FeeStatement.For("catalogue", 50_000, null, null, qrPrinted: true));
        Assert.Null(FeeStatement.For("none", 0, null, null, qrPrinted: false));
        // An exemption is stated even beside a QR of another request (a financial obligation): it is the intake fee's.
        Assert.Equal(FeeStatement.ExemptLabel, FeeStatement.For("officer", 0, "Hộ nghèo", "Nghị quyết HĐND tỉnh", qrPrinted: true)!.Value.Label);
    }

    [Theory]
    [InlineData(null, "fee", "Phí thẩm định", "fee.amountVnd")]
    [InlineData(0L, "fee", "Phí thẩm định", "fee.amountVnd")]
    [InlineData(10_000_000_000_000L, "fee", "Phí thẩm định", "fee.amountVnd")]
    [InlineData(50_000L, "levy", "Phí thẩm định", "fee.kind")]
    [InlineData(50_000L, null, "Phí thẩm định", "fee.kind")]
    [InlineData(50_000L, "charge", " x ", "fee.note")]
    public void An_officer_fee_names_the_field_it_lacks(long? amount, string? kind, string? note, string field)
    {
        var (value, problems) = OfficerFee.Validate(amount, kind, note);
        Assert.Null(value);
        Assert.Equal(field, Assert.Single(problems).Field);
    }

    [Fact]
    public void An_officer_fee_fixes_an_unplaced_fee_only_and_keeps_the_published_text_and_exemption()
    {
        var unplaced = DossierFee.Fix(null, MotCua.Domain.Dossiers.Channel.Direct, D, null, null, null);
        Assert.Equal(FeeSource.Unplaced, unplaced.Source);
        var (typed, problems) = OfficerFee.Validate(1_250_000, "fee", "  Phí thẩm định   (50% theo TT 64/2025) ");
        Assert.Empty(problems);
        var fee = typed!.Apply(unplaced, "Thủ tục cấp giấy phép hoạt động (cấp tỉnh)");
        Assert.Equal((FeeSource.Officer, 1_250_000L, 0L, 1_250_000L), (fee.Source, fee.FeeVnd, fee.ChargeVnd, fee.DueVnd));
        // Tenth trial, finding 8: named after the fee and the procedure's act; the note is the basis.
        Assert.Equal(("Phí cấp giấy phép hoạt động", "Phí thẩm định (50% theo TT 64/2025)"), (Assert.Single(fee.Items).Name, fee.Items[0].Rule));
        Assert.Equal("Lệ phí", (typed with { Kind = FeeKind.Charge }).Apply(unplaced).Items[0].Name);
        var exempt = typed.Apply(unplaced with { Exemption = new FeeExemption("Hộ nghèo", "Nghị quyết HĐND tỉnh") });
        Assert.Equal((1_250_000L, 0L), (exempt.FeeVnd, exempt.DueVnd));
        var read = DossierFee.Fix(null, MotCua.Domain.Dossiers.Channel.Direct, D, 30_000, "Nghị quyết", null);
        Assert.Throws<ArgumentException>(() => typed.Apply(read));
    }
}
