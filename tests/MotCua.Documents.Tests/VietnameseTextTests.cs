using MotCua.Domain.Calendar;

namespace MotCua.Documents.Tests;

public sealed class VietnameseTextTests
{
    [Fact]
    public void Instants_are_shown_in_Vietnam_time_whatever_their_offset()
    {
        var lateUtc = new DateTimeOffset(2026, 12, 31, 17, 30, 0, TimeSpan.Zero); // 00:30 on 1 Jan in Vietnam
        Assert.Equal("00 giờ 30 phút, ngày 01/01/2027", VietnameseText.LongTime(lateUtc));
        Assert.Equal("00:30, ngày 01/01/2027", VietnameseText.ShortTime(lateUtc));
        var paris = new DateTimeOffset(2026, 11, 20, 2, 15, 0, TimeSpan.FromHours(1));
        Assert.Equal("08:15, ngày 20/11/2026", VietnameseText.ShortTime(paris));
    }

    [Theory]
    [InlineData(2027, 1, 1, "Huế, ngày 01 tháng 01 năm 2027")]
    [InlineData(2026, 2, 5, "Huế, ngày 05 tháng 02 năm 2026")]
    [InlineData(2026, 3, 9, "Huế, ngày 09 tháng 3 năm 2026")]
    [InlineData(2026, 11, 21, "Huế, ngày 21 tháng 11 năm 2026")]
    public void Place_and_date_line_pads_day_below_10_and_months_1_and_2(int y, int m, int d, string expected) =>
        Assert.Equal(expected, VietnameseText.PlaceAndDate("Huế", new DateTimeOffset(y, m, d, 9, 0, 0, VietnamTime.Offset)));

    [Fact]
    public void Missing_fonts_fail_with_the_package_name()
    {
        var resolver = new FontResolver("/nonexistent/fonts");
        var e = Assert.Throws<InvalidOperationException>(resolver.EnsureFilesExist);
        Assert.Contains("fonts-liberation2", e.Message);
    }

    [Fact]
    public void Resolver_maps_serif_and_sans_families_to_liberation_faces()
    {
        var resolver = new FontResolver(FontResolver.DefaultDirectory);
        Assert.Equal("LiberationSerif-BoldItalic", resolver.ResolveTypeface("Liberation Serif", true, true).FaceName);
        Assert.Equal("LiberationSerif-Regular", resolver.ResolveTypeface("Times New Roman", false, false).FaceName);
        Assert.Equal("LiberationSans-Bold", resolver.ResolveTypeface("Liberation Sans", true, false).FaceName);
        Assert.Equal("LiberationSans-Italic", resolver.ResolveTypeface("Arial", false, true).FaceName);
    }
}
