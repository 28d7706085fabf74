using MotCua.Domain.Receipts;

namespace MotCua.Domain.Tests.Receipts;

/// <summary>
/// A payment allocated over its request's fee items by kind (<see cref="ReceiptContent.ItemsFor"/>, docs/FEES.md "Tenth
/// trial"): generated over every split of a fee into one to three payments, the receipts' lines sum by kind to the fee's.
/// </summary>
public class PaymentAllocationTests
{
    private const string Code = "000.00.01.H46-261202-0009";

    // 1.002681 on 02/12/2026 (phí 400,000 in the period + lệ phí 100,000), the lệ phí first, and 1.004270's two phí
    // items beside a lệ phí: every fee is cut in steps of 25,000 VND.
    public static TheoryData<string> Fees => new() { "1.002681", "charge-first", "three-items" };

    private static ReceiptItem[] FeeOf(string name) => name switch
    {
        "1.002681" => [new("Phí thẩm định hồ sơ", "fee", 400_000), new("Lệ phí cấp giấy phép", "charge", 100_000)],
        "charge-first" => [new("Lệ phí cấp giấy", "charge", 75_000), new("Phí thẩm định", "fee", 150_000)],
        _ => [new("Sát hạch lý thuyết", "fee", 400_000), new("Sát hạch thực hành", "fee", 1_700_000), new("Lệ phí cấp giấy phép", "charge", 50_000)],
    };

    // Every composition of `total` into 1 to 3 positive parts, each a multiple of `step`.
    private static IEnumerable<long[]> Splits(long total, long step)
    {
        var units = total / step;
        yield return [total];
        for (var a = 1; a < units; a++) yield return [a * step, total - a * step];
        for (var a = 1; a < units; a++)
            for (var b = 1; a + b < units; b++) yield return [a * step, b * step, total - (a + b) * step];
    }

    [Theory]
    [MemberData(nameof(Fees))]
    public void Every_split_into_one_to_three_payments_books_each_kind_as_the_fee_does(string fee)
    {
        var items = FeeOf(fee);
        var total = items.Sum(i => i.AmountVnd);
        var splits = 0;
        foreach (var split in Splits(total, 25_000))
        {
            var receipts = new List<ReceiptItem>();
            foreach (var paid in split)
            {
                var lines = ReceiptContent.ItemsFor(items, receipts, paid, Code);
                Assert.Equal(paid, lines.Sum(l => l.AmountVnd));
                Assert.All(lines, l => Assert.True(l.AmountVnd > 0, $"{string.Join("+", split)}: {l}"));
                Assert.All(lines, l => Assert.Contains(items, i => i.Name == l.Name && i.Kind == l.Kind));
                receipts.AddRange(lines);
            }
            foreach (var item in items)
                Assert.Equal(item.AmountVnd, receipts.Where(r => r.Name == item.Name && r.Kind == item.Kind).Sum(r => r.AmountVnd));
            foreach (var kind in new[] { "fee", "charge" })
                Assert.Equal(items.Where(i => i.Kind == kind).Sum(i => i.AmountVnd), receipts.Where(r => r.Kind == kind).Sum(r => r.AmountVnd));
            splits++;
        }
        // Compositions of n steps into 1, 2 or 3 parts: 1 + (n − 1) + (n − 1)(n − 2)/2.
        var n = total / 25_000;
        Assert.Equal(1 + (n - 1) + (n - 1) * (n - 2) / 2, splits);
    }

    [Fact]
    public void The_trial_s_part_payment_then_the_rest_is_the_phi_then_the_le_phi()
    {
        var items = FeeOf("1.002681");
        var first = ReceiptContent.ItemsFor(items, [], 400_000, Code);
        Assert.Equal([items[0]], first);
        Assert.Equal([items[1]], ReceiptContent.ItemsFor(items, first, 100_000, Code));
    }

    [Fact]
    public void A_payment_equal_to_one_remaining_item_is_that_item_else_the_fee_s_order()
    {
        var items = FeeOf("1.002681");
        Assert.Equal([items[1]], ReceiptContent.ItemsFor(items, [], 100_000, Code));
        Assert.Equal([items[0]], ReceiptContent.ItemsFor(items, [items[1]], 400_000, Code));
        Assert.Equal([items[0] with { AmountVnd = 300_000 }], ReceiptContent.ItemsFor(items, [items[1]], 300_000, Code));
        // 450,000 is no item's remainder: the phí, then 50,000 of the lệ phí.
        Assert.Equal([items[0], items[1] with { AmountVnd = 50_000 }], ReceiptContent.ItemsFor(items, [], 450_000, Code));
    }

    [Fact]
    public void A_one_line_receipt_issued_before_the_rule_covers_the_items_in_the_fee_s_order()
    {
        var items = FeeOf("1.002681");
        ReceiptItem[] legacy = [new($"Phí, lệ phí của hồ sơ {Code}", "fee", 450_000)];
        Assert.Equal([items[1] with { AmountVnd = 50_000 }], ReceiptContent.ItemsFor(items, legacy, 50_000, Code));
    }

    [Fact]
    public void An_overpayment_after_a_part_lists_what_remained_not_the_excess()
    {
        var items = FeeOf("1.002681");
        Assert.Equal([items[0] with { AmountVnd = 100_000 }, items[1]],
            ReceiptContent.ItemsFor(items, [items[0] with { AmountVnd = 300_000 }], 250_000, Code));
    }
}
