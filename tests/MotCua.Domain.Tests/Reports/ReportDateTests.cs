using MotCua.Domain.Calendar;
using MotCua.Domain.Reports;

namespace MotCua.Domain.Tests.Reports;

/// <summary>Issue 15's trial defects in the report rules: a day that does not exist, a heading naming its period once,
/// the 766 index month by month.</summary>
public class ReportDateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, VietnamTime.Offset);

    [Theory]
    [InlineData("31/11/2026", 0, 0, 0, "Ngày đầu kỳ \"31/11/2026\" không phải là ngày có thật: tháng 11 năm 2026 chỉ có 30 ngày.")]
    [InlineData("29/02/2025", 0, 0, 0, "Ngày đầu kỳ \"29/02/2025\" không phải là ngày có thật: tháng 2 năm 2025 chỉ có 28 ngày.")]
    [InlineData("2026-02-30", 0, 0, 0, "Ngày đầu kỳ \"2026-02-30\" không phải là ngày có thật: tháng 2 năm 2026 chỉ có 28 ngày.")]
    [InlineData("15/13/2026", 0, 0, 0, "Ngày đầu kỳ \"15/13/2026\" không phải là ngày có thật: không có tháng 13.")]
    [InlineData("15.11.2026", 0, 0, 0, "Ngày đầu kỳ phải có dạng dd/MM/yyyy (hoặc yyyy-MM-dd).")]
    [InlineData("", 0, 0, 0, "Ngày đầu kỳ phải có dạng dd/MM/yyyy (hoặc yyyy-MM-dd).")]
    [InlineData("29/02/2024", 2024, 2, 29, null)]
    [InlineData(" 1/3/2026 ", 2026, 3, 1, null)]
    [InlineData("2026-11-30", 2026, 11, 30, null)]
    [InlineData("01/01/2000", 2000, 1, 1, null)]
    [InlineData("31/12/2100", 2100, 12, 31, null)]
    [InlineData("31/12/1999", 0, 0, 0, "Ngày đầu kỳ \"31/12/1999\" phải từ năm 2000 đến năm 2100.")]
    [InlineData("0001-01-01", 0, 0, 0, "Ngày đầu kỳ \"0001-01-01\" phải từ năm 2000 đến năm 2100.")]
    [InlineData("9999-12-31", 0, 0, 0, "Ngày đầu kỳ \"9999-12-31\" phải từ năm 2000 đến năm 2100.")]
    public void A_day_that_does_not_exist_is_told_so_not_that_its_shape_is_wrong(string text, int year, int month, int day, string? problem)
    {
        var (date, message) = ReportDate.Read(text, "Ngày đầu kỳ");
        Assert.Equal(problem, message);
        Assert.Equal(problem is null ? new DateOnly(year, month, day) : null, date);
    }

    [Fact]
    public void A_heading_names_each_date_once()
    {
        Assert.Equal("Từ ngày 01/11/2026 đến ngày 20/11/2026", Bieu06Period.Between(new(2026, 11, 1), new(2026, 11, 20)).Heading);
        Assert.Equal("Quý IV năm 2026 (từ ngày 15/09/2026 đến ngày 14/12/2026)", Bieu06Period.Quarter(2026, 4).Heading);
        var cut = Bieu06Period.Quarter(2026, 4).UpTo(new DateOnly(2026, 11, 20));
        Assert.Equal("Quý IV năm 2026, kỳ chưa kết thúc (từ ngày 15/09/2026 đến ngày 20/11/2026)", cut.Heading);
        Assert.Equal(Bieu06Period.Between(new(2026, 11, 1), new(2026, 11, 20)), Bieu06Period.Between(new(2026, 11, 1), new(2026, 12, 31)).UpTo(new(2026, 11, 20)));
        var year = Bieu06Period.Year(2025);
        Assert.Same(year, year.UpTo(new DateOnly(2026, 1, 1)));
    }

    [Theory]
    [InlineData(null, null, "2026-01", 11)]
    [InlineData("2026-09", "2026-11", "2026-09", 3)]
    [InlineData(null, "2025-03", "2025-01", 3)]
    [InlineData("2024-01", "2026-11", "2024-01", 35)]
    [InlineData("2023-11", "2026-10", "2023-11", 36)]
    public void The_index_month_by_month_runs_from_the_first_month_to_the_last(string? from, string? to, string first, int count)
    {
        var (months, field, _) = Index766Month.Series(from, to, Now);
        Assert.Null(field);
        Assert.Equal((first, count), (months![0].ToString(), months.Count));
        Assert.Equal(months.Select(m => m.Start), months.Select((_, i) => months[0].Start.AddMonths(i)));
    }

    [Theory]
    [InlineData("2026-11", "2026-09", "to")]
    [InlineData("2026-01", "2026-12", "to")]
    [InlineData("2023-10", "2026-10", "from")]
    [InlineData("2026-1", null, "from")]
    [InlineData(null, "11/2026", "to")]
    public void A_bad_series_names_its_field(string? from, string? to, string field) =>
        Assert.Equal(field, Index766Month.Series(from, to, Now).Field);
}
