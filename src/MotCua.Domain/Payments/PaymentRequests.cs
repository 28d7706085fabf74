using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Payments;

/// <summary>Why a payment request was raised: at intake (pay before or at receipt) or during processing (the financial
/// obligation, status 6). The codes are those of <c>payment_requests.reason</c> (migration 0032).</summary>
public static class PaymentRequestReasons
{
    public const string Intake = "intake";
    public const string FinancialObligation = "financialObligation";

    /// <summary>
    /// Whether settling a request of <paramref name="reason"/> ends the dossier's financial-obligation pause (status 6):
    /// only the obligation's own request does. A fee asked at intake, paid while the dossier waits for a land-use levy,
    /// is not the levy: the clock stays paused until the obligation itself is met (../shared/DOMAIN.md §3, status 6).
    /// </summary>
    public static bool EndsObligation(string reason) => reason == FinancialObligation;
}

/// <summary>
/// What a financial obligation's money is, chosen by the officer who asks for it (never assumed): <see cref="Fee"/> phí,
/// <see cref="Charge"/> lệ phí (Luật Phí và lệ phí 2015), or <see cref="Levy"/>, a tax or land-use levy (thuế, tiền sử
/// dụng đất, lệ phí trước bạ collected by the tax office…) paid into the state budget. A levy is not a phí or lệ phí:
/// the unit issues no "biên lai thu phí, lệ phí" for it (the State Treasury's or the tax office's voucher is the proof);
/// paying it still ends the pause. The codes are those of the request's items (<c>payment_requests.items[].kind</c>).
/// </summary>
public static class ObligationKinds
{
    public const string Fee = "fee", Charge = "charge", Levy = "levy";

    /// <summary>The three codes, in the order the page offers them.</summary>
    public static IReadOnlyList<string> All { get; } = [Charge, Fee, Levy];

    /// <summary>The officer's label of a code.</summary>
    public static string Label(string kind) => kind switch
    {
        Fee => "Phí",
        Charge => "Lệ phí",
        Levy => "Thuế, tiền sử dụng đất hoặc khoản nộp ngân sách khác (không lập biên lai thu phí, lệ phí)",
        _ => kind,
    };

    /// <summary>Whether money for a request with items of <paramref name="kinds"/> gets a biên lai thu phí, lệ phí: not
    /// when any item is a <see cref="Levy"/>.</summary>
    public static bool IssuesFeeReceipt(IEnumerable<string?> kinds) => !kinds.Any(k => k == Levy);
}

/// <summary>The bank account a request's QR pays into: the agency's active collection account.</summary>
public sealed record CollectionAccountRef(int Id, string BankBin, string AccountNumber, string AccountName);

/// <summary>
/// The rules of a payment request (issue 14, DOMAIN §8): when intake raises one, the amount a financial obligation asks,
/// and the request's transfer description and VietQR string.
/// </summary>
public static class PaymentRequests
{
    /// <summary>
    /// Whether intake raises a request for a fee fixed with <paramref name="dueVnd"/> (integer VND) from
    /// <paramref name="source"/> (<c>catalogue</c>, <c>local</c>, <c>none</c>, <c>unplaced</c>): only a known amount due
    /// greater than 0. An exempt fee is due 0; an unplaced fee is due 0 until the officer settles it, never a request of 0.
    /// </summary>
    public static bool RaisedAtIntake(long dueVnd, string source) => dueVnd > 0 && source is "catalogue" or "local";

    /// <summary>
    /// The amount a financial obligation asks: <paramref name="amountVnd"/> (integer VND, 1 to
    /// <see cref="VietQr.MaxAmountVnd"/>), required when the dossier has no open request; without it and with an open
    /// request, no new request is raised (null, no problem). Problems name the field <c>amountVnd</c>.
    /// </summary>
    public static (long? AmountVnd, FieldProblem? Problem) ObligationAmount(long? amountVnd, bool hasOpenRequest) => amountVnd switch
    {
        null when hasOpenRequest => (null, null),
        null => (null, new FieldProblem("amountVnd", "Nhập số tiền nghĩa vụ tài chính (đồng) để lập yêu cầu thanh toán.")),
        <= 0 or > VietQr.MaxAmountVnd => (null, new FieldProblem("amountVnd", "Số tiền phải là số nguyên đồng lớn hơn 0 và có tối đa 13 chữ số.")),
        _ => (amountVnd, null),
    };

    /// <summary>
    /// An amount in đồng as an officer types it on a page: digits with dots or spaces between thousands ("12.500.000",
    /// "12 500 000"), optionally followed by "đồng" or "đ". Blank gives (null, null); anything else that is not a whole
    /// number of đồng (a decimal comma, letters) is a problem naming <c>amountVnd</c>, never a silently empty amount.
    /// </summary>
    public static (long? AmountVnd, FieldProblem? Problem) TypedAmount(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return (null, null);
        var text = typed.Trim();
        foreach (var unit in new[] { "đồng", "đ" })
            if (text.EndsWith(unit, StringComparison.OrdinalIgnoreCase)) { text = text[..^unit.Length]; break; }
        var digits = text.Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal);
        return digits.Length is > 0 and <= 13 && digits.All(char.IsAsciiDigit)
            ? (long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture), null)
            : (null, new FieldProblem("amountVnd", $"Số tiền \"{typed.Trim()}\" không đọc được: nhập số nguyên đồng, ví dụ 12.500.000."));
    }

    /// <summary>The problem with an obligation's <paramref name="kind"/> (field <c>kind</c>), required with an amount:
    /// one of <see cref="ObligationKinds.All"/>.</summary>
    public static FieldProblem? ObligationKindProblem(string? kind) => kind is ObligationKinds.Fee or ObligationKinds.Charge or ObligationKinds.Levy
        ? null
        : new FieldProblem("kind", "Chọn loại khoản nộp (kind): fee (phí), charge (lệ phí) hoặc levy (thuế, tiền sử dụng đất, khoản nộp ngân sách khác).");

    /// <summary>The transfer description of dossier <paramref name="dossierCode"/>'s requests:
    /// <see cref="VietQr.PurposeFor"/> with its default prefix ("Nop phi &lt;code&gt;").</summary>
    public static string PurposeOf(string dossierCode) => VietQr.PurposeFor(dossierCode);

    /// <summary>The VietQR string of a request of <paramref name="amountVnd"/> for <paramref name="dossierCode"/> into
    /// <paramref name="account"/>, or null when the agency has no active collection account.</summary>
    public static string? QrOf(string dossierCode, long amountVnd, CollectionAccountRef? account) =>
        account is null ? null : VietQr.Encode(new VietQrPayment(account.BankBin, account.AccountNumber, amountVnd, PurposeOf(dossierCode)));
}
