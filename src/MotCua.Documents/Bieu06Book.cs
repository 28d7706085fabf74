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

    private static string Period(Bieu06Report r, string label) => $"Kỳ báo cáo: {label} (từ ngày {Date(r.From)} đến ngày {Date(r.To)})";

    private static IEnumerable<(string Stt, Bieu06Row Row)> Lines(Bieu06Report report) =>
        report.Rows.Select((r, i) => ((i + 1).ToString(CultureInfo.InvariantCulture), r)).Append(("", report.Total));

    /// <summary>The report as an A4 landscape PDF: the unit, the form's number and title, the period, the table, the signatures.</summary>
    public static byte[] Pdf(Letterhead unit, Bieu06Report report, string periodLabel)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(report);
        using var c = new FormCanvas(FormNumber, null, $"{FormNumber} – {unit.UnitName} (tiếp theo)", PageFormat.A4Landscape);
        c.Paragraph([new Run(FormNumber, TextStyle.Bold)], 8.5, TextAlign.Right, spaceAfter: 0);
        c.Paragraph([new Run(VietnameseText.Upper(unit.SuperiorAgencyName))], 8.5, TextAlign.Left, spaceAfter: 0);
        c.Paragraph([new Run(VietnameseText.Upper(unit.UnitName), TextStyle.Bold)], 8.5, TextAlign.Left, spaceAfter: 6);
        c.Paragraph([new Run(Bieu06.Title, TextStyle.Bold)], 11, TextAlign.Center, spaceAfter: 0);
        c.Paragraph([new Run(Period(report, periodLabel))], 9, TextAlign.Center, spaceAfter: 4);
        c.Paragraph([new Run("Đơn vị tính: hồ sơ. Nhóm cột: (1)–(5) số hồ sơ nhận giải quyết; (6)–(9) đã giải quyết; (10)–(12) đang giải quyết; (13)–(15) rút, dừng, từ chối.")],
            7.5, TextAlign.Left, spaceAfter: 4);
        TableColumn[] columns =
        [
            new("STT", 22, TextAlign.Center), new("Lĩnh vực", 0, TextAlign.Left),
            .. Bieu06.Columns.Select((col, i) => new TableColumn($"({i + 1}) {Bieu06.ColumnLabels[col]}", 44, TextAlign.Right)),
        ];
        c.Table(columns, [.. Lines(report).Select(l => new[] { l.Stt, l.Row.Field }.Concat(Bieu06.Columns.Select(col => l.Row[col].ToString(CultureInfo.InvariantCulture))).ToArray())],
            new TableStyle(Size: 7, Padding: 2, ShadedHeader: true, MiddleAligned: true));
        c.Paragraph([new Run("(1) = (2) + (3) + (4) + (5) = (6) + (10) + (13) + (14) + (15); (6) = (7) + (8) + (9); (10) = (11) + (12).")], 7.5, TextAlign.Left);
        c.Signatures(new SignatureBlock("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)", null), new SignatureBlock("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)", null));
        return c.Finish();
    }

    /// <summary>
    /// The report as an .xlsx workbook of one sheet (<see cref="Sheet"/>): rows 1–4 the form's number, the unit, the title and
    /// the period; rows 6–7 the group and column headings (groups merged), row 8 the column numbers; from
    /// <see cref="FirstDataRow"/> a row per field (STT in A, field in B, the numbers as number cells in C…Q) and the total row.
    /// </summary>
    public static byte[] Xlsx(Letterhead unit, Bieu06Report report, string periodLabel)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(1, [FormNumber]));
            data.Append(Row(2, [unit.UnitName]));
            data.Append(Row(3, [Bieu06.Title]));
            data.Append(Row(4, [Period(report, periodLabel)]));
            var groupRow = new List<object> { "STT", "Lĩnh vực" };
            foreach (var (title, span) in Groups) groupRow.AddRange(Enumerable.Range(0, span).Select(i => i == 0 ? title : ""));
            data.Append(Row(6, [.. groupRow]));
            data.Append(Row(7, ["", "", .. Bieu06.Columns.Select(col => Bieu06.ColumnLabels[col])]));
            data.Append(Row(8, ["", "", .. Bieu06.Columns.Select((_, i) => $"({i + 1})")]));
            var index = (uint)FirstDataRow;
            foreach (var (stt, row) in Lines(report))
                data.Append(Row(index++, [stt, row.Field, .. Bieu06.Columns.Select(col => (object)row[col])]));
            var merges = new MergeCells(new MergeCell { Reference = "A6:A7" }, new MergeCell { Reference = "B6:B7" });
            var first = 2;
            foreach (var (_, span) in Groups)
            {
                merges.Append(new MergeCell { Reference = $"{Column(first)}6:{Column(first + span - 1)}6" });
                first += span;
            }
            part.Worksheet = new Worksheet(data, merges);
            workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = Sheet });
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static string Column(int zeroBased) => ((char)('A' + zeroBased)).ToString();

    private static Row Row(uint index, object[] values)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Length; i++)
        {
            var reference = $"{Column(i)}{index}";
            row.Append(values[i] is long number
                ? new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture)) }
                : new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(VietnameseText.Nfc((string)values[i]))) });
        }
        return row;
    }
}
