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
/// <see cref="KeptVnd"/>, the part kept as the fee of an accepted overpayment (its receipt's amount: the request's items),
/// which is not refunded here; only the excess beyond it is (0 for every other payment). <see cref="MeetsOpenObligation"/>:
/// it settled a financial-obligation request (status 6) of a dossier still being processed (not closed,
/// <see cref="PaymentMatching.IsClosed"/>), see <see cref="PaymentRefunds.ObligationHeld"/>. <see cref="DossierClosed"/>: its
/// dossier was refused, withdrawn or stopped (<see cref="PaymentMatching.IsClosed"/>), so the fee kept
/// (<see cref="KeptVnd"/>) is no longer owed and is refundable too [decision, sixteenth trial MEDIUM 1].</summary>
public sealed record RefundablePayment(long AmountVnd, DateTimeOffset PaidAt, long RefundedVnd, bool Settled, long KeptVnd = 0, bool MeetsOpenObligation = false,
    bool DossierClosed = false);

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

    /// <summary>What is left to refund of <paramref name="payment"/>, VND (never negative): the amount less the fee kept of
    /// an accepted overpayment (<see cref="RefundablePayment.KeptVnd"/>, none once its dossier is closed:
    /// <see cref="RefundablePayment.DossierClosed"/>) less what was already refunded. The page's cap and the API's limit
    /// are this one figure.</summary>
    public static long Refundable(RefundablePayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        // Sixteenth trial, MEDIUM 1: a dossier refused, withdrawn or stopped owes no fee, so what an accepted overpayment
        // kept as its fee goes back as well (Luật Phí và lệ phí 2015: the fee of a dossier not decided is refunded).
        if (payment.DossierClosed) return Math.Max(0, payment.AmountVnd - payment.RefundedVnd);
        // The obligation's money stays while the dossier is processed on the strength of it; an excess beyond it may go back.
        if (payment.MeetsOpenObligation && payment.KeptVnd == 0) return 0;
        return Math.Max(0, payment.AmountVnd - payment.KeptVnd - payment.RefundedVnd);
    }

    /// <summary>
    /// Why money that met a financial obligation of a dossier still being processed is not refunded [decision, third trial
    /// of issue 14; docs/FEES.md "Third trial fixes"]. Paying ended the pause (status 6) and the dossier goes on to its
    /// result on the strength of it; handing the money back would leave a result issued with the obligation unmet, and
    /// Luật Phí và lệ phí 2015 refunds what was collected wrongly (twice, above the rate) or for a dossier not decided, not
    /// a fee still owed. So the refund waits until the dossier is refused, withdrawn or stopped (its open requests are then
    /// closed and the money is refundable in full); money paid twice or above the request (flagged, or an accepted
    /// overpayment's excess) is refundable at any time, and a receipt issued wrongly is cancelled and issued again, not refunded.
    /// </summary>
    public const string ObligationHeld =
        "Khoản tiền này đã dùng để hoàn thành nghĩa vụ tài chính của hồ sơ đang giải quyết: chỉ hoàn trả khi hồ sơ bị từ chối, "
        + "rút hoặc dừng giải quyết. Nộp trùng hoặc nộp thừa thì hoàn trả khoản trùng, khoản thừa; biên lai ghi sai thì hủy và lập lại.";

    /// <summary>Why nothing more of an accepted overpayment is refunded while its dossier is processed: its excess went back
    /// and the rest is the fee it paid, receipted (sixteenth trial, MEDIUM 1: the 409 said "đã được hoàn trả hết").</summary>
    public const string KeptHeld =
        "Phần nộp thừa của khoản tiền này đã được hoàn trả hết; phần còn lại là phí, lệ phí đã thu của hồ sơ (có biên lai), "
        + "chỉ hoàn trả khi hồ sơ bị từ chối, rút hoặc dừng giải quyết.";

    /// <summary>
    /// The refund of <paramref name="amountVnd"/> handed back at <paramref name="refundedAt"/> from <paramref name="payment"/>
    /// (read under its row lock): a decision, or the refusal: <c>Conflict</c> when nothing is left to refund (409), else a
    /// field problem (422) for an amount above what is left or an instant before the money was received.
    /// </summary>
    public static (RefundDecision? Decision, string? Conflict, FieldProblem? Problem) Decide(RefundablePayment payment, long amountVnd, DateTimeOffset refundedAt)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var left = Refundable(payment);
        if (left == 0 && payment.MeetsOpenObligation) return (null, ObligationHeld, null);
        if (left == 0 && payment.KeptVnd > 0 && !payment.DossierClosed && payment.RefundedVnd < payment.AmountVnd) return (null, KeptHeld, null);
        if (left == 0) return (null, "Khoản tiền này đã được hoàn trả hết; không còn gì để hoàn trả.", null);
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
