using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using MotCua.Domain.Catalog;

namespace MotCua.Domain.Tests.Catalog;

public class SearchTextTests
{
    [Theory]
    [InlineData("Đăng ký kết hôn", "dang ki ket hon")]
    [InlineData("ĐĂNG KÍ KẾT HÔN", "dang ki ket hon")]
    [InlineData("  dang   ki\tket\r\nhon  ", "dang ki ket hon")]
    [InlineData("Giấy chứng nhận quyền sử dụng đất", "giay chung nhan quyen su dung dat")]
    [InlineData("Cấp Giấy phép xây dựng, cải tạo, nâng cấp đường ngang", "cap giay phep xay dung cai tao nang cap duong ngang")]
    [InlineData("Kiểm định kỹ thuật an toàn lao động", "kiem dinh ki thuat an toan lao dong")]
    [InlineData("Trường Đại học Mỹ thuật", "truong dai hoc mi thuat")]
    [InlineData("công ty TNHH", "cong ti tnhh")]
    [InlineData("quy định / qui định", "qui dinh qui dinh")]
    [InlineData("1.001193", "1 001193")]
    [InlineData("ÐĂNG KÝ (Ð viết nhầm bằng chữ Eth)", "dang ki d viet nham bang chu eth")]
    [InlineData("", "")]
    [InlineData(" \u00A0\u200B ", "")]
    public void Folds_marks_case_spaces_and_the_final_y(string text, string folded) =>
        Assert.Equal(folded, SearchText.Fold(text));

