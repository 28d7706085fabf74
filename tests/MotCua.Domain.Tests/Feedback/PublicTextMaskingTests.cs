using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using MotCua.Domain.Feedback;

namespace MotCua.Domain.Tests.Feedback;

/// <summary>
/// Issue 16, sixteenth trial finding 1: a published answer must not show the sender's identity number however it is
/// grouped, their phone, their name in any spelling or their address, while dates, money, legal references and codes
/// stay. Generated over every given name of ../shared/data/names (with the surnames and middle names of the same data,
/// in turn) and CCCDs of every province code of ../shared/data/cccd, each written in every separator style.
/// </summary>
public sealed class PublicTextMaskingTests
{
    private static string Data(string folder, string file, [CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", "..", "shared", "data", folder, file));

    private static List<string> Column(string folder, string file) =>
        [.. File.ReadLines(Data(folder, file)).Skip(1).Select(l => l.Split(',')[0].Trim()).Where(l => l.Length > 0)];

    private static string Unaccented(string text)
    {
        var decomposed = text.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD);
        return new string([.. decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)]).Normalize(NormalizationForm.FormC);
    }

    // The ordinary text every answer carries: none of it is personal.
    private const string Ordinary = "Theo Nghị định 118/2025/NĐ-CP, từ ngày 01.07.2025 (lúc 01.07.2025 10:00), lệ phí 1.250.000 đồng và 125.000.000 đồng; "
        + "hồ sơ 000.10.01.H46-261202-0015 và 000.00.00.G22-261202-7594503, thủ tục 2.000986, được tiếp nhận tại phường Thuận Hóa.";

    private static readonly string[] Separators = ["", " ", ".", "-"];

    private static string Grouped(string digits, string separator) =>
        string.Join(separator, Enumerable.Range(0, digits.Length / 3).Select(i => digits.Substring(i * 3, 3)));

    [Fact]
    public void Every_name_and_CCCD_in_every_spelling_is_masked_and_ordinary_text_is_not()
    {
        var given = File.ReadLines(Data("names", "duyet_given_names_male.txt")).Concat(File.ReadLines(Data("names", "duyet_given_names_female.txt")))
            .Select(l => l.Trim().Normalize(NormalizationForm.FormC)).Where(l => l.Length > 0).ToList();
        var surnames = Column("names", "surname_frequency_uit2016.csv");
        var middles = Column("names", "middle_name_frequency_uit2016.csv");
        var provinces = Column("cccd", "cccd_province_codes_pre2025.csv");
        Assert.True(given.Count > 2000 && surnames.Count > 100 && provinces.Count > 50, "dữ liệu tên, mã tỉnh không đọc được");
        var failures = new List<string>();
        for (var n = 0; n < given.Count; n++)
        {
            var name = $"{surnames[n % surnames.Count]} {middles[n % middles.Count]} {given[n]}".Normalize(NormalizationForm.FormC);
            var words = name.Split(' ');
            var first = words[^1];
            // A CCCD: the province code, the century-and-sex digit, two digits of the year of birth, six digits.
            var cccd = $"{provinces[n % provinces.Count]}{n % 4}{n % 100:00}{(n * 7919 % 1_000_000):000000}";
            var other = $"{provinces[(n + 7) % provinces.Count]}1{(n + 3) % 100:00}{(n * 104_729 % 1_000_000):000000}";
            var separator = Separators[n % Separators.Length];
            var phone = $"09{n % 10}{n % 7} {n % 1000:000} {(n * 31) % 1000:000}";
            var address = $"{n % 200 + 1} Hùng Vương, thôn Phú Lộc {n % 9 + 1}, phường Thuận Hóa";
            var sender = new SenderData(name, cccd, phone.Replace(" ", ""), $"nguoi{n}@example.com", address);
            var text = $"Tôi là {name} ({Unaccented(name).ToLowerInvariant()}, {name.ToUpperInvariant()}, {string.Join(' ', words[1..])}), anh {first} "
                + $"và chị {Unaccented(first)}, CCCD {Grouped(cccd, separator)}, cũng viết {Grouped(cccd, Separators[(n + 1) % Separators.Length])} và {cccd}; "
                + $"số của vợ tôi {Grouped(other, separator)}; điện thoại {phone} hay {phone.Replace(' ', '.')}; nhà ở số {n % 200 + 1} Hùng Vương, "
                + $"{Unaccented($"thôn Phú Lộc {n % 9 + 1}").ToLowerInvariant()}. {Ordinary}";
            var masked = PublicText.Mask(text, sender);
            var folded = Unaccented(masked).ToLowerInvariant();
            // The digits of the personal part alone: the ordinary text's digits could join into any number.
            var digitsOnly = new string([.. (masked.EndsWith(Ordinary, StringComparison.Ordinal) ? masked[..^Ordinary.Length] : masked).Where(char.IsAsciiDigit)]);
            List<string> leaks = [];
            if (folded.Contains(Unaccented(name).ToLowerInvariant(), StringComparison.Ordinal)) leaks.Add("họ tên");
            if (folded.Contains(Unaccented(string.Join(' ', words[1..])).ToLowerInvariant(), StringComparison.Ordinal)) leaks.Add("tên đệm và tên");
            if (folded.Contains("anh " + Unaccented(first).ToLowerInvariant() + " ", StringComparison.Ordinal)
                || folded.Contains("chi " + Unaccented(first).ToLowerInvariant() + ",", StringComparison.Ordinal)) leaks.Add("tên gọi");
            if (digitsOnly.Contains(cccd, StringComparison.Ordinal)) leaks.Add("CCCD");
            if (digitsOnly.Contains(other, StringComparison.Ordinal)) leaks.Add("CCCD người khác");
            if (digitsOnly.Contains(phone.Replace(" ", ""), StringComparison.Ordinal)) leaks.Add("điện thoại");
            if (folded.Contains("hung vuong", StringComparison.Ordinal) || folded.Contains("phu loc", StringComparison.Ordinal)) leaks.Add("địa chỉ");
            if (masked.Contains("@", StringComparison.Ordinal)) leaks.Add("thư");
            if (!masked.EndsWith(Ordinary, StringComparison.Ordinal)) leaks.Add("văn bản thường bị che");
            if (leaks.Count > 0) failures.Add($"{name} [{string.Join(", ", leaks)}]: {masked}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count}/{given.Count}:\n{string.Join("\n", failures.Take(10))}");
    }

    [Fact]
    public void Ordinary_text_is_left_as_written_whoever_the_sender_is()
    {
        var sender = new SenderData("Nguyễn Thị Định", "046090012345", "0914222333", null, "12 Lê Lợi, phường Thuận Hóa");
        Assert.Equal(Ordinary, PublicText.Mask(Ordinary, sender));
        Assert.Equal(Ordinary, PublicText.Mask(Ordinary, null));
        // Grouped money is no identity number; after an identity word it is.
        Assert.Equal("Số tiền 125.000.000, CMND ***.", PublicText.Mask("Số tiền 125.000.000, CMND 125.000.000.", null));
        Assert.Equal("CCCD *** 12 người", PublicText.Mask("CCCD 046 090 012 345 12 người", null));
        // The given name alone is masked after a form of address only: "có tám người" is a number of people.
        Assert.Equal("Ông T. nói có tám người; anh T. đến.", PublicText.Mask("Ông Tám nói có tám người; anh Tám đến.", new SenderData("Lê Văn Tám")));
    }
}
