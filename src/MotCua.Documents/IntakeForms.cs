using System.Globalization;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using MotCua.Domain.Payments;
using static MotCua.Documents.VietnameseText;

namespace MotCua.Documents;

/// <summary>
/// The intake forms of the one-stop desk, Mẫu số 01, 02 and 03 of Thông tư 03/2025/TT-VPCP Phụ lục I (wording of
/// Thông tư 01/2018/TT-VPCP plus the 2025 additions, as docs/FORMS.md §4 gives them field by field), as A5 portrait
/// PDFs in Vietnam time. Every label a form prints is in that form's list (<see cref="ReceiptLabels"/>,
/// <see cref="SupplementRequestLabels"/>, <see cref="RefusalLabels"/>), so the check against the official annex edits
/// one line. Thread-safe: each call builds its own document.
/// </summary>
public static class IntakeForms
{
    /// <summary>A label as a form prints it, up to and including its colon, with its basis in docs/FORMS.md §1: V
    /// (verified), V-list, I (two implementations), I1 (one implementation: provisional), R (reported by issue 11:
    /// provisional), M (recollection: provisional), — (MotCua's own wording). <paramref name="Always"/> is false for a
    /// label printed only when its value exists (the person submitting for the applicant, the dossier code of a notice).</summary>
    public sealed record Label(string Text, string Basis, bool Always = true);

    public const string ReceiptTitle = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ";
    public const string SupplementRequestTitle = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ";
    public const string RefusalTitle = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ";
    public const string QrCaption = "Quét mã để tra cứu tình trạng hồ sơ";

    // Labels shared by the three forms (docs/FORMS.md §4.1 items 7, 9, 12–16; §4.2 items 8–11; §4.3 items 7–12).
    private const string NumberLabel = "Số:";
    private const string CodeLabel = "Mã hồ sơ:";
    // The 2018 forms print "Bộ phận tiếp nhận và trả kết quả:"; Nghị định 118/2025 names that unit "Bộ phận Một cửa"
    // (a commune's unit or the provincial Trung tâm Phục vụ hành chính công). The value is the receiving unit's own name.
    private const string UnitLabel = "Bộ phận Một cửa:";
    private const string ReceivedFromLabel = "Tiếp nhận hồ sơ của:";
    private const string SubmitterLabel = "Người nộp:";
    private const string AddressLabel = "Địa chỉ:";
    private const string PhoneLabel = "Số điện thoại:";
    private const string EmailLabel = "Email:";
    private const string RequestLabel = "Nội dung yêu cầu giải quyết:";
    private const string ReceivedAtLabel = "Thời gian nhận hồ sơ:";
    private const string SignHere = "(Ký và ghi rõ họ tên)";
    private const string Blank = "………………………";

    // Mẫu 01 (docs/FORMS.md §4.1).
    private const string DocumentsLabel = "1. Thành phần hồ sơ nộp gồm:";
    private const string NumberColumn = "TT";
    private const string NameColumn = "Tên giấy tờ";
    private const string FormColumn = "Hình thức (bản chính, bản sao hoặc bản chụp)";
    private const string NoteColumn = "Ghi chú";
    private const string SetsLabel = "2. Số lượng hồ sơ:";
    private const string TimeLimitLabel = "3. Thời gian giải quyết hồ sơ theo quy định là:";
    private const string ReceivedLabel = "4. Thời gian nhận hồ sơ:";
    private const string DueLabel = "5. Thời gian trả kết quả giải quyết hồ sơ:";
    private const string ReturnPlaceLabel = "6. Đăng ký nhận kết quả tại:";
    private const string BookLabel = "Vào Sổ theo dõi hồ sơ, Quyển số:";
    private const string LineLabel = "Số thứ tự:";
    private const string SubmitterSigns = "NGƯỜI NỘP HỒ SƠ";
    private const string ReceiverSigns = "NGƯỜI TIẾP NHẬN HỒ SƠ";
    private const string NotesLabel = "Ghi chú:";

