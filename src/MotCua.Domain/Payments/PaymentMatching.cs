using System.Text.RegularExpressions;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Payments;

/// <summary>What the accountant must look at in a payment (stored in <c>payments.flag</c>); a flagged payment is
/// recorded, never dropped nor taken as paid until the accountant accepts it.</summary>
public enum PaymentFlag
{
    /// <summary>Less than the open request asks.</summary>
    Underpaid = 1,
    /// <summary>More than the open request asks.</summary>
    Overpaid,
    /// <summary>The dossier has no open request but one already paid: money paid twice.</summary>
    Duplicate,
    /// <summary>The dossier was refused (at the desk or on the merits), withdrawn or stopped.</summary>
    DossierClosed,
    /// <summary>The confirmation came long after the money was paid (<see cref="PaymentMatching.Decide"/>'s lateAfter).</summary>
    Late,
    /// <summary>No dossier code in the purpose, a code of no dossier, or a dossier that asks for no payment.</summary>
    Unmatched,
    /// <summary>Paid, as the partner says, before the request it matched was raised, or later than it was confirmed
    /// (<see cref="PaymentMatching.PaidAtProblem"/>): the time cannot be true and must not date the clock or the register.</summary>
    PaidAtImplausible,
    /// <summary>The partner says it credited an account that is not an active collection account of the dossier's
    /// receiving unit (the callback's <c>creditedAccount</c>, brief fees39): the money is not in the unit's account as far as
    /// MotCua knows, so it is never taken as paid until the accountant has checked the statement.</summary>
    CreditedElsewhere,
}

/// <summary>A payment request of the dossier as the rule sees it: its id, amount (integer VND; of an open request, what is
/// left of it), whether it is still open or already paid (a cancelled request is left out by the caller), when it was raised
/// (UTC; null: not known, not checked), its transfer description (<see cref="PaymentRequests.PurposeOf"/>; null: not
/// compared) and whether it is <see cref="Paid"/> only because the officer recorded it paid elsewhere
/// (<see cref="PaymentRequests.PaidElsewhere"/>, <see cref="RecordedElsewhere"/>; its amount is then what was left of it at
/// the record): bank money that fits it is its payment (<see cref="PaymentMatching.PaysRecorded"/>).</summary>
public sealed record RequestState(long Id, long AmountVnd, bool Paid, DateTimeOffset? RaisedAt = null, string? Purpose = null, bool RecordedElsewhere = false);

/// <summary>The decision on a payment: the request it is for (null when none fits), its flag (null: an exact match that
/// settles the request and ends a financial-obligation pause) and the dossier's other open requests the same money settles
/// with it (<see cref="Others"/>, oldest first; null or empty: none): one transfer of the sum of the open requests
/// (fifteenth trial), or the excess of an accepted overpayment (<see cref="PaymentMatching.Covered"/>).</summary>
public sealed record PaymentMatch(long? RequestId, PaymentFlag? Flag, IReadOnlyList<long>? Others = null)
{
    /// <summary>Whether the payment counts as paid without the accountant looking at it.</summary>
    public bool Settles => Flag is null;
}

/// <summary>
/// The one rule deciding whether money received settles a dossier's payment request or is flagged for the accountant
/// (issue 14): a partner's callback and the accountant's confirmation of cash or a transfer both go through
/// <see cref="Decide"/>. Flags: docs/FEES.md "### Confirmation".
/// </summary>
public static partial class PaymentMatching
{
    /// <summary>
    /// How long the accountant's confirmation of the same request, amount, method and paid time by the same accountant is
    /// taken as the same confirmation sent again (a retry after a timeout, a double submission, ten requests at once in the
    /// fourteenth trial) and answered with the payment already recorded, never a second payment. Money truly paid twice
    /// is still recorded: with its own paid time, or after this window, it is a <see cref="PaymentFlag.Duplicate"/> to refund.
    /// </summary>
    public static readonly TimeSpan ResendWindow = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The same for a confirmation that states no paid time (the page's empty "Nộp lúc", an API call without
    /// <c>paidAt</c>: paid now): the same request, amount, method and accountant within 2 minutes of the first is that
    /// confirmation sent again and answered with the first payment [choice, docs/FEES.md "Fresh trial (fees36)"]. Shorter
    /// than <see cref="ResendWindow"/> because no paid time vouches for the repeat: 2 minutes cover a double click, a
    /// browser's resubmission and a client's retry after its timeout (30 to 100 seconds), while cash truly paid twice for
    /// one request is told apart by typing its paid time or confirming it later.
    /// </summary>
    public static readonly TimeSpan UnstatedResendWindow = TimeSpan.FromMinutes(2);

    /// <summary>The API names of the flags (<c>payments.flag</c>).</summary>
    public static string Code(this PaymentFlag flag) => flag switch
    {
        PaymentFlag.Underpaid => "underpaid",
        PaymentFlag.Overpaid => "overpaid",
        PaymentFlag.Duplicate => "duplicate",
        PaymentFlag.DossierClosed => "dossierClosed",
        PaymentFlag.Late => "late",
        PaymentFlag.Unmatched => "unmatched",
        PaymentFlag.PaidAtImplausible => "paidAtImplausible",
        PaymentFlag.CreditedElsewhere => "creditedElsewhere",
        _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, null),
    };

