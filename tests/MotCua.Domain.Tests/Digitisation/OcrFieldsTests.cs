using System.Text;
using MotCua.Domain.Digitisation;

namespace MotCua.Domain.Tests.Digitisation;

public class OcrFieldsTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    private static string? Value(string text, OcrField field) =>
        OcrFields.Extract(text, Today).SingleOrDefault(c => c.Field == field)?.Value;

    [Theory]
    [InlineData("Số định danh: 046200012345")]
    [InlineData("Số định danh cá nhân: 046200012345")]
    [InlineData("SỐ CCCD 046200012345")]
    [InlineData("Căn cước: 046200012345")]
    [InlineData("Căn cước công dân: 046200012345")]
    [InlineData("Số / No.: 046200012345")]
    [InlineData("Số: 046200012345")]
    public void Every_id_label_gives_the_number(string text) => Assert.Equal("046200012345", Value(text, OcrField.IdNumber));

    [Theory]
    [InlineData("Số định danh: O462OOO12345")]
    [InlineData("Số định danh: 0462000I2345")]
    [InlineData("Số định danh: 04620001234S")]
    [InlineData("Số định danh: 0462000l2345")]
    [InlineData("Số định danh: 0462000|2345")]
    public void Look_alike_characters_are_fixed_inside_a_long_digit_run(string text) =>
        Assert.Equal("046200012345", Value(text, OcrField.IdNumber));

    [Fact]
    public void B_reads_as_8_inside_a_long_run() =>
        Assert.Equal("046200018345", Value("Số CCCD: 0462000IB345", OcrField.IdNumber));

    [Theory]
    [InlineData("Số: SOB")] // a short run: letters stay letters
    [InlineData("Số: 12")]
    [InlineData("Số nhà 12 đường Lê Lợi")]
    [InlineData("Số định danh: 999200012345")] // no such province code
    public void Short_runs_and_numbers_CitizenId_refuses_give_nothing(string text) => Assert.Null(Value(text, OcrField.IdNumber));

    [Fact]
    public void A_birth_year_in_the_future_is_refused_by_CitizenId() =>
        Assert.Null(Value("Số định danh: 046299012345", OcrField.IdNumber)); // century digit 2 → 2099

    [Fact]
    public void Two_different_numbers_give_none_and_the_same_twice_gives_one()
    {
        Assert.Null(Value("Số định danh: 046200012345\nSố CCCD: 001199012345", OcrField.IdNumber));
        Assert.Equal("046200012345", Value("Số định danh: 046200012345\nSố CCCD: 046200012345", OcrField.IdNumber));
    }

    [Theory]
    [InlineData("Họ và tên: NGUYỄN THỊ HỒNG NHUNG")]
    [InlineData("Họ, chữ đệm và tên: nguyễn thị hồng nhung")]
    [InlineData("Họ tên Nguyễn Thị Hồng Nhung")]
    [InlineData("Họ và tên / Full name: NGUYỄN THỊ HỒNG NHUNG")]
    [InlineData("Họ và tên: Nguyễn Thị Hồng Nhung Ngày sinh: 02/09/1995")]
    public void Every_name_label_gives_the_title_cased_name(string text) =>
        Assert.Equal("Nguyễn Thị Hồng Nhung", Value(text, OcrField.FullName));

    [Theory]
    [InlineData("Họ và tên: Nhung")] // one word
    [InlineData("Họ và tên: A B C D E F G")] // seven
    [InlineData("Họ và tên: 12345")]
    public void A_name_of_other_than_two_to_six_words_gives_nothing(string text) => Assert.Null(Value(text, OcrField.FullName));

    [Fact]
    public void Two_disagreeing_names_give_none() =>
        Assert.Null(Value("Họ và tên: Nguyễn Thị Hồng Nhung\nHọ tên: Trần Văn An", OcrField.FullName));

    [Fact]
    public void Decomposed_text_is_read_as_NFC()
    {
        var nfd = "Họ và tên: Nguyễn Thị Hồng Nhung\nSố định danh: 046200012345".Normalize(NormalizationForm.FormD);
        var name = Value(nfd, OcrField.FullName);
        Assert.Equal("Nguyễn Thị Hồng Nhung".Normalize(NormalizationForm.FormC), name);
        Assert.True(name!.IsNormalized(NormalizationForm.FormC));
        Assert.Equal("046200012345", Value(nfd, OcrField.IdNumber));
    }

    [Theory]
    [InlineData("Ngày sinh: 02/09/1995", OcrField.DateOfBirth)]
    [InlineData("Ngày, tháng, năm sinh: 02-09-1995", OcrField.DateOfBirth)]
    [InlineData("Ngày sinh / Date of birth: 2/9/1995", OcrField.DateOfBirth)]
    [InlineData("Ngày sinh: ngày 02 tháng 09 năm 1995", OcrField.DateOfBirth)]
    [InlineData("Ngày cấp: 02/09/1995", OcrField.IssuedOn)]
    [InlineData("NGÀY CẤP: ngày 2 tháng 9 năm 1995", OcrField.IssuedOn)]
    public void Every_date_label_and_form_gives_dd_MM_yyyy(string text, OcrField field) => Assert.Equal("02/09/1995", Value(text, field));

    [Theory]
    [InlineData("Ngày sinh: 31/02/1995")]
    [InlineData("Ngày sinh: 01/13/1995")]
    [InlineData("Ngày sinh: 01/01/2030")] // after today
    [InlineData("Ngày sinh: 1995")]
    public void Dates_that_do_not_exist_give_nothing(string text) => Assert.Null(Value(text, OcrField.DateOfBirth));

    [Fact]
    public void A_whole_card_gives_all_four_in_field_order()
    {
        var text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCĂN CƯỚC CÔNG DÂN\nSố / No.: 046200012345\nHọ và tên / Full name:\nNGUYỄN THỊ HỒNG NHUNG\n"
            + "Ngày sinh / Date of birth: 02/09/1995\nNgày cấp: 10/10/2021\n";
        var found = OcrFields.Extract(text, Today);
        // A card prints the name on the line under its label: the next line is read when the label's own is empty.
        Assert.Equal(
            [(OcrField.IdNumber, "046200012345"), (OcrField.FullName, "Nguyễn Thị Hồng Nhung"), (OcrField.DateOfBirth, "02/09/1995"), (OcrField.IssuedOn, "10/10/2021")],
            found.Select(c => (c.Field, c.Value)));
        Assert.Equal("Họ và tên", found[1].Label);
        Assert.Empty(OcrFields.Extract("", Today));
        Assert.Empty(OcrFields.Extract(null, Today));
    }
}

