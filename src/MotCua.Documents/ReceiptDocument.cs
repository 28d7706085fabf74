using System.Globalization;
using MotCua.Domain.Calendar;
using MotCua.Domain.Receipts;

namespace MotCua.Documents;

/// <summary>An issued receipt as the A5 PDF prints it (docs/FEES.md "Biên lai and the fee register").</summary>
/// <param name="VerifyUrl">The absolute address of the public verification page (/xac-thuc/bien-lai/{token}), the QR's content.</param>
/// <param name="Cancellation">Non-null when the receipt is cancelled: it prints "ĐÃ HỦY" with what <see cref="ReceiptCancelled"/> allows.</param>
/// <param name="CollectorName">The accountant who collected, printed under "NGƯỜI THU TIỀN"; null when no person did (a
/// partner's callback), where <paramref name="CollectedThrough"/> and the unit's digital signature stand for the collector.</param>
/// <param name="CollectorTaxCode">The collecting unit's tax code as issued ("0100047516" or "0100047516-001",
/// <see cref="TaxCode"/>), printed under the unit's name; null when the unit has none.</param>
/// <param name="CollectedThrough">For money a payment partner reported (no human collector), the partner's title
/// ("VietinBank"); null otherwise.</param>
/// <param name="Replaces">For a replacement receipt, the line naming the receipt it replaces
/// (<see cref="ReceiptCancellation.ReplacesLine"/>); null otherwise.</param>
public sealed record FeeReceiptForm(
    Letterhead Letterhead, string FormNumber, string Series, int Number, string PayerName, string DossierCode,
    IReadOnlyList<ReceiptItem> Items, long AmountVnd, DateTimeOffset IssuedAt, string VerifyUrl, ReceiptCancelled? Cancellation,
    string? CollectorName = null, string? CollectorTaxCode = null, string? CollectedThrough = null, string? Replaces = null);

/// <summary>
/// A receipt's cancellation as a copy prints it: when (Vietnam date), the free-text reason, whether it was cancelled by a
/// full refund, and the number of the receipt that replaced it ("MC-26E-0000003"), or null. <see cref="PublicCopy"/>: the
/// copy for whoever holds the receipt's verification token (the payer, or anyone shown the QR), which prints the status,
/// the date and the replacement only, never the reason, which may name someone (as the verification page).
/// </summary>
public sealed record ReceiptCancelled(DateTimeOffset At, string Reason, bool RefundedInFull, string? Replacement, bool PublicCopy);

/// <summary>
/// The biên lai thu phí, lệ phí as an A5 PDF: the required content of Nghị định 123/2020/NĐ-CP Điều 32 as amended
/// (name, form number, series, number, collecting unit, payer, items, amount in figures and words, date) and a QR of the
/// verification page.
/// </summary>
public static class ReceiptDocument
{
    /// <summary>The receipt's PDF.</summary>
    /// <exception cref="ArgumentException">The receipt misses required content (<see cref="ReceiptContent.Problems"/>).</exception>
    public static byte[] Pdf(FeeReceiptForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var problems = ReceiptContent.Problems(new ReceiptDraft(
            form.FormNumber, form.Series, form.Number, form.Letterhead.UnitName, form.CollectorTaxCode, form.PayerName, form.Items, form.AmountVnd, form.IssuedAt));
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(form));

