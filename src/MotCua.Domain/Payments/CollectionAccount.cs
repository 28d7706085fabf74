using MotCua.Domain.Dossiers;
using MotCua.Domain.Messages;

namespace MotCua.Domain.Payments;

/// <summary>
/// An agency's collection account (tài khoản thu) as the administrator enters it: the bank by NAPAS BIN, the account
/// number and the account name as the bank registers it (upper case without diacritics, as bank apps show it).
/// </summary>
public sealed record CollectionAccountInput(string BankBin, string AccountNumber, string AccountName)
{
    /// <summary>Shortest and longest account numbers accepted, in digits. The NAPAS VietQR specification (IBFT v1.5.2,
    /// tag 38.01.01, beneficiary account or card number) allows up to 19 characters; banks issue account numbers of 6
    /// or more digits (Vietcombank 10 or 13, VietinBank 12, BIDV 10 to 14, Agribank 13), and a collection account of
    /// a State unit is a plain bank account: digits only, never letters.</summary>
    public const int MinNumberLength = 6, MaxNumberLength = 19;

    /// <summary>Longest account name kept; bank apps show names up to about this length.</summary>
    public const int MaxNameLength = 100;

    /// <summary>
    /// Checks and normalises what the administrator typed: the BIN must be a bank of <paramref name="banks"/>, the
    /// account number <see cref="MinNumberLength"/> to <see cref="MaxNumberLength"/> digits (spaces typed between groups
    /// of digits, as statements print them, are dropped; a letter, a dot or a hyphen is refused, never dropped), the name 2 to
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
        var (number, numberProblem) = ReadNumber(accountNumber, "accountNumber");
        if (numberProblem is not null) problems.Add(numberProblem);
        var name = string.Join(' ', SmsText.WithoutDiacritics(accountName ?? "").ToUpperInvariant()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (name.Length is < 2 or > MaxNameLength || !name.Any(char.IsAsciiLetter))
            problems.Add(new("accountName", $"Tên tài khoản phải có từ 2 đến {MaxNameLength} ký tự, có chữ cái."));
        return problems.Count > 0 ? (null, problems) : (new CollectionAccountInput(bin, number!, name), problems);
    }

    /// <summary>
    /// The one reading of a bank account number, typed by the administrator or sent by a payment partner (the callback's
    /// <c>creditedAccount</c>): spaces between groups of digits dropped, then <see cref="MinNumberLength"/> to
    /// <see cref="MaxNumberLength"/> digits; a letter, a dot or a hyphen is refused, never dropped. The problem names
    /// <paramref name="field"/>, in Vietnamese.
    /// </summary>
    public static (string? Number, FieldProblem? Problem) ReadNumber(string? typed, string field)
    {
        var number = new string((typed ?? "").Where(c => c is not (' ' or '\u00a0')).ToArray());
        if (number.Length == 0) return (null, new(field, "Nhập số tài khoản."));
        if (!number.All(char.IsAsciiDigit))
            return (null, new(field, $"Số tài khoản \"{typed!.Trim()}\" chỉ được gồm chữ số (không chữ cái, dấu chấm, dấu gạch)."));
        if (number.Length is < MinNumberLength or > MaxNumberLength)
            return (null, new(field, $"Số tài khoản phải có từ {MinNumberLength} đến {MaxNumberLength} chữ số; \"{number}\" có {number.Length}."));
        return (number, null);
    }
}
