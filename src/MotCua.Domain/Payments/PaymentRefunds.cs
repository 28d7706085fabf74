using System.Globalization;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Payments;

/// <summary>A refund as asked: the amount (integer VND), why, how (<c>cash</c> or <c>transfer</c>) and when the money
/// was handed back (default: now).</summary>
public sealed record RefundInput(long? AmountVnd, string? Reason, string? Method, DateTimeOffset? RefundedAt);

/// <summary>The payment a refund is taken from, as locked for it: its amount (VND) and the instant the payer paid
/// (<c>payments.paid_at</c>, the floor of its refund's instant: <see cref="PaymentRefunds.Decide"/>), what was already
/// refunded of it, whether it settled its request (an exact match or an accepted flag: it carries the receipt), and
/// <see cref="KeptVnd"/>, the part kept as the fee of an accepted overpayment (its receipt's amount: the request's items;
/// 0 for every other payment). <see cref="Dossier"/>: where its dossier stands (<see cref="RefundDossier"/>), which decides
/// whether the part it paid of what was due may go back (<see cref="PaymentRefunds.DueVnd"/>).</summary>
public sealed record RefundablePayment(long AmountVnd, DateTimeOffset PaidAt, long RefundedVnd, bool Settled, long KeptVnd = 0,
    RefundDossier Dossier = RefundDossier.None);

/// <summary>Where the dossier a payment paid for stands, as the one refund rule reads it
/// (<see cref="PaymentRefunds.DossierOf"/>).</summary>
public enum RefundDossier
{
    /// <summary>The payment is matched to no dossier: nothing of it was due.</summary>
    None,

    /// <summary>Still being processed (statuses 1, 2, 4, 5, 6): what it paid of what was due is held.</summary>
    Processing,

    /// <summary>Decided with a result (statuses 9, 10, not refused): what it paid of what was due was rightly collected.</summary>
    Decided,

    /// <summary>Ended without a decision: refused (at intake, online or on the merits), withdrawn or stopped
    /// (<see cref="PaymentMatching.IsClosed"/>, statuses 3, 7, 8): nothing is due any more.</summary>
    EndedUndecided,
}

/// <summary>What a refund does: the amount, and whether it empties the payment (then its receipt is cancelled and, if it
/// settled its request, the request becomes <c>refunded</c>). <see cref="OfExcess"/>: it hands back an accepted
/// overpayment's excess, money that was never receipted, so it is booked against no receipt (the fee register lists it
/// with the unreceipted refunds, not off the day's net) and never cancels the receipt of the fee kept.</summary>
public sealed record RefundDecision(long AmountVnd, bool Full, bool OfExcess = false);

/// <summary>
/// Refunds of fees and charges collected (Luật Phí và lệ phí số 97/2015/QH13; the fee's own circular says when: a charge
/// collected twice, more than the rate, or for a dossier refused before it was examined; docs/FEES.md "Refunds"). The
/// one rule for the API and the accountant's page: who may refund, how much, and what a full refund changes.
/// </summary>
public static class PaymentRefunds
{
    /// <summary>The methods a refund is paid by, as stored (<c>payment_refunds.method</c>).</summary>
    public const string Cash = "cash", Transfer = "transfer";

    /// <summary>Longest reason, in characters (a receipt's cancellation reason holds "Hoàn trả: " and it).</summary>
    public const int MaxReason = 480;

    /// <summary>Prefix of the reason a full refund cancels the receipt with.</summary>
    public const string ReceiptReasonPrefix = "Hoàn trả: ";

    /// <summary>Who refunds: the accountant of the unit that collected (the dossier's receiving unit); a payment matched to
    /// no dossier, having no unit, any accountant, as for its confirmation (<see cref="PaymentMatching.MayConfirm"/>).</summary>
    public static bool MayRefund(Officer officer, int? collectingAgencyId) => PaymentMatching.MayConfirm(officer, collectingAgencyId);

    /// <summary>
    /// The input's own problems, by field (camelCase, Vietnamese): <c>amountVnd</c> an integer 1 to <see cref="PaymentAmount.MaxVnd"/>; <c>reason</c> required,
    /// at most <see cref="MaxReason"/> characters; <c>method</c> cash | transfer; <c>refundedAt</c> not after
    /// <paramref name="now"/> (five minutes of clock difference allowed). Empty when valid.
    /// </summary>
    public static Dictionary<string, string[]> Problems(RefundInput input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        if (PaymentAmount.Problem(input.AmountVnd, label: "Số tiền hoàn trả") is { } amount) errors[amount.Field] = [amount.Message];
        if (string.IsNullOrWhiteSpace(input.Reason)) errors["reason"] = ["Nêu lý do hoàn trả (ví dụ: nộp hai lần, nộp thừa, hồ sơ bị từ chối trước khi thẩm định)."];
        else if (input.Reason.Trim().Length > MaxReason) errors["reason"] = [$"Lý do hoàn trả không quá {MaxReason} ký tự."];
        if (input.Method is not (Cash or Transfer)) errors["method"] = ["Chọn hình thức hoàn trả: tiền mặt (cash) hoặc chuyển khoản (transfer)."];
        if (input.RefundedAt > now.AddMinutes(5)) errors["refundedAt"] = ["Thời điểm hoàn trả không được ở tương lai."];
        return errors;
    }

