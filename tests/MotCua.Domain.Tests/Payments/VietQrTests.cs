using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using MotCua.Domain.Payments;
using MotCua.Domain.Tests.Calendar;
using Xunit.Abstractions;

namespace MotCua.Domain.Tests.Payments;

/// <summary>The VietQR encoder, parser and CRC (DOMAIN §8), by properties over random payments and against the
/// independent npm parser vietnam-qr-pay run with node.</summary>
public class VietQrTests(ITestOutputHelper output)
{
    private static readonly Gen<string> Bins = Gen.Elements(BankDirectory.Default.Banks.Select(b => b.Bin).ToArray());

    private static readonly Gen<string> Accounts =
        from length in Gen.Choose(1, 19)
        from chars in Gen.ArrayOf(Gen.Elements("0123456789ABCXYZabcxyz".ToCharArray()), length)
        select new string(chars);

    private static readonly Gen<long> Amounts = Gen.OneOf(
        Gen.Choose(1, 2_000_000).Select(n => (long)n),
        Gen.Choose(1, 1_000_000).Select(n => n * 1000L),
        from high in Gen.Choose(0, 9_999_999)
        from low in Gen.Choose(0, 999_999)
        select Math.Max(1, high * 1_000_000L + low),
        Gen.Elements(1L, 9L, 10L, 99L, 100L, VietQr.MaxAmountVnd));

    // Dossier codes as DossierCode formats them, with Vietnamese words, symbols and spaces that the cleaning must handle.
    private static readonly Gen<string> DossierCodes =
        from agency in Gen.Elements("000.00.15.H57", "H57.22", "G01.10.05.X123", "000.00.00.G99.ABCDEFGHIJKLMNOPQR")
        from day in Gen.Choose(0, 3000)
        from serial in Gen.Choose(1, 99_999_999)
        select $"{agency}-{new DateOnly(2024, 1, 1).AddDays(day):yyMMdd}-{serial:D4}";

    private static readonly Gen<string> Prefixes = Gen.Elements("Nộp phí", "Lệ phí đăng ký", "ĐÓNG TIỀN", "thu phí, lệ phí!", "", "Nop  phi #", "Phí");

    private sealed record Case(string Bin, string Account, long Amount, string Code, string Prefix);

    private static readonly Gen<Case> Cases =
        from bin in Bins
        from account in Accounts
        from amount in Amounts
        from code in DossierCodes
        from prefix in Prefixes
        select new Case(bin, account, amount, code, prefix);

    private static VietQrPayment PaymentOf(Case c) => new(c.Bin, c.Account, c.Amount, VietQr.PurposeFor(c.Code, c.Prefix));