/// <summary>Trial17t MEDIUM 2: tesseract drops the labels' marks or reads ố as 6; the labels are still found, the values
/// kept as read (the CCCD still checked by <see cref="MotCua.Domain.Identity.CitizenId.Check"/>).</summary>
public class OcrFieldsFoldedLabelTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    private static string? Value(string text, OcrField field) =>
        OcrFields.Extract(text, Today).SingleOrDefault(c => c.Field == field)?.Value;

    // The text layer of the trial's 150 dpi scan of a card, as tesseract gave it.
    private const string TrialScan = "CAN CUOC CONG DAN\nS6 dinh danh ca nhan: 046095001234\nHo và tên: NGUYEN\n\nTHỊ HƯƠNG\nNgay sinh: 15/06/1995\nNgày cấp: 20/03/2021\n";

    [Fact]
    public void The_trials_scan_gives_the_cccd_the_name_and_both_dates()
    {
        var found = OcrFields.Extract(TrialScan, Today);
        Assert.Equal("046095001234", Value(TrialScan, OcrField.IdNumber));
        Assert.Equal("Nguyen Thị Hương", Value(TrialScan, OcrField.FullName));
        Assert.Equal("15/06/1995", Value(TrialScan, OcrField.DateOfBirth));
        Assert.Equal("20/03/2021", Value(TrialScan, OcrField.IssuedOn));
        // The label is named as printed, not folded.
        Assert.Equal("S6 dinh danh ca nhan", found.Single(c => c.Field == OcrField.IdNumber).Label);
        Assert.Equal("Ho và tên", found.Single(c => c.Field == OcrField.FullName).Label);
    }

    [Theory]
    [InlineData("S6 dinh danh ca nhan: 046095001234")]
    [InlineData("SO DINH DANH CA NHAN: 046095001234")]
    [InlineData("S0 định danh: 046095001234")]
    [InlineData("so dinh danh\n046095001234")]
    [InlineData("Số định danh cá nhân: 046095001234")]
    [InlineData("So CCCD 046095001234")]
    [InlineData("Can cuoc cong dan: 046095001234")]
    [InlineData("So\u0302\u0301 đi\u0323nh danh ca\u0301 nha\u0302n: 046095001234")] // decomposed marks
    public void The_id_label_is_found_with_or_without_marks(string text) => Assert.Equal("046095001234", Value(text, OcrField.IdNumber));

    [Theory]
    [InlineData("Ho va ten: NGUYEN THI HUONG", "Nguyen Thi Huong")]
    [InlineData("HO VÀ TÊN\nNGUYỄN THỊ HƯƠNG", "Nguyễn Thị Hương")]
    [InlineData("H0 và tên: Nguyễn Thị Hương Ngay sinh: 15/06/1995", "Nguyễn Thị Hương")]
    [InlineData("Ho, chu dem va ten: TRAN VAN AN", "Tran Van An")]
    [InlineData("Ho tên: LÊ\nVĂN BÌNH\nNgay sinh: 01/01/1990", "Lê Văn Bình")]
    public void The_name_label_is_found_with_or_without_marks_and_the_name_kept_as_read(string text, string name) =>
        Assert.Equal(name, Value(text, OcrField.FullName));

    [Theory]
    [InlineData("Ho va ten: NGUYEN\nNgay sinh: 15/06/1995")] // one word, and the next line is another label
    [InlineData("Ho va ten: 12345")]
    public void No_name_is_guessed(string text) => Assert.Null(Value(text, OcrField.FullName));

    [Theory]
    [InlineData("S6 dinh danh ca nhan: 999095001234")] // no such province code: the Domain's CCCD rule refuses it
    [InlineData("S6 dinh danh ca nhan: 04609500123")]
    public void A_number_the_cccd_rule_refuses_is_not_offered(string text) => Assert.Null(Value(text, OcrField.IdNumber));

    [Fact]
    public void A_date_written_out_without_marks_is_read() =>
        Assert.Equal("15/06/1995", Value("Ngay, thang, nam sinh: ngay 15 thang 06 nam 1995", OcrField.DateOfBirth));
}

