using MotCua.Domain.Dossiers;
using MotCua.Domain.Messages;

namespace MotCua.Domain.Payments;

/// <summary>
/// An agency's collection account (tài khoản thu) as the administrator enters it: the bank by NAPAS BIN, the account
/// number and the account name as the bank registers it (upper case without diacritics, as bank apps show it).
/// </summary>
public sealed record CollectionAccountInput(string BankBin, string AccountNumber, string AccountName)
{
    /// <summary>Longest account name kept; bank apps show names up to about this length.</summary>
    public const int MaxNameLength = 100;

    /// <summary>
    /// Checks and normalises what the administrator typed: the BIN must be a bank of <paramref name="banks"/>, the
    /// account number 1 to 19 letters or digits (spaces and dots typed between groups are dropped), the name 2 to
    /// <see cref="MaxNameLength"/> characters, kept upper case without diacritics. Problems name the fields bankBin,
    /// accountNumber, accountName, in Vietnamese.
    /// </summary>
    public static (CollectionAccountInput? Value, IReadOnlyList<FieldProblem> Problems) Validate(
        string? bankBin, string? accountNumber, string? accountName, BankDirectory banks)
    {
        ArgumentNullException.ThrowIfNull(banks);
        var problems = new List<FieldProblem>();
        var bin = bankBin?.Trim() ?? "";
        if (!VietQr.IsBinShape(bin))
            problems.Add(new("bankBin", "Mã BIN ngân hàng phải gồm 6 chữ số."));
        else if (banks.Find(bin) is null)
            problems.Add(new("bankBin", $"Không có ngân hàng nào mang mã BIN {bin} trong danh mục VietQR."));
        var number = new string((accountNumber ?? "").Where(c => c is not (' ' or '.' or '-')).ToArray());
        if (!VietQr.IsAccountNumber(number))
            problems.Add(new("accountNumber", "Số tài khoản phải gồm 1 đến 19 chữ số hoặc chữ cái không dấu."));
        var name = string.Join(' ', SmsText.WithoutDiacritics(accountName ?? "").ToUpperInvariant()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (name.Length is < 2 or > MaxNameLength || !name.Any(char.IsAsciiLetter))
            problems.Add(new("accountName", $"Tên tài khoản phải có từ 2 đến {MaxNameLength} ký tự, có chữ cái."));
        return problems.Count > 0 ? (null, problems) : (new CollectionAccountInput(bin, number, name), problems);
    }
}
