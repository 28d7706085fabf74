using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Receipts;

/// <summary>Why a receipt may not be cancelled by this officer now.</summary>
public enum ReceiptCancelRefusal
{
    /// <summary>Only the collecting unit's accountant or leader cancels a receipt (403).</summary>
    NotPermitted,
    /// <summary>The receipt belongs to another unit: answered as not found, so ids of other units cannot be probed (404).</summary>
    OtherUnit,
    /// <summary>The receipt is already cancelled: it keeps its first reason (409).</summary>
    AlreadyCancelled,
    /// <summary>The reason is missing or longer than <see cref="ReceiptCancellation.MaxReasonLength"/> (422, field <c>reason</c>).</summary>
    BadReason,
}

/// <summary>
/// Who cancels an e-receipt and with what (docs/FEES.md "Biên lai and the fee register"): a receipt issued in error is
/// never deleted nor renumbered (Nghị định 123/2020/NĐ-CP as amended by Nghị định 70/2025/NĐ-CP); it is marked cancelled
/// with its reason by the accountant or the leader of the unit that collected, and its payment may then receive a new
/// receipt with the next number.
/// </summary>
public static class ReceiptCancellation
{
    /// <summary>
    /// What a replacement receipt prints of the receipt it replaces: "Thay thế cho biên lai số MC-26E-0000001 ngày 14/11/2025"
    /// (<paramref name="issuedAt"/> as a Vietnam date). Nghị định 123/2020/NĐ-CP as amended by Nghị định 70/2025/NĐ-CP asks
    /// a receipt issued to replace one cancelled for an error to name it [reported: our reading, docs/FEES.md "Fourth trial
    /// fixes"]; the receipt PDF, the verification page and the API print this one line.
    /// </summary>
    public static string ReplacesLine(string series, int number, DateTimeOffset issuedAt) =>
        $"Thay thế cho biên lai số {ReceiptNumbering.Display(series, number)} ngày "
        + Calendar.VietnamTime.DateOf(issuedAt).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The longest reason kept, in characters.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Whether <paramref name="role"/> may cancel receipts at all (before any receipt is looked up).</summary>
    public static bool MayCancel(OfficerRole role) => role is OfficerRole.Accountant or OfficerRole.Leader;

    /// <summary>
    /// Null when <paramref name="officer"/> may cancel the receipt of <paramref name="receiptAgencyId"/> with
    /// <paramref name="reason"/> (trimmed by the caller), else the refusal and its Vietnamese message.
    /// </summary>
    public static (ReceiptCancelRefusal Refusal, string Message)? Check(Officer officer, int receiptAgencyId, bool cancelled, string? reason)
    {
        ArgumentNullException.ThrowIfNull(officer);
        if (!MayCancel(officer.Role))
            return (ReceiptCancelRefusal.NotPermitted, "Chỉ kế toán hoặc lãnh đạo của đơn vị thu được hủy biên lai.");
        if (officer.AgencyId != receiptAgencyId)
            return (ReceiptCancelRefusal.OtherUnit, "Không tìm thấy biên lai hoặc bạn không có quyền với biên lai này.");
        if (cancelled)
            return (ReceiptCancelRefusal.AlreadyCancelled, "Biên lai đã bị hủy trước đó.");
        if (string.IsNullOrWhiteSpace(reason))
            return (ReceiptCancelRefusal.BadReason, "Nhập lý do hủy biên lai.");
        if (reason.Length > MaxReasonLength)
            return (ReceiptCancelRefusal.BadReason, $"Lý do hủy dài tối đa {MaxReasonLength} ký tự.");
        return null;
    }

    /// <summary>
    /// Null when the payment whose latest receipt is described may be given a replacement receipt (the next number of the
    /// series, Nghị định 123/2020/NĐ-CP as amended by Nghị định 70/2025/NĐ-CP: a receipt issued in error is cancelled and
    /// replaced, so the money stays in the fee register); else why not (409): the payment has no receipt, its receipt is
    /// still valid, or it was cancelled by a full refund (<see cref="Payments.PaymentRefunds.ReceiptReasonPrefix"/>: the
    /// money went back, there is nothing to receipt). Who may: as for a cancellation (<see cref="Check"/>).
    /// </summary>
    /// <param name="latestCancelled">Whether the payment's latest receipt is cancelled; null when it never had one.</param>
    /// <param name="latestCancelReason">That receipt's cancellation reason.</param>
    public static string? ReplacementRefusal(bool? latestCancelled, string? latestCancelReason) => latestCancelled switch
    {
        null => "Khoản tiền này chưa có biên lai nào; biên lai được cấp khi khoản thu được xác nhận.",
        false => "Biên lai của khoản tiền này vẫn còn hiệu lực; chỉ lập biên lai thay thế sau khi hủy biên lai lập sai.",
        _ when latestCancelReason?.StartsWith(Payments.PaymentRefunds.ReceiptReasonPrefix, StringComparison.Ordinal) == true =>
            "Biên lai đã hủy do hoàn trả toàn bộ khoản tiền; không lập biên lai thay thế.",
        _ => null,
    };

    /// <summary>The longest payer name a receipt prints, in characters (as a payment's <c>payerName</c>).</summary>
    public const int MaxPayerName = 200;

    /// <summary>
    /// The payer's name a replacement receipt prints, corrected by the accountant (the usual reason to replace one): null
    /// keeps the payment's payer; otherwise trimmed, NFC, 2–<see cref="MaxPayerName"/> characters with at least one letter
    /// and no control character. The cancelled receipt keeps its own text. Answers the name or the Vietnamese problem
    /// (field <c>payerName</c>). Receipts carry no payer address, so there is none to correct.
    /// </summary>
    public static (string? PayerName, FieldProblem? Problem) ReplacementPayer(string? typed)
    {
        if (typed is null) return (null, null);
        var name = typed.Trim().Normalize(System.Text.NormalizationForm.FormC);
        if (name.Length == 0) return (null, new FieldProblem("payerName", "Nhập họ tên người nộp đúng, hoặc để trống để giữ tên trên biên lai đã hủy."));
        if (name.Length is < 2 or > MaxPayerName || !name.Any(char.IsLetter) || name.Any(char.IsControl))
            return (null, new FieldProblem("payerName", $"Họ tên người nộp gồm 2 đến {MaxPayerName} ký tự, có chữ cái, không có ký tự điều khiển."));
        return (name, null);
    }

    /// <summary>
    /// The payer as the public verification page shows it: the initials of each word ("Trần Thị Bình" → "T. T. B."),
    /// enough to match the paper in hand, nothing more of a person (Nghị định 13/2023/NĐ-CP: the minimum). A note in
    /// brackets is no part of the name and a word's initial is its first letter, so "Lê Văn Cường (sửa)" → "L. V. C."
    /// (sixth trial: "L. V. C. (.").
    /// </summary>
    public static string PayerInitials(string payerName)
    {
        ArgumentNullException.ThrowIfNull(payerName);
        var name = new System.Text.StringBuilder();
        var depth = 0;
        foreach (var c in payerName.Normalize(System.Text.NormalizationForm.FormC))
        {
            if (c == '(') depth++;
            else if (c == ')' && depth > 0) depth--;
            else if (depth == 0) { name.Append(c); continue; }
            name.Append(' ');
        }
        return string.Join(' ', name.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Any(char.IsLetter)).Select(w => char.ToUpperInvariant(w.First(char.IsLetter)) + "."));
    }
}