        var number = ReceiptNumbering.Printed(form.Number);
        using var c = FormCanvas.ForDossier(ReceiptContent.Title, form.DossierCode, form.Letterhead, form.IssuedAt);
        if (form.Cancellation is { } cancelled)
        {
            c.Paragraph([new Run("ĐÃ HỦY", TextStyle.Bold)], 16, TextAlign.Center, spaceAfter: 0);
            var when = "Hủy ngày " + VietnamTime.DateOf(cancelled.At).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
                + (cancelled.RefundedInFull ? ", do đã hoàn trả toàn bộ khoản tiền" : "")
                + (cancelled.Replacement is { } replacement ? $"; thay thế bằng biên lai số {replacement}" : "") + ".";
            c.Paragraph([new Run(when, TextStyle.Italic)], 8.5, TextAlign.Center, spaceAfter: cancelled.PublicCopy ? 6 : 0);
            if (!cancelled.PublicCopy) c.Paragraph([new Run("Lý do: " + cancelled.Reason, TextStyle.Italic)], 8.5, TextAlign.Center, spaceAfter: 6);
        }
        if (form.Replaces is { } replaces) c.Paragraph([new Run(replaces, TextStyle.Bold)], 9, TextAlign.Center, spaceAfter: 6);
        c.QrBlock(form.VerifyUrl, "Số " + ReceiptNumbering.Display(form.Series, form.Number), "Quét mã để xác thực biên lai");
        c.Field("Ký hiệu mẫu biên lai", form.FormNumber);
        c.Field("Ký hiệu biên lai", form.Series);
        c.Field("Số biên lai", number);
        c.Field("Đơn vị thu", form.Letterhead.UnitName);
        if (form.CollectorTaxCode is { } taxCode) c.Field("Mã số thuế", taxCode);
        c.Field("Người nộp", form.PayerName);
        c.ClearExclusion();
        // Third trial: the payer's line (a replacement's corrected name among them) touched the items' table below it.
        c.Space(6);
        c.Table(
            [new TableColumn("Khoản thu", 0, TextAlign.Left), new TableColumn("Loại", 48, TextAlign.Left), new TableColumn("Số tiền (đồng)", 72, TextAlign.Right)],
            [.. form.Items.Select(i => new[] { Sentence(i.Name), ReceiptContent.KindLabel(i.Kind), Money(i.AmountVnd) })]);
        c.Space(4);
        c.Field("Tổng số tiền", Money(form.AmountVnd) + " đồng");
        c.Field("Bằng chữ", AmountInWords.Dong(form.AmountVnd));
        c.Signatures(new SignatureBlock("NGƯỜI NỘP TIỀN", "(Ký, ghi rõ họ tên)", null), Collector(form));
        if (form.CollectorName is null)
            c.Paragraph([new Run(NoCollectorNote, TextStyle.Italic)], 7.5, TextAlign.Center, spaceAfter: 0);
        return c.Finish();
    }

    /// <summary>What an electronic receipt with no human collector says under the signatures (docs/FEES.md "Third trial
    /// fixes"): the collecting unit's digital signature on the file stands for the collector's, as Nghị định
    /// 123/2020/NĐ-CP as amended allows for an electronic receipt.</summary>
    public const string NoCollectorNote =
        "Biên lai điện tử do hệ thống lập tự động khi nhận thông báo thanh toán; chữ ký số của đơn vị thu trên tệp thay chữ ký người thu tiền "
        + "(Nghị định 123/2020/NĐ-CP, sửa đổi bởi Nghị định 70/2025/NĐ-CP).";

    // Under "NGƯỜI THU TIỀN": the accountant who confirmed the money, else the unit and the partner it came through.
    private static SignatureBlock Collector(FeeReceiptForm form) =>
        form.CollectorName is { } name ? new SignatureBlock("NGƯỜI THU TIỀN", "(Ký điện tử)", name)
        : new SignatureBlock("NGƯỜI THU TIỀN", "(Ký số của đơn vị thu)",
            form.Letterhead.UnitName + (form.CollectedThrough is { } partner ? $" – thu qua {partner}" : " – thu qua chuyển khoản"));

    // The catalogue writes some item names in lower case ("phí đổi thẻ …"); a table cell starts a sentence.
    private static string Sentence(string name) =>
        name.Length == 0 ? name : char.ToUpper(name[0], CultureInfo.GetCultureInfo("vi-VN")) + name[1..];

    private static string Money(long vnd) => vnd.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');
}