    /// <summary>The flag named by <paramref name="code"/> (<see cref="Code"/>), or null.</summary>
    public static PaymentFlag? FromCode(string? code) => Enum.GetValues<PaymentFlag>().Cast<PaymentFlag?>().FirstOrDefault(f => f!.Value.Code() == code);

    /// <summary>What the accountant reads about a flag.</summary>
    public static string Vietnamese(this PaymentFlag flag) => flag switch
    {
        PaymentFlag.Underpaid => "Nộp thiếu so với số tiền yêu cầu",
        PaymentFlag.Overpaid => "Nộp thừa so với số tiền yêu cầu",
        PaymentFlag.Duplicate => "Nộp trùng: yêu cầu nộp phí đã được thanh toán",
        PaymentFlag.DossierClosed => "Hồ sơ đã bị từ chối, rút hoặc dừng giải quyết",
        PaymentFlag.Late => "Xác nhận thanh toán đến muộn so với thời điểm nộp tiền",
        PaymentFlag.Unmatched => "Không xác định được hồ sơ hoặc yêu cầu nộp phí",
        PaymentFlag.PaidAtImplausible => "Thời điểm nộp tiền trước khi lập yêu cầu nộp phí hoặc ở tương lai",
        PaymentFlag.CreditedElsewhere => "Tiền được ghi có vào tài khoản không phải tài khoản thu của đơn vị",
        _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, null),
    };

    /// <summary>
    /// The dossier code carried by a transfer's purpose (VietQR 62.08, <see cref="VietQr.PurposeFor"/>), upper-cased, or
    /// null when there is none. Banks keep the purpose's letters, digits, dots and hyphens but may change case or add words
    /// around it, so the first token that parses as a <see cref="DossierCode"/> is taken.
    /// </summary>
    public static string? DossierCodeIn(string? purpose)
    {
        if (string.IsNullOrWhiteSpace(purpose)) return null;
        foreach (Match match in CodeToken().Matches(purpose.ToUpperInvariant()))
            if (DossierCode.TryParse(match.Value, out _, out _, out _)) return match.Value;
        return null;
    }

    /// <summary>
    /// <paramref name="text"/> reduced to its letters and digits, upper case: how a dossier code is compared once a bank
    /// has stripped or spaced its dots and hyphens ("Nop phi 000 00 01 H46 261202 0009" → "NOPPHI0000001H462612020009").
    /// </summary>
    public static string Compact(string? text) => new((text ?? "").ToUpperInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());

    /// <summary>
    /// The dossier codes a purpose whose punctuation the bank stripped or spaced could spell, built from the units'
    /// <paramref name="agencyCodes"/>: wherever a unit's code, letters and digits only, occurs in the purpose's
    /// (<see cref="Compact"/>), the whole run of digits after it is read as the day (yyMMdd, a real date) and the serial
    /// (at least <see cref="DossierCode.SerialDigits"/> digits, as written): "Nop phi 000 00 01 H46 261202 0009" →
    /// "000.00.01.H46-261202-0009". Codes, not dossiers: the caller looks them up by the code's unique index (a search of
    /// every dossier's compacted code would read the whole table per callback) and passes the ones that exist to
    /// <see cref="DossierCodeSpelledIn"/>, which decides.
    /// </summary>
    public static IReadOnlyList<string> CodesSpelledIn(string? purpose, IEnumerable<string> agencyCodes)
    {
        ArgumentNullException.ThrowIfNull(agencyCodes);
        var received = Compact(purpose);
        var codes = new List<string>();
        if (received.Length == 0) return codes;
        foreach (var agency in agencyCodes.Where(DossierCode.IsValidAgencyCode))
        {
            var compact = Compact(agency);
            if (compact.Length == 0) continue;
            for (var at = received.IndexOf(compact, StringComparison.Ordinal); at >= 0; at = received.IndexOf(compact, at + 1, StringComparison.Ordinal))
            {
                var start = at + compact.Length;
                var end = start;
                while (end < received.Length && char.IsAsciiDigit(received[end])) end++;
                if (end - start < 6 + DossierCode.SerialDigits || end - start > 6 + 9) continue;
                var code = $"{agency}-{received[start..(start + 6)]}-{received[(start + 6)..end]}";
                if (DossierCode.TryParse(code, out _, out _, out _)) codes.Add(code);
            }
        }
        return [.. codes.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The dossier code among <paramref name="codes"/> (codes of dossiers that exist, <see cref="Compact"/>ed form found in
    /// the purpose's by the caller's search) that the received <paramref name="purpose"/> names when the bank stripped or
    /// spaced its punctuation (sixth trial: "Nop phi 000 00 01 H46 261202 0009" was unmatched): compared on the code's
    /// letters and digits only, its compact form must appear in the purpose's with no digit right after it (a digit more
    /// would be a longer serial, another dossier). Exactly one code must fit: none, or two codes that both fit (one
    /// compact form inside another's purpose, agency codes that differ only by their dots), is null, so the money stays
    /// <see cref="PaymentFlag.Unmatched"/> for the accountant rather than paying a dossier the citizen may not have meant.
    /// Used only when <see cref="DossierCodeIn"/> finds no code of an existing dossier.
    /// </summary>
    public static string? DossierCodeSpelledIn(string? purpose, IEnumerable<string> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var received = Compact(purpose);
        if (received.Length == 0) return null;
        var fitting = codes.Where(c => DossierCode.TryParse(c, out _, out _, out _) && Names(received, Compact(c))).Distinct(StringComparer.Ordinal).Take(2).ToList();
        return fitting.Count == 1 ? fitting[0] : null;
    }

    // Whether the compact code occurs in the compact purpose with no digit following it.
    private static bool Names(string received, string code)
    {
        for (var at = received.IndexOf(code, StringComparison.Ordinal); at >= 0; at = received.IndexOf(code, at + 1, StringComparison.Ordinal))
        {
            var end = at + code.Length;
            if (end == received.Length || !char.IsAsciiDigit(received[end])) return true;
        }
        return false;
    }

    /// <summary>Whether money for <paramref name="dossier"/> can no longer be owed: refused at the desk or on the merits,
    /// withdrawn or stopped.</summary>
    public static bool IsClosed(Dossier dossier) =>
        dossier.Status is DossierStatus.NotReceived or DossierStatus.WithdrawalRequested or DossierStatus.Stopped
        || dossier.ResultKind == ResultKind.Refused;

    /// <summary>
    /// Decides a payment of <paramref name="amountVnd"/> (integer VND &gt; 0) paid at <paramref name="paidAt"/> and confirmed
    /// at <paramref name="confirmedAt"/>, in this order: no dossier → <see cref="PaymentFlag.Unmatched"/>; a closed dossier
    /// (<see cref="IsClosed"/>) → <see cref="PaymentFlag.DossierClosed"/>; no open request → <see cref="PaymentFlag.Duplicate"/>
    /// when one was paid, else unmatched; the amount against the open request (<paramref name="requestId"/> when the
    /// accountant named one, else the oldest open request of that amount, else the oldest open one) →
    /// <see cref="PaymentFlag.Underpaid"/> or <see cref="PaymentFlag.Overpaid"/>; confirmed more than
    /// <paramref name="lateAfter"/> after it was paid (null: never late, the accountant's own confirmation) →
    /// <see cref="PaymentFlag.Late"/>; otherwise an exact match. Without a named request, an open request of exactly the
    /// amount is taken before anything the purpose says (the one whose description the purpose carries first, else the
    /// oldest); a duplicate is money for a request the purpose names that is paid only when no open request matches
    /// exactly. Otherwise, among open requests, those whose own transfer description appears in
    /// <paramref name="purpose"/> (<see cref="ByPurpose"/>) are chosen from first, so an intake fee and a financial
    /// obligation of one dossier are told apart. A time before the chosen request was raised or after the
    /// confirmation (<see cref="PaidAtProblem"/>) → <see cref="PaymentFlag.PaidAtImplausible"/>, checked before the amount.
    /// </summary>
    /// <param name="requests">The dossier's requests that are open or paid, in the order they were raised.</param>
    /// <param name="creditedElsewhere">The partner said it credited an account that is not an active collection account of
    /// the dossier's receiving unit: whatever the rule would decide is flagged <see cref="PaymentFlag.CreditedElsewhere"/>
    /// instead, against the same request (money of no dossier stays <see cref="PaymentFlag.Unmatched"/>).</param>
    /// <remarks>A request the officer recorded paid elsewhere is open to the money that fits it
    /// (<see cref="PaysRecorded"/>): that money is its payment, settled as for an open request (brief fees40a: the
    /// officer's record and the bank's callback are one payment whichever arrives first).</remarks>
    public static PaymentMatch Decide(Dossier? dossier, IReadOnlyList<RequestState> requests, long amountVnd, DateTimeOffset paidAt,
        DateTimeOffset confirmedAt, TimeSpan? lateAfter, long? requestId = null, string? purpose = null, bool creditedElsewhere = false)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var readable = requests.Select(r => PaysRecorded(r, amountVnd, paidAt, confirmedAt) ? r with { Paid = false } : r).ToList();
        var match = Match(dossier, readable, amountVnd, paidAt, confirmedAt, lateAfter, requestId, purpose);
        return creditedElsewhere && match.Flag != PaymentFlag.Unmatched ? new(match.RequestId, PaymentFlag.CreditedElsewhere) : match;
    }

    // The rule itself, for money credited to the unit's account as far as the partner says.
    private static PaymentMatch Match(Dossier? dossier, IReadOnlyList<RequestState> requests, long amountVnd, DateTimeOffset paidAt,
        DateTimeOffset confirmedAt, TimeSpan? lateAfter, long? requestId, string? purpose)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amountVnd, 1);
        if (dossier is null) return new(null, PaymentFlag.Unmatched);
        var open = requests.Where(r => !r.Paid).ToList();
        var named = requestId is { } id ? requests.FirstOrDefault(r => r.Id == id) : null;
        if (IsClosed(dossier)) return new(named?.Id ?? open.FirstOrDefault()?.Id, PaymentFlag.DossierClosed);
        var meant = named is null ? Described(requests, purpose) : [];
        // An open request of exactly the amount is the one paid, whatever request the purpose names (fourteenth trial:
        // the fee QR's "Nop phi <code>", which payers reuse, made the obligation's exact money a duplicate of the paid
        // fee, or an overpayment of the open fee beside an open levy); the one the purpose names first, else the oldest.
        // The accountant who names a request already paid while an open one asks exactly the amount meant the open one
        // (fifteenth trial: the accountant named the paid fee for the obligation's exact 400,000; it became a duplicate).
        var exact = named is null or { Paid: true } ? meant.Where(r => !r.Paid).Concat(open).FirstOrDefault(r => r.AmountVnd == amountVnd) : null;
        // One transfer of exactly the sum of every open request pays them all (fifteenth trial: fee 25,000 and obligation
        // 1,250,000 paid as 1,275,000 was an overpayment of the fee and left the obligation open).
        if (exact is null && named is null && open.Count > 1 && open.Sum(r => r.AmountVnd) == amountVnd)
        {
            if (open.FirstOrDefault(r => PaidAtProblem(paidAt, r.RaisedAt, confirmedAt) is not null) is { } early) return new(early.Id, PaymentFlag.PaidAtImplausible);
            if (lateAfter is { } after && confirmedAt - paidAt > after) return new(open[0].Id, PaymentFlag.Late);
            return new(open[0].Id, null, [.. open.Skip(1).Select(r => r.Id)]);
        }
        // Otherwise the purpose names the request it pays: money for a request already paid is paid twice, even while
        // another request is open (sixth trial: other money was matched to that one).
        // Unless the amount is not the paid request's own and fits an open one (trial14r LOW 8: "Nop phi <code>" reused for
        // part or all of an obligation once the intake fee was paid): then it is money for that open request.
        var fitting = exact is null && named is null && meant.Count > 0 && meant.All(r => r.Paid && r.AmountVnd != amountVnd)
            ? open.Where(r => r.AmountVnd >= amountVnd).ToList() : [];
        if (exact is null && meant.Count > 0 && meant.All(r => r.Paid) && fitting.Count == 0) return new(meant[^1].Id, PaymentFlag.Duplicate);
        if (exact is null && named is { Paid: true } || named is null && open.Count == 0)
        {
            var paid = named ?? requests.LastOrDefault(r => r.Paid);
            return paid is null ? new(null, PaymentFlag.Unmatched) : new(paid.Id, PaymentFlag.Duplicate);
        }
        var candidates = fitting.Count > 0 ? fitting : meant.Any(r => !r.Paid) ? [.. meant.Where(r => !r.Paid)] : ByPurpose(open, purpose);
        var request = exact ?? named ?? candidates[0];
        if (PaidAtProblem(paidAt, request.RaisedAt, confirmedAt) is not null) return new(request.Id, PaymentFlag.PaidAtImplausible);
        if (amountVnd < request.AmountVnd) return new(request.Id, PaymentFlag.Underpaid);
        if (amountVnd > request.AmountVnd) return new(request.Id, PaymentFlag.Overpaid);
        if (lateAfter is { } bound && confirmedAt - paidAt > bound) return new(request.Id, PaymentFlag.Late);
        return new(request.Id, null);
    }

    /// <summary>
    /// Whether money of <paramref name="amountVnd"/> (integer VND) paid at <paramref name="paidAt"/> and confirmed at
    /// <paramref name="confirmedAt"/> is the payment of <paramref name="request"/>, which the officer recorded paid
    /// elsewhere (<see cref="RequestState.RecordedElsewhere"/>): exactly what was left of it when the officer recorded it
    /// (<see cref="RequestState.AmountVnd"/>), paid at or after it was raised by the floor <see cref="Decide"/> uses for
    /// <see cref="PaymentFlag.PaidAtImplausible"/> (<see cref="PaidAtProblem"/>, the request's minute). The officer's
    /// record then said what the bank says: the obligation was met, here with money the unit received, so the money settles
    /// the request (its receipt for phí and lệ phí, held under the one refund rule) instead of being a duplicate to refund
    /// (trial14u HIGH 2, MEDIUM 1). Money that does not fit (another amount, a time before the request, an account not the
    /// unit's: <see cref="Decide"/>'s <c>creditedElsewhere</c>) keeps reading the request as paid: a duplicate, never the
    /// obligation's time.
    /// </summary>
    public static bool PaysRecorded(RequestState request, long amountVnd, DateTimeOffset paidAt, DateTimeOffset confirmedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.RecordedElsewhere && request.AmountVnd == amountVnd && PaidAtProblem(paidAt, request.RaisedAt, confirmedAt) is null;
    }

    /// <summary>
    /// The open requests whose transfer description (normalised: upper case, runs of anything but letters and digits as one
    /// space) appears in the received <paramref name="purpose"/>, longest description first; all of
    /// <paramref name="open"/> when none does (a purpose typed by hand with the code alone, or requests raised before
    /// each had its own description, which all read "Nop phi &lt;code&gt;").
    /// </summary>
    public static IReadOnlyList<RequestState> ByPurpose(IReadOnlyList<RequestState> open, string? purpose)
    {
        ArgumentNullException.ThrowIfNull(open);
        var named = Described(open, purpose);
        return named.Count == 0 ? open : named;
    }

    // The requests whose own description appears in the purpose, the longest description only (empty: none does).
    private static List<RequestState> Described(IReadOnlyList<RequestState> requests, string? purpose)
    {
        if (string.IsNullOrWhiteSpace(purpose)) return [];
        var received = " " + Normalised(purpose) + " ";
        var named = requests.Where(r => r.Purpose is { } own && received.Contains(" " + Normalised(own) + " ", StringComparison.Ordinal))
            .OrderByDescending(r => Normalised(r.Purpose!).Length).ToList();
        if (named.Count == 0) return [];
        // Old requests share one description: the amount still picks among them.
        var longest = Normalised(named[0].Purpose!).Length;
        return [.. named.Where(r => Normalised(r.Purpose!).Length == longest)];
    }

    /// <summary>
    /// The dossier's other open requests that the excess of an overpayment of <paramref name="amountVnd"/> (integer VND) on
    /// request <paramref name="chosenId"/> pays in full, when the accountant accepts it: oldest first, each open request
    /// whose whole amount (what is left of it) the rest still covers is settled by the same money; one the rest cannot
    /// cover is passed over, never part-paid (a part-payment is the accountant's own acceptance of an underpayment); what
    /// remains is listed for refund. Fifteenth trial: 1,275,000 accepted on a 25,000 fee left the 1,250,000 obligation open
    /// and offered its money for refund.
    /// </summary>
    /// <param name="requests">The dossier's open and paid requests in the order they were raised (<see cref="Decide"/>'s).</param>
    public static IReadOnlyList<long> Covered(IReadOnlyList<RequestState> requests, long chosenId, long amountVnd)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var left = amountVnd - (requests.FirstOrDefault(r => r.Id == chosenId)?.AmountVnd ?? amountVnd);
        var covered = new List<long>();
        foreach (var request in requests.Where(r => !r.Paid && r.Id != chosenId))
            if (request.AmountVnd <= left)
            {
                covered.Add(request.Id);
                left -= request.AmountVnd;
            }
        return covered;
    }

    /// <summary>
    /// The same rule again when the accountant accepts a flagged payment (sixth trial: a second receipt for one fee): the
    /// payment of <paramref name="amountVnd"/> paid at <paramref name="paidAt"/> is decided by <see cref="Decide"/> on the
    /// dossier's requests as they are now (never late, the accountant looked at it), the request the accountant named
    /// (<paramref name="requestId"/>, null for a partner's callback, decided by its <paramref name="purpose"/>). Answers
    /// the decision, and why it cannot be accepted (<see cref="AcceptRefusal"/>, Vietnamese) or null: money for a request
    /// paid meanwhile by other money is a <see cref="PaymentFlag.Duplicate"/> to refund, never a second receipt. Accepting
    /// takes the bank's paid time against the request even when it precedes the request (fifteenth trial: the obligation's
    /// money paid 76 s before the specialist raised it; the money is real, the bank's time stands, the pause ends at its
    /// own start), so the requests' raising times are not checked again; a time in the future still is. An accepted
    /// overpayment also settles the other open requests its excess pays in full (<see cref="Covered"/>, in
    /// <see cref="PaymentMatch.Others"/>).
    /// </summary>
    public static (PaymentMatch Match, string? Refusal) Recheck(Dossier dossier, IReadOnlyList<RequestState> requests, long amountVnd, DateTimeOffset paidAt,
        DateTimeOffset now, long? requestId, string? purpose)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var vouched = requests.Select(r => r with { RaisedAt = null }).ToList();
        var match = Decide(dossier, vouched, amountVnd, paidAt, now, null, requestId, purpose);
        if (match is { Flag: PaymentFlag.Overpaid, RequestId: { } over }) match = match with { Others = Covered(vouched, over, amountVnd) };
        return (match, match.Flag is { } flag && AcceptRefusal(flag, paidAt, now) is { } refused ? "Kiểm tra lại khi chấp nhận: " + refused : null);
    }

    private static string Normalised(string text) => string.Join(' ', NonAlphanumeric().Split(text.ToUpperInvariant()).Where(t => t.Length > 0));

    /// <summary>
    /// The instant an accountant's confirmation records (trial 14v LOW 10): the typed time, or <paramref name="now"/> when none
    /// was typed or the typed one lies ahead of now within the five minutes <see cref="PaidAtProblem"/> allows. That tolerance
    /// exists for a bank's clock; an accountant types a minute ("10:28" at 10:27:38), and a receipt, the register and the
    /// request's paid time must not say the money came in the future. The payment, the request and the end of an obligation's
    /// pause then all read this one instant (the pause could not end later than now, so it ended at 10:27:38 while the
    /// payment said 10:28). Call after <see cref="PaidAtProblem"/> accepted the typed time.
    /// </summary>
    public static DateTimeOffset AccountantPaidAt(DateTimeOffset? typed, DateTimeOffset now) => typed is { } paid && paid < now ? paid : now;

    /// <summary>
    /// The problem with a payment's <paramref name="paidAt"/> (field <c>paidAt</c>, Vietnamese), or null: money cannot be
    /// paid before its request was raised (<paramref name="raisedAt"/>, which is after the dossier was received; null: not
    /// checked) nor later than <paramref name="now"/> (five minutes of clock difference allowed). The request's instant is a
    /// floor with no tolerance (fifth round of issue 14): a receipt and the register show the payment's minute, so a paidAt in
    /// the request's own minute is accepted and one a minute earlier is not; a partner's clock running behind is not
    /// excused backwards, only forwards. The accountant's
    /// confirmation is refused with it (422); a partner's callback with such a time is flagged
    /// <see cref="PaymentFlag.PaidAtImplausible"/>.
    /// </summary>
    public static FieldProblem? PaidAtProblem(DateTimeOffset paidAt, DateTimeOffset? raisedAt, DateTimeOffset now)
    {
        if (paidAt > now.AddMinutes(5))
            return new FieldProblem("paidAt", $"Thời điểm nộp tiền ({Calendar.VietnamTime.ToVietnam(paidAt):dd/MM/yyyy HH:mm}) chưa tới; nhập thời điểm đã nộp.");
        if (raisedAt is { } raised && paidAt < new DateTimeOffset(raised.UtcTicks - raised.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero))
            return new FieldProblem("paidAt", $"Thời điểm nộp tiền ({Calendar.VietnamTime.ToVietnam(paidAt):dd/MM/yyyy HH:mm}) trước khi lập yêu cầu nộp phí ({Calendar.VietnamTime.ToVietnam(raised):dd/MM/yyyy HH:mm}).");
        return null;
    }

    /// <summary>
    /// Why a payment cannot be attached, or re-attached, to a dossier by the accountant (409), or null. Money that has
    /// issued no receipt and is still flagged for the accountant (<paramref name="flag"/> not null, not
    /// <paramref name="resolved"/> by a note, an acceptance or a refund) may be attached: unmatched money, and money
    /// matched to the wrong dossier (sixth trial: payment 39 attached to an already-paid dossier was flagged
    /// <see cref="PaymentFlag.Duplicate"/>, only a refund was offered, and the right dossier stayed unpaid). Money with
    /// a receipt (<paramref name="hasReceipt"/>, or no flag: it settled its request) is the fee of its dossier: it is
    /// cancelled and refunded, never moved. Once attached it goes through <see cref="Decide"/> like money that arrived
    /// with the code, without the request it was flagged on; attached to the dossier it is already on, that decides it
    /// again against the dossier's requests as they are now (fifteenth trial: a duplicate of the paid fee whose amount is
    /// exactly the open obligation's could not be put on it, 409 "đang gắn với chính hồ sơ đó").
    /// </summary>
    public static string? AttachRefusal(PaymentFlag? flag, bool hasReceipt, bool resolved) =>
        flag is null || hasReceipt
            ? "Khoản tiền này đã được ghi nhận và có biên lai cho hồ sơ của nó; không chuyển sang hồ sơ khác (hủy biên lai và hoàn trả nếu thu nhầm)."
            : resolved ? "Khoản tiền này đã được xử lý (chấp nhận, ghi chú hoặc hoàn trả); không gắn vào hồ sơ khác được nữa." : null;

    /// <summary>
    /// Why a flagged payment paid at <paramref name="paidAt"/> and recorded (or rechecked) at <paramref name="recordedAt"/>
    /// cannot be accepted as paid (409), or null. Accepting counts the money as the fee of its request, settles it at the
    /// payment's instant and issues a receipt; that is true only of money short, over or late for a request still owed, or
    /// paid before the request was raised (the money is real and the bank's time stands: fifteenth trial, the obligation's
    /// money sent just before the specialist raised it; see <see cref="Recheck"/>). Money paid twice
    /// (<see cref="PaymentFlag.Duplicate"/>) already has its receipt, money for a dossier refused, withdrawn or stopped
    /// (<see cref="PaymentFlag.DossierClosed"/>) pays for nothing (Luật Phí và lệ phí 2015: only what is due is collected),
    /// and money said to be paid after it was recorded (<see cref="PaymentFlag.PaidAtImplausible"/> in the future, five
    /// minutes of clock difference allowed) must not date the clock, the register or a receipt: each is refunded or noted
    /// (or attached, <see cref="AttachRefusal"/>), never receipted (fresh trial, 1 December 2026: one fee had three receipts).
    /// </summary>
    public static string? AcceptRefusal(PaymentFlag flag, DateTimeOffset paidAt, DateTimeOffset recordedAt) => flag switch
    {
        PaymentFlag.Duplicate => "Khoản nộp trùng: khoản phải nộp của hồ sơ đã được thanh toán hoặc đã được ghi nhận là nộp nơi khác, không ghi nhận lần nữa. Nếu số tiền đúng bằng một yêu cầu khác còn mở của hồ sơ, gắn lại khoản tiền vào hồ sơ; nếu không, hoàn trả cho người nộp hoặc chỉ ghi chú.",
        PaymentFlag.DossierClosed => "Hồ sơ đã bị từ chối, rút hoặc dừng giải quyết nên không thu phí: hoàn trả cho người nộp hoặc chỉ ghi chú.",
        PaymentFlag.PaidAtImplausible when paidAt > recordedAt.AddMinutes(5) => "Thời điểm nộp tiền đối tác báo ở sau lúc nhận thông báo nên không thể đúng: đối chiếu sao kê với ngân hàng, hoàn trả hoặc chỉ ghi chú.",
        PaymentFlag.Unmatched => "Khoản tiền chưa gắn với yêu cầu nộp phí của hồ sơ nào: gắn vào hồ sơ, hoàn trả hoặc chỉ ghi chú.",
        _ => null,
    };

    /// <summary>
    /// Money a partner credited to another unit's collection account (active or past) for a dossier of this unit
    /// (<see cref="PaymentFlag.CreditedElsewhere"/> with a holder, trial14u MEDIUM 5): the unit whose account holds it
    /// (<paramref name="holderId"/>, named <paramref name="holder"/>) is the one that refunds it or notes what it did; it
    /// never becomes the fee of the dossier of <paramref name="dossierUnit"/> by an acceptance (no receipt for money that
    /// unit's statement does not show). [choice] The money reaches the dossier's unit only as money: the holder refunds the
    /// payer, or transfers it internally and notes so (accept: false), and the dossier's unit confirms it as received by
    /// transfer when it shows on its own statement. Answers why <paramref name="by"/> may not
    /// (<paramref name="accepting"/>: accept it as paid; otherwise note, refund or attach it), or null: the holder's
    /// accountant noting or refunding. The caller answers it 409.
    /// </summary>
    public static string? HeldElsewhereRefusal(Officer by, int holderId, string holder, string dossierUnit, bool accepting)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (by.AgencyId != holderId)
            return $"Khoản tiền được ghi có vào tài khoản thu của {holder}, không phải của đơn vị bạn: kế toán {holder} hoàn trả cho người nộp "
                + $"hoặc chuyển cho đơn vị bạn; khi tiền về tài khoản thu của đơn vị bạn, xác nhận khoản thu cho yêu cầu nộp phí của hồ sơ.";
        return accepting
            ? $"Khoản tiền được ghi có vào tài khoản thu của đơn vị bạn nhưng cho hồ sơ của {dossierUnit}: không ghi nhận là phí, lệ phí của hồ sơ đó. "
                + $"Hoàn trả cho người nộp, hoặc chuyển cho {dossierUnit} rồi chỉ ghi chú; kế toán {dossierUnit} xác nhận khoản thu khi tiền về tài khoản của họ."
            : null;
    }

    /// <summary>Whether <paramref name="by"/> may confirm money received or resolve a flag for a dossier received at
    /// <paramref name="receivingAgencyId"/> (null: a payment no dossier was found for): the accountant (kế toán) of that
    /// receiving unit; for an unmatched payment, any accountant, since no unit is known yet.</summary>
    public static bool MayConfirm(Officer by, int? receivingAgencyId) =>
        by.Role == OfficerRole.Accountant && (receivingAgencyId is null || by.AgencyId == receivingAgencyId);

    [GeneratedRegex("[0-9A-Z.]{1,35}-[0-9]{6}-[0-9]{4,9}")]
    private static partial Regex CodeToken();

    [GeneratedRegex("[^0-9A-Z.-]+")]
    private static partial Regex NonAlphanumeric();

    /// <summary>
    /// The fields in which a partner's callback repeating a transaction id differs from the payment first recorded under it
    /// (camelCase: <c>amountVnd</c>, <c>purpose</c>, <c>paidAt</c> as an instant, <c>payerName</c>; purpose and payer name
    /// compared as recorded, trimmed, blank as none). Empty: an idempotent replay, answered with the first payment. Any
    /// difference is a conflict (409), recorded for the accountant: the same id cannot name two payments, and which one the
    /// bank meant is not for MotCua to guess.
    /// </summary>
    public static IReadOnlyList<string> ReplayConflicts(CallbackFacts first, CallbackFacts again)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(again);
        static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        var fields = new List<string>();
        if (first.AmountVnd != again.AmountVnd) fields.Add("amountVnd");
        if (!string.Equals(Text(first.Purpose), Text(again.Purpose), StringComparison.Ordinal)) fields.Add("purpose");
        if (first.PaidAt != again.PaidAt) fields.Add("paidAt");
        if (!string.Equals(Text(first.PayerName), Text(again.PayerName), StringComparison.Ordinal)) fields.Add("payerName");
        return fields;
    }
}

/// <summary>What a partner's callback states about one transaction: amount (integer VND), purpose, instant paid, payer.</summary>
public sealed record CallbackFacts(long AmountVnd, string? Purpose, DateTimeOffset PaidAt, string? PayerName);
