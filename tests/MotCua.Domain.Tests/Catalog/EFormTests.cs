using MotCua.Domain.Catalog;
using MotCua.Domain.Registers;

namespace MotCua.Domain.Tests.Catalog;

public class EFormTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);

    private static readonly EFormField[] Fields =
    [
        new("hoTen", "Họ và tên", EFormFieldType.Text, Required: true) { Pattern = @"[\p{L} ]{2,100}", PatternMessage = "Họ tên chỉ gồm chữ cái và dấu cách." },
        new("ngaySinh", "Ngày sinh", EFormFieldType.Date, Required: true) { NotAfterToday = true },
        new("gioiTinh", "Giới tính", EFormFieldType.Select, Required: true) { Options = ["Nam", "Nữ"] },
        new("canNang", "Cân nặng (gam)", EFormFieldType.Number),
        new("camDoan", "Tôi cam đoan lời khai là đúng sự thật", EFormFieldType.Checkbox, Required: true),
        new("ghiChu", "Ghi chú", EFormFieldType.Text),
    ];

    private static Dictionary<string, string?> Valid() => new()
    {
        ["hoTen"] = "  Nguyễn Thị An ", ["ngaySinh"] = "05/11/2026", ["gioiTinh"] = "Nữ", ["canNang"] = "3200,5", ["camDoan"] = "on",
    };

    [Fact]
    public void Valid_values_come_back_cleaned()
    {
        var (values, errors) = EForm.Validate(Fields, Valid(), Today);
        Assert.Empty(errors);
        Assert.Equal("Nguyễn Thị An", values["hoTen"]);
        Assert.Equal("2026-11-05", values["ngaySinh"]);
        Assert.Equal("3200.5", values["canNang"]);
        Assert.Equal("true", values["camDoan"]);
        Assert.False(values.ContainsKey("ghiChu"));
    }

    [Theory]
    [InlineData("ngaySinhChong", OfficialBooks.MarriageAgeMan)]
    [InlineData("ngaySinhVo", OfficialBooks.MarriageAgeWoman)]
    public void A_spouse_under_the_marriage_age_is_refused_by_name_and_one_of_exactly_that_age_is_not(string field, int age)
    {
        var form = OfficialBooks.Marriage.FormFields;
        Assert.Equal(age, form.Single(f => f.Name == field).MinAgeYears);
        Dictionary<string, string?> With(DateOnly birth) => OfficialBookValues(form, field, birth);
        // 21/11/2026: born 21/11/(2026 − age) is exactly that age today; a day later is not yet.
        Assert.Empty(EForm.Validate(form, With(Today.AddYears(-age)), Today).Errors);
        var errors = EForm.Validate(form, With(Today.AddYears(-age).AddDays(1)), Today).Errors;
        var message = Assert.Single(Assert.Single(errors, e => e.Key == field).Value);
        Assert.Contains($"phải từ đủ {age} tuổi", message, StringComparison.Ordinal);
        Assert.Contains(Today.AddYears(-age).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        Assert.Single(errors);
    }

    // Every field of the form answered (both spouses 30 years old), the one named born on birth.
    private static Dictionary<string, string?> OfficialBookValues(IReadOnlyList<EFormField> form, string field, DateOnly birth) =>
        form.ToDictionary(f => f.Name, f => (string?)(f.Name == field ? birth.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)
            : f.Type == EFormFieldType.Date ? Today.AddYears(-30).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)
            : f.Name.StartsWith("hoTen", StringComparison.Ordinal) ? "Nguyễn Văn An" : "Việt Nam"));

    [Fact]
    public void A_minimum_age_is_a_date_fields_and_between_1_and_150()
    {
        var problems = EForm.Problems([
            new("tuoi", "Tuổi", EFormFieldType.Number) { MinAgeYears = 18 },
            new("ngaySinh", "Ngày sinh", EFormFieldType.Date) { MinAgeYears = 0 },
            new("ngaySinhKhac", "Ngày sinh khác", EFormFieldType.Date) { MinAgeYears = 18 },
        ]);
        Assert.Equal([(0, "minAgeYears"), (1, "minAgeYears")], problems.Select(p => (p.Line, p.Member)));
    }

    [Fact]
    public void A_value_over_4000_characters_is_refused_and_4000_is_not_refused_for_length()
    {
        var submitted = Valid();
        submitted["hoTen"] = new string('a', MotCua.Domain.Text.TypedText.MaxFormValue + 1);
        var (values, errors) = EForm.Validate(Fields, submitted, Today);
        Assert.Contains("4.000", Assert.Single(errors["hoTen"]), StringComparison.Ordinal);
        Assert.False(values.ContainsKey("hoTen"));
        submitted["hoTen"] = new string('a', MotCua.Domain.Text.TypedText.MaxFormValue);
        Assert.DoesNotContain("4.000", string.Join(" ", EForm.Validate(Fields, submitted, Today).Errors.GetValueOrDefault("hoTen") ?? []), StringComparison.Ordinal);
    }

    [Fact]
    public void Decomposed_Vietnamese_is_stored_composed()
    {
        var submitted = Valid();
        submitted["hoTen"] = "Nguyễn Thị An".Normalize(System.Text.NormalizationForm.FormD);
        Assert.Equal("Nguyễn Thị An", EForm.Validate(Fields, submitted, Today).Values["hoTen"]);
    }

    [Fact]
    public void Missing_required_values_are_named_in_Vietnamese()
    {
        var (_, errors) = EForm.Validate(Fields, new Dictionary<string, string?>(), Today);
        Assert.Equal("Vui lòng nhập \"Họ và tên\".", errors["hoTen"].Single());
        Assert.Equal("Vui lòng nhập \"Ngày sinh\".", errors["ngaySinh"].Single());
        Assert.Equal("Vui lòng đánh dấu \"Tôi cam đoan lời khai là đúng sự thật\".", errors["camDoan"].Single());
        Assert.False(errors.ContainsKey("canNang"));
    }

    [Theory]
    [InlineData("hoTen", "Nguyen 123", "Họ tên chỉ gồm chữ cái và dấu cách.")]
    [InlineData("ngaySinh", "31/02/2026", "\"Ngày sinh\": tháng 02/2026 không có ngày 31.")]
    [InlineData("ngaySinh", "05112026", "\"Ngày sinh\" phải nhập theo dạng ngày/tháng/năm, ví dụ 15/06/2024; ngày, tháng, năm cách nhau bằng dấu /.")]
    [InlineData("ngaySinh", "2026-12-01", "\"Ngày sinh\" không được sau ngày hôm nay.")]
    [InlineData("gioiTinh", "Khác", "\"Giới tính\" phải là một trong: Nam, Nữ.")]
    [InlineData("canNang", "ba cân", "\"Cân nặng (gam)\" phải là một số.")]
    public void Wrong_values_are_refused_with_the_reason(string field, string value, string message)
    {
        var submitted = Valid();
        submitted[field] = value;
        var (_, errors) = EForm.Validate(Fields, submitted, Today);
        Assert.Equal(message, Assert.Single(errors).Value.Single());
    }

    [Fact]
    public void Values_the_form_does_not_ask_for_are_refused()
    {
        var submitted = Valid();
        submitted["soCccdCuaMe"] = "046195004321";
        var (values, errors) = EForm.Validate(Fields, submitted, Today);
        Assert.Equal("Biểu mẫu của thủ tục không có trường \"soCccdCuaMe\".", errors["soCccdCuaMe"].Single());
        Assert.False(values.ContainsKey("soCccdCuaMe"));
    }

    [Fact]
    public void A_spec_without_a_form_declares_no_fields()
    {
        var spec = new ProcedureSpec { Code = "1.000001", Name = "Thủ tục", Field = "Hộ tịch" };
        Assert.Empty(spec.FormFields);
    }
}