    /// <summary>Where <paramref name="dossier"/> stands for a refund of its money (<see cref="RefundDossier"/>): ended
    /// without a decision when <see cref="PaymentMatching.IsClosed"/>, decided once it has a result (statuses 9, 10), else
    /// still processed.</summary>
    public static RefundDossier DossierOf(Dossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return PaymentMatching.IsClosed(dossier) ? RefundDossier.EndedUndecided
            : dossier.Status is DossierStatus.ResultReady or DossierStatus.Returned ? RefundDossier.Decided
            : RefundDossier.Processing;
    }

    /// <summary>
    /// The one refund rule [decision, fresh trial fees38a; docs/FEES.md "### Refunds"]: the part of
    /// <paramref name="payment"/> (VND) that was due and is not refunded while its dossier stands. Luật Phí và lệ phí số
    /// 97/2015/QH13 refunds what was collected wrongly (more than due, not due, twice) and the fee of a dossier that ends
    /// without a decision (refused, withdrawn, stopped). So: money that settled nothing (a flagged payment not accepted:
    /// duplicate, unmatched, dossierClosed, …), money matched to no dossier and every payment of a dossier ended undecided
    /// owe nothing (0); otherwise a payment that settled its requests keeps what they were due: an accepted overpayment its
    /// kept fee (<see cref="RefundablePayment.KeptVnd"/>, the excess above it goes back at any time), any other its whole
    /// amount, whether the dossier is still processed or decided with a result.
    /// </summary>
    public static long DueVnd(RefundablePayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (!payment.Settled || payment.Dossier is RefundDossier.None or RefundDossier.EndedUndecided) return 0;
        return payment.KeptVnd > 0 ? Math.Min(payment.KeptVnd, payment.AmountVnd) : payment.AmountVnd;
    }

    /// <summary>What is left to refund of <paramref name="payment"/>, VND (never negative): the amount less what was due
    /// (<see cref="DueVnd"/>) less what was already refunded. The page's cap and the API's limit are this one figure.</summary>
    public static long Refundable(RefundablePayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return Math.Max(0, payment.AmountVnd - DueVnd(payment) - payment.RefundedVnd);
    }

    /// <summary>Why nothing of <paramref name="payment"/> may be refunded now although not all of it went back: the due
    /// part held (<see cref="DueHeld"/> while processed, <see cref="KeptHeld"/> once an overpayment's excess went back,
    /// <see cref="DecidedHeld"/> once decided); null when something is refundable or everything was refunded. The
    /// refusal (409) of <see cref="Decide"/> and what /ke-toan prints instead of a form.</summary>
    public static string? Held(RefundablePayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (Refundable(payment) > 0 || payment.RefundedVnd >= payment.AmountVnd || DueVnd(payment) == 0) return null;
        if (payment.Dossier == RefundDossier.Decided) return DecidedHeld;
        return payment.KeptVnd > 0 && payment.RefundedVnd > 0 ? KeptHeld : DueHeld;
    }

    /// <summary>
    /// Why the fee, charge or financial obligation a payment paid for a dossier still being processed is not refunded
    /// [decision, third trial of issue 14, widened to every fee by fees38a]: the dossier goes on to its result on the
    /// strength of it, and Luật Phí và lệ phí 2015 refunds what was collected wrongly (twice, above the rate) or for a
    /// dossier not decided, not a fee still owed. It waits until the dossier is refused, withdrawn or stopped (its open
    /// requests are then closed and the money is refundable in full); money paid twice or above the request is refundable
    /// at any time, and a receipt issued wrongly is cancelled and issued again, not refunded.
    /// </summary>
    public const string DueHeld =
        "Khoản tiền này là phí, lệ phí hoặc nghĩa vụ tài chính đã thu đúng của hồ sơ đang giải quyết: chỉ hoàn trả khi hồ sơ bị từ chối, "
        + "rút hoặc dừng giải quyết. Nộp trùng hoặc nộp thừa thì hoàn trả khoản trùng, khoản thừa; biên lai ghi sai thì hủy và lập lại.";

