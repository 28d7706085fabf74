using MotCua.Domain.Receipts;
using Xunit.Abstractions;

namespace MotCua.Domain.Tests.Receipts;

public class AmountInWordsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0, "không")]
    [InlineData(1, "một")]
    [InlineData(4, "bốn")]
    [InlineData(5, "năm")]
    [InlineData(10, "mười")]
    [InlineData(11, "mười một")]
    [InlineData(14, "mười bốn")]
    [InlineData(15, "mười lăm")]
    [InlineData(20, "hai mươi")]
    [InlineData(21, "hai mươi mốt")]
    [InlineData(24, "hai mươi tư")]
    [InlineData(25, "hai mươi lăm")]
    [InlineData(55, "năm mươi lăm")]
    [InlineData(91, "chín mươi mốt")]
    [InlineData(100, "một trăm")]
    [InlineData(101, "một trăm linh một")]
    [InlineData(104, "một trăm linh bốn")]
    [InlineData(105, "một trăm linh năm")]
    [InlineData(110, "một trăm mười")]
    [InlineData(115, "một trăm mười lăm")]
    [InlineData(121, "một trăm hai mươi mốt")]
    [InlineData(999, "chín trăm chín mươi chín")]
    [InlineData(1000, "một nghìn")]
    [InlineData(1005, "một nghìn không trăm linh năm")]
    [InlineData(1015, "một nghìn không trăm mười lăm")]
    [InlineData(1234, "một nghìn hai trăm ba mươi tư")]
    [InlineData(10000, "mười nghìn")]
    [InlineData(15000, "mười lăm nghìn")]
    [InlineData(21000, "hai mươi mốt nghìn")]
    [InlineData(25000, "hai mươi lăm nghìn")]
    [InlineData(50000, "năm mươi nghìn")]
    [InlineData(105000, "một trăm linh năm nghìn")]
    [InlineData(400000, "bốn trăm nghìn")]
    [InlineData(1_000_000, "một triệu")]
    [InlineData(1_000_005, "một triệu không trăm linh năm")]
    [InlineData(1_005_000, "một triệu không trăm linh năm nghìn")]
    [InlineData(1_700_000, "một triệu bảy trăm nghìn")]
    [InlineData(2_100_000, "hai triệu một trăm nghìn")]
    [InlineData(15_000_000, "mười lăm triệu")]
    [InlineData(24_514_021, "hai mươi tư triệu năm trăm mười bốn nghìn không trăm hai mươi mốt")]
    [InlineData(1_000_000_000, "một tỷ")]
    [InlineData(2_000_001_000, "hai tỷ không trăm linh một nghìn")]
    [InlineData(1_000_000_000_000, "một nghìn tỷ")]
    [InlineData(1_000_000_000_005, "một nghìn tỷ không trăm linh năm")]
    [InlineData(1_500_000_000_000, "một nghìn năm trăm tỷ")]
    [InlineData(2_001_000_000_000, "hai nghìn không trăm linh một tỷ")]
    [InlineData(9_999_999_999_999, "chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín")]
    public void A_number_reads_as_an_official_form_writes_it(long number, string words)
    {
        Assert.Equal(words, AmountInWords.Words(number));
        output.WriteLine($"{number,18:N0} → {words}");
    }

    [Theory]
    [InlineData(25000, "Hai mươi lăm nghìn đồng")]
    [InlineData(50000, "Năm mươi nghìn đồng")]
    [InlineData(105000, "Một trăm linh năm nghìn đồng")]
    [InlineData(15_000_000, "Mười lăm triệu đồng")]
    public void A_receipt_prints_the_amount_capitalised_with_dong(long amount, string words) =>
        Assert.Equal(words, AmountInWords.Dong(amount));

    [Fact]
    public void A_negative_amount_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AmountInWords.Words(-1));

    // Reading the words back with an independent parser (digit and scale words only) gives the number for every amount
    // of a seeded sample across all magnitudes, so no place is dropped or doubled anywhere.
    [Fact]
    public void Words_read_back_to_the_same_number_for_a_hundred_thousand_amounts()
    {
        var random = new Random(14);
        var checkedCount = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var digits = random.Next(1, 16);
            var n = (long)(random.NextDouble() * Math.Pow(10, digits));
            Assert.Equal(n, ReadBack(AmountInWords.Words(n)));
            checkedCount++;
        }
        for (long n = 0; n <= 2100; n++)
        {
            Assert.Equal(n, ReadBack(AmountInWords.Words(n)));
            checkedCount++;
        }
        output.WriteLine($"{checkedCount} amounts read back to themselves");
    }

    private static long ReadBack(string words)
    {
        var digit = new Dictionary<string, int>
        {
            ["không"] = 0, ["một"] = 1, ["mốt"] = 1, ["hai"] = 2, ["ba"] = 3, ["bốn"] = 4, ["tư"] = 4, ["năm"] = 5, ["lăm"] = 5,
            ["sáu"] = 6, ["bảy"] = 7, ["tám"] = 8, ["chín"] = 9,
        };
        long total = 0, billions = 0, group = 0, current = 0;
        foreach (var w in words.Split(' '))
        {
            switch (w)
            {
                case "linh": break;
                case "mười": current += 10; break;
                case "mươi": current *= 10; break;
                case "trăm": group += current * 100; current = 0; break;
                case "nghìn": group += current; total += group * 1000; group = current = 0; break;
                case "triệu": group += current; total += group * 1_000_000; group = current = 0; break;
                case "tỷ": billions += (total + group + current) * 1_000_000_000; total = group = current = 0; break;
                default: current += digit[w]; break;
            }
        }
        // "nghìn tỷ" reads as a number of thousands followed by "tỷ": the part before "tỷ" is a count of billions.
        return billions + total + group + current;
    }
}
