namespace MotCua.Domain.Receipts;

/// <summary>
/// One receipt as the fee register lists it: <see cref="Date"/>, the Vietnam date the receipt was **issued** (the day the
/// unit recognised the money: <see cref="DateRule"/>), the receipt's form number, series and number, the payer, the
/// dossier, phí and lệ phí apart (integer VND), the method (cash | transfer | online) and, when cancelled, the reason
/// (listed, not counted). <see cref="PaidDate"/>: the Vietnam date the payer paid, when it is not <see cref="Date"/> (a
/// payment confirmed late, a flagged payment accepted later), printed beside the entry; null when the same day.
/// <see cref="CancelledOn"/>: the Vietnam date it was cancelled, when cancelled by the period's end (a register prints the
/// period as it stood at its end, so a cancellation after it is not shown); <see cref="Replaces"/>: the number
/// (<c>series-number</c>) of the cancelled receipt of the same payment this one replaces, as the receipt itself prints it
/// (tenth trial, finding 9: the JSON said null while the PDF said "Thay thế cho biên lai số …");
/// <see cref="ReplacedKeptItsDay"/>: that receipt was cancelled after its own day, so it keeps the money on that day (see
/// <see cref="Counted"/>).
/// <see cref="Refunded"/>: cancelled because its payment was refunded in full; the money was received that day and
/// handed over, so it stays counted on its day and the refund is taken off on the refund's day (a register already
/// handed over never changes).
/// </summary>
public sealed record FeeRegisterEntry(
    long ReceiptId, DateOnly Date, string FormNumber, string Series, int Number, string PayerName, string DossierCode,
    long FeeVnd, long ChargeVnd, long AmountVnd, string Method, bool Cancelled, string? CancelReason, bool Refunded = false,
    DateOnly? PaidDate = null, DateOnly? CancelledOn = null, string? Replaces = null, bool ReplacedKeptItsDay = true)
{
    /// <summary>Whether this receipt was issued in place of one cancelled after its own day (<see cref="Replaces"/> and
    /// <see cref="ReplacedKeptItsDay"/>): listed, not counted again.</summary>
    public bool Replacement => Replaces is not null && ReplacedKeptItsDay;

    /// <summary>
    /// Whether the receipt's amount counts as collected on its day: a valid receipt; one cancelled by a full refund (the
    /// refund is taken off on its own day); one cancelled for an error on a **later** day than it was issued
    /// (<see cref="CancelledOn"/>): its money was received and handed over that day, so the day keeps it, and
    /// <see cref="Replacement"/>, the receipt issued in its place, is listed but not counted again. A receipt cancelled
    /// on its own day is not counted (its replacement, if any, is). Why [decision, docs/FEES.md "Seventh round fixes"]:
    /// the register follows the money the unit took in and handed over each day (Thông tư 74/2022/TT-BTC); a receipt
    /// issued in error is replaced, never deleted (Nghị định 123/2020/NĐ-CP as amended by Nghị định 70/2025/NĐ-CP), and the
    /// replacement corrects the voucher, not the collection: the money came in once, on the first receipt's day.
    /// </summary>
    public bool Counted => !Replacement && (!Cancelled || Refunded || CancelledOn > Date);

    /// <summary>
    /// Why a receipt is entered on the day it was issued and not on the day the payer says they paid [decision, issue 14,
    /// seventh round; docs/FEES.md "Seventh round"]. Nghị định 123/2020/NĐ-CP (as amended by Nghị định 70/2025/NĐ-CP)
    /// has the collecting organisation issue the biên lai when it collects the fee, and the receipt bears that date; the
    /// money collected is handed over (and paid into the fee account) per day under Thông tư 74/2022/TT-BTC. A payment
    /// the accountant confirms or accepts on a later day was not in the unit's hands on the day it was paid: entering
    /// it on the paid day would change a day whose cash was already handed over. So an entry's day is its receipt's date
    /// of issue (its paid date printed beside it), and a day once past, printed again, has the same entries and totals.
    /// </summary>
    public const string DateRule = "Biên lai ghi sổ vào ngày lập biên lai (ngày đơn vị thu nhận khoản tiền); ngày người nộp nộp tiền ghi bên cạnh khi khác.";

    /// <summary>"ngày nộp dd/MM/yyyy" when the payer paid on another day than the receipt's, else null.</summary>
    public string? PaidNote => PaidDate is { } paid && paid != Date ? "ngày nộp " + paid.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// What the register prints beside the entry (PDF and sheet "Ghi chú"): the paid date when another day, and how the
    /// totals treat the receipt, in words true to <see cref="Counted"/>: refunded in full (counted on its day, taken off on
    /// the refund's day), cancelled on a later day (still counted), cancelled (not counted), a replacement (not counted
    /// again). A replacement later refunded in full is not counted either (its money is on the replaced receipt's day):
    /// it read "ĐÃ HOÀN TRẢ (cộng ngày thu…)" (fresh trial, brief fees38b, LOW). Empty when there is nothing to say.
    /// </summary>
    public string Note
    {
        get
        {
            var state = Refunded && Replacement
                ? $"ĐÃ HOÀN TRẢ (biên lai lập thay biên lai {Replaces}, không cộng: khoản tiền đã cộng vào ngày lập biên lai bị thay; trừ ngày hoàn trả): {CancelReason}"
                : Refunded ? $"ĐÃ HOÀN TRẢ (cộng ngày thu, trừ ngày hoàn trả): {CancelReason}"
                : Cancelled && Counted ? $"ĐÃ HỦY ngày {CancelledOn!.Value.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)} (vẫn cộng ngày lập: tiền đã thu, biên lai thay thế không cộng lại): {CancelReason}"
                : Cancelled ? $"ĐÃ HỦY (không cộng): {CancelReason}"
                : Replacement ? $"Lập thay biên lai {Replaces} (không cộng lại: khoản tiền đã cộng vào ngày lập biên lai bị thay)" : "";
            return PaidNote is { } paid ? (state.Length == 0 ? paid : $"{paid}; {state}") : state;
        }
    }
}

