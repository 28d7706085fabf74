using MotCua.Domain.Catalog;
using MotCua.Domain.Fees;
using MotCua.Domain.Registers;

namespace MotCua.Domain.Tests.Registers;

/// <summary>
/// One signature-certification number per kind of paper signed (Thông tư 01/2020/TT-BTP Điều 4 khoản 2; docs/REGISTERS.md,
/// session 24): the signature book's e-form lists the papers as a repeated group, each row one entry with its own count,
/// the fee 10.000 VND a paper summed over the rows (Thông tư 226/2016/TT-BTC: a case is one paper however many signatures
/// it bears), each line printing its row's share. The group's generic rules (rows, bounds, the one-row shape of before)
/// run for this book too in <see cref="OriginalsFormTests"/>, which takes every book whose e-form has a group.
/// </summary>
public class PapersSignedFormTests
{
    private static readonly OfficialBook Book = OfficialBooks.Signatures;

    private static string Key(int row, string name) => EForm.RowKey(BookFees.PapersGroup, row, name);

    [Fact]
    public void The_signature_book_asks_its_papers_as_a_group_and_is_among_the_group_books()
    {
        Assert.All(Book.FormFields, f => Assert.Equal(BookFees.PapersGroup, f.Group));
        Assert.Equal(["tenGiayTo", BookFees.PapersField], Book.FormFields.Select(f => f.Name));
        // So OriginalsFormTests' group theories (rows, bounds, the one-row shape) run for this book too.
        Assert.Contains(Book, OfficialBooks.All.Where(b => b.FormFields.Any(f => f.Group is not null)));
        Assert.Empty(EForm.Problems(Book.FormFields));
        // Every procedure the book enters asks the group (the codes from the book, not one example).
        Assert.NotEmpty(Book.ProcedureCodes);
        Assert.All(Book.ProcedureCodes, code => Assert.All(OfficialBooks.FormFieldsOf(code, "Chứng thực").Where(f => f.Name is "tenGiayTo" or BookFees.PapersField),
            f => Assert.Equal(BookFees.PapersGroup, f.Group)));
    }

    [Fact]
    public void Two_kinds_of_paper_are_two_entries_and_the_fee_is_per_paper_summed()
    {
        // Thông tư 01/2020/TT-BTP Điều 4 khoản 2, ví dụ 1: a personal record and a pension proxy, two numbers; here the proxy
        // in three identical papers, one number for the three.
        var form = (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            [Key(0, "tenGiayTo")] = "Tờ khai lý lịch cá nhân", [Key(0, BookFees.PapersField)] = "1",
            [Key(1, "tenGiayTo")] = "Giấy ủy quyền nhận lương hưu", [Key(1, BookFees.PapersField)] = "3",
        };
        var items = Book.Items(form);
        Assert.Equal(["Tờ khai lý lịch cá nhân", "Giấy ủy quyền nhận lương hưu"], items.Select(i => i!["tenGiayTo"]));

        var item = new FeeItem(CountedFees.NameOf(FeeCount.Papers), FeeKind.Fee, 0, "10.000 đồng/trường hợp", Counted: FeeCount.Papers);
        var charged = CountedFees.Charge(item, form)!;
        Assert.Equal(BookFees.SignatureVnd(4), charged.AmountVnd);
        Assert.Equal(40_000L, charged.AmountVnd);
        Assert.Equal(4, charged.Quantity);
        Assert.Contains("2 loại giấy tờ", charged.Name);

        // Each line prints its kind's count (column 6) and its share; the shares add up to the charge.
        var columns = Book.Columns.ToList();
        var fee = columns.FindIndex(c => c.Source == ColumnSource.FeeVnd);
        var count = columns.FindIndex(c => c.Key == BookFees.PapersField);
        var rows = items.Select((f, i) => Book.Row(new EntryFacts(i + 1, new DateTimeOffset(2026, 12, 3, 2, 0, 0, TimeSpan.Zero), "Võ Quốc Việt", null,
            "H46.35-261203-0001", "Chứng thực chữ ký", "Trần Văn H", "Huế", "046095001234", "0914000111", null, null, charged.AmountVnd, f, FeeStanding.Amount, items.Count), [])).ToList();
        Assert.Equal(["10.000", "30.000"], rows.Select(r => r.Cells[fee]));
        Assert.Equal(["1", "3"], rows.Select(r => r.Cells[count]));

        // One kind, as stored before session 24 (plain names): one entry, charged per paper as before.
        var old = new Dictionary<string, string> { ["tenGiayTo"] = "Giấy ủy quyền", [BookFees.PapersField] = "2" };
        Assert.Single(Book.Items(old));
        Assert.Equal(20_000L, CountedFees.Charge(item, old)!.AmountVnd);
        Assert.Equal(CountedFees.NameOf(FeeCount.Papers), CountedFees.Charge(item, old)!.Name);

        // A row without its count: not charged (intake refuses it beforehand, naming giayTo[1].soLuongGiayTo).
        var missing = form.ToDictionary(v => v.Key, v => v.Value);
        missing.Remove(Key(1, BookFees.PapersField));
        Assert.Null(CountedFees.Charge(item, missing));
        Assert.Equal([Key(1, BookFees.PapersField)], EForm.Validate(Book.FormFields, missing.ToDictionary(v => v.Key, v => (string?)v.Value), new DateOnly(2026, 12, 3)).Errors.Keys);
    }
}
