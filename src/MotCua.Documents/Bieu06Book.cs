using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MotCua.Domain.Reports;

namespace MotCua.Documents;

/// <summary>
/// Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP) as an A4 landscape PDF and as an Excel workbook, both printing the one
/// <see cref="Bieu06Report"/> the Domain checked: STT, Lĩnh vực, then the fifteen columns of <see cref="Bieu06.Columns"/>
/// under their groups (received, resolved, in progress, withdrawn / stopped / refused), numbered (1)…(15), a row per field
/// and the total row.
/// </summary>
public static class Bieu06Book
{
    /// <summary>The form's number, printed at the top right.</summary>
    public const string FormNumber = "Biểu số 06/VPCP/KSTT";

    /// <summary>The workbook's one sheet.</summary>
    public const string Sheet = "Biểu 06";

    /// <summary>The workbook's first data row (1-based); the numbers are in columns C to Q.</summary>
    public const int FirstDataRow = 9;

    private static readonly (string Title, int Span)[] Groups =
    [
        ("Số hồ sơ nhận giải quyết", 5), ("Kết quả giải quyết: số hồ sơ đã giải quyết", 4), ("Số hồ sơ đang giải quyết", 3),
        ("Rút, dừng, từ chối (không tính vào đã giải quyết)", 3),
    ];

    private static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Period(Bieu06Period period) => $"Kỳ báo cáo: {period.Heading}";

    private static IEnumerable<(string Stt, Bieu06Row Row)> Lines(Bieu06Report report) =>
        report.Rows.Select((r, i) => ((i + 1).ToString(CultureInfo.InvariantCulture), r)).Append(("", report.Total));

    /// <summary>The title of the per-unit section and the workbook's second sheet.</summary>
    public const string UnitsTitle = "Theo đơn vị (hồ sơ do chính đơn vị tiếp nhận; cộng các dòng bằng tổng cộng)", UnitsSheet = "Theo đơn vị";

    private static IEnumerable<(string Stt, Bieu06Row Row)> UnitLines(Bieu06Report report, IReadOnlyList<Bieu06Row> units) =>
        units.Select((r, i) => ((i + 1).ToString(CultureInfo.InvariantCulture), r)).Append(("", report.Total));

    /// <summary>The report as an A4 landscape PDF: the unit, the form's number and title, the period, the table, for a roll-up
    /// the section "Theo đơn vị" (a line per unit, <paramref name="units"/>, each unit's name in the field's place, and the
    /// total), the signatures.</summary>
    public static byte[] Pdf(Letterhead unit, Bieu06Report report, Bieu06Period period, IReadOnlyList<Bieu06Row>? units = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(report);
        using var c = new FormCanvas(FormNumber, null, $"{FormNumber} – {unit.UnitName} (tiếp theo)", PageFormat.A4Landscape);
        c.Paragraph([new Run(FormNumber, TextStyle.Bold)], 8.5, TextAlign.Right, spaceAfter: 0);
        c.Paragraph([new Run(VietnameseText.Upper(unit.SuperiorAgencyName))], 8.5, TextAlign.Left, spaceAfter: 0);
        c.Paragraph([new Run(VietnameseText.Upper(unit.UnitName), TextStyle.Bold)], 8.5, TextAlign.Left, spaceAfter: 6);
        c.Paragraph([new Run(Bieu06.Title, TextStyle.Bold)], 11, TextAlign.Center, spaceAfter: 0);
        c.Paragraph([new Run(Period(period))], 9, TextAlign.Center, spaceAfter: 4);
        c.Paragraph([new Run("Đơn vị tính: hồ sơ. Nhóm cột: (1)–(5) số hồ sơ nhận giải quyết; (6)–(9) đã giải quyết; (10)–(12) đang giải quyết; (13)–(15) rút, dừng, từ chối.")],
            7.5, TextAlign.Left, spaceAfter: 4);
        TableColumn[] columns =
        [
            new("STT", 22, TextAlign.Center), new("Lĩnh vực", 0, TextAlign.Left),
            .. Bieu06.Columns.Select((col, i) => new TableColumn($"({i + 1}) {Bieu06.ColumnLabels[col]}", 44, TextAlign.Right)),
        ];
        var style = new TableStyle(Size: 7, Padding: 2, ShadedHeader: true, MiddleAligned: true);
        static string[] Cells((string Stt, Bieu06Row Row) l) =>
            [l.Stt, l.Row.Field, .. Bieu06.Columns.Select(col => l.Row[col].ToString(CultureInfo.InvariantCulture))];
        c.Table(columns, [.. Lines(report).Select(Cells)], style);
        if (units is { Count: > 0 })
        {
            // Second trial: the per-unit lines of a roll-up, as on the page; they add up to the total above.
            c.Space(6);
            c.Paragraph([new Run(UnitsTitle, TextStyle.Bold)], 9, TextAlign.Left, spaceAfter: 2);
            c.Table([columns[0], new("Đơn vị", 0, TextAlign.Left), .. columns[2..]], [.. UnitLines(report, units).Select(Cells)], style);
        }
        c.Paragraph([new Run("(1) = (2) + (3) + (4) + (5) = (6) + (10) + (13) + (14) + (15); (6) = (7) + (8) + (9); (10) = (11) + (12).")], 7.5, TextAlign.Left);
        c.Signatures(new SignatureBlock("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)", null), new SignatureBlock("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)", null));
        return c.Finish();
    }