/// <summary>
/// A cash payment as it came into the collector's drawer: the payment, the Vietnam date it was recorded (the day the cash
/// was taken at the desk, <c>payments.recorded_at</c>) and its whole amount (VND), receipted or not: an accepted
/// overpayment's excess and a flagged payment (a duplicate, one not yet accepted) are cash in the drawer all the same
/// (fresh trial, brief fees38b). <see cref="FeeRegister.Build"/> counts it as the day's cash in.
/// </summary>
public sealed record FeeRegisterCashIn(long PaymentId, DateOnly Date, long AmountVnd);

/// <summary>
/// One refund handed back in the period (Vietnam date): the payment it came from, its dossier and the receipt of that
/// payment (<c>series-number</c>: the receipt the refund was booked against, else the payment's receipt in force, else its
/// last one; null only for a payment that never had one, a flagged payment), the amount (VND), method (cash | transfer) and
/// reason. A refund is tied to its payment, so the register's receipt column names that payment's receipt even for a
/// refund booked against none (the excess of an accepted overpayment, twelfth trial, rest: it read "(chưa lập biên lai)").
/// <see cref="OfReceipt"/>: the refund was booked against a receipt counted in a register, so it is taken off the day's
/// net (and a cash one off the cash handed over); a refund of money never receipted is listed apart.
/// <see cref="Date"/> is the day the refund was recorded, for the reason receipts are entered on their day of issue
/// (<see cref="FeeRegisterEntry.DateRule"/>): a refund typed as handed back on an earlier day must not change that day's
/// handover; <see cref="RefundedDate"/> is the day it says the money went back, when not the same (printed beside it).
/// <see cref="ExcessVnd"/>: of a refund booked against a receipt, the part that gave back money the receipt never covered
/// (an accepted overpayment's excess, <see cref="ExcessPart"/>); only <see cref="ReceiptedVnd"/> comes off the receipts.
/// </summary>
public sealed record FeeRegisterRefund(long RefundId, DateOnly Date, long PaymentId, string? DossierCode, string? ReceiptNumber,
    long AmountVnd, string Method, string Reason, bool OfReceipt, DateOnly? RefundedDate = null, long ExcessVnd = 0)
{
    /// <summary>
    /// What the refund took out of the collector's cash drawer (VND): a refund paid in cash, its whole amount, whatever
    /// part was receipted and however the money came in; 0 for a refund by transfer (paid from the unit's account, not
    /// the drawer). Every cash payment is cash in on its day, receipted or not (<see cref="FeeRegisterCashIn"/>), so
    /// every cash refund is cash out (fresh trial, brief fees38b: fees37's rule left unreceipted cash out of both sides,
    /// and such cash refunded by transfer or on a later day was in no handover).
    /// </summary>
    public long CashOutVnd => Method == FeeRegister.Cash ? AmountVnd : 0;

    /// <summary>The part of the refund taken off the receipts (VND): the amount less its never-receipted part; 0 for a
    /// refund of money never receipted (<see cref="OfReceipt"/> false).</summary>
    public long ReceiptedVnd => OfReceipt ? AmountVnd - Math.Clamp(ExcessVnd, 0, AmountVnd) : 0;

    /// <summary>The part of the refund that gave back money never receipted (VND), listed and totalled apart.</summary>
    public long UnreceiptedVnd => AmountVnd - ReceiptedVnd;

    /// <summary>"trong đó 10.000 đồng nộp thừa chưa lập biên lai" when the refund is partly receipted and partly not;
    /// "toàn bộ là tiền chưa lập biên lai" when none of it was receipted although a receipt number is printed beside it
    /// (the payment's receipt, fees37: it read as a refund of that receipt); else null. Printed beside the refund (page,
    /// PDF, sheet).</summary>
    public string? SplitNote => ReceiptedVnd > 0 && UnreceiptedVnd > 0
        ? $"trong đó {UnreceiptedVnd.ToString("#,0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"))} đồng nộp thừa chưa lập biên lai"
        : ReceiptedVnd == 0 && ReceiptNumber is not null ? WhollyUnreceiptedNote : null;

    /// <summary>The note of a refund none of which was receipted, printed beside a receipt number (<see cref="SplitNote"/>).</summary>
    public const string WhollyUnreceiptedNote = "toàn bộ là tiền chưa lập biên lai";

    /// <summary>
    /// How much of a refund of <paramref name="amountVnd"/> gives back the never-receipted excess of its payment
    /// (<paramref name="paymentExcessVnd"/>: the payment's amount less its receipt's, VND), after the payment's earlier
    /// refunds (<paramref name="refundedBeforeVnd"/>). The excess goes back first, as the refund rule books a refund within
    /// it against no receipt (<see cref="Payments.PaymentRefunds.Decide"/>): 300,000 receipted of 310,000 paid, refunded
    /// 310,000 at once after withdrawal, is 300,000 off the receipts and 10,000 of excess (fresh trial of 4 December
    /// 2026: the register took all 310,000 off the receipts).
    /// </summary>
    public static long ExcessPart(long amountVnd, long paymentExcessVnd, long refundedBeforeVnd) =>
        Math.Clamp(paymentExcessVnd - refundedBeforeVnd, 0, Math.Max(amountVnd, 0));

    /// <summary>"hoàn trả ngày dd/MM/yyyy" when the money went back on another day than the one recorded, else null.</summary>
    public string? RefundedNote => RefundedDate is { } back && back != Date ? "hoàn trả ngày " + back.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary>
/// A day's totals of the receipts counted, by method, in VND; <see cref="RefundedVnd"/> the refunds of receipted money
/// handed back that day (their <see cref="FeeRegisterRefund.ReceiptedVnd"/>: only that comes off the day's net);
/// <see cref="UnreceiptedCashVnd"/> ("Tiền mặt chưa lập biên lai") the cash taken that day without a receipt that day: the
/// cash payments recorded that day (<see cref="FeeRegisterCashIn"/>) less the day's cash receipts (an accepted
/// overpayment's excess, a flagged payment, a levy's cash: <see cref="FeeRegister.LevyCashNote"/>; negative when a receipt is issued that day for cash taken on an earlier day,
/// which that day already counted); <see cref="CashRefundedVnd"/> what the day's cash refunds took out of the drawer
/// (<see cref="FeeRegisterRefund.CashOutVnd"/>: all of each, a levy's included); <see cref="CashHandoverVnd"/> is the cash the collector
/// hands over to the unit's fund at the end of that day, what the drawer holds: <see cref="CashVnd"/> +
/// <see cref="UnreceiptedCashVnd"/> − <see cref="CashRefundedVnd"/> (MotCua keeps no cash between days; negative when
/// more cash went back than came in, made up from the fund). docs/FEES.md "Fresh trial (fees38b)".
/// </summary>
public sealed record FeeRegisterDay(DateOnly Date, int Receipts, long CashVnd, long TransferVnd, long OnlineVnd, long TotalVnd, long CashHandoverVnd,
    long RefundedVnd = 0, long CashRefundedVnd = 0, long UnreceiptedCashVnd = 0)
{
    /// <summary>What the day kept: collected less refunded, VND.</summary>
    public long NetVnd => TotalVnd - RefundedVnd;
}

/// <summary>The period's totals of the receipts counted, in VND; <see cref="Cancelled"/> counts the cancelled ones listed
/// (those refunded included), split into <see cref="CancelledNotCounted"/>, <see cref="CancelledByRefund"/> and
/// <see cref="CancelledLater"/>; <see cref="RefundedVnd"/> the refunds of receipted money, <see cref="CashRefundedVnd"/>
/// what the cash refunds took out of the drawer (<see cref="FeeRegisterRefund.CashOutVnd"/>), <see cref="UnreceiptedRefundedVnd"/> the refunds
/// of money that never had a receipt (a flagged payment, the excess of an accepted overpayment:
/// <see cref="FeeRegisterRefund.UnreceiptedVnd"/>) and <see cref="UnreceiptedCashVnd"/> the cash taken without a receipt
/// (<see cref="FeeRegisterDay.UnreceiptedCashVnd"/>, summed over the days).</summary>
public sealed record FeeRegisterTotals(int Receipts, int Cancelled, long FeeVnd, long ChargeVnd, long CashVnd, long TransferVnd, long OnlineVnd, long TotalVnd,
    long RefundedVnd = 0, long CashRefundedVnd = 0, long UnreceiptedRefundedVnd = 0, long UnreceiptedCashVnd = 0)
{
    /// <summary>What the period kept: collected less refunded, VND.</summary>
    public long NetVnd => TotalVnd - RefundedVnd;

    /// <summary>The cash handed over in the period, the sum of the days': cash receipts plus cash taken without a receipt
    /// less what the cash refunds took out of the drawer, VND (<see cref="FeeRegister.HandoverRule"/>).</summary>
    public long CashHandoverVnd => CashVnd + UnreceiptedCashVnd - CashRefundedVnd;

    /// <summary>Cancelled receipts not counted: cancelled on their own day for an error (the replacement, if any, counts).</summary>
    public int CancelledNotCounted { get; init; }

    /// <summary>
    /// Receipts cancelled by a full refund, still counted on the day the money came in; the refund is taken off on its own
    /// day (<see cref="RefundedVnd"/>) [choice, docs/FEES.md "Fresh trial (fees37)"]: the treasury
    /// holds that day's deposit, so the day's collection a register already handed over never changes.
    /// </summary>
    public int CancelledByRefund { get; init; }

    /// <summary>Receipts cancelled for an error on a later day than issued: counted on their own day, the replacement not
    /// counted again (<see cref="FeeRegisterEntry.Counted"/>).</summary>
    public int CancelledLater { get; init; }

    /// <summary>The cancelled receipts as the page, the PDF and the sheet print them: three labelled counts, each saying what
    /// the totals do with them (fees37; the page's one sentence said "… không cộng, trừ …" until brief fees38b).</summary>
    public IReadOnlyList<(string Label, int Count)> CancelledLines() =>
    [
        ("Biên lai đã hủy (không cộng)", CancelledNotCounted),
        ("Biên lai đã hủy do hoàn trả toàn bộ (đã cộng ngày thu, đã trừ ở cột hoàn trả)", CancelledByRefund),
        ("Biên lai hủy sau ngày lập (vẫn cộng ngày lập; biên lai lập thay không cộng)", CancelledLater),
    ];
}

/// <summary>
/// Expected against collected for the period: the payment requests raised in it (neither cancelled nor refunded: a
/// refunded request was not owed) and their state, against the receipts of money received in it less the refunds of
/// receipted money handed back in it. <see cref="DifferenceVnd"/> = collected − refunded − requested: negative while
/// requests are unpaid, positive when money came for requests of an earlier period. <see cref="RefundedRequestsVnd"/>:
/// the requests of the period refunded in full. Only phí and lệ phí are reconciled: a request for a levy (tiền sử dụng
/// đất, a tax or another state-budget obligation, <see cref="Payments.ObligationKinds.Levy"/>) is not owed to this register,
/// gets no biên lai thu phí, lệ phí, and is counted apart (<see cref="LevyRequests"/>, <see cref="LevyRequestedVnd"/>, not
/// cancelled), never in <see cref="RequestedVnd"/>.
/// </summary>
public sealed record FeeReconciliation(int Requests, long RequestedVnd, long PaidRequestsVnd, long OpenRequestsVnd, long CollectedVnd, long DifferenceVnd,
    long RefundedVnd = 0, long RefundedRequestsVnd = 0, int LevyRequests = 0, long LevyRequestedVnd = 0);

/// <summary>A payment request of the period as the reconciliation counts it: its amount (VND), status (open | paid |
/// cancelled | refunded | paidElsewhere), whether it is a levy (an item of kind <see cref="Payments.ObligationKinds.Levy"/>: not a
/// phí or lệ phí, <see cref="Payments.ObligationKinds.IssuesFeeReceipt"/>), and of a request paid elsewhere, what the unit
/// collected of it before the officer's record (<paramref name="CollectedVnd"/>, VND: accepted part-payments, receipted).</summary>
public sealed record FeeRegisterRequest(long AmountVnd, string Status, bool IsLevy = false, long CollectedVnd = 0);

/// <summary>
/// The sổ theo dõi thu phí, lệ phí of a unit for a period (docs/FEES.md "Biên lai and the fee register"): generated from
/// the receipts, never typed. Every figure here is computed from <see cref="Entries"/> and the period's requests by
/// <see cref="Build"/>, the one rule the JSON, the PDF and the workbook print.
/// </summary>
public sealed record FeeRegister(
    DateOnly From, DateOnly To, IReadOnlyList<FeeRegisterEntry> Entries, IReadOnlyList<FeeRegisterDay> Days, FeeRegisterTotals Totals,
    FeeReconciliation Reconciliation, IReadOnlyList<FeeRegisterRefund> Refunds)
{
    /// <summary>The longest period a register covers, in days (a year, leap or not).</summary>
    public const int MaxDays = 366;

    /// <summary>The methods of payment, as stored (payments.method).</summary>
    public const string Cash = "cash", Transfer = "transfer", Online = "online";

    /// <summary>Who reads a register: a unit's accountant, who keeps it, and its leader, who signs it (their own unit,
    /// <see cref="MayReadUnit"/>), and the inspector (thanh tra), who checks every unit's collections (read only: the
    /// register is computed, never typed, so reading is all there is).</summary>
    public static bool MayRead(MotCua.Domain.Dossiers.OfficerRole role) =>
        role is MotCua.Domain.Dossiers.OfficerRole.Accountant or MotCua.Domain.Dossiers.OfficerRole.Leader or MotCua.Domain.Dossiers.OfficerRole.Inspector;

    /// <summary>Whether an officer of <paramref name="role"/> whose own unit is <paramref name="ownAgencyId"/> (null for a
    /// province-level officer) reads the register of unit <paramref name="agencyId"/>: the inspector every unit's, the
    /// accountant and the leader their own unit's only.</summary>
    public static bool MayReadUnit(MotCua.Domain.Dossiers.OfficerRole role, int? ownAgencyId, int agencyId) =>
        role == MotCua.Domain.Dossiers.OfficerRole.Inspector || MayRead(role) && ownAgencyId == agencyId;

    /// <summary>
    /// The one Vietnamese label of a stored method, the register's three columns, which every page, PDF and sheet prints
    /// (seventh trial: /ke-toan showed a partner's payment as "Chuyển khoản", the dossier page and the register "Trực
    /// tuyến"): <see cref="Cash"/> "Tiền mặt" and <see cref="Transfer"/> "Chuyển khoản" are what the accountant confirms
    /// at the desk; <see cref="Online"/> "Trực tuyến" is a payment a bank or payment platform reported through
    /// <c>POST /api/v1/payments/callback</c>, the register's "online" column and the 766 index's "thanh toán trực tuyến".
    /// A code it does not know is returned as it is.
    /// </summary>
    public static string MethodLabel(string method) => method switch
    {
        Cash => "Tiền mặt",
        Transfer => "Chuyển khoản",
        Online => "Trực tuyến",
        _ => method,
    };

    /// <summary>
    /// How "Tiền mặt nộp quỹ" is computed, printed under the daily table by /so-thu-phi (<c>#handover-rule</c>), the PDF and
    /// the sheet "Tổng theo ngày" (row 2), so a day recounts from its printed columns (<see cref="FeeRegisterDay"/>).
    /// </summary>
    public const string HandoverRule = "Tiền mặt nộp quỹ = tiền mặt thu theo biên lai + tiền mặt chưa lập biên lai − tiền mặt chi hoàn trả. "
        + "Tiền mặt chưa lập biên lai: tiền mặt ghi nhận trong ngày chưa có biên lai trong ngày (nộp thừa, nộp trùng, thuế, tiền sử dụng đất); "
        + "số âm khi biên lai lập trong ngày cho tiền mặt đã nộp quỹ ngày trước. "
        + "Tiền mặt chi hoàn trả: mọi khoản hoàn trả bằng tiền mặt trong ngày (không tính chuyển khoản), kể cả khoản chưa lập biên lai, thuế, tiền sử dụng đất. "
        + "Cột Hoàn trả chỉ gồm phần đã lập biên lai.";

    /// <summary>
    /// What the register says of levy money (thuế, tiền sử dụng đất: <c>ObligationKinds.Levy</c>) beside its section IV
    /// line (page and PDF): such requests are not reconciled here (their voucher is the treasury's), yet their cash passed
    /// through the drawer, so it is in the day's cash figures and the handover (trial14u LOW 3; <see cref="HandoverRule"/>
    /// names them too, kept short so a one-day register stays on one page).
    /// </summary>
    public const string LevyCashNote = "Khoản nộp ngân sách không phải phí, lệ phí (thuế, tiền sử dụng đất…) không đối chiếu trong sổ này, "
        + "nhưng tiền mặt nộp hoặc hoàn trả các khoản đó vẫn tính trong tiền mặt chưa lập biên lai, tiền mặt chi hoàn trả và tiền mặt nộp quỹ.";

    /// <summary>Every stored method, in the register's column order.</summary>
    public static IReadOnlyList<string> Methods { get; } = [Cash, Transfer, Online];

    /// <summary>The first and last years a register's period may reach: a typo such as 0001 or 9999 is refused with a
    /// message instead of overflowing the instants of the period's bounds [choice].</summary>
    public const int FirstYear = 1900, LastYear = 2100;

    /// <summary>
    /// The one reading of a register's date, for the API's <c>from</c>/<c>to</c> and the page's <c>tu</c>/<c>den</c>:
    /// <paramref name="text"/> as dd/MM/yyyy or yyyy-MM-dd (<see cref="Calendar.VietnameseDate.Parse"/>; only yyyy-MM-dd
    /// with <paramref name="isoOnly"/>, the API's documented form); blank gives
    /// <paramref name="fallback"/>. A date that does not exist (2026-02-31, 31/02/2026), an unreadable one or a year outside
    /// <see cref="FirstYear"/>..<see cref="LastYear"/> gives the Vietnamese message "… ngày không hợp lệ …" naming
    /// <paramref name="label"/>, never a shifted date (fresh trial of 4 December 2026).
    /// </summary>
    public static (DateOnly? Date, string? Error) ReadDate(string? text, string label, DateOnly fallback, bool isoOnly = false)
    {
        if (string.IsNullOrWhiteSpace(text)) return (fallback, null);
        if (isoOnly && !System.Text.RegularExpressions.Regex.IsMatch(text.Trim(), @"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
            return (null, $"\"{label}\": ngày không hợp lệ, nhập theo dạng yyyy-MM-dd.");
        var (date, error) = Calendar.VietnameseDate.Parse(text, label);
        // The reading's message starts with the label too; said once (trial14r LOW 4).
        if (error is not null) return (null, $"\"{label}\": ngày không hợp lệ, {error[(error.StartsWith($"\"{label}\"", StringComparison.Ordinal) ? label.Length + 2 : 0)..].TrimStart(':', ' ')}");
        if (date!.Value.Year is < FirstYear or > LastYear)
            return (null, $"\"{label}\": ngày không hợp lệ, năm phải từ {FirstYear} đến {LastYear}.");
        return (date, null);
    }

    /// <summary>
    /// What is wrong with the period, as (field, Vietnamese message), or null: <paramref name="from"/> after
    /// <paramref name="to"/> (field <c>to</c>); longer than <see cref="MaxDays"/> days (field <c>to</c>: the end reaches
    /// past a year from the start the accountant chose; trial14r LOW 4 named <c>from</c>); or, given
    /// <paramref name="today"/>, wholly in the future (field <c>from</c>) [choice]: no money can be recorded on a day to
    /// come, and an empty register for such a period would read as a period with nothing collected. A period that
    /// reaches past today is read (its days to come are empty), as the current month's default does.
    /// </summary>
    public static (string Field, string Message)? PeriodProblem(DateOnly from, DateOnly to, DateOnly? today = null)
    {
        if (to < from) return ("to", "Ngày cuối kỳ phải từ ngày đầu kỳ trở đi.");
        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
            return ("to", $"Một kỳ sổ dài tối đa {MaxDays} ngày: ngày cuối kỳ chậm nhất là {Calendar.VietnameseDate.Show(from.AddDays(MaxDays - 1))}.");
        if (today is { } now && from > now)
            return ("from", $"Ngày đầu kỳ {Calendar.VietnameseDate.Show(from)} chưa tới (hôm nay {Calendar.VietnameseDate.Show(now)}): sổ chỉ ghi những ngày đã qua.");
        return null;
    }

    /// <summary>
    /// The register of [<paramref name="from"/>, <paramref name="to"/>] (inclusive, Vietnam dates): the entries in date and
    /// number order, the <paramref name="refunds"/> handed back in the period, a day line for each day with a receipt or a
    /// refund (cancelled receipts listed, not counted, unless cancelled by a full refund), the totals and the
    /// reconciliation against <paramref name="requests"/>. <paramref name="cashIn"/>: the cash payments recorded in the period
    /// (every one, receipted or not), whose amounts are the days' cash in and give each day's
    /// <see cref="FeeRegisterDay.UnreceiptedCashVnd"/> (also a day line of its own); null when the caller has no payments
    /// to give (the cash receipts are then the cash in, no unreceipted line).
    /// </summary>
    /// <exception cref="ArgumentException">The period is wrong (<see cref="PeriodProblem"/>) or an entry, refund or cash payment falls outside it.</exception>
    public static FeeRegister Build(DateOnly from, DateOnly to, IEnumerable<FeeRegisterEntry> entries, IEnumerable<FeeRegisterRequest> requests,
        IEnumerable<FeeRegisterRefund>? refunds = null, IEnumerable<FeeRegisterCashIn>? cashIn = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(requests);
        if (PeriodProblem(from, to) is { } problem) throw new ArgumentException(problem.Message, nameof(to));
        var list = entries.OrderBy(e => e.Date).ThenBy(e => e.Series, StringComparer.Ordinal).ThenBy(e => e.Number).ToList();
        if (list.FirstOrDefault(e => e.Date < from || e.Date > to) is { } outside)
            throw new ArgumentException($"Biên lai {outside.ReceiptId} ngày {outside.Date:dd/MM/yyyy} nằm ngoài kỳ sổ.", nameof(entries));
        var back = (refunds ?? []).OrderBy(r => r.Date).ThenBy(r => r.RefundId).ToList();
        if (back.FirstOrDefault(r => r.Date < from || r.Date > to) is { } late)
            throw new ArgumentException($"Khoản hoàn trả {late.RefundId} ngày {late.Date:dd/MM/yyyy} nằm ngoài kỳ sổ.", nameof(refunds));
        var drawer = cashIn?.ToList();
        if (drawer?.FirstOrDefault(c => c.Date < from || c.Date > to) is { } early)
            throw new ArgumentException($"Khoản nộp {early.PaymentId} ngày {early.Date:dd/MM/yyyy} nằm ngoài kỳ sổ.", nameof(cashIn));
        // A day line for a day whose figures a refund moves: the receipted part comes off the day's net, and a cash
        // refund comes off the handover that day; and for a day cash was taken without a receipt.
        var moving = back.Where(r => r.ReceiptedVnd > 0 || r.CashOutVnd > 0).ToList();

        static long Sum(IEnumerable<FeeRegisterEntry> counted, string method) => counted.Where(e => e.Method == method).Sum(e => e.AmountVnd);
        var days = list.Select(e => e.Date).Concat(moving.Select(r => r.Date)).Concat(drawer?.Select(c => c.Date) ?? []).Distinct().Order().Select(day =>
        {
            var counted = list.Where(e => e.Date == day && e.Counted).ToList();
            var refunded = back.Where(r => r.Date == day).ToList();
            var cash = Sum(counted, Cash);
            // What the drawer took that day is every cash payment recorded that day; what the receipts do not show of it is
            // the unreceipted line, so the handover = the drawer, and recounts from the printed columns.
            var unreceipted = drawer is null ? 0 : drawer.Where(c => c.Date == day).Sum(c => c.AmountVnd) - cash;
            var cashBack = refunded.Sum(r => r.CashOutVnd);
            return new FeeRegisterDay(day, counted.Count, cash, Sum(counted, Transfer), Sum(counted, Online), counted.Sum(e => e.AmountVnd),
                cash + unreceipted - cashBack, refunded.Sum(r => r.ReceiptedVnd), cashBack, unreceipted);
        }).ToList();
        var valid = list.Where(e => e.Counted).ToList();
        var totals = new FeeRegisterTotals(valid.Count, list.Count(e => e.Cancelled), valid.Sum(e => e.FeeVnd), valid.Sum(e => e.ChargeVnd),
            Sum(valid, Cash), Sum(valid, Transfer), Sum(valid, Online), valid.Sum(e => e.AmountVnd),
            back.Sum(r => r.ReceiptedVnd), back.Sum(r => r.CashOutVnd), back.Sum(r => r.UnreceiptedVnd), days.Sum(d => d.UnreceiptedCashVnd))
        {
            CancelledNotCounted = list.Count(e => e.Cancelled && !e.Counted),
            CancelledByRefund = list.Count(e => e.Cancelled && e.Refunded && e.Counted),
            CancelledLater = list.Count(e => e.Cancelled && !e.Refunded && e.Counted),
        };
        var all = requests.ToList();
        var fees = all.Where(r => !r.IsLevy).ToList();
        var levies = all.Where(r => r.IsLevy && r.Status != "cancelled").ToList();
        // A request the officer recorded as paid elsewhere (brief fees39) is not owed to the unit, as a cancelled one, except
        // what the unit collected of it before the record, which stays requested and paid (trial14u MEDIUM 4: a receipted
        // 40,000 part of a 100,000 lệ phí read as collected against nothing).
        var raised = fees.Where(r => r.Status is not ("cancelled" or "refunded") && (r.Status != "paidElsewhere" || r.CollectedVnd > 0))
            .Select(r => r.Status == "paidElsewhere" ? r with { AmountVnd = r.CollectedVnd, Status = "paid" } : r).ToList();
        var requested = raised.Sum(r => r.AmountVnd);
        var reconciliation = new FeeReconciliation(raised.Count, requested, raised.Where(r => r.Status == "paid").Sum(r => r.AmountVnd),
            raised.Where(r => r.Status == "open").Sum(r => r.AmountVnd), totals.TotalVnd, totals.NetVnd - requested,
            totals.RefundedVnd, fees.Where(r => r.Status == "refunded").Sum(r => r.AmountVnd), levies.Count, levies.Sum(r => r.AmountVnd));
        return new FeeRegister(from, to, list, days, totals, reconciliation, back);
    }
}
