using System.Text.Json;

namespace MotCua.Domain.Payments;

/// <summary>A bank that takes VietQR transfers: its NAPAS <paramref name="Bin"/> (6 digits), short name and full name.</summary>
public sealed record Bank(string Bin, string ShortName, string Name);

/// <summary>
/// The banks a collection account may be held at, by NAPAS BIN (Payments/banks.json, from npm vietnam-qr-pay 1.5.1).
/// </summary>
public sealed class BankDirectory
{
    private readonly Dictionary<string, Bank> byBin;

    /// <summary>A directory of <paramref name="banks"/>; a BIN listed twice keeps its first bank.</summary>
    public BankDirectory(IEnumerable<Bank> banks)
    {
        ArgumentNullException.ThrowIfNull(banks);
        byBin = new Dictionary<string, Bank>(StringComparer.Ordinal);
        foreach (var bank in banks) byBin.TryAdd(bank.Bin, bank);
        Banks = [.. byBin.Values.OrderBy(b => b.ShortName, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The banks of the embedded banks.json.</summary>
    public static BankDirectory Default { get; } = Load();

    /// <summary>Every bank, by short name.</summary>
    public IReadOnlyList<Bank> Banks { get; }

    /// <summary>The bank of <paramref name="bin"/>, or null when no bank has it.</summary>
    public Bank? Find(string? bin) => bin is not null && byBin.TryGetValue(bin, out var bank) ? bank : null;

    private static BankDirectory Load()
    {
        using var stream = typeof(BankDirectory).Assembly.GetManifestResourceStream("MotCua.Domain.Payments.banks.json")
            ?? throw new InvalidOperationException("banks.json is not embedded in MotCua.Domain.");
        using var json = JsonDocument.Parse(stream);
        return new BankDirectory(json.RootElement.EnumerateArray()
            .Where(e => e.TryGetProperty("bin", out var bin) && VietQr.IsBinShape(bin.GetString()))
            .Select(e => new Bank(e.GetProperty("bin").GetString()!, e.GetProperty("shortName").GetString() ?? "",
                e.GetProperty("name").GetString() ?? "")));
    }
}
