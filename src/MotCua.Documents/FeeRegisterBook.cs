using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MotCua.Domain.Receipts;

namespace MotCua.Documents;

/// <summary>
/// The sổ theo dõi thu phí, lệ phí (docs/FEES.md "Biên lai and the fee register") as an A4 landscape PDF and as an Excel
/// workbook, both printing the one <see cref="FeeRegister"/> the Domain computed: the receipts, the daily totals by method
/// with the cash handed over, and the reconciliation of requested against collected.
/// </summary>
public static class FeeRegisterBook
{
    public const string Title = "SỔ THEO DÕI THU PHÍ, LỆ PHÍ";

    /// <summary>The workbook's sheets, in order: the receipts, the daily totals, the reconciliation, the refunds.</summary>
    public const string EntriesSheet = "Biên lai", DaysSheet = "Tổng theo ngày", ReconciliationSheet = "Đối chiếu", RefundsSheet = "Hoàn trả";

    /// <summary>The refunds' sheet's and table's headers, in order; the amount is a number cell in column E.</summary>
    public static IReadOnlyList<string> RefundHeaders { get; } =
        ["Ngày", "Mã hồ sơ", "Biên lai", "Hình thức", "Số tiền hoàn trả (đồng)", "Lý do"];

    private static readonly string[] EntryHeaders =
        ["Ngày", "Ký hiệu", "Số biên lai", "Người nộp", "Mã hồ sơ", "Phí (đồng)", "Lệ phí (đồng)", "Tổng (đồng)", "Hình thức", "Ghi chú"];

    /// <summary>The daily sheet's and table's headers, in order; the workbook's numbers are in columns B to K. The cash
    /// handed over recounts from the columns before it (<see cref="FeeRegister.HandoverRule"/>, printed under the table and
    /// in the sheet's row 2); "Thực thu" is the day's total less its refunds of receipted money.</summary>
    public static IReadOnlyList<string> DayHeaders { get; } =
        ["Ngày", "Số biên lai", "Tiền mặt (đồng)", "Chuyển khoản (đồng)", "Trực tuyến (đồng)", "Tổng (đồng)", "Tiền mặt chưa lập biên lai (đồng)",
         "Tiền mặt chi hoàn trả (đồng)", "Tiền mặt nộp quỹ (đồng)", "Hoàn trả (đồng)", "Thực thu (đồng)"];

    private static readonly TableStyle Table = new(Size: 7.5, Padding: 2, ShadedHeader: true, MiddleAligned: false);

    private static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Money(long vnd) => vnd.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');

    private static Run[] FieldRuns(string label, string value) => [new Run(label + ": "), new Run(value, TextStyle.Bold)];

    private static string Period(FeeRegister r) => $"Từ ngày {Date(r.From)} đến ngày {Date(r.To)}";

    /// <summary>The register as an A4 landscape PDF: the unit, the period, the receipts, the daily totals, the period's totals and the reconciliation.</summary>
    public static byte[] Pdf(Letterhead unit, FeeRegister register)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(register);
        using var c = new FormCanvas(Title, null, $"{Title} – {unit.UnitName} (tiếp theo)", PageFormat.A4Landscape);
        c.Paragraph([new Run(VietnameseText.Upper(unit.SuperiorAgencyName))], 8.5, TextAlign.Left, spaceAfter: 0);
        c.Paragraph([new Run(VietnameseText.Upper(unit.UnitName), TextStyle.Bold)], 8.5, TextAlign.Left, spaceAfter: 6);
        c.Paragraph([new Run(Title, TextStyle.Bold)], 13, TextAlign.Center, spaceAfter: 0);
        c.Paragraph([new Run(Period(register))], 9, TextAlign.Center, spaceAfter: 8);

