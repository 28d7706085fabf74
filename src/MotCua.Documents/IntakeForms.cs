using static MotCua.Documents.VietnameseText;

namespace MotCua.Documents;

/// <summary>
/// The intake forms of the one-stop desk (TT 01/2018 numbering) as A5 portrait PDFs, in Vietnam time.
/// Thread-safe: each call builds its own document.
/// </summary>
public static class IntakeForms
{
    public const string ReceiptTitle = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ";
    public const string SupplementRequestTitle = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ";
    public const string RefusalTitle = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ";
    public const string QrCaption = "Quét mã để tra cứu tình trạng hồ sơ";

    /// <summary>Mẫu 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", with the lookup URL as a QR code.</summary>
    public static byte[] Receipt(ReceiptForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentException.ThrowIfNullOrWhiteSpace(form.DossierCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(form.LookupUrl);
        ArgumentNullException.ThrowIfNull(form.Documents);
        ArgumentOutOfRangeException.ThrowIfLessThan(form.Sets, 1);

        using var c = FormCanvas.ForDossier(ReceiptTitle, form.DossierCode, form.Letterhead, form.ReceivedAt);
        c.QrBlock(form.LookupUrl, form.DossierCode, QrCaption);

        c.Field("Tiếp nhận hồ sơ của", form.ApplicantName);
        ApplicantLines(c, form);
        c.Field("Địa chỉ", form.ApplicantAddress, valueStyle: TextStyle.Regular);
        c.Field("Số điện thoại", form.ApplicantPhone, valueStyle: TextStyle.Regular);
        if (!string.IsNullOrWhiteSpace(form.ApplicantEmail))
        {
            c.Field("Thư điện tử", form.ApplicantEmail, valueStyle: TextStyle.Regular);
        }
        c.Field("Hình thức nộp", ChannelName(form.Channel), valueStyle: TextStyle.Regular);
        c.ClearExclusion();
        c.Field("Nội dung yêu cầu giải quyết", Procedure(form.ProcedureName, form.ProcedureCode));
        c.Space(2);
        c.Paragraph([new Run("1. Thành phần hồ sơ nộp gồm:")], align: TextAlign.Left);
        var rows = form.Documents
            .Select((d, i) => new[] { (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), d.Name, Count(d.Originals), Count(d.Copies) })
            .ToList();
        c.Table(
            [
                new TableColumn("STT", 24, TextAlign.Center),
                new TableColumn("Tên giấy tờ", 0, TextAlign.Left),
                new TableColumn("Bản chính", 40, TextAlign.Center),
                new TableColumn("Bản sao", 36, TextAlign.Center),
            ],
            rows);

        c.Paragraph([new Run("2. Số lượng hồ sơ: "), new Run($"{Count(form.Sets)} bộ", TextStyle.Bold)], align: TextAlign.Left, spaceAfter: 1.5);
        var hasCondition = !string.IsNullOrWhiteSpace(form.TimeLimitCondition);
        c.Paragraph([new Run("3. Thời gian giải quyết hồ sơ theo quy định: "), new Run(form.TimeLimitText, TextStyle.Bold)],
            align: TextAlign.Left, spaceAfter: hasCondition ? 0.5 : 1.5);
        if (hasCondition)
        {
            c.Paragraph([new Run("(Áp dụng trường hợp: " + form.TimeLimitCondition!.Trim().TrimEnd('.') + ")", TextStyle.Italic)], size: 8.5, align: TextAlign.Left, indent: 12);
        }
        // Received at this point for another agency: both starts, and which one the time limit counts from.
        var twoStarts = form.CompetentReceivedAt is { } competent && competent != form.ReceivedAt;
        c.Paragraph([new Run("4. Thời gian nhận hồ sơ: "), new Run(ShortTime(form.ReceivedAt), TextStyle.Bold)], align: TextAlign.Left, spaceAfter: twoStarts ? 0.5 : 1.5);
        if (twoStarts)
        {
            c.Paragraph(
                [
                    new Run("Cơ quan có thẩm quyền nhận hồ sơ: "), new Run(ShortTime(form.CompetentReceivedAt!.Value), TextStyle.Bold),
                    new Run(" (thời hạn giải quyết tính từ thời điểm này)", TextStyle.Italic),
                ],
                align: TextAlign.Left, indent: 12, spaceAfter: 1.5);
        }
        c.Paragraph([new Run("5. Thời gian trả kết quả giải quyết hồ sơ: "), new Run(LongTime(form.DueAt), TextStyle.Bold)],
            align: TextAlign.Left, hanging: 12, spaceAfter: string.IsNullOrWhiteSpace(form.DueDateExplanation) ? 1.5 : 0.5);
        if (!string.IsNullOrWhiteSpace(form.DueDateExplanation))
        {
            var explanation = form.DueDateExplanation.Trim();
            explanation = explanation.StartsWith('(') ? explanation : $"({explanation})";
            c.Paragraph([new Run(explanation, TextStyle.Italic)], size: 8.5, align: TextAlign.Left, indent: 12);
        }
        c.Paragraph([new Run("6. Đăng ký nhận kết quả tại: "), new Run(form.ResultCollectionPlace)], align: TextAlign.Left, hanging: 12, spaceAfter: 1.5);
        c.Paragraph(
            [
                new Run("Vào Sổ theo dõi hồ sơ, Quyển số: "), new Run(form.RegisterBook, TextStyle.Bold),
                new Run(", Số thứ tự: "), new Run(form.RegisterLine.ToString(System.Globalization.CultureInfo.InvariantCulture), TextStyle.Bold),
            ],
            align: TextAlign.Left);

        c.Signatures(
            new SignatureBlock("Người nộp hồ sơ", "(Ký và ghi rõ họ tên)", form.ApplicantName),
            new SignatureBlock("Người tiếp nhận hồ sơ", "(Ký và ghi rõ họ tên)", form.ReceivingOfficerName));
        return c.Finish();
    }

    // Who the applicant is, for an organisation as much as a person: the kind, the identifier and the representative.
    private static void ApplicantLines(FormCanvas c, DeskForm form)
    {
        if (!string.IsNullOrWhiteSpace(form.ApplicantKind)) c.Field("Loại người nộp", form.ApplicantKind, valueStyle: TextStyle.Regular);
        if (form.ApplicantIdentifier is { Value.Length: > 0 } id) c.Field(id.Label, id.Value, valueStyle: TextStyle.Regular);
        if (!string.IsNullOrWhiteSpace(form.ApplicantRepresentative)) c.Field("Người đại diện", form.ApplicantRepresentative, valueStyle: TextStyle.Regular);
    }

    /// <summary>Mẫu 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ": every missing item with its reason, once and in full.</summary>
    public static byte[] SupplementRequest(SupplementRequestForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(form.Items);
        if (form.Items.Count == 0)
        {
            throw new ArgumentException("A supplement request lists at least one item.", nameof(form));
        }

        using var c = FormCanvas.ForDossier(SupplementRequestTitle, form.DossierCode, form.Letterhead, form.IssuedAt);

        c.Field("Hồ sơ của", form.ApplicantName);
        ApplicantLines(c, form);
        c.Field("Nội dung yêu cầu giải quyết", Procedure(form.ProcedureName, form.ProcedureCode));
        c.Space(2);
        c.Paragraph([new Run($"Ngày {Date(form.ReceivedAt)}, cơ quan chúng tôi đã tiếp nhận hồ sơ của ông/bà. " +
            "Sau khi xem xét, đối chiếu với quy định, hồ sơ chưa đầy đủ, hợp lệ. " +
            "Đề nghị ông/bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:")]);
        // Numbers in a slot as wide as the widest one, so every item's text lines up.
        var numberWidth = c.Measure($"{form.Items.Count}. ", TextStyle.Bold, FormCanvas.BodySize) + 1;
        for (var i = 0; i < form.Items.Count; i++)
        {
            var item = form.Items[i];
            Run[] missing = [new Run(item.Document, TextStyle.Bold)];
            Run[] reason = [new Run("Lý do: ", TextStyle.Italic), new Run(item.Reason)];
            const double indent = 8;
            c.EnsureSpace(c.MeasureParagraph(missing, indent: indent + numberWidth, spaceAfter: 0.5)
                + c.MeasureParagraph(reason, indent: indent + numberWidth, spaceAfter: 0));
            c.Paragraph(missing, align: TextAlign.Left, indent: indent, spaceAfter: 0.5,
                label: new Run($"{i + 1}.", TextStyle.Bold), labelWidth: numberWidth);
            c.Paragraph(reason, indent: indent + numberWidth, spaceAfter: 3);
        }
        c.Paragraph(
            [
                new Run("Hồ sơ được yêu cầu bổ sung một lần, đầy đủ", TextStyle.BoldItalic),
                new Run(" theo quy định; ngoài các nội dung nêu trên, cơ quan tiếp nhận không yêu cầu bổ sung thêm giấy tờ nào khác.", TextStyle.Italic),
            ]);
        c.Paragraph(
            [
                new Run("Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ với "),
                new Run(form.ContactOfficerName, TextStyle.Bold), new Run(", số điện thoại "),
                new Run(form.ContactOfficerPhone, TextStyle.Bold), new Run(" để được hướng dẫn."),
            ]);
        c.Paragraph([new Run("Xin trân trọng cảm ơn./.")], align: TextAlign.Left);

        c.Signatures(new SignatureBlock("Người hướng dẫn", "(Ký và ghi rõ họ tên)", form.OfficerName));
        return c.Finish();
    }

    /// <summary>Mẫu 03 "Phiếu từ chối tiếp nhận giải quyết hồ sơ": reason and legal basis.</summary>
    public static byte[] Refusal(RefusalForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentException.ThrowIfNullOrWhiteSpace(form.Reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(form.LegalBasis);

        using var c = FormCanvas.ForDossier(RefusalTitle, form.DossierCode, form.Letterhead, form.IssuedAt);

        c.Field("Tiếp nhận hồ sơ của", form.ApplicantName);
        ApplicantLines(c, form);
        if (!string.IsNullOrWhiteSpace(form.ApplicantAddress))
        {
            c.Field("Địa chỉ", form.ApplicantAddress, valueStyle: TextStyle.Regular);
        }
        c.Field("Nội dung yêu cầu giải quyết", Procedure(form.ProcedureName, form.ProcedureCode));
        if (form.ReceivedAt is { } received)
        {
            c.Field("Thời gian nhận hồ sơ", ShortTime(received), valueStyle: TextStyle.Regular);
        }
        c.Space(2);
        c.Paragraph(
            [
                new Run("Căn cứ quy định tại "), new Run(form.LegalBasis.Trim(), TextStyle.Bold),
                new Run(", cơ quan tiếp nhận từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"),
            ]);
        c.Paragraph([new Run(form.Reason.Trim())], indent: 8);
        c.Paragraph([new Run("Xin thông báo cho ông/bà được biết và thực hiện./.")], align: TextAlign.Left);

        c.Signatures(new SignatureBlock("Người tiếp nhận hồ sơ", "(Ký và ghi rõ họ tên)", form.OfficerName));
        return c.Finish();
    }
}
