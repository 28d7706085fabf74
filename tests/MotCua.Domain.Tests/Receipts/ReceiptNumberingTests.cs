using MotCua.Domain.Receipts;

namespace MotCua.Domain.Tests.Receipts;

public class ReceiptNumberingTests
{
    [Theory]
    [InlineData(2026, "MC-26E")]
    [InlineData(2027, "MC-27E")]
    [InlineData(2030, "MC-30E")]
    public void The_series_carries_the_year_so_a_year_starts_at_one(int year, string series)
    {
        Assert.Equal(series, ReceiptNumbering.Series(year));
        Assert.True(ReceiptNumbering.IsSeries(series));
    }

    [Theory]
    [InlineData("mc-26E")]
    [InlineData("MC26E")]
    [InlineData("MC-26")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_no_series(string? series) => Assert.False(ReceiptNumbering.IsSeries(series));

    [Theory]
    [InlineData(1, "0000001")]
    [InlineData(42, "0000042")]
    [InlineData(9_999_999, "9999999")]
    public void A_number_prints_in_seven_digits(int number, string printed) => Assert.Equal(printed, ReceiptNumbering.Printed(number));

    [Theory]
    [InlineData(0)]
    [InlineData(10_000_000)]
    public void A_number_out_of_the_series_is_refused(int number) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReceiptNumbering.Printed(number));

    [Theory]
    [InlineData("MC-25E", 2, "MC-25E-0000002")]
    [InlineData("HU-26E", 9_999_999, "HU-26E-9999999")]
    public void A_number_is_displayed_with_its_series(string series, int number, string shown) =>
        Assert.Equal(shown, ReceiptNumbering.Display(series, number));

    [Fact]
    public void A_display_without_a_series_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ReceiptNumbering.Display("", 2));
        Assert.Throws<ArgumentException>(() => ReceiptNumbering.Display("0000002", 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReceiptNumbering.Display("MC-25E", 0));
    }

    [Fact]
    public void A_gap_or_a_repeat_is_found()
    {
        Assert.Null(ReceiptNumbering.FirstGap([3, 1, 2]));
        Assert.Null(ReceiptNumbering.FirstGap([]));
        Assert.Equal(2, ReceiptNumbering.FirstGap([1, 3, 4]));
        Assert.Equal(1, ReceiptNumbering.FirstGap([2, 3]));
        Assert.Equal(2, ReceiptNumbering.FirstGap([1, 2, 2, 3]));
    }

    private static ReceiptDraft Draft() => new(
        ReceiptNumbering.FormNumber, "MC-26E", 1, "Trung tâm Phục vụ hành chính công", null, "Nguyễn Văn An",
        [new ReceiptItem("Lệ phí cấp giấy phép", "charge", 25000)], 25000, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_complete_receipt_has_no_problem() => Assert.Empty(ReceiptContent.Problems(Draft()));

    [Fact]
    public void Each_missing_content_is_named()
    {
        Assert.Contains("Thiếu tên người nộp phí, lệ phí.", ReceiptContent.Problems(Draft() with { PayerName = " " }));
        Assert.Contains("Thiếu tên đơn vị thu phí, lệ phí.", ReceiptContent.Problems(Draft() with { CollectingUnit = "" }));
        Assert.Contains("Thiếu ký hiệu mẫu biên lai.", ReceiptContent.Problems(Draft() with { FormNumber = "" }));
        Assert.Contains("Thiếu tên loại phí, lệ phí.", ReceiptContent.Problems(Draft() with { Items = [] }));
        Assert.Contains("Số tiền không bằng tổng các khoản thu.", ReceiptContent.Problems(Draft() with { AmountVnd = 50000 }));
        Assert.Single(ReceiptContent.Problems(Draft() with { Series = "26E" }));
    }
}
