using MotCua.Domain.Text;
using MotCua.Domain.Catalog;

namespace MotCua.Domain.Tests.Catalog;

/// <summary>The rules a declared e-form must meet before it may be saved: <see cref="EForm.Problems"/>.</summary>
public class EFormProblemsTests
{
    [Fact]
    public void A_well_formed_form_has_no_problems() => Assert.Empty(EForm.Problems(
    [
        new("hoTen", "Họ và tên", EFormFieldType.Text, Required: true) { Pattern = @"[\p{L} ]{2,100}", PatternMessage = "Chỉ gồm chữ cái." },
        new("ngaySinh", "Ngày sinh", EFormFieldType.Date) { NotAfterToday = true },
        new("gioiTinh", "Giới tính", EFormFieldType.Select) { Options = ["Nam", "Nữ"] },
        new("camKet", "Tôi cam đoan", EFormFieldType.Checkbox, Required: true),
        new("soTien", "Số tiền", EFormFieldType.Number),
    ]));

    [Fact]
    public void Each_problem_is_reported_beside_its_field_and_member_in_Vietnamese()
    {
        var problems = EForm.Problems(
        [
            new("", "", EFormFieldType.Text),
            new("họ tên", "Họ tên", EFormFieldType.Text),
            new("a", "A", EFormFieldType.Select),
            new("a", "Trùng", EFormFieldType.Select) { Options = ["Có", "Có"] },
            new("b", "B", EFormFieldType.Date) { Pattern = "[0-9]+" },
            new("c", "C", EFormFieldType.Text) { Pattern = "([a-z", Options = ["x"] },
            new("d", "D", EFormFieldType.Text) { NotAfterToday = true, PatternMessage = "Sai." },
        ]);
        Assert.Equal(
            new[] { (0, "name"), (0, "label"), (1, "name"), (2, "options"), (3, "name"), (3, "options"), (4, "pattern"), (5, "options"), (5, "pattern"), (6, "patternMessage"), (6, "notAfterToday") },
            problems.Select(p => (p.Line, p.Member)).ToArray());
        Assert.Equal("Mã trường \"a\" đã dùng cho trường 3.", problems[4].Message);
        Assert.All(problems, p => Assert.Equal(p.Message.Normalize(), p.Message));
    }

    [Fact]
    public void A_pattern_that_could_not_be_matched_in_linear_time_is_refused()
    {
        var problems = EForm.Problems(
        [
            new("a", "A", EFormFieldType.Text) { Pattern = @"(?=\d{3})\d+" },
            new("b", "B", EFormFieldType.Text) { Pattern = @"(\w)\1" },
            new("c", "C", EFormFieldType.Text) { Pattern = @"(a+)+b" },
        ]);
        Assert.Equal(new[] { (0, "pattern"), (1, "pattern") }, problems.Select(p => (p.Line, p.Member)).ToArray());
        Assert.Equal("Mẫu kiểm tra không được dùng tham chiếu ngược, nhìn trước/nhìn sau hoặc nhóm nguyên tử.", problems[0].Message);
    }

    /// <summary>"(a+)+b" against 3,999 a's takes a backtracking engine longer than any timeout; matched in linear
    /// time it is refused at once, and never by a clock, so a busy machine cannot turn a valid value into an error.</summary>
    [Fact]
    public void A_pattern_is_matched_in_linear_time_whatever_the_value()
    {
        EFormField[] fields = [new("c", "C", EFormFieldType.Text) { Pattern = @"(a+)+b", PatternMessage = "Sai mẫu." }];
        var (_, errors) = EForm.Validate(fields, new Dictionary<string, string?> { ["c"] = new string('a', TypedText.MaxFormValue - 1) }, new DateOnly(2026, 12, 1));
        Assert.Equal(["Sai mẫu."], errors["c"]);
        var (values, none) = EForm.Validate(fields, new Dictionary<string, string?> { ["c"] = "aaab" }, new DateOnly(2026, 12, 1));
        Assert.Empty(none);
        Assert.Equal("aaab", values["c"]);
    }
}