    /// <summary>Why nothing more of an accepted overpayment is refunded while its dossier is processed: its excess went back
    /// and the rest is the fee it paid, receipted (sixteenth trial, MEDIUM 1: the 409 said "đã được hoàn trả hết").</summary>
    public const string KeptHeld =
        "Phần nộp thừa của khoản tiền này đã được hoàn trả hết; phần còn lại là phí, lệ phí đã thu của hồ sơ (có biên lai), "
        + "chỉ hoàn trả khi hồ sơ bị từ chối, rút hoặc dừng giải quyết.";

    /// <summary>Why the fee of a dossier decided with a result is not refunded (fees38a: a fee of a dossier returned with
    /// its result was refundable in full): it was collected rightly for the decision made.</summary>
    public const string DecidedHeld =
        "Hồ sơ đã có kết quả giải quyết: phí, lệ phí đã thu đúng của hồ sơ không được hoàn trả. Chỉ hoàn trả khoản nộp thừa, "
        + "nộp trùng, thu sai hoặc của hồ sơ bị từ chối, rút hoặc dừng giải quyết.";

    /// <summary>
    /// The refund of <paramref name="amountVnd"/> handed back at <paramref name="refundedAt"/> from <paramref name="payment"/>
    /// (read after its row lock, in statements of their own: <see cref="RefundablePayment"/>): a decision, or the refusal:
    /// <c>Conflict</c> when nothing is left to refund (409, <see cref="Held"/> when the due part is held), else a
    /// field problem (422) for an amount above what is left or an instant before the money was received.
    /// </summary>
    public static (RefundDecision? Decision, string? Conflict, FieldProblem? Problem) Decide(RefundablePayment payment, long amountVnd, DateTimeOffset refundedAt)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var left = Refundable(payment);
        if (left == 0) return (null, Held(payment) ?? "Khoản tiền này đã được hoàn trả hết; không còn gì để hoàn trả.", null);
        if (amountVnd > left)
            return (null, null, new FieldProblem("amountVnd", $"Chỉ còn {left:#,0} đồng có thể hoàn trả của khoản tiền này.".Replace(',', '.')));
        // Seventh round: the floor is the payer's paid instant even when the bank dated it in the future (a flagged
        // paidAtImplausible payment recorded earlier): money cannot go back before it was paid, and the refund's record
        // would otherwise precede the payment it undoes in every list and register.
        if (refundedAt < payment.PaidAt)
            return (null, null, new FieldProblem("refundedAt",
                $"Thời điểm hoàn trả không thể trước thời điểm nộp tiền ({VietnamTime.ToVietnam(payment.PaidAt).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)}, giờ Việt Nam)."));
        // Handing back (part of) the excess of an accepted overpayment leaves the fee kept with its receipt: not a full
        // refund, booked against no receipt. Once the dossier is closed a refund that reaches into the kept fee is the
        // receipt's own, and the one that empties the payment cancels it (and marks every request it settled refunded).
        var ofExcess = payment.KeptVnd > 0 && payment.RefundedVnd + amountVnd <= payment.AmountVnd - payment.KeptVnd;
        return (new RefundDecision(amountVnd, amountVnd == left && !ofExcess, ofExcess), null, null);
    }

    /// <summary>
    /// How long a refund of the same payment, amount and method by the same accountant is taken as the same refund sent
    /// again (a double click, the /ke-toan form submitted twice, a client's retry) and answered with the refund already
    /// recorded (200, its id), never a second refund: <see cref="PaymentMatching.ResendWindow"/> when the refund states
    /// its instant (<c>refundedAt</c>, then the instant must be the same too), else
    /// <see cref="PaymentMatching.UnstatedResendWindow"/> [choice, docs/FEES.md "Fresh trial (fees37)"]: the rule
    /// a confirmation sent again follows. A second refund of the same amount is told apart by its stated instant or made
    /// after the window.
    /// </summary>
    public static TimeSpan ResendWindow(bool refundedAtStated) =>
        refundedAtStated ? PaymentMatching.ResendWindow : PaymentMatching.UnstatedResendWindow;

    /// <summary>The reason a fully refunded payment's receipt is cancelled with: "Hoàn trả: " and the refund's reason.</summary>
    public static string ReceiptCancelReason(string reason) => ReceiptReasonPrefix + reason.Trim();

    /// <summary>"Tiền mặt" or "Chuyển khoản": the register's one label of the method (<see cref="Receipts.FeeRegister.MethodLabel"/>).</summary>
    public static string MethodLabel(string method) => Receipts.FeeRegister.MethodLabel(method);
}
