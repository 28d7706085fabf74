using MotCua.Domain.Dossiers;
using MotCua.Domain.Text;

namespace MotCua.Domain.Payments;

/// <summary>Why a payment request was raised: at intake (pay before or at receipt) or during processing (the financial
/// obligation, status 6). The codes are those of <c>payment_requests.reason</c> (migration 0032).</summary>
public static class PaymentRequestReasons
{
    public const string Intake = "intake";
    public const string FinancialObligation = "financialObligation";

    /// <summary>
    /// Whether <paramref name="request"/> is one the financial-obligation pause that began at <paramref name="pauseFrom"/>
    /// raised itself: a <see cref="FinancialObligation"/> request raised since the pause began. An intake fee is never the
    /// pause's own, even when raised in the same instant (a fee paid while the dossier waits for a land-use levy is not the
    /// levy), nor is an obligation of an earlier pause. The request's <see cref="ObligationRequest.RaisedAt"/> comes from
    /// PostgreSQL, which keeps whole microseconds, while the pause's start keeps the clock's 100 ns ticks: the pause's start
    /// is compared at its whole microsecond, else a request raised in the pause's own instant read as raised before it in
    /// nine cases out of ten and its payment never ended the pause.
    /// </summary>
    public static bool RaisedBy(DateTimeOffset pauseFrom, ObligationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Reason == FinancialObligation && request.RaisedAt >= StartOfMicrosecond(pauseFrom);
    }

    /// <summary>
    /// The requests the pause that began at <paramref name="pauseFrom"/> waits for, of the dossier's
    /// <paramref name="requests"/> (cancelled ones left out by the caller): its own (<see cref="RaisedBy"/>); when it raised
    /// none, every request of the dossier, since it then asked for the money already requested (fourteenth trial: an intake
    /// request reused by the pause, paid even before the pause began, left it running for ever).
    /// </summary>
    public static IReadOnlyList<ObligationRequest> WaitedFor(DateTimeOffset pauseFrom, IReadOnlyList<ObligationRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var own = requests.Where(r => RaisedBy(pauseFrom, r)).ToList();
        return own.Count > 0 ? own : requests;
    }

    /// <summary>
    /// When the obligation of the pause that began at <paramref name="pauseFrom"/> was met, given the dossier's
    /// <paramref name="requests"/> (not cancelled): null while any request it waits for (<see cref="WaitedFor"/>) is still
    /// open, else the latest paid time among them (paying obligation 1 does not end a pause whose obligation 2 is open).
    /// Null too when it waits for nothing. The caller ends the pause then, never before its own start
    /// (<see cref="Dossiers.Dossier.PaymentReceived"/>). Source: ../shared/DOMAIN.md §3, status 6; Nghị định 61/2018/NĐ-CP
    /// as amended by 107/2021, Điều 19 khoản 4 (the time to fulfil a financial obligation is not counted).
    /// </summary>
    public static DateTimeOffset? ObligationMetAt(DateTimeOffset pauseFrom, IReadOnlyList<ObligationRequest> requests)
    {
        var waited = WaitedFor(pauseFrom, requests);
        if (waited.Count == 0 || waited.Any(r => r.PaidAt is null)) return null;
        return waited.Max(r => r.PaidAt!.Value);
    }

    /// <summary>
    /// The requests the officer's <c>payment-received</c> record marks <see cref="PaymentRequests.PaidElsewhere"/>: of the
    /// dossier's <paramref name="open"/> requests, those the pause that began at <paramref name="pauseFrom"/> raised itself
    /// (<see cref="RaisedBy"/>). The record says the obligation was met where the unit collects nothing (a levy at the tax
    /// office or the State Treasury, its voucher as proof), so its own requests are no longer payable here: no QR invites
    /// the citizen to pay them again (brief fees39). An intake fee the pause reused is not the obligation's own and stays
    /// open: the fee is still owed to the unit whatever was paid elsewhere.
    /// </summary>
    public static IReadOnlyList<long> RecordedPaidElsewhere(DateTimeOffset pauseFrom, IReadOnlyList<ObligationRequest> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        return [.. open.Where(r => RaisedBy(pauseFrom, r)).Select(r => r.Id)];
    }

    // The first tick of the microsecond the instant falls in: how PostgreSQL (Npgsql truncating) keeps it.
    private static DateTimeOffset StartOfMicrosecond(DateTimeOffset at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerMicrosecond, at.Offset);
}

