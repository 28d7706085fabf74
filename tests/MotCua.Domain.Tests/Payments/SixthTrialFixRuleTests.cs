using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Domain.Text;

namespace MotCua.Domain.Tests.Payments;

/// <summary>The Domain rules behind the sixth trial's fixes (docs/FEES.md "Sixth trial fixes"): money typed the
/// Vietnamese way, collection account numbers, transfer descriptions whose punctuation the bank stripped, moving money
/// without a receipt, and document names the catalogue publishes.</summary>
public class SixthTrialFixRuleTests
{
    [Theory]
    [InlineData("30.000", 30_000L)]
    [InlineData("12.000.000", 12_000_000L)]
    [InlineData("12 000 000", 12_000_000L)]
    [InlineData("30000", 30_000L)]
    [InlineData("1.250.000 đồng", 1_250_000L)]
    [InlineData("50.000đ", 50_000L)]
    [InlineData("0", 0L)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    public void Money_is_read_with_dots_between_thousands(string typed, long? expected)
    {
        var (amount, problem) = TypedMoney.ReadVnd(typed, "fee", "Phí, lệ phí");
        Assert.Null(problem);
        Assert.Equal(expected, amount);
    }

    [Theory]
    [InlineData("30,5")]
    [InlineData("30.5")]
    [InlineData("abc")]
    [InlineData("1.0000")]
    [InlineData("-5.000")]
    [InlineData("1e6")]
    [InlineData("30.000.")]
    public void Anything_but_whole_dong_is_refused_beside_its_field_in_Vietnamese(string typed)
    {
        var (amount, problem) = TypedMoney.ReadVnd(typed, "fee", "Phí, lệ phí");
        Assert.Null(amount);
        Assert.Equal("fee", problem?.Field);
        Assert.StartsWith("Phí, lệ phí \"", problem!.Message, StringComparison.Ordinal);
        Assert.Contains("12.500.000", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_amount_is_shown_back_as_it_is_typed()
    {
        Assert.Equal("30.000", TypedMoney.Format(30_000));
        Assert.Equal("", TypedMoney.Format(null));
        foreach (var amount in new long[] { 0, 7, 999, 1_000, 30_000, 1_234_567, 9_999_999_999_999 })
            Assert.Equal(amount, TypedMoney.ReadVnd(TypedMoney.Format(amount), "x").AmountVnd);
    }

    [Theory]
    [InlineData("12 34-ab", "chỉ được gồm chữ số")]
    [InlineData("1234ab", "chỉ được gồm chữ số")]
    [InlineData("0071.000.123", "chỉ được gồm chữ số")]
    [InlineData("12345", "từ 6 đến 19 chữ số")]
    [InlineData("01234567890123456789", "từ 6 đến 19 chữ số")]
    [InlineData("", "Nhập số tài khoản")]
    public void A_collection_account_number_is_6_to_19_digits_and_a_letter_is_refused_never_dropped(string typed, string message)
    {
        var (value, problems) = CollectionAccountInput.Validate("970436", typed, "UBND PHUONG THUAN HOA", BankDirectory.Default);
        Assert.Null(value);
        var problem = Assert.Single(problems);
        Assert.Equal("accountNumber", problem.Field);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0071000123456", "0071000123456")]
    [InlineData("0071 000 123 456", "0071000123456")]
    [InlineData("123456", "123456")]
    [InlineData("1234567890123456789", "1234567890123456789")]
    public void Digits_grouped_by_spaces_are_an_account_number(string typed, string stored) =>
        Assert.Equal(stored, CollectionAccountInput.Validate("970436", typed, "UBND", BankDirectory.Default).Value?.AccountNumber);

    private const string Code8 = "000.00.01.H46-261202-0008", Code9 = "000.00.01.H46-261202-0009";

    [Theory]
    [InlineData("Nop phi 0000001H462612020008", Code8)]
    [InlineData("Nop phi 000000001H462612020008", Code8)]
    [InlineData("Nop phi 000 00 01 H46 261202 0009", Code9)]
    [InlineData("NOP PHI 000.00.01.H46 261202 0009 NGUYEN VAN A", Code9)]
    [InlineData("nop phi 000-00-01-h46-261202-0008", Code8)]
    [InlineData("MBVCB.123456.Nop phi 0000001H462612020009.CT tu 0123 toi 4567", Code9)]
    public void A_code_whose_punctuation_the_bank_stripped_or_spaced_names_its_dossier(string purpose, string code) =>
        Assert.Equal(code, PaymentMatching.DossierCodeSpelledIn(purpose, [Code8, Code9, "000.10.01.H46-261202-0008"]));

    [Theory]
    // A digit more is a longer serial: another dossier, not this one.
    [InlineData("Nop phi 0000001H4626120200080")]
    [InlineData("Nop phi 0000001H46261202000")]
    [InlineData("Nop phi")]
    [InlineData("")]
    [InlineData(null)]
    public void A_purpose_that_names_no_code_whole_matches_nothing(string? purpose) =>
        Assert.Null(PaymentMatching.DossierCodeSpelledIn(purpose, [Code8, Code9]));

    [Fact]
    public void A_purpose_that_could_be_two_dossiers_is_left_unmatched_for_the_accountant()
    {
        // "000.00.01.H46" and "000.00.0.1H46" read the same once the dots are gone.
        Assert.Null(PaymentMatching.DossierCodeSpelledIn("Nop phi 0000001H462612020008", [Code8, "000.00.0.1H46-261202-0008"]));
        // A purpose for serial 00080 holds 0008's code followed by a digit: it names 00080 only, though both exist.
        Assert.Equal("000.00.01.H46-261202-00080",
            PaymentMatching.DossierCodeSpelledIn("Nop phi 0000001H4626120200080", [Code8, "000.00.01.H46-261202-00080"]));
    }

    [Theory]
    [InlineData("Nop phi 000000001H462612020008", new[] { Code8 })]
    [InlineData("Nop phi 000 00 01 H46 261202 0009", new[] { Code9 })]
    [InlineData("MBVCB.123456.Nop phi 0000001H462612020009.CT tu 0123 toi 4567", new[] { Code9 })]
    // The whole digit run is the day and the serial: a longer serial is its own code, a run too short or a day that is not
    // a date spells none.
    [InlineData("Nop phi 0000001H4626120200080", new[] { "000.00.01.H46-261202-00080" })]
    [InlineData("Nop phi 0000001H46261202000", new string[0])]
    [InlineData("Nop phi 0000001H462613020008", new string[0])]
    [InlineData("Nop phi", new string[0])]
    public void The_codes_a_stripped_purpose_could_spell_are_built_from_the_units_codes(string purpose, string[] expected) =>
        Assert.Equal(expected, PaymentMatching.CodesSpelledIn(purpose, ["000.00.01.H46", "000.10.01.H46"]));

    [Fact]
    public void Two_units_whose_codes_read_the_same_without_dots_spell_two_codes()
    {
        var codes = PaymentMatching.CodesSpelledIn("Nop phi 0000001H462612020008", ["000.00.01.H46", "000.00.0.1H46"]);
        Assert.Equal(2, codes.Count);
        Assert.Null(PaymentMatching.DossierCodeSpelledIn("Nop phi 0000001H462612020008", codes));
    }

    [Fact]
    public void Money_without_a_receipt_may_be_moved_money_with_one_may_not()
    {
        foreach (var flag in Enum.GetValues<PaymentFlag>())
            Assert.Null(PaymentMatching.AttachRefusal(flag, hasReceipt: false, resolved: false));
        Assert.Contains("biên lai", PaymentMatching.AttachRefusal(null, hasReceipt: false, resolved: false), StringComparison.Ordinal);
        Assert.Contains("biên lai", PaymentMatching.AttachRefusal(PaymentFlag.Underpaid, hasReceipt: true, resolved: true), StringComparison.Ordinal);
        Assert.Contains("đã được xử lý", PaymentMatching.AttachRefusal(PaymentFlag.Duplicate, hasReceipt: false, resolved: true), StringComparison.Ordinal);
    }

    [Fact]
    public void A_published_document_name_is_taken_whatever_its_length_a_typed_one_is_held_to_the_limit()
    {
        var longName = string.Concat(Enumerable.Repeat("Bản sao các tài liệu theo quy định tại Điều 20.033 của Phần 20. ", 150));
        Assert.True(longName.Length > 6_000);
        var spec = new ProcedureSpec { Code = "1.004362", Name = "Cấp giấy chứng nhận đủ điều kiện bay", Field = "Hàng không", Documents = [new RequiredDocument(longName, 1, 0, null)] };
        Assert.Null(DocumentNames.Problem(longName, spec));
        Assert.Null(DocumentNames.Problem(" " + longName + " ", spec));
        Assert.Null(DocumentNames.Problem(new string('x', DocumentNames.MaxTyped), spec));
        Assert.Contains("2.000", DocumentNames.Problem(longName + "x", spec), StringComparison.Ordinal);
        Assert.NotNull(DocumentNames.Problem(longName, null));
    }
}
