using MotCua.Domain.Catalog;
using MotCua.Domain.Fees;
using MotCua.Domain.Registers;

namespace MotCua.Domain.Tests.Registers;

/// <summary>
/// One authentication number per original (Nghị định 23/2015/NĐ-CP Điều 20 khoản 3; Thông tư 01/2020/TT-BTP Điều 4): for
/// every book whose e-form has a repeated group (the copy book's originals), the group's shape in the e-form (rows,
/// problems named "banChinh[2].soBanSao", bounds, the one-original shape of before), the entries it makes, the fee per
/// original and the result's numbers. Generated from the books' own forms.
/// </summary>
public class OriginalsFormTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);

    public static TheoryData<string> GroupBooks() => [.. OfficialBooks.All.Where(b => b.FormFields.Any(f => f.Group is not null)).Select(b => b.Key)];

    private static (string Group, List<EFormField> Fields) GroupOf(OfficialBook book)
    {
        var fields = book.FormFields.Where(f => f.Group is not null).ToList();
        return (fields[0].Group!, fields);
    }

    // A valid value for a field: numbers from the row (pages, copies), text naming the row.
    private static string ValueOf(EFormField field, int row) => field.Type == EFormFieldType.Number ? (row + 2).ToString() : $"Bản chính số {row + 1}";

    private static Dictionary<string, string?> Rows(OfficialBook book, int count)
    {
        var (group, fields) = GroupOf(book);
        var form = book.FormFields.Where(f => f.Group is null).ToDictionary(f => f.Name, f => (string?)ValueOf(f, 0));
        for (var row = 0; row < count; row++)
            foreach (var field in fields) form[EForm.RowKey(group, row, field.Name)] = ValueOf(field, row);
        return form;
    }

    [Fact]
    public void The_copy_book_asks_its_originals_as_a_group()
    {
        Assert.Contains(OfficialBooks.Copies, OfficialBooks.All.Where(b => b.FormFields.Any(f => f.Group is not null)));
        Assert.All(OfficialBooks.Copies.FormFields, f => Assert.Equal(BookFees.OriginalsGroup, f.Group));
        Assert.Empty(EForm.Problems(OfficialBooks.Copies.FormFields));
    }

    [Theory]
    [MemberData(nameof(GroupBooks))]
    public void Three_originals_are_three_rows_and_three_entries_each_naming_its_original(string key)
    {
        var book = OfficialBooks.ByKey(key)!;
        var (group, fields) = GroupOf(book);
        var (values, errors) = EForm.Validate(book.FormFields, Rows(book, 3), Today);
        Assert.Empty(errors);
        var rows = EForm.Rows(values, group, [.. fields.Select(f => f.Name)]);
        Assert.Equal(3, rows.Count);
        var items = book.Items(values);
        Assert.Equal(3, items.Count);
        for (var i = 0; i < 3; i++)
            foreach (var field in fields)
                Assert.Equal(ValueOf(field, i), items[i]![field.Name]);
        // Each entry prints its own original in the book's form columns.
        var printed = items.Select((item, i) => book.Row(Facts(i + 5, item, items.Count), [])).ToList();
        foreach (var column in book.Columns.Where(c => c.Source == ColumnSource.Form && fields.Any(f => f.Name == c.Key)))
            Assert.Equal(Enumerable.Range(0, 3).Select(i => ValueOf(fields.Single(f => f.Name == column.Key), i)),
                printed.Select(r => r.Cells[book.Columns.ToList().IndexOf(column)]));
    }

    private static EntryFacts Facts(int number, IReadOnlyDictionary<string, string>? form, int entries, FeeStanding fee = FeeStanding.Amount, long? vnd = 99_000) =>
        new(number, new DateTimeOffset(2026, 12, 3, 2, 0, 0, TimeSpan.Zero), "Võ Quốc Việt", null, "H46.35-261203-0001", "Chứng thực", "Trần Thị Lan",
            "Huế", "046195001234", "0914000111", null, null, vnd, form, fee, entries);

    [Theory]
    [MemberData(nameof(GroupBooks))]
    public void A_problem_is_named_by_its_row_and_a_blank_spare_row_is_dropped(string key)
    {
        var book = OfficialBooks.ByKey(key)!;
        var (group, fields) = GroupOf(book);
        var number = fields.First(f => f.Type == EFormFieldType.Number);
        var form = Rows(book, 3);
        form[EForm.RowKey(group, 2, number.Name)] = "ba";
        var (_, errors) = EForm.Validate(book.FormFields, form, Today);
        Assert.Equal([EForm.RowKey(group, 2, number.Name)], errors.Keys);
        Assert.Equal("banChinh[2].soBanSao", EForm.RowKey("banChinh", 2, "soBanSao"));

        // The desk's blank spare row (row 3) is not an original; the rows are stored from 0 in the order sent.
        form = Rows(book, 2);
        foreach (var field in fields) form[EForm.RowKey(group, 7, field.Name)] = "";
        var (values, none) = EForm.Validate(book.FormFields, form, Today);
        Assert.Empty(none);
        Assert.Equal(2, book.Items(values).Count);

        // Nothing given: the first row's required fields, named as sent.
        var empty = book.FormFields.Where(f => f.Group is null).ToDictionary(f => f.Name, f => (string?)ValueOf(f, 0));
        foreach (var field in fields) empty[EForm.RowKey(group, 0, field.Name)] = " ";
        Assert.Equal(fields.Where(f => f.Required).Select(f => EForm.RowKey(group, 0, f.Name)).Order(), EForm.Validate(book.FormFields, empty, Today).Errors.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(GroupBooks))]
    public void The_rows_are_bounded_and_one_shape_at_a_time(string key)
    {
        var book = OfficialBooks.ByKey(key)!;
        var (group, fields) = GroupOf(book);
        Assert.Empty(EForm.Validate(book.FormFields, Rows(book, EForm.MaxGroupRows), Today).Errors);
        var (values, errors) = EForm.Validate(book.FormFields, Rows(book, EForm.MaxGroupRows + 1), Today);
        Assert.Equal([group], errors.Keys);
        Assert.DoesNotContain(values.Keys, k => k.StartsWith(group + "[", StringComparison.Ordinal));

        var both = Rows(book, 1);
        both[fields[0].Name] = ValueOf(fields[0], 0);
        Assert.Equal([group], EForm.Validate(book.FormFields, both, Today).Errors.Keys);
        // A row of a field the group does not have is a field the form does not have.
        var stray = Rows(book, 1);
        stray[EForm.RowKey(group, 0, "khongCo")] = "x";
        Assert.Equal([EForm.RowKey(group, 0, "khongCo")], EForm.Validate(book.FormFields, stray, Today).Errors.Keys);
    }

    [Theory]
    [MemberData(nameof(GroupBooks))]
    public void A_form_of_one_original_under_the_plain_names_still_reads_as_one_original(string key)
    {
        var book = OfficialBooks.ByKey(key)!;
        var (group, fields) = GroupOf(book);
        // Stored before session 23: the fields under their own names. Read as one entry, as before.
        var stored = book.FormFields.ToDictionary(f => f.Name, f => ValueOf(f, 0));
        var items = book.Items(stored);
        Assert.Single(items);
        Assert.All(fields, f => Assert.Equal(ValueOf(f, 0), items[0]![f.Name]));
        Assert.Single(EForm.Rows(stored, group, [.. fields.Select(f => f.Name)]));
        // Sent so by a client of before: accepted as one original and stored as its first row; problems keep the plain names.
        var (values, errors) = EForm.Validate(book.FormFields, stored.ToDictionary(v => v.Key, v => (string?)v.Value), Today);
        Assert.Empty(errors);
        Assert.All(fields, f => Assert.Equal(ValueOf(f, 0), values[EForm.RowKey(group, 0, f.Name)]));
        var wrong = stored.ToDictionary(v => v.Key, v => (string?)v.Value);
        var number = fields.First(f => f.Type == EFormFieldType.Number);
        wrong[number.Name] = "ba";
        Assert.Equal([number.Name], EForm.Validate(book.FormFields, wrong, Today).Errors.Keys);
        // No e-form values at all: the dossier still enters the book once.
        Assert.Single(book.Items(null));
        Assert.Single(book.Items(new Dictionary<string, string>()));
    }

    [Fact]
    public void The_fee_is_per_original_and_the_lines_add_up_to_the_dossier_charge()
    {
        var form = (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            [EForm.RowKey(BookFees.OriginalsGroup, 0, BookFees.PagesField)] = "5", [EForm.RowKey(BookFees.OriginalsGroup, 0, BookFees.CopiesField)] = "3",
            [EForm.RowKey(BookFees.OriginalsGroup, 1, BookFees.PagesField)] = "1", [EForm.RowKey(BookFees.OriginalsGroup, 1, BookFees.CopiesField)] = "2",
            [EForm.RowKey(BookFees.OriginalsGroup, 2, BookFees.PagesField)] = "300", [EForm.RowKey(BookFees.OriginalsGroup, 2, BookFees.CopiesField)] = "1",
        };
        var item = new FeeItem(CountedFees.NameOf(FeeCount.CopyPages), FeeKind.Fee, 0, "2.000 đồng/trang", Counted: FeeCount.CopyPages);
        var charged = CountedFees.Charge(item, form)!;
        long[] shares = [BookFees.CopyVnd(5, 3), BookFees.CopyVnd(1, 2), BookFees.CopyVnd(300, 1)];
        Assert.Equal([21_000L, 4_000L, 200_000L], shares);
        Assert.Equal(shares.Sum(), charged.AmountVnd);
        Assert.Equal(6, charged.Quantity);
        Assert.Contains("3 bản chính", charged.Name);
        // Each line of the book prints its original's share, not the dossier's total.
        var items = OfficialBooks.Copies.Items(form);
        var fee = OfficialBooks.Copies.Columns.ToList().FindIndex(c => c.Source == ColumnSource.FeeVnd);
        Assert.Equal(shares.Select(BookValues.Money),
            items.Select((f, i) => OfficialBooks.Copies.Row(Facts(i + 1, f, items.Count, vnd: charged.AmountVnd), []).Cells[fee]));
        // One original: the amount charged, as before.
        var one = OfficialBooks.Copies.Items(new Dictionary<string, string> { [BookFees.PagesField] = "5", [BookFees.CopiesField] = "3" });
        Assert.Equal("21.000", OfficialBooks.Copies.Row(Facts(1, one[0], 1, vnd: 21_000), []).Cells[fee]);
        // A missing count on any original: not charged (intake refuses it beforehand).
        var missing = form.ToDictionary(v => v.Key, v => v.Value);
        missing.Remove(EForm.RowKey(BookFees.OriginalsGroup, 1, BookFees.PagesField));
        Assert.Null(CountedFees.Charge(item, missing));
    }

    [Fact]
    public void The_result_prints_every_number_of_a_book_in_order()
    {
        Assert.Equal("Số chứng thực: 05, 06, 07, quyển số 01/2025/SCT/BS", OfficialBooks.Copies.ResultReference([7, 5, 6], 2025));
        Assert.Equal("Số chứng thực: 12, quyển số 01/2025/SCT/CK,ĐC", OfficialBooks.Signatures.ResultReference([12], 2025));
        Assert.Throws<ArgumentException>(() => OfficialBooks.Copies.ResultReference([], 2025));
    }

    [Fact]
    public void A_group_must_be_named_as_a_field_and_take_no_rule_between_fields()
    {
        EFormField Field(string name, string? group) => new(name, "Nhãn " + name, EFormFieldType.Text) { Group = group };
        Assert.Contains(EForm.Problems([Field("a", "bản chính")]), p => p.Member == "group");
        Assert.Contains(EForm.Problems([Field("a", "a")]), p => p.Member == "group");
        Assert.Contains(EForm.Problems([Field("a", "nhom"), Field("b", null) with { RequiredWith = "a" }]), p => p.Line == 1 && p.Member == "requiredWith");
        Assert.Contains(EForm.Problems([Field("b", null), Field("a", "nhom") with { RequiredWith = "b" }]), p => p.Line == 1 && p.Member == "group");
        Assert.Empty(EForm.Problems([Field("a", "nhom"), Field("b", "nhom")]));
    }
}