    // Mẫu 02 (docs/FORMS.md §4.2).
    private const string DossierOfLabel = "Hồ sơ của:";
    private const string ItemsLabel = "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:";
    private const string ReasonLabel = "Lý do:";
    private const string ContactOpening = "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông (bà) liên hệ với";
    private const string ContactPhone = "số điện thoại";
    private const string ContactClosing = "để được hướng dẫn./.";
    private const string AdviserSigns = "NGƯỜI HƯỚNG DẪN";

    // Mẫu 03 (docs/FORMS.md §4.3).
    private const string ReviewOpening = "Qua xem xét,";
    private const string ReviewClosing = "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:";
    private const string RefusalClosing = "Xin thông báo cho Ông/Bà được biết và thực hiện./.";

    /// <summary>
    /// Mẫu 01's labels in printed order from the number under the unit's name (docs/FORMS.md §4.1; the number is printed
    /// once the form is issued, <see cref="DeskForm.Number"/>). The identifier's label depends on
    /// the applicant's kind (<see cref="ApplicantIdentity.IdentifierLabel"/>) and is printed between
    /// "Tiếp nhận hồ sơ của:" and "Người nộp:"/"Địa chỉ:"; MotCua's own notes come after the signatures.
    /// </summary>
    public static readonly IReadOnlyList<Label> ReceiptLabels =
    [
        new(NumberLabel, "V (Nghị định 30/2020 ô 3)", Always: false),
        new(ReceiptTitle, "V-list"),
        new(CodeLabel, "I"),
        new(UnitLabel, "I (2018 label) + R (2025 unit name): provisional"),
        new(ReceivedFromLabel, "I"),
        new(SubmitterLabel, "R, I1: provisional", Always: false),
        new(AddressLabel, "I"),
        new(PhoneLabel, "I"),
        new(EmailLabel, "I"),
        new(RequestLabel, "I"),
        new(DocumentsLabel, "I"),
        new(NumberColumn, "I1: provisional"),
        new(NameColumn, "I1: provisional"),
        new(FormColumn, "I1: provisional"),
        new(NoteColumn, "I1: provisional"),
        new(SetsLabel, "I"),
        new(TimeLimitLabel, "I"),
        new(ReceivedLabel, "I"),
        new(DueLabel, "I"),
        new(ReturnPlaceLabel, "I"),
        new(BookLabel, "I"),
        new(LineLabel, "I"),
        new(SubmitterSigns, "I"),
        new(ReceiverSigns, "I"),
        new(SignHere, "I"),
        new(NotesLabel, "— (MotCua's notes, below the official items)", Always: false),
    ];

    /// <summary>Mẫu 02's labels in printed order (docs/FORMS.md §4.2); "Mã hồ sơ:" and "Thời gian nhận hồ sơ:" only on a
    /// notice issued for a dossier (during appraisal), never at the desk.</summary>
    public static readonly IReadOnlyList<Label> SupplementRequestLabels =
    [
        new(NumberLabel, "V (Nghị định 30/2020 ô 3)", Always: false),
        new(SupplementRequestTitle, "V-list"),
        new(CodeLabel, "—: the notice names its dossier", Always: false),
        new(DossierOfLabel, "M: provisional"),
        new(SubmitterLabel, "R: provisional", Always: false),
        new(RequestLabel, "I1 + M: provisional"),
        new(AddressLabel, "I1 + M: provisional"),
        new(PhoneLabel, "I1 + M: provisional"),
        new(EmailLabel, "I1 + M: provisional"),
        new(ReceivedAtLabel, "—: the dossier's receipt, not the notice's date", Always: false),
        new(ItemsLabel, "M: provisional"),
        new(ReasonLabel, "I1 + M: provisional"),
        new(ContactOpening, "I1 + M: provisional"),
        new(ContactPhone, "I1 + M: provisional"),
        new(ContactClosing, "I1 + M: provisional"),
        new(AdviserSigns, "I"),
        new(SignHere, "I"),
    ];