        c.Paragraph([new Run("I. Biên lai đã lập", TextStyle.Bold)], 9.5, TextAlign.Left);
        TableColumn[] entryColumns =
        [
            new(EntryHeaders[0], 52, TextAlign.Left), new(EntryHeaders[1], 50, TextAlign.Left), new(EntryHeaders[2], 50, TextAlign.Left),
            new(EntryHeaders[3], 0, TextAlign.Left), new(EntryHeaders[4], 110, TextAlign.Left), new(EntryHeaders[5], 58, TextAlign.Right),
            new(EntryHeaders[6], 58, TextAlign.Right), new(EntryHeaders[7], 62, TextAlign.Right), new(EntryHeaders[8], 58, TextAlign.Left),
            new(EntryHeaders[9], 90, TextAlign.Left),
        ];
        c.Table(entryColumns, [.. register.Entries.Select(e => new[]
        {
            Date(e.Date), e.Series, ReceiptNumbering.Printed(e.Number), e.PayerName, e.DossierCode, Money(e.FeeVnd), Money(e.ChargeVnd),
            Money(e.AmountVnd), FeeRegister.MethodLabel(e.Method), e.Note,
        })], Table);
        if (register.Entries.Count == 0) c.Paragraph([new Run("Không có biên lai trong kỳ.")], Table.Size, TextAlign.Left);

        c.Space(6);
        c.Paragraph([new Run("II. Tổng theo ngày và tiền mặt nộp quỹ", TextStyle.Bold)], 9.5, TextAlign.Left);
        c.Table([.. DayHeaders.Select((h, i) => new TableColumn(h, i == 0 ? 70 : 0, i == 0 ? TextAlign.Left : TextAlign.Right))],
            [.. register.Days.Select(d => new[]
            {
                Date(d.Date), d.Receipts.ToString(CultureInfo.InvariantCulture), Money(d.CashVnd), Money(d.TransferVnd), Money(d.OnlineVnd),
                Money(d.TotalVnd), Money(d.UnreceiptedCashVnd), Money(d.CashRefundedVnd), Money(d.CashHandoverVnd), Money(d.RefundedVnd), Money(d.NetVnd),
            }).Append([
                "Cộng kỳ", register.Totals.Receipts.ToString(CultureInfo.InvariantCulture), Money(register.Totals.CashVnd), Money(register.Totals.TransferVnd),
                Money(register.Totals.OnlineVnd), Money(register.Totals.TotalVnd), Money(register.Totals.UnreceiptedCashVnd), Money(register.Totals.CashRefundedVnd),
                Money(register.Totals.CashHandoverVnd), Money(register.Totals.RefundedVnd), Money(register.Totals.NetVnd),
            ])], Table);
        c.Paragraph([new Run(FeeRegister.HandoverRule)], Table.Size, TextAlign.Left);

        c.Space(6);
        c.Paragraph([new Run("III. Hoàn trả trong kỳ", TextStyle.Bold)], 9.5, TextAlign.Left);
        c.Table([.. RefundHeaders.Select((h, i) => new TableColumn(h, i switch { 0 => 52, 1 => 110, 2 => 80, 3 => 62, 4 => 80, _ => 0 },
            i == 4 ? TextAlign.Right : TextAlign.Left))], [.. register.Refunds.Select(RefundCells)], Table);
        if (register.Refunds.Count == 0) c.Paragraph([new Run("Không có khoản hoàn trả trong kỳ.")], Table.Size, TextAlign.Left);