/// <summary>A payment request as the financial-obligation pause reads it: its <paramref name="Reason"/> (a
/// <see cref="PaymentRequestReasons"/> code), when it was raised (<c>payment_requests.created_at</c>, whole microseconds),
/// when it was paid (null while open) and its <paramref name="Id"/> (<c>payment_requests.id</c>).</summary>
public sealed record ObligationRequest(string Reason, DateTimeOffset RaisedAt, DateTimeOffset? PaidAt, long Id = 0);

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

    /// <summary>
    /// The public heading of a request with items of <paramref name="kinds"/> (/tra-cuu, trial14u LOW 6): a thuế or tiền sử
    /// dụng đất is a financial obligation, not a phí or lệ phí, so a request with a <see cref="Levy"/> item is headed
    /// "Nghĩa vụ tài chính cần nộp" with its kind named (beside phí, lệ phí when it has those too); otherwise "Phí, lệ phí
    /// cần nộp". Names no person and no amount.
    /// </summary>
    public static string PublicHeading(IEnumerable<string?> kinds)
    {
        var list = kinds.ToList();
        if (!list.Contains(Levy)) return "Phí, lệ phí cần nộp";
        return list.Any(k => k is Fee or Charge)
            ? "Phí, lệ phí và nghĩa vụ tài chính (thuế, tiền sử dụng đất hoặc khoản nộp ngân sách khác) cần nộp"
            : "Nghĩa vụ tài chính cần nộp: thuế, tiền sử dụng đất hoặc khoản nộp ngân sách khác";
    }

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
    /// <summary>The statuses of a request (<c>payment_requests.status</c>, migrations 0032, 0040, 0103): <see cref="Open"/>
    /// payable; <see cref="Paid"/> settled by money the unit received; <see cref="Cancelled"/> closed with its dossier;
    /// <see cref="Refunded"/> its money handed back in full; <see cref="PaidElsewhere"/> the obligation met elsewhere, as the
    /// officer's <c>payment-received</c> recorded (<see cref="PaymentRequestReasons.RecordedPaidElsewhere"/>): not payable, no
    /// money here, not owed to the unit.</summary>
    public const string Open = "open", Paid = "paid", Cancelled = "cancelled", Refunded = "refunded", PaidElsewhere = "paidElsewhere";


    /// <summary>
    /// Whether intake raises a request for a fee fixed with <paramref name="dueVnd"/> (integer VND) from
    /// <paramref name="source"/> (<c>catalogue</c>, <c>local</c>, <c>none</c>, <c>unplaced</c>, <c>officer</c>): only a
    /// known amount due greater than 0. An exempt fee is due 0; an unplaced fee is due 0 until the officer settles it, never
    /// a request of 0; the amount the officer fixed at intake (<c>officer</c>, Domain <c>OfficerFee</c>) is known.
    /// </summary>
    public static bool RaisedAtIntake(long dueVnd, string source) => dueVnd > 0 && source is "catalogue" or "local" or "officer";

    /// <summary>
    /// The amount a financial obligation asks: <paramref name="amountVnd"/> (integer VND, 1 to
    /// <see cref="PaymentAmount.MaxVnd"/>, <see cref="PaymentAmount.Problem"/>), required when the dossier has no open request; without it and with an open
    /// request, no new request is raised (null, no problem). Problems name the field <c>amountVnd</c>.
    /// </summary>
    public static (long? AmountVnd, FieldProblem? Problem) ObligationAmount(long? amountVnd, bool hasOpenRequest) => amountVnd switch
    {
        null when hasOpenRequest => (null, null),
        null => (null, new FieldProblem("amountVnd", "Nhập số tiền nghĩa vụ tài chính (đồng) để lập yêu cầu thanh toán.")),
        _ when PaymentAmount.Problem(amountVnd) is { } problem => (null, problem),
        _ => (amountVnd, null),
    };

    /// <summary>
    /// An amount in đồng as an officer types it on a page: digits with dots or spaces between thousands ("12.500.000",
    /// "12 500 000"), optionally followed by "đồng" or "đ". Blank gives (null, null); anything else that is not a whole
    /// number of đồng (a decimal comma, letters) is a problem naming <c>amountVnd</c>, never a silently empty amount.
    /// </summary>
    public static (long? AmountVnd, FieldProblem? Problem) TypedAmount(string? typed) => TypedMoney.ReadVnd(typed, "amountVnd");

    /// <summary>The problem with an obligation's <paramref name="kind"/> (field <c>kind</c>), required with an amount:
    /// one of <see cref="ObligationKinds.All"/>. The message is what an officer reads beside the page's choice and an
    /// integrator in the problem's <c>errors.kind</c>: Vietnamese only, the kinds by their labels, no code names (the
    /// codes are in the API's documentation).</summary>
    public static FieldProblem? ObligationKindProblem(string? kind) => kind is ObligationKinds.Fee or ObligationKinds.Charge or ObligationKinds.Levy
        ? null
        : new FieldProblem("kind", "Chọn loại khoản nộp: lệ phí, phí, hoặc thuế, tiền sử dụng đất và khoản nộp ngân sách khác.");

    /// <summary>The transfer description of dossier <paramref name="dossierCode"/>'s intake request:
    /// <see cref="VietQr.PurposeFor"/> with its default prefix ("Nop phi &lt;code&gt;"). Requests raised before each had its
    /// own description (obligations too) carry this one.</summary>
    public static string PurposeOf(string dossierCode) => VietQr.PurposeFor(dossierCode);

    /// <summary>
    /// The transfer description of the dossier's <paramref name="number"/>-th financial-obligation request (from 1):
    /// "NVTC &lt;number&gt; &lt;code&gt;" (nghĩa vụ tài chính), so that a transfer for it is told apart from the intake
    /// fee's "Nop phi &lt;code&gt;" (<see cref="PaymentMatching.ByPurpose"/>). ASCII, at most 60 characters
    /// (<see cref="VietQr.PurposeFor"/>: the longest code, 52 characters, keeps the prefix up to obligation 9999999).
    /// </summary>
    public static string ObligationPurposeOf(string dossierCode, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        return VietQr.PurposeFor(dossierCode, $"NVTC {number}");
    }

    /// <summary>The VietQR string of a request of <paramref name="amountVnd"/> for <paramref name="dossierCode"/> into
    /// <paramref name="account"/> with the intake description, or null when the agency has no active collection account.</summary>
    public static string? QrOf(string dossierCode, long amountVnd, CollectionAccountRef? account) => QrFor(PurposeOf(dossierCode), amountVnd, account);

    /// <summary>The VietQR string paying <paramref name="amountVnd"/> with <paramref name="purpose"/> into
    /// <paramref name="account"/>, or null without an account.</summary>
    public static string? QrFor(string purpose, long amountVnd, CollectionAccountRef? account) =>
        account is null ? null : VietQr.Encode(new VietQrPayment(account.BankBin, account.AccountNumber, amountVnd, purpose));

    /// <summary>
    /// What is left to pay of a request of <paramref name="amountVnd"/> (integer VND) after the parts the accountant accepted
    /// (<paramref name="partsPaidVnd"/>: underpayments accepted as part-payments, each with its receipt), never negative.
    /// The request stays open while something is left; money arriving is matched against this remainder
    /// (<see cref="PaymentMatching.Decide"/>), and the lookup, the desk and the API show it with a QR for it
    /// (<see cref="QrForRemaining"/>).
    /// </summary>
    public static long Remaining(long amountVnd, long partsPaidVnd) => Math.Max(0, amountVnd - Math.Max(0, partsPaidVnd));

    /// <summary>The request's stored VietQR string (<paramref name="vietQr"/>) re-encoded for <paramref name="remainingVnd"/>
    /// with the same bank, account and purpose; the string itself when nothing was paid yet or it cannot be read; null
    /// without a QR or when nothing is left.</summary>
    public static string? QrForRemaining(string? vietQr, long amountVnd, long remainingVnd)
    {
        if (vietQr is null || remainingVnd <= 0) return null;
        if (remainingVnd == amountVnd || VietQr.TryParse(vietQr, out _) is not { } payment) return vietQr;
        return VietQr.Encode(payment with { AmountVnd = remainingVnd });
    }

    /// <summary>Whether a change of <paramref name="dossier"/> closes its open payment requests, and why: the change ended
    /// it undecided (refused, withdrawn or stopped: <see cref="PaymentMatching.IsClosed"/> now and not
    /// <paramref name="wasClosed"/> before), so every request still open is cancelled with <see cref="ClosedWithDossier"/>;
    /// null otherwise. The one rule every path that ends a dossier applies (the desk, the officer's API, the citizen's API
    /// and page; fees38a: a citizen's withdrawal left them open, their QR shown and counted unpaid).</summary>
    public static string? ClosingReason(bool wasClosed, Dossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return !wasClosed && PaymentMatching.IsClosed(dossier) ? ClosedWithDossier(dossier) : null;
    }

    /// <summary>Why a request still open is closed when its dossier ends (refused, withdrawn or stopped:
    /// <see cref="PaymentMatching.IsClosed"/>), stored in <c>payment_requests.cancel_reason</c>; money arriving later is
    /// flagged <see cref="PaymentFlag.DossierClosed"/>.</summary>
    public static string ClosedWithDossier(Dossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return dossier.Status switch
        {
            DossierStatus.WithdrawalRequested => "Hồ sơ đã được rút; yêu cầu nộp phí không còn hiệu lực.",
            DossierStatus.Stopped => "Hồ sơ đã dừng giải quyết; yêu cầu nộp phí không còn hiệu lực.",
            _ => "Hồ sơ đã bị từ chối; yêu cầu nộp phí không còn hiệu lực.",
        };
    }
}