    /// <summary>Mẫu 03's labels in printed order (docs/FORMS.md §4.3).</summary>
    public static readonly IReadOnlyList<Label> RefusalLabels =
    [
        new(NumberLabel, "V (Nghị định 30/2020 ô 3)", Always: false),
        new(RefusalTitle, "V-list"),
        new(UnitLabel, "I1 + M (2018 label) + R (2025 unit name): provisional"),
        new(ReceivedFromLabel, "I1: provisional"),
        new(SubmitterLabel, "R: provisional", Always: false),
        new(AddressLabel, "I1: provisional"),
        new(PhoneLabel, "I1: provisional"),
        new(EmailLabel, "I1: provisional"),
        new(RequestLabel, "I1: provisional"),
        new(ReceivedAtLabel, "—: below item 12, harmless", Always: false),
        new(ReviewOpening, "I1 + M: provisional"),
        new(ReviewClosing, "I1 + M: provisional"),
        new(RefusalClosing, "I1: provisional"),
        new(ReceiverSigns, "I1: provisional"),
        new(SignHere, "I1: provisional"),
    ];

    /// <summary>
    /// Mẫu 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả": the official items in their order; beside them the lookup URL
    /// as a QR code with the channel under it; under the signatures MotCua's notes (the case
    /// of the time limit, the competent agency's own receipt, the days not counted), when there are any, and the VietQR
    /// of the fee to pay. On one A4 page whenever it can be (trial of issue 14: 1.003135 and 2.000438 ran to two or three
    /// pages, the payment block alone on the last): the most readable of <see cref="ReceiptLayouts"/> that fits one page;
    /// when none does, the most compact, whose last document row, last items, signatures and payment block stay together.
    /// </summary>
    /// <exception cref="ArgumentException">No dossier code, lookup URL or documents, or fewer than one set.</exception>
    public static byte[] Receipt(ReceiptForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentException.ThrowIfNullOrWhiteSpace(form.DossierCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(form.LookupUrl);
        ArgumentNullException.ThrowIfNull(form.Documents);
        ArgumentOutOfRangeException.ThrowIfLessThan(form.Sets, 1);

        foreach (var layout in ReceiptLayouts)
        {
            using var c = Receipt(form, layout);
            if (c.PageCount == 1) return c.Finish();
        }
        using var over = Receipt(form, OverPages);
        return over.Finish();
    }

    // From the most readable to the most compact. Readable: A4 with the A5 layout enlarged 1.1 times (9 pt prints 9.9 pt),
    // documents at 8 pt. Compact: the layout at its own size (some 21 % more room), documents at 7.5 pt. Condensed: documents
    // at 7 pt, each name cut at a word after 200 characters with "…": the slip identifies each paper, the dossier keeps
    // its full name (2.000438 lists ten documents of up to 900 characters each, copied from the catalogue). Dense: 6.8 pt,
    // names cut after 80 characters, one line each (13 to 18 long documents: 1.004979, 1.013216, 2.000438).
    // Two columns (third trial: 2.000438 received at the desk with all 18 of its documents ran to two pages, the first a
    // third empty): the documents in two tables side by side, the rows of each half as long, so the list takes about half
    // the height; first with names cut after 70 characters (two lines in a half), then after 42 (one line).
    // Over pages: a slip that fits none keeps the dense layout, its last row and tail together.
    private sealed record ReceiptLayout(PageFormat Format, TableStyle DocumentStyle, int? NameLength, bool SideBySide = false);

    private static readonly ReceiptLayout[] ReceiptLayouts =
    [
        new(PageFormat.A4Form, new TableStyle(Size: 8, Padding: 2), null),
        new(PageFormat.A4Compact, new TableStyle(Size: 7.5, Padding: 1.5), null),
        new(PageFormat.A4Compact, new TableStyle(Size: 7, Padding: 1.2), 200),
        new(PageFormat.A4Compact, new TableStyle(Size: 6.8, Padding: 1), 80),
        new(PageFormat.A4Compact, new TableStyle(Size: 6.5, Padding: 0.8), 70, SideBySide: true),
        new(PageFormat.A4Compact, new TableStyle(Size: 6.5, Padding: 0.8), 42, SideBySide: true),
    ];

    private static readonly ReceiptLayout OverPages = ReceiptLayouts[3];

    private static FormCanvas Receipt(ReceiptForm form, ReceiptLayout layout)
    {
        // A4 as the official form (Nghị định 30/2020/NĐ-CP: "Khổ A4"): the VietQR block then fits on the one page beside
        // the official items (docs/FEES.md "The VietQR on Mẫu 01").
        var c = FormCanvas.ForDossier(ReceiptTitle, form.DossierCode, form.Letterhead, form.ReceivedAt, form.Number, layout.Format, form.PortalCode);
        try
        {
            // MotCua's own lines that are not on the form go beside the official ones, never between them: the channel
            // under the QR code, the rest below the signatures (ReceiptNotes). The kind of applicant is not printed: the
            // identifier's label already says it ("Số định danh cá nhân", "Mã số doanh nghiệp", …).
            c.QrBlock(form.LookupUrl, form.DossierCode, $"{QrCaption}\nHình thức nộp: {form.Channel.Vietnamese()}");

            Line(c, UnitLabel, form.Letterhead.UnitName);
            Identity(c, ReceivedFromLabel, form.Applicant);
            Contact(c, form.Applicant);
            // A procedure's name is long: at full width under the QR code rather than squeezed beside its last line.
            c.ClearExclusion();
            Line(c, RequestLabel, Procedure(form.ProcedureName, form.ProcedureCode));
            c.Space(2);
            c.Paragraph([new Run(DocumentsLabel)], align: TextAlign.Left);
            // The columns of FORMS.md §4.1 item 18 (I1, the Hạ Long copy): the form of each paper in words, from the
            // counts the desk recorded, rather than MotCua's former count columns, so the table reads as the annex's does.
            var rows = form.Documents
                .Select((d, i) => new[] { (i + 1).ToString(CultureInfo.InvariantCulture), Shortened(d.Name, layout.NameLength) + Reuse(d), PaperForm(d), "" })
                .ToList();
            // Side by side, each half keeps the annex's four columns, narrower; when the halves do not fit below, one
            // table that runs over (this layout is then not taken).
            var sideBySide = layout.SideBySide && c.TableSideBySide(
                [
                    new TableColumn(NumberColumn, 14, TextAlign.Center),
                    new TableColumn(NameColumn, 0, TextAlign.Left),
                    new TableColumn(FormColumn, 58, TextAlign.Center),
                    new TableColumn(NoteColumn, 24, TextAlign.Center),
                ],
                rows, layout.DocumentStyle with { MiddleAligned = true });
            if (!sideBySide)
            {
                c.Table(
                    [
                        new TableColumn(NumberColumn, 22, TextAlign.Center),
                        new TableColumn(NameColumn, 0, TextAlign.Left),
                        new TableColumn(FormColumn, 104, TextAlign.Center),
                        new TableColumn(NoteColumn, 38, TextAlign.Center),
                    ],
                    rows, layout.DocumentStyle, keepWithLast: TailHeight(form, layout.Format));
            }
            Tail(c, form);
            return c;
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    // Everything after the documents: items 2 to 6, the register line, the signatures, the notes and the payment block.
    private static void Tail(FormCanvas c, ReceiptForm form)
    {
        Item(c, SetsLabel, $"{Count(form.Sets)} (bộ)");
        Item(c, TimeLimitLabel, form.TimeLimitText);
        Item(c, ReceivedLabel, HourMinuteDate(form.ReceivedAt));
        Item(c, DueLabel, HourMinuteDate(form.DueAt));
        Item(c, ReturnPlaceLabel, form.ResultCollectionPlace);
        c.Paragraph(
            [
                new Run(BookLabel + " "), new Run(form.RegisterBook, TextStyle.Bold),
                new Run(", " + LineLabel + " "), new Run(form.RegisterLine.ToString(CultureInfo.InvariantCulture), TextStyle.Bold),
            ],
            align: TextAlign.Left);

        c.Signatures(
            new SignatureBlock(SubmitterSigns, SignHere, form.Applicant.Submitter ?? form.Applicant.Name),
            new SignatureBlock(ReceiverSigns, SignHere, form.ReceivingOfficerName));

        ReceiptNotes(c, form);
        if (form.Payment is { } payment) PaymentBlock(c, payment, form.PaymentLines);
        // Seventh round fixes: an exempted dossier, or one whose fee could not be read, said nothing of fees.
        if (form.FeeNote is var (label, text))
        {
            Run[] runs = [new Run(label + " ", TextStyle.Bold), new Run(text)];
            c.EnsureSpace(c.MeasureParagraph(runs, 9, spaceAfter: 1) + 4);
            c.Space(4);
            c.Paragraph(runs, 9, TextAlign.Left, spaceAfter: 1);
        }
        if (form.Rating is { } rating) RatingBlock(c, rating);
    }

    // Issue 17: the rating token and a QR of the rating page, last and below everything official (like the payment
    // block), kept whole on one page; the token alone lets the applicant rate, so it is printed, never shown elsewhere.
    private static void RatingBlock(FormCanvas c, RatingInvite rating)
    {
        List<Run[]> lines =
        [
            [new Run("Mã đánh giá: ", TextStyle.Bold), new Run(rating.Token, TextStyle.Bold)],
            [new Run("Sau khi nhận kết quả, ông/bà có thể đánh giá việc giải quyết hồ sơ bằng cách quét mã, tại ki-ốt hoặc trên trang tra cứu (nhập mã hồ sơ và mã đánh giá). Ý kiến đánh giá được giữ kín.")],
        ];
        const double size = 9;
        // Mẫu 01 stays one page (ReceiptPageCountTests): the QR only where it fits, else the token on one line, else nothing
        // (a slip full of documents, 1.012787): the token also reaches the applicant with the result (RatingPlanner).
        if (c.Fits(Math.Max(100, lines.Sum(l => c.MeasureParagraph(l, size, indent: 120, spaceAfter: 1))) + 6))
        {
            c.Space(6);
            c.QrBlock(rating.Url, rating.Token, "Quét mã để đánh giá");
            foreach (var line in lines) c.Paragraph(line, size, TextAlign.Left, spaceAfter: 1);
            c.ClearExclusion();
            return;
        }
        Run[] brief = [new Run("Mã đánh giá: ", TextStyle.Bold), new Run(rating.Token, TextStyle.Bold), new Run(" (đánh giá trên trang tra cứu sau khi nhận kết quả)")];
        if (c.Fits(c.MeasureParagraph(brief, size, spaceAfter: 1) + 2))
        {
            c.Space(2);
            c.Paragraph(brief, size, TextAlign.Left, spaceAfter: 1);
        }
    }

    // The tail's height, drawn on a page of its own that is thrown away, plus the 4 points the table leaves below it and
    // what the signatures and the payment block ask of the page beyond what they draw (EnsureSpace's room for the QR
    // block and the signing space): without it a slip just short of that room put the payment alone on a page (1.013216).
    // The rating block is left out: it takes only the room left (RatingBlock), never a page of its own.
    private static double TailHeight(ReceiptForm form, PageFormat format)
    {
        using var scratch = new FormCanvas("", null, null, format);
        var top = scratch.Y;
        Tail(scratch, form with { Rating = null });
        return scratch.PageCount == 1 ? scratch.Y - top + 4 + 24 : 0;
    }

    // A document's name cut at a word after <paramref name="length"/> characters, with "…"; whole when null or short.
    private static string Shortened(string name, int? length)
    {
        var text = VietnameseText.Nfc(name).Trim();
        if (length is not { } max || text.Length <= max) return text;
        var cut = text.LastIndexOf(' ', max);
        return text[..(cut > max / 2 ? cut : max)].TrimEnd(' ', ',', ';', ':') + "…";
    }

    /// <summary>Most item lines printed under Mẫu 01's fee total (<see cref="ReceiptForm.PaymentLines"/>); beyond them the
    /// last line counts the rest, so the slip stays one page.</summary>
    public const int MaxPaymentLines = 4;

    // Issue 14: the VietQR of the open payment request, below everything official (like the notes), so a bank app pays
    // the exact amount with the purpose carrying the dossier code; beside it, what a payer types by hand without the app:
    // the bank, the account number and name, the amount and the purpose. The block is kept whole on one page.
    private static void PaymentBlock(FormCanvas c, PaymentQr payment, IReadOnlyList<string> items)
    {
        // Eighth trial: every item is named (a case's qualifier, each of several items), within the page: at most
        // MaxPaymentLines lines, the rest counted on the last.
        var shown = items.Count <= MaxPaymentLines ? items
            : [.. items.Take(MaxPaymentLines - 1), $"và {items.Count - MaxPaymentLines + 1} khoản khác (xem trang tra cứu hồ sơ)"];
        var read = VietQr.TryParse(payment.VietQr, out var error)
            ?? throw new ArgumentException($"The payment request's VietQR does not parse: {error}", nameof(payment));
        var bank = BankDirectory.Default.Find(read.BankBin);
        var amount = Vnd(payment.AmountVnd);
        List<Run[]> lines =
        [
            // Tenth trial, finding 3: after a part-payment the slip asks what is still owed and says what was paid.
            payment.PaidVnd > 0
                ? [new Run("Còn phải nộp phí, lệ phí: ", TextStyle.Bold), new Run(amount),
                    new Run($" (đã nộp {Vnd(payment.PaidVnd)} của {Vnd(payment.AmountVnd + payment.PaidVnd)})")]
                : [new Run("Nộp phí, lệ phí: ", TextStyle.Bold), new Run(amount)],
            // Sixth trial: a total of 12.000.000 đồng alone did not say it was two aircraft at 6.000.000 đồng each.
            .. shown.Select(line => (Run[])[new Run("– " + line)]),
            [new Run("Ngân hàng: ", TextStyle.Bold), new Run(bank is null ? $"BIN {read.BankBin}" : $"{bank.ShortName} ({bank.Name})")],
            [new Run("Số tài khoản: ", TextStyle.Bold), new Run(read.AccountNumber)],
        ];
        if (!string.IsNullOrWhiteSpace(payment.AccountName)) lines.Add([new Run("Tên tài khoản: ", TextStyle.Bold), new Run(payment.AccountName.Trim())]);
        lines.Add([new Run("Nội dung chuyển khoản: ", TextStyle.Bold), new Run(payment.Purpose)]);
        // The QR block is some 95 points high and the lines wrap beside it: room for both, or a new page for both.
        const double size = 9;
        c.EnsureSpace(Math.Max(100, lines.Sum(l => c.MeasureParagraph(l, size, indent: 120, spaceAfter: 1))) + 6);
        c.Space(6);
        c.QrBlock(payment.VietQr, amount, "Quét mã VietQR bằng ứng dụng ngân hàng để nộp phí, lệ phí");
        foreach (var line in lines) c.Paragraph(line, size, TextAlign.Left, spaceAfter: 1);
        c.ClearExclusion();
    }

    private static string Vnd(long amount) => amount.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.') + " đồng";

    // MotCua's own lines, none of them on the official form: below it, so a reader comparing the numbered items with the
    // annex finds nothing between them (docs/FORMS.md §4.1, last paragraph).
    private static void ReceiptNotes(FormCanvas c, ReceiptForm form)
    {
        List<string> notes = [];
        if (!string.IsNullOrWhiteSpace(form.TimeLimitCondition))
        {
            notes.Add($"Thời gian giải quyết tại mục 3 áp dụng trường hợp: {form.TimeLimitCondition.Trim().TrimEnd('.')}.");
        }
        // Received at this point for another agency: the time limit counts from the competent agency's receipt.
        if (form.CompetentReceivedAt is { } competent && competent != form.ReceivedAt)
        {
            notes.Add($"Cơ quan có thẩm quyền nhận hồ sơ lúc {HourMinuteDate(competent)}; thời hạn giải quyết tính từ thời điểm này.");
        }
        if (!string.IsNullOrWhiteSpace(form.DueDateExplanation))
        {
            notes.Add($"Thời gian trả kết quả tại mục 5 đã trừ ngày nghỉ ({form.DueDateExplanation.Trim().Trim('(', ')')}).");
        }
        if (notes.Count == 0)
        {
            return;
        }
        // One small paragraph: the official items above keep the page, the notes take what is left.
        const double size = 7;
        Run[] runs = [new Run(NotesLabel + " ", TextStyle.BoldItalic), new Run(string.Join(" ", notes), TextStyle.Italic)];
        c.EnsureSpace(c.MeasureParagraph(runs, size, spaceAfter: 0));
        c.Paragraph(runs, size: size, spaceAfter: 0);
    }

    /// <summary>
    /// Mẫu 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ": every missing item with its reason, once and in full. A notice
    /// for a dossier prints its code and its receipt; one handed out at the desk (no dossier) prints neither.
    /// </summary>
    /// <exception cref="ArgumentException">No items.</exception>
    public static byte[] SupplementRequest(SupplementRequestForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(form.Items);
        if (form.Items.Count == 0)
        {
            throw new ArgumentException("A supplement request lists at least one item.", nameof(form));
        }

        using var c = FormCanvas.ForDossier(SupplementRequestTitle, form.DossierCode, form.Letterhead, form.IssuedAt, form.Number, portalCode: form.PortalCode);

        Identity(c, DossierOfLabel, form.Applicant);
        Line(c, RequestLabel, Procedure(form.ProcedureName, form.ProcedureCode));
        Contact(c, form.Applicant);
        if (form.ReceivedAt is { } received)
        {
            Line(c, ReceivedAtLabel, HourMinuteDate(received), TextStyle.Regular);
        }
        c.Space(2);
        c.Paragraph([new Run(ItemsLabel)], align: TextAlign.Left);
        // Numbers in a slot as wide as the widest one, so every item's text lines up.
        var numberWidth = c.Measure($"{form.Items.Count}. ", TextStyle.Bold, FormCanvas.BodySize) + 1;
        for (var i = 0; i < form.Items.Count; i++)
        {
            var item = form.Items[i];
            Run[] missing = [new Run(item.Document, TextStyle.Bold)];
            Run[] reason = [new Run(ReasonLabel + " ", TextStyle.Italic), new Run(item.Reason)];
            const double indent = 8;
            c.EnsureSpace(c.MeasureParagraph(missing, indent: indent + numberWidth, spaceAfter: 0.5)
                + c.MeasureParagraph(reason, indent: indent + numberWidth, spaceAfter: 0));
            c.Paragraph(missing, align: TextAlign.Left, indent: indent, spaceAfter: 0.5,
                label: new Run($"{i + 1}.", TextStyle.Bold), labelWidth: numberWidth);
            c.Paragraph(reason, indent: indent + numberWidth, spaceAfter: 3);
        }
        // Not on the form: the law's rule (once and in full), which the applicant may hold the unit to.
        c.Paragraph(
            [
                new Run("Hồ sơ được yêu cầu bổ sung một lần, đầy đủ", TextStyle.BoldItalic),
                new Run(" theo quy định; ngoài các nội dung nêu trên, cơ quan tiếp nhận không yêu cầu bổ sung thêm giấy tờ nào khác.", TextStyle.Italic),
            ]);
        c.Paragraph(
            [
                new Run(ContactOpening + " "), new Run(form.ContactOfficerName, TextStyle.Bold), new Run(" " + ContactPhone + " "),
                new Run(form.ContactOfficerPhone, TextStyle.Bold), new Run(" " + ContactClosing),
            ]);

        c.Signatures(new SignatureBlock(AdviserSigns, SignHere, form.OfficerName));
        return c.Finish();
    }

    /// <summary>Mẫu 03 "Phiếu từ chối tiếp nhận giải quyết hồ sơ": the unit's review, the reason with its legal basis.</summary>
    /// <exception cref="ArgumentException">No reason or no legal basis.</exception>
    public static byte[] Refusal(RefusalForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentException.ThrowIfNullOrWhiteSpace(form.Reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(form.LegalBasis);

        using var c = FormCanvas.ForDossier(RefusalTitle, form.DossierCode, form.Letterhead, form.IssuedAt, form.Number, portalCode: form.PortalCode);

        Line(c, UnitLabel, form.Letterhead.UnitName);
        Identity(c, ReceivedFromLabel, form.Applicant);
        Contact(c, form.Applicant);
        Line(c, RequestLabel, Procedure(form.ProcedureName, form.ProcedureCode));
        if (form.ReceivedAt is { } received)
        {
            Line(c, ReceivedAtLabel, HourMinuteDate(received), TextStyle.Regular);
        }
        c.Space(2);
        c.Paragraph([new Run($"{ReviewOpening} {form.Letterhead.UnitName.Trim()} {ReviewClosing}")]);
        // The legal basis is part of the reason (FORMS.md §4.3 item 13), not a preamble of MotCua's own.
        c.Paragraph(
            [
                new Run(form.Reason.Trim().TrimEnd('.') + ". "),
                new Run("Căn cứ: "), new Run(form.LegalBasis.Trim().TrimEnd('.'), TextStyle.Bold), new Run("."),
            ],
            indent: 8);
        c.Paragraph([new Run(RefusalClosing)], align: TextAlign.Left);

        c.Signatures(new SignatureBlock(ReceiverSigns, SignHere, form.OfficerName));
        return c.Finish();
    }

    // "Label: value", the value bold unless told; an unknown value is a dotted blank to fill by hand.
    private static void Line(FormCanvas c, string label, string? value, TextStyle valueStyle = TextStyle.Bold) =>
        c.Paragraph([new Run(label + " "), Known(value, valueStyle)], align: TextAlign.Left, spaceAfter: 1);

    // A numbered item of Mẫu 01: lines after the first align with the label's text, not with its number.
    private static void Item(FormCanvas c, string label, string value) =>
        c.Paragraph([new Run(label + " "), new Run(value, TextStyle.Bold)], align: TextAlign.Left, hanging: 10, spaceAfter: 1);

    private static Run Known(string? value, TextStyle style) =>
        string.IsNullOrWhiteSpace(value) ? new Run(Blank) : new Run(value.Trim(), style);

    // Who the applicant is: the name under the form's own label, the identifier always (its label per kind, the 2025
    // addition of FORMS.md §4.1 item 11), and the person submitting for the applicant when there is one (item 12).
    private static void Identity(FormCanvas c, string nameLabel, FormApplicant applicant)
    {
        Line(c, nameLabel, applicant.Name);
        Line(c, applicant.Kind.IdentifierLabel() + ":", applicant.IdNumber, TextStyle.Regular);
        if (!string.IsNullOrWhiteSpace(applicant.Submitter))
        {
            Line(c, SubmitterLabel, applicant.Submitter, TextStyle.Regular);
        }
    }

    // Address, then phone and e-mail on one line as every copy of the forms prints them.
    private static void Contact(FormCanvas c, FormApplicant applicant)
    {
        Line(c, AddressLabel, applicant.Address, TextStyle.Regular);
        c.Paragraph(
            [
                new Run(PhoneLabel + " "), Known(applicant.Phone, TextStyle.Regular),
                new Run(";   " + EmailLabel + " "), Known(applicant.Email, TextStyle.Regular),
            ],
            align: TextAlign.Left, spaceAfter: 1);
    }

    // A document not asked for because the citizen's data holds it (issue 16): the receipt says so and names the paper reused.
    private static string Reuse(ReceivedDocument document) => document.Reused == Domain.Identity.ReuseSource.None ? ""
        : $" (đã có trong {Domain.Identity.ReusableDocuments.Vietnamese(document.Reused)}, không yêu cầu nộp: {document.ReuseRef})";

    // "01 bản chính, 02 bản sao" from the counts recorded at the desk; "Tái sử dụng" for a reused document without paper;
    // "–" when neither was recorded.
    private static string PaperForm(ReceivedDocument document)
    {
        if (document.Reused != Domain.Identity.ReuseSource.None && document.Originals + document.Copies == 0) return "Tái sử dụng";
        List<string> parts = [];
        if (document.Originals > 0) parts.Add($"{Count(document.Originals)} bản chính");
        if (document.Copies > 0) parts.Add($"{Count(document.Copies)} bản sao");
        return parts.Count == 0 ? "–" : string.Join(", ", parts);
    }
}