/// <summary>CIT35 LOW 4: the civil-status forms of Thông tư 04/2020/TT-BTP print "Họ, chữ đệm, tên" (commas only); a
/// kết hôn Tờ khai names two people, whose two names give none.</summary>
public class OcrFieldsCivilStatusLabelTests
{
    private static readonly DateOnly Today = new(2026, 12, 5);

    private static string? Value(string text, OcrField field) =>
        OcrFields.Extract(text, Today).SingleOrDefault(c => c.Field == field)?.Value;

    // The text layer of the trial's scan2p.pdf (pdftotext of files/ocr7.pdf): the same Tờ khai on both pages.
    private const string TrialDeclaration = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nTỜ KHAI ĐĂNG KÝ KẾT HÔN\n"
        + "Họ, chữ đệm, tên: Trần Thị Bích Ngọc\nNgày, tháng, năm sinh: 14/03/1996\nSố định danh cá nhân: 046196007788\n\n"
        + "Nơi cư trú: 25 Nguyễn Huệ, phường Thuận Hóa, thành phố Huế\nDân tộc: Kinh. Quốc tịch: Việt Nam\n";

    [Fact]
    public void The_trials_declaration_gives_the_name_with_its_label_as_printed()
    {
        var text = TrialDeclaration + "\f" + TrialDeclaration;
        var found = OcrFields.Extract(text, Today);
        Assert.Equal(
            [(OcrField.IdNumber, "046196007788"), (OcrField.FullName, "Trần Thị Bích Ngọc"), (OcrField.DateOfBirth, "14/03/1996")],
            found.Select(c => (c.Field, c.Value)));
        Assert.Equal("Họ, chữ đệm, tên", found.Single(c => c.Field == OcrField.FullName).Label);
    }

    [Theory]
    [InlineData("Họ, chữ đệm, tên: TRẦN THỊ BÍCH NGỌC")]
    [InlineData("HỌ, CHỮ ĐỆM, TÊN\nTrần Thị Bích Ngọc")]
    [InlineData("Ho, chu dem, ten: Trần Thị Bích Ngọc")]
    [InlineData("H0, chữ đệm, tên: Trần Thị Bích Ngọc Ngày, tháng, năm sinh: 14/03/1996")]
    public void The_comma_label_is_read_with_or_without_marks(string text) =>
        Assert.Equal("Trần Thị Bích Ngọc", Value(text, OcrField.FullName));

    [Fact]
    public void A_form_naming_two_people_gives_no_name_but_one_named_twice_gives_it()
    {
        const string couple = "TỜ KHAI ĐĂNG KÝ KẾT HÔN\nBên nữ\nHọ, chữ đệm, tên: Trần Thị Bích Ngọc\nNgày, tháng, năm sinh: 14/03/1996\n"
            + "Bên nam\nHọ, chữ đệm, tên: Lê Văn Hùng\nNgày, tháng, năm sinh: 02/07/1994\n";
        Assert.Null(Value(couple, OcrField.FullName));
        Assert.Null(Value(couple, OcrField.DateOfBirth));
        // The two labels of one kind or of two kinds agree: one name.
        Assert.Equal("Trần Thị Bích Ngọc", Value("Họ, chữ đệm, tên: Trần Thị Bích Ngọc\nHọ và tên: TRẦN THỊ BÍCH NGỌC", OcrField.FullName));
        Assert.Null(Value("Họ, chữ đệm, tên: Trần Thị Bích Ngọc\nHọ và tên: Lê Văn Hùng", OcrField.FullName));
    }
}
