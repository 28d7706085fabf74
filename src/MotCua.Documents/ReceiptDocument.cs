using System.Globalization;
using MotCua.Domain.Receipts;

namespace MotCua.Documents;

/// <summary>An issued receipt as the A5 PDF prints it (docs/FEES.md "Biên lai and the fee register").</summary>
/// <param name="VerifyUrl">The absolute address of the public verification page (/xac-thuc/bien-lai/{token}), the QR's content.</param>
/// <param name="CancelReason">Non-null when the receipt is cancelled: it prints "ĐÃ HỦY" with the reason.</param>
/// <param name="CollectorName">The accountant who collected, printed under "NGƯỜI THU TIỀN"; null when no person did (a
/// bank's callback), where the unit's electronic signature stands alone.</param>
/// <param name="CollectorTaxCode">The collecting unit's tax code as issued ("0100047516" or "0100047516-001",
/// <see cref="TaxCode"/>), printed under the unit's name; null when the unit has none.</param>
public sealed record FeeReceiptForm(
    Letterhead Letterhead, string FormNumber, string Series, int Number, string PayerName, string DossierCode,
    IReadOnlyList<ReceiptItem> Items, long AmountVnd, DateTimeOffset IssuedAt, string VerifyUrl, string? CancelReason,
    string? CollectorName = null, string? CollectorTaxCode = null);

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
        if (form.CancelReason is { } reason)
        {
            c.Paragraph([new Run("ĐÃ HỦY", TextStyle.Bold)], 16, TextAlign.Center, spaceAfter: 0);
            c.Paragraph([new Run("Lý do: " + reason, TextStyle.Italic)], 8.5, TextAlign.Center, spaceAfter: 6);
        }
        c.QrBlock(form.VerifyUrl, "Số " + ReceiptNumbering.Display(form.Series, form.Number), "Quét mã để xác thực biên lai");
        c.Field("Ký hiệu mẫu biên lai", form.FormNumber);
        c.Field("Ký hiệu biên lai", form.Series);
        c.Field("Số biên lai", number);
        c.Field("Đơn vị thu", form.Letterhead.UnitName);
        if (form.CollectorTaxCode is { } taxCode) c.Field("Mã số thuế", taxCode);
        c.Field("Người nộp", form.PayerName);
        c.ClearExclusion();
        c.Table(
            [new TableColumn("Khoản thu", 0, TextAlign.Left), new TableColumn("Loại", 48, TextAlign.Left), new TableColumn("Số tiền (đồng)", 72, TextAlign.Right)],
            [.. form.Items.Select(i => new[] { Sentence(i.Name), ReceiptContent.KindLabel(i.Kind), Money(i.AmountVnd) })]);
        c.Space(4);
        c.Field("Tổng số tiền", Money(form.AmountVnd) + " đồng");
        c.Field("Bằng chữ", AmountInWords.Dong(form.AmountVnd));
        c.Signatures(new SignatureBlock("NGƯỜI NỘP TIỀN", "(Ký, ghi rõ họ tên)", null), new SignatureBlock("NGƯỜI THU TIỀN", "(Ký điện tử)", form.CollectorName));
        return c.Finish();
    }

    // The catalogue writes some item names in lower case ("phí đổi thẻ …"); a table cell starts a sentence.
    private static string Sentence(string name) =>
        name.Length == 0 ? name : char.ToUpper(name[0], CultureInfo.GetCultureInfo("vi-VN")) + name[1..];

    private static string Money(long vnd) => vnd.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');
}