    /// <summary>Every space a keyboard, a PDF copy or a web page can put between two words separates them the same way.</summary>
    public static TheoryData<string> Separators()
    {
        var data = new TheoryData<string>();
        // Every character of Unicode's space separator category (Zs), found by scanning rather than listed by hand.
        for (var c = 0; c <= 0xFFFF; c++)
            if (char.GetUnicodeCategory((char)c) == System.Globalization.UnicodeCategory.SpaceSeparator) data.Add(((char)c).ToString());
        foreach (var other in new[] { "\t", "\n", "\r\n", "\u000B", "\u000C", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00A0\u00A0", " \u200B " })
            data.Add(other);
        return data;
    }

    [Theory]
    [MemberData(nameof(Separators))]
    public void Every_unicode_space_separates_words_like_a_plain_space(string separator)
        => Assert.Equal("dang ki ket hon", SearchText.Fold(string.Join(separator, "đăng", "ký", "kết", "hôn")));

    [Fact]
    public void The_separators_tried_include_all_17_space_separators_of_the_basic_plane() =>
        Assert.Equal(17 + 12, Separators().Count);

    [Theory]
    // Consonant + y: the two spellings of the same syllable fold together.
    [InlineData("ký", "kí")]
    [InlineData("lý", "lí")]
    [InlineData("mỹ", "mĩ")]
    [InlineData("sỹ", "sĩ")]
    [InlineData("hy", "hi")]
    [InlineData("ty", "ti")]
    [InlineData("quý", "quí")]
    [InlineData("KỸ", "kĩ")]
    public void Final_y_after_a_consonant_onset_folds_to_i(string y, string i) =>
        Assert.Equal(SearchText.Fold(i), SearchText.Fold(y));

    [Theory]
    // After a vowel, before another letter, or standing alone, y and i are different words.
    [InlineData("tay", "tai")]
    [InlineData("may", "mai")]
    [InlineData("thủy", "thủi")]
    [InlineData("huy", "hui")]
    [InlineData("tuy", "tui")]
    [InlineData("ây", "ai")]
    [InlineData("yêu", "iêu")]
    [InlineData("quyết", "quiết")]
    [InlineData("Nguyễn", "Nguiễn")]
    [InlineData("y tế", "i tế")]
    public void Y_that_is_not_a_bare_final_vowel_stays(string y, string i) =>
        Assert.NotEqual(SearchText.Fold(i), SearchText.Fold(y));

    /// <summary>Every procedure of the checked-in sample: folding is idempotent, blind to NFC/NFD, case and the kind of space.</summary>
    [Fact]
    public void Names_of_real_procedures_fold_the_same_however_they_are_typed()
    {
        var names = Sample().SelectMany(p => new[] { p.Name, p.Field }).Where(n => n.Length > 0).ToList();
        Assert.True(names.Count >= 80);
        foreach (var name in names)
        {
            var folded = SearchText.Fold(name);
            Assert.Matches("^[a-z0-9]+( [a-z0-9]+)*$", folded);
            Assert.Equal(folded, SearchText.Fold(folded));
            Assert.Equal(folded, SearchText.Fold(name.Normalize(NormalizationForm.FormD)));
            Assert.Equal(folded, SearchText.Fold(name.ToUpperInvariant()));
            Assert.Equal(folded, SearchText.Fold(name.Replace(' ', '\u00A0')));
            Assert.Equal(folded, SearchText.Fold(name.Replace(" ", " \u200B\t")));
        }
    }

    [Fact]
    public void A_procedure_is_indexed_by_its_folded_name_field_and_results()
    {
        var birth = Sample().Single(p => p.Code == "1.001193");
        var (name, field, description) = SearchText.ForProcedure(birth);
        Assert.Equal("thu tuc dang ki khai sinh", name);
        Assert.Equal("ho tich", field);
        Assert.Contains("giay khai sinh", description);
    }

    private static IReadOnlyList<ProcedureSpec> Sample() =>
        JsonSerializer.Deserialize<IReadOnlyList<ProcedureSpec>>(
            File.ReadAllText(Path.Combine(RepoRoot(), "src/MotCua.Data/Seed/procedures.sample.json")), ProcedureCatalogJson.Options)!;

    private static string RepoRoot([CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MotCua.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException($"MotCua.slnx not found above {sourceFile}");
    }
}

public class EverydayTermTests
{
    private static readonly EverydayTerm[] Terms =
    [
        new("sổ đỏ", "Giấy chứng nhận quyền sử dụng đất"),
        new("làm sổ đỏ", "đăng ký đất đai cấp Giấy chứng nhận lần đầu"),
        new("xin phép xây nhà", "cấp giấy phép xây dựng"),
        new("làm giấy khai sinh", "đăng ký khai sinh"),
    ];

    [Fact]
    public void The_typed_words_come_first_then_every_phrase_found_longest_first()
    {
        var readings = SearchQuery.Readings("Làm SỔ ĐỎ", Terms);
        Assert.Equal(["lam so do", "dang ki dat dai cap giay chung nhan lan dau", "giay chung nhan quyen su dung dat"],
            readings.Select(r => string.Join(' ', r)));
    }

    [Theory]
    [InlineData("xin phep xay nha o nong thon", "cap giay phep xay dung")]
    [InlineData("xin\u00A0phép   xây nhà", "cap giay phep xay dung")]
    [InlineData("lam giay khai sinh cho con", "dang ki khai sinh")]
    public void A_phrase_is_found_anywhere_in_the_query_as_whole_words(string query, string expansion)
    {
        var readings = SearchQuery.Readings(query, Terms);
        Assert.Equal(SearchText.Fold(query), string.Join(' ', readings[0]));
        Assert.Contains(expansion, readings.Skip(1).Select(r => string.Join(' ', r)));
    }

    [Theory]
    [InlineData("xin phép xây nhà ở nông thôn", "o nong thon")]
    [InlineData("làm giấy khai sinh", "")]
    [InlineData("làm sổ đỏ", "")]          // "làm sổ đỏ" and "sổ đỏ" both explain their words
    [InlineData("so do bi mat", "bi mat")]
    [InlineData("cap giay phep xay dung", "cap giay phep xay dung")]
    public void The_words_no_phrase_explains_are_kept_for_ordering(string query, string rest) =>
        Assert.Equal(rest, string.Join(' ', SearchQuery.Unexplained(query, Terms)));

    [Theory]
    [InlineData("so dong")]        // "so do" is not a whole word of "so dong"
    [InlineData("do so")]          // nor in another order
    [InlineData("lam so")]
    public void Parts_of_words_or_other_orders_do_not_expand(string query) =>
        Assert.Single(SearchQuery.Readings(query, Terms));

    [Fact]
    public void A_blank_query_has_no_reading_and_readings_are_bounded()
    {
        Assert.Empty(SearchQuery.Readings(" \u00A0 ", Terms));
        var many = Enumerable.Range(0, 20).Select(i => new EverydayTerm("so do", $"giay chung nhan {i}"));
        Assert.Equal(SearchQuery.MaxReadings, SearchQuery.Readings("so do", many).Count);
        Assert.Equal(SearchQuery.MaxWords, SearchQuery.Readings(string.Join(' ', Enumerable.Repeat("dat", 30)), []).Single().Count);
    }

    [Fact]
    public void A_valid_term_has_no_problems()
    {
        Assert.Empty(new EverydayTerm("sổ hồng", "Giấy chứng nhận quyền sở hữu nhà ở").Problems(Terms));
        // The same phrase may mean two things; each is its own term.
        Assert.Empty(new EverydayTerm("sổ đỏ", "đăng ký đất đai").Problems(Terms));
    }

    [Theory]
    [InlineData("", "đăng ký khai sinh", "phrase")]
    [InlineData(" \u00A0 ", "đăng ký khai sinh", "phrase")]
    [InlineData("!!!", "đăng ký khai sinh", "phrase")]
    [InlineData("khai sinh", "", "expansion")]
    [InlineData("Đăng ký khai sinh", "dang ki khai sinh", "expansion")]   // the same words folded
    [InlineData("SO DO", "giấy chứng nhận quyền sử dụng đất", "phrase")] // already listed, folded
    [InlineData("một hai ba bốn năm sáu bảy tám chín", "khai sinh", "phrase")]
    public void Invalid_terms_are_refused_with_a_vietnamese_message_on_the_field(string phrase, string expansion, string field)
    {
        var problems = new EverydayTerm(phrase, expansion).Problems(Terms);
        Assert.Equal([field], problems.Keys);
        Assert.Matches("[ăâđêôơưáàảãạếềểễệíìỉĩịóòỏõọúùủũụ]", problems[field][0].ToLowerInvariant());
    }
}
