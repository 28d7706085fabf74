using MotCua.Domain.Catalog;
using MotCua.Domain.Registers;

namespace MotCua.Domain.Tests.Registers;

/// <summary>
/// The parents' particulars of the birth e-form (Luật Hộ tịch 2014 Điều 14 khoản 1 điểm b: năm sinh, dân tộc, quốc tịch,
/// nơi cư trú besides the name), checked with the real form (<see cref="OfficialBooks.Birth"/>) for each parent the form
/// declares: asked once the parent's name is given, the year not after the current year nor the child's birth.
/// </summary>
public class BirthParentsFormTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);
    private static IReadOnlyList<EFormField> Form => OfficialBooks.Birth.FormFields;

    /// <summary>Each parent's name field with the particulars that depend on it, from the form itself.</summary>
    public static TheoryData<string> Parents() => [.. Form.Where(f => f.RequiredWith is not null).Select(f => f.RequiredWith!).Distinct()];

    private static Dictionary<string, string?> Complete() => new()
    {
        ["hoTenTre"] = "Nguyễn Minh Khang", ["ngaySinh"] = "15/06/2024", ["noiSinh"] = "Bệnh viện Trung ương Huế", ["gioiTinh"] = "Nam",
        ["danToc"] = "Kinh", ["quocTich"] = "Việt Nam", ["quanHe"] = "Cha",
        ["hoTenMe"] = "Trần Thị Thu Hà", ["namSinhMe"] = "1995", ["danTocMe"] = "Kinh", ["quocTichMe"] = "Việt Nam", ["noiCuTruMe"] = "27 Đống Đa, Huế",
        ["hoTenCha"] = "Nguyễn Văn An", ["namSinhCha"] = "1993", ["danTocCha"] = "Tày", ["quocTichCha"] = "Việt Nam", ["noiCuTruCha"] = "27 Đống Đa, Huế",
    };

    private static string[] Particulars(string parentName) => [.. Form.Where(f => f.RequiredWith == parentName).Select(f => f.Name)];

    [Fact]
    public void The_form_declares_both_parents_four_particulars_and_passes_its_own_rules()
    {
        Assert.Equal(["hoTenMe", "hoTenCha"], Form.Where(f => f.RequiredWith is not null).Select(f => f.RequiredWith!).Distinct());
        foreach (var parent in new[] { "hoTenMe", "hoTenCha" })
            Assert.Equal(4, Particulars(parent).Length);
        Assert.Empty(EForm.Problems(Form));
        var (values, errors) = EForm.Validate(Form, Complete(), Today);
        Assert.Empty(errors);
        Assert.Equal("1995", values["namSinhMe"]);
        Assert.Equal("Tày", values["danTocCha"]);
    }

    [Theory]
    [MemberData(nameof(Parents))]
    public void A_named_parent_needs_every_particular(string parentName)
    {
        var submitted = Complete();
        foreach (var name in Particulars(parentName)) submitted.Remove(name);
        var (_, errors) = EForm.Validate(Form, submitted, Today);
        Assert.Equal(Particulars(parentName).Order(), errors.Keys.Order());
        foreach (var name in Particulars(parentName))
            Assert.Equal($"Vui lòng nhập \"{Form.Single(f => f.Name == name).Label}\".", Assert.Single(errors[name]));
    }

    [Theory]
    [MemberData(nameof(Parents))]
    public void A_parent_not_determined_is_left_blank_without_particulars(string parentName)
    {
        var submitted = Complete();
        submitted.Remove(parentName);
        foreach (var name in Particulars(parentName)) submitted.Remove(name);
        var (values, errors) = EForm.Validate(Form, submitted, Today);
        Assert.Empty(errors);
        Assert.DoesNotContain(Particulars(parentName), values.ContainsKey);
    }

    [Theory]
    [MemberData(nameof(Parents))]
    public void The_year_of_birth_is_not_after_the_childs_birth_nor_this_year(string parentName)
    {
        var year = Particulars(parentName).Single(n => n.StartsWith("namSinh", StringComparison.Ordinal));
        var label = Form.Single(f => f.Name == year).Label;
        string? ErrorWith(string value, string childBirth = "15/06/2024")
        {
            var submitted = Complete();
            (submitted[year], submitted["ngaySinh"]) = (value, childBirth);
            return EForm.Validate(Form, submitted, Today).Errors.GetValueOrDefault(year)?.Single();
        }
        Assert.Null(ErrorWith("2024"));
        Assert.Equal($"\"{label}\" không được sau năm của \"Ngày, tháng, năm sinh\" (2024).", ErrorWith("2025"));
        Assert.Equal($"\"{label}\" không được sau năm nay (2026).", ErrorWith("2027"));
        Assert.Equal("Nhập năm sinh gồm 4 chữ số, ví dụ 1990.", ErrorWith("95"));
        // A child's birth date that is itself wrong carries its own error; the year is then checked against today only.
        Assert.Null(ErrorWith("2025", childBirth: "31/02/2024"));
    }

    [Fact]
    public void A_form_whose_rules_name_a_missing_or_wrong_field_is_refused()
    {
        EFormField[] fields =
        [
            new("ngaySinh", "Ngày sinh", EFormFieldType.Date),
            new("ten", "Tên", EFormFieldType.Text) { NotAfter = "ngaySinh", RequiredWith = "khongCo" },
            new("nam", "Năm", EFormFieldType.Number) { NotAfter = "ten" },
            new("ngay", "Ngày", EFormFieldType.Date) { NotAfter = "ngay", RequiredWith = "ngay" },
        ];
        var problems = EForm.Problems(fields).Select(p => $"{p.Line}.{p.Member}").ToList();
        Assert.Equal(["1.notAfter", "1.requiredWith", "2.notAfter", "3.notAfter", "3.requiredWith"], problems);
    }
}