        c.Space(6);
        // Section IV and the signatures are one block: when it does not fit below the last rows it starts the next page,
        // so the signatures never stand alone on a page and sign what is above them.
        var r = register.Reconciliation;
        var fields = new List<(string Label, string Value)>
        {
            ("Số yêu cầu nộp phí trong kỳ", r.Requests.ToString(CultureInfo.InvariantCulture)),
            ("Số phải thu (đồng)", Money(r.RequestedVnd)),
            ("Trong đó đã nộp / chưa nộp (đồng)", $"{Money(r.PaidRequestsVnd)} / {Money(r.OpenRequestsVnd)}"),
            ("Số đã thu theo biên lai (đồng)", Money(r.CollectedVnd)),
            ("Số đã hoàn trả (đồng)", Money(r.RefundedVnd)),
            ("Chênh lệch đã thu − hoàn trả − phải thu (đồng)", (r.DifferenceVnd < 0 ? "−" : "") + Money(Math.Abs(r.DifferenceVnd))),
            ("Yêu cầu đã hoàn trả toàn bộ (không tính phải thu, đồng)", Money(r.RefundedRequestsVnd)),
        };
        if (register.Totals.UnreceiptedRefundedVnd > 0)
            fields.Add(("Hoàn trả khoản tiền chưa lập biên lai (đồng)", Money(register.Totals.UnreceiptedRefundedVnd)));
        if (r.LevyRequests > 0)
            fields.Add(("Khoản nộp ngân sách không phải phí, lệ phí (tiền sử dụng đất, thuế…), không đối chiếu trong sổ này",
                $"{r.LevyRequests.ToString(CultureInfo.InvariantCulture)} yêu cầu, {Money(r.LevyRequestedVnd)} đồng; tiền mặt của các khoản này vẫn tính trong tiền mặt chưa lập biên lai, tiền mặt chi hoàn trả và tiền mặt nộp quỹ"));
        fields.Add(("Phí / lệ phí đã thu (đồng)", $"{Money(register.Totals.FeeVnd)} / {Money(register.Totals.ChargeVnd)}"));
        foreach (var (label, count) in register.Totals.CancelledLines().Where(l => l.Count > 0))
            fields.Add((label, count.ToString(CultureInfo.InvariantCulture)));
        Run[] heading = [new Run("IV. Đối chiếu số phải thu và số đã thu", TextStyle.Bold)];
        // Third trial: a one-day register put section IV and the signatures on page 2. The figures go two to a line (each
        // half of the width), which halves the block's height, so a short period's register is one landscape page.
        var half = c.Width / 2;
        double PairHeight(int i) => fields.Skip(i).Take(2).Max(f => c.MeasureParagraph(FieldRuns(f.Label, f.Value), indent: half + 8, spaceAfter: 1.5));
        c.EnsureSpace(c.MeasureParagraph(heading, 9.5) + Enumerable.Range(0, (fields.Count + 1) / 2).Sum(p => PairHeight(p * 2)) + FormCanvas.SignaturesHeight);
        c.Paragraph(heading, 9.5, TextAlign.Left);
        for (var i = 0; i < fields.Count; i += 2)
        {
            var bottom = c.Y;
            for (var k = i; k < Math.Min(i + 2, fields.Count); k++)
                bottom = Math.Max(bottom, c.DrawBlock(FieldRuns(fields[k].Label, fields[k].Value), FormCanvas.BodySize, c.Left + (k - i) * half, c.Y, half - 8, TextAlign.Left));
            c.Y = bottom + 1.5;
        }
        c.Signatures(new SignatureBlock("NGƯỜI LẬP SỔ", "(Ký, ghi rõ họ tên)", null), new SignatureBlock("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên)", null));
        return c.Finish();
    }

    /// <summary>
    /// The register as an .xlsx workbook of three sheets (<see cref="EntriesSheet"/>, <see cref="DaysSheet"/>,
    /// <see cref="ReconciliationSheet"/>); amounts and counts are number cells, dates real date cells (the day's serial number under the format dd/mm/yyyy, so
    /// a spreadsheet sorts, filters and adds them as dates). Row 1 names the
    /// unit and period, row 3 the headers, data from row 4.
    /// </summary>
    public static byte[] Xlsx(Letterhead unit, FeeRegister register)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(register);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            Styles(workbook);
            var heading = $"{Title} – {unit.UnitName} – {Period(register)}";
            Sheet(workbook, 1, EntriesSheet, heading, EntryHeaders, register.Entries.Select(e => new object[]
            {
                e.Date, e.Series, ReceiptNumbering.Printed(e.Number), e.PayerName, e.DossierCode, e.FeeVnd, e.ChargeVnd, e.AmountVnd,
                FeeRegister.MethodLabel(e.Method), e.Note,
            }));
            Sheet(workbook, 2, DaysSheet, heading, DayHeaders, register.Days.Select(d => new object[]
            {
                d.Date, (long)d.Receipts, d.CashVnd, d.TransferVnd, d.OnlineVnd, d.TotalVnd, d.UnreceiptedCashVnd, d.CashRefundedVnd, d.CashHandoverVnd,
                d.RefundedVnd, d.NetVnd,
            }).Append(["Cộng kỳ", (long)register.Totals.Receipts, register.Totals.CashVnd, register.Totals.TransferVnd, register.Totals.OnlineVnd,
                register.Totals.TotalVnd, register.Totals.UnreceiptedCashVnd, register.Totals.CashRefundedVnd, register.Totals.CashHandoverVnd,
                register.Totals.RefundedVnd, register.Totals.NetVnd]), FeeRegister.HandoverRule);
            var r = register.Reconciliation;
            Sheet(workbook, 3, ReconciliationSheet, heading, ["Chỉ tiêu", "Giá trị"],
            [
                ["Số yêu cầu nộp phí trong kỳ", (long)r.Requests], ["Số phải thu (đồng)", r.RequestedVnd], ["Đã nộp (đồng)", r.PaidRequestsVnd],
                ["Chưa nộp (đồng)", r.OpenRequestsVnd], ["Đã thu theo biên lai (đồng)", r.CollectedVnd], ["Đã hoàn trả (đồng)", r.RefundedVnd],
                ["Chênh lệch đã thu − hoàn trả − phải thu (đồng)", r.DifferenceVnd], ["Yêu cầu đã hoàn trả toàn bộ (đồng)", r.RefundedRequestsVnd],
                ["Hoàn trả khoản tiền chưa lập biên lai (đồng)", register.Totals.UnreceiptedRefundedVnd],
                ["Khoản nộp ngân sách không phải phí, lệ phí, không đối chiếu (số yêu cầu)", (long)r.LevyRequests],
                ["Khoản nộp ngân sách không phải phí, lệ phí, không đối chiếu (đồng)", r.LevyRequestedVnd],
                ["Phí đã thu (đồng)", register.Totals.FeeVnd], ["Lệ phí đã thu (đồng)", register.Totals.ChargeVnd],
                .. register.Totals.CancelledLines().Select(l => new object[] { l.Label, (long)l.Count }),
            ]);
            Sheet(workbook, 4, RefundsSheet, heading, RefundHeaders, register.Refunds.Select(f => new object[]
            {
                f.Date, f.DossierCode ?? "", f.ReceiptNumber ?? "(chưa lập biên lai)", PaymentRefundsLabel(f.Method), f.AmountVnd, RefundReason(f),
            }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    // A refund partly of receipted money and partly of an excess never receipted says how much was the excess (the
    // receipts' totals are reduced by the rest only: FeeRegisterRefund.ReceiptedVnd).
    private static string RefundReason(FeeRegisterRefund f) =>
        new[] { f.RefundedNote, f.SplitNote }.OfType<string>().ToList() is { Count: > 0 } notes ? $"{f.Reason} ({string.Join("; ", notes)})" : f.Reason;

    private static string[] RefundCells(FeeRegisterRefund f) =>
        [Date(f.Date), f.DossierCode ?? "", f.ReceiptNumber ?? "(chưa lập biên lai)", PaymentRefundsLabel(f.Method), Money(f.AmountVnd), RefundReason(f)];

    private static string PaymentRefundsLabel(string method) => MotCua.Domain.Payments.PaymentRefunds.MethodLabel(method);

    // Row 2 holds the sheet's rule sentence, when it has one (the daily sheet: how the handover is computed).
    private static void Sheet(WorkbookPart workbook, uint id, string name, string heading, IReadOnlyList<string> headers, IEnumerable<object[]> rows, string? rule = null)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        data.Append(Row(1, [heading]));
        if (rule is not null) data.Append(Row(2, [rule]));
        data.Append(Row(3, [.. headers]));
        uint index = 4;
        foreach (var row in rows) data.Append(Row(index++, row));
        part.Worksheet = new Worksheet(data);
        workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = name });
    }

    /// <summary>The number format of the workbook's date cells (custom format 164), and the index of its cell style.</summary>
    public const string DateFormat = "dd/mm/yyyy";
    private const uint DateStyle = 1;

    // Style 0 is the default; style 1 shows a date serial as dd/mm/yyyy (Vietnamese order, whatever the reader's locale).
    private static void Styles(WorkbookPart workbook)
    {
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = DateFormat }) { Count = 1 },
            new Fonts(new Font()) { Count = 1 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true }) { Count = 2 });
        styles.Stylesheet.Save();
    }

    /// <summary>The spreadsheet serial of a date: days since 30/12/1899 (the 1900 date system as Excel counts it).</summary>
    public static long Serial(DateOnly date) => date.DayNumber - new DateOnly(1899, 12, 30).DayNumber;

    private static Row Row(uint index, object[] values)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Length; i++)
        {
            var reference = $"{(char)('A' + i)}{index}";
            row.Append(values[i] switch
            {
                long number => new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture)) },
                DateOnly date => new Cell
                {
                    CellReference = reference, StyleIndex = DateStyle, CellValue = new CellValue(Serial(date).ToString(CultureInfo.InvariantCulture)),
                },
                _ => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(VietnameseText.Nfc((string)values[i]))) },
            });
        }
        return row;
    }
}