    [Fact]
    public void Crc_is_ccitt_false() // the catalogue check value of CRC-16/CCITT-FALSE
    {
        Assert.Equal(0x29B1, VietQr.Crc16(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0xFFFF, VietQr.Crc16([]));
    }

    [Fact]
    public void Encodes_the_fields_of_domain_section_8_in_order()
    {
        var qr = VietQr.Encode(new VietQrPayment("970416", "257678859", 25000, "Nop phi H57.22-261201-0001"));
        Assert.Equal("00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA"
            + "5303704540525000" + "5802VN" + "62300826Nop phi H57.22-261201-0001" + "6304", qr[..^4]);
        Assert.Equal(qr[^4..], VietQr.Crc16(Encoding.ASCII.GetBytes(qr[..^4])).ToString("X4"));
    }

    [Fact]
    public void Round_trip_for_any_amount_and_purpose() => SeededProperty.Check(output, Cases, c =>
    {
        var payment = PaymentOf(c);
        var parsed = VietQr.TryParse(VietQr.Encode(payment), out var error);
        return parsed == payment && error == "";
    }, runs: 5000);

    [Fact]
    public void The_purpose_always_carries_the_dossier_code_in_ascii() => SeededProperty.Check(output, Cases, c =>
    {
        var purpose = VietQr.PurposeFor(c.Code, c.Prefix);
        return purpose.EndsWith(c.Code, StringComparison.Ordinal) && purpose.All(char.IsAscii)
            && purpose.Length <= VietQr.MaxPurposeLength && VietQr.IsValidPurpose(purpose);
    }, runs: 5000);

    // CRC-16 catches every error burst of at most 16 bits, so any single changed character (ASCII: 7 bits) is caught.
    [Fact]
    public void Any_changed_character_breaks_the_crc() => SeededProperty.Check(output,
        from c in Cases
        from position in Gen.Choose(0, 10_000)
        from replacement in Gen.Elements("0123456789ABCDEFabcdef .-Z".ToCharArray())
        select (c, position, replacement), t =>
        {
            var qr = VietQr.Encode(PaymentOf(t.c));
            var at = t.position % qr.Length;
            if (qr[at] == t.replacement) return true;
            var changed = qr[..at] + t.replacement + qr[(at + 1)..];
            return VietQr.TryParse(changed, out var error) is null && error.Length > 0;
        }, runs: 5000);

    [Fact]
    public void Refuses_malformed_codes_with_a_vietnamese_message()
    {
        var good = VietQr.Encode(new VietQrPayment("970405", "1234567890", 50000, "Nop phi X-261201-0001"));
        foreach (var bad in new[] { null, "", "6304", good[..^1], good + "0", good.Replace("5802VN", "5802US") })
        {
            Assert.Null(VietQr.TryParse(bad, out var error));
            Assert.False(string.IsNullOrEmpty(error));
        }
        // The same string with a valid CRC but the currency changed: the fields, not only the CRC, are checked.
        var usd = good[..^4].Replace("5303704", "5303840");
        Assert.Null(VietQr.TryParse(usd + VietQr.Crc16(Encoding.ASCII.GetBytes(usd)).ToString("X4"), out var currency));
        Assert.Contains("tiền đồng", currency);
        Assert.Throws<ArgumentException>(() => VietQr.Encode(new VietQrPayment("97041", "1", 1, "x")));
        Assert.Throws<ArgumentException>(() => VietQr.Encode(new VietQrPayment("970416", "1", 0, "x")));
        Assert.Throws<ArgumentException>(() => VietQr.Encode(new VietQrPayment("970416", "1", 1, "Nộp phí")));
        Assert.Throws<ArgumentException>(() => VietQr.PurposeFor(new string('9', VietQr.MaxPurposeLength + 1)));
    }

    [Fact]
    public void Purpose_strips_diacritics_and_symbols()
    {
        Assert.Equal("Nop phi dang ky H57.22-261201-0001", VietQr.PurposeFor("H57.22-261201-0001", "  Nộp phí, đăng ký: "));
        Assert.Equal("LE PHI D", VietQr.CleanPurpose("LỆ PHÍ Đ"));
    }

    [Fact]
    public void The_bank_directory_holds_the_napas_bins()
    {
        var banks = BankDirectory.Default;
        output.WriteLine($"banks with a BIN: {banks.Banks.Count}");
        Assert.Equal("Agribank", banks.Find("970405")?.ShortName);
        Assert.Equal("ACB", banks.Find("970416")?.ShortName);
        Assert.Null(banks.Find("123456"));
        Assert.Null(banks.Find(""));
        Assert.True(banks.Banks.Count >= 50);
        Assert.All(banks.Banks, b => Assert.True(VietQr.IsBinShape(b.Bin)));
    }

    /// <summary>Our strings, read by vietnam-qr-pay (an independent implementation): valid CRC, the same BIN, account,
    /// amount and purpose; and the package's own strings for the same fields read back by our parser.</summary>
    [Fact]
    public void The_npm_vietnam_qr_pay_parser_reads_our_codes()
    {
        var root = RepoRoot();
        var package = Path.Combine(root, ".motcua", "node", "node_modules", "vietnam-qr-pay", "package.json");
        Assert.True(File.Exists(package), "vietnam-qr-pay chưa được cài: chạy scripts/setup.sh test");
        var random = new Random(14);
        var bins = BankDirectory.Default.Banks.Select(b => b.Bin).ToArray();
        var payments = Enumerable.Range(0, 500).Select(i => new VietQrPayment(
            bins[random.Next(bins.Length)],
            random.NextInt64(1, 10_000_000_000_000_000).ToString("D16")[..random.Next(1, 17)],
            i % 5 == 0 ? random.NextInt64(1, VietQr.MaxAmountVnd + 1) : random.Next(1, 100_000) * 1000L,
            VietQr.PurposeFor($"H57.{random.Next(1, 99)}-26{random.Next(1, 13):D2}{random.Next(1, 29):D2}-{random.Next(1, 99999):D4}",
                i % 2 == 0 ? "Nộp phí" : "Lệ phí đăng ký"))).ToList();
        var start = new ProcessStartInfo("node", Path.Combine(root, "tests", "node", "vietqr-parse.js"))
        { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var node = Process.Start(start)!;
        node.StandardInput.Write(string.Join("\n", payments.Select(VietQr.Encode)) + "\n");
        node.StandardInput.Close();
        var lines = node.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var errors = node.StandardError.ReadToEnd();
        node.WaitForExit();
        Assert.True(node.ExitCode == 0, errors);
        Assert.Equal(payments.Count, lines.Length);
        int same = 0, theirsReadBack = 0, identical = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            using var read = JsonDocument.Parse(lines[i]);
            var r = read.RootElement;
            var p = payments[i];
            Assert.True(r.GetProperty("isValid").GetBoolean(), lines[i]);
            Assert.Equal("VIETQR", r.GetProperty("provider").GetString());
            Assert.Equal(p.BankBin, r.GetProperty("bin").GetString());
            Assert.Equal(p.AccountNumber, r.GetProperty("account").GetString());
            Assert.Equal(p.AmountVnd.ToString(), r.GetProperty("amount").GetString());
            Assert.Equal(p.Purpose, r.GetProperty("purpose").GetString());
            same++;
            var theirs = r.GetProperty("theirs").GetString();
            Assert.Equal(p, VietQr.TryParse(theirs, out var error) ?? throw new Xunit.Sdk.XunitException(error + ": " + theirs));
            theirsReadBack++;
            if (theirs == VietQr.Encode(p)) identical++;
        }
        output.WriteLine($"vietnam-qr-pay read {same}/{payments.Count} of our codes with a valid CRC and the same BIN, account, amount, purpose");
        output.WriteLine($"our parser read {theirsReadBack}/{payments.Count} of the package's codes; identical strings: {identical}");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MotCua.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("MotCua.slnx not found above the test binaries.");
    }
}