    /// <summary>
    /// The report as an .xlsx workbook, A4 landscape. Sheet <see cref="Sheet"/>: rows 1–4 the form's number, the unit, the
    /// title and the period (bold, merged across the table); rows 6–7 the group and column headings (bold, bordered, wrapped,
    /// groups merged), row 8 the column numbers; from <see cref="FirstDataRow"/> a row per field (STT in A and the counts in
    /// C…Q as number cells "#,##0", never text; the field in B) and the total row in bold. Every table cell is bordered, the
    /// columns have widths for their headings, and rows 1–8 with columns A–B are frozen (trial defect 4). For a roll-up
    /// (<paramref name="units"/> not empty) a second sheet <see cref="UnitsSheet"/> in the same layout has a row per unit (its
    /// name in B) and the total (second trial).
    /// </summary>
    public static byte[] Xlsx(Letterhead unit, Bieu06Report report, Bieu06Period period, IReadOnlyList<Bieu06Row>? units = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(period);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            AddSheet(workbook, 1, Sheet, unit, period, "Lĩnh vực", Lines(report).ToList(), report.Total, Bieu06.Title);
            if (units is { Count: > 0 })
                AddSheet(workbook, 2, UnitsSheet, unit, period, "Đơn vị", UnitLines(report, units).ToList(), report.Total, $"{Bieu06.Title} – {UnitsTitle}");
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    // One sheet of the form's layout: the heading rows, then the lines (STT as a number, the label, the counts) and the total.
    private static void AddSheet(WorkbookPart workbook, uint id, string name, Letterhead unit, Bieu06Period period, string label,
        IReadOnlyList<(string Stt, Bieu06Row Row)> lines, Bieu06Row total, string title)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var last = Column(Bieu06.Columns.Count + 1);
        var data = new SheetData();
        data.Append(Row(1, [FormNumber], Style.Title));
        data.Append(Row(2, [unit.UnitName], Style.Title));
        data.Append(Row(3, [title], Style.Title));
        data.Append(Row(4, [Period(period)], Style.Plain));
        var groupRow = new List<object> { "STT", label };
        foreach (var (heading, span) in Groups) groupRow.AddRange(Enumerable.Range(0, span).Select(i => i == 0 ? heading : ""));
        data.Append(Row(6, [.. groupRow], Style.Heading, height: 32));
        data.Append(Row(7, ["", "", .. Bieu06.Columns.Select(col => Bieu06.ColumnLabels[col])], Style.Heading, height: 60));
        data.Append(Row(8, ["", "", .. Bieu06.Columns.Select((_, i) => $"({i + 1})")], Style.Heading));
        var index = (uint)FirstDataRow;
        foreach (var (stt, row) in lines)
        {
            var isTotal = ReferenceEquals(row, total);
            var number = isTotal ? "" : (object)long.Parse(stt, CultureInfo.InvariantCulture);
            data.Append(Row(index++, [number, row.Field, .. Bieu06.Columns.Select(col => (object)row[col])], isTotal ? Style.Total : Style.Body));
        }
        var merges = new MergeCells(new MergeCell { Reference = "A6:A7" }, new MergeCell { Reference = "B6:B7" });
        foreach (var r in new[] { 1, 2, 3, 4 }) merges.Append(new MergeCell { Reference = $"A{r}:{last}{r}" });
        var first = 2;
        foreach (var (_, span) in Groups)
        {
            merges.Append(new MergeCell { Reference = $"{Column(first)}6:{Column(first + span - 1)}6" });
            first += span;
        }
        var columns = new Columns(new DocumentFormat.OpenXml.Spreadsheet.Column { Min = 1, Max = 1, Width = 6, CustomWidth = true },
            new DocumentFormat.OpenXml.Spreadsheet.Column { Min = 2, Max = 2, Width = 36, CustomWidth = true },
            new DocumentFormat.OpenXml.Spreadsheet.Column { Min = 3, Max = (uint)Bieu06.Columns.Count + 2, Width = 13, CustomWidth = true });
        var view = new SheetViews(new SheetView(new Pane
        {
            HorizontalSplit = 2, VerticalSplit = FirstDataRow - 1, TopLeftCell = $"C{FirstDataRow}", ActivePane = PaneValues.BottomRight, State = PaneStateValues.Frozen,
        }) { WorkbookViewId = 0 });
        part.Worksheet = new Worksheet(new SheetProperties(new PageSetupProperties { FitToPage = true }), view, columns, data, merges,
            new PageMargins { Left = 0.4, Right = 0.4, Top = 0.5, Bottom = 0.5, Header = 0.3, Footer = 0.3 },
            new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
        workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = name });
    }

    // The cell styles, by their index in Styles()' cell formats; Body and Total mark a row whose cells take the text or the
    // number style of the row.
    private enum Style : uint
    {
        Plain = 0,
        Title = 1,
        Heading = 2,
        BodyText = 3,
        BodyNumber = 4,
        TotalText = 5,
        TotalNumber = 6,
        Body = 100,
        Total = 101,
    }

    private static Stylesheet Styles()
    {
        var thin = new Border(new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder());
        static Font MakeFont(bool bold, double size) => bold
            ? new Font(new Bold(), new FontSize { Val = size }, new FontName { Val = "Times New Roman" })
            : new Font(new FontSize { Val = size }, new FontName { Val = "Times New Roman" });
        static CellFormat MakeFormat(uint font, uint border, uint fill, uint numberFormat, HorizontalAlignmentValues align, bool wrap) => new(
            new Alignment { Horizontal = align, Vertical = VerticalAlignmentValues.Center, WrapText = wrap })
        {
            FontId = font, BorderId = border, FillId = fill, NumberFormatId = numberFormat, ApplyFont = true, ApplyBorder = border > 0,
            ApplyFill = fill > 1, ApplyNumberFormat = numberFormat > 0, ApplyAlignment = true,
        };
        return new Stylesheet(
            new Fonts(MakeFont(false, 11), MakeFont(true, 11), MakeFont(true, 12)) { Count = 3 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE7E6E6" }) { PatternType = PatternValues.Solid })) { Count = 3 },
            new Borders(new Border(), thin) { Count = 2 },
            new CellFormats(
                MakeFormat(0, 0, 0, 0, HorizontalAlignmentValues.Left, false),
                MakeFormat(2, 0, 0, 0, HorizontalAlignmentValues.Center, false),
                MakeFormat(1, 1, 2, 0, HorizontalAlignmentValues.Center, true),
                MakeFormat(0, 1, 0, 0, HorizontalAlignmentValues.Left, true),
                MakeFormat(0, 1, 0, 3, HorizontalAlignmentValues.Right, false),
                MakeFormat(1, 1, 0, 0, HorizontalAlignmentValues.Left, true),
                MakeFormat(1, 1, 0, 3, HorizontalAlignmentValues.Right, false)) { Count = 7 });
    }

    private static string Column(int zeroBased) => ((char)('A' + zeroBased)).ToString();

    private static Row Row(uint index, object[] values, Style style, double? height = null)
    {
        var row = new Row { RowIndex = index };
        if (height is { } h) (row.Height, row.CustomHeight) = (h, true);
        for (var i = 0; i < values.Length; i++)
        {
            var reference = $"{Column(i)}{index}";
            var number = values[i] is long;
            var cellStyle = style switch
            {
                Style.Body => number ? Style.BodyNumber : Style.BodyText,
                Style.Total => number ? Style.TotalNumber : Style.TotalText,
                _ => style,
            };
            row.Append(values[i] is long n
                ? new Cell { CellReference = reference, DataType = CellValues.Number, StyleIndex = (uint)cellStyle, CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture)) }
                : new Cell { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = (uint)cellStyle, InlineString = new InlineString(new Text(VietnameseText.Nfc((string)values[i]))) });
        }
        return row;
    }
}
