using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MotCua.Domain.Registers;

namespace MotCua.Documents;

/// <summary>A unit's official book of a year as printed: who keeps it, which book, and its rows in number order.</summary>
/// <param name="Keeper">The letterhead: for civil-status and authentication books the commune people's committee
/// ("ỦY BAN NHÂN DÂN PHƯỜNG THUẬN HÓA", no superior line), for the reception book the one-stop unit.</param>
/// <param name="Today">The reading's date in Vietnam time: a book whose year is over prints its closing (khóa sổ).</param>
/// <param name="Month">For a month's printing of an authentication book (<see cref="OfficialBook.PrintsMonthly"/>), the
/// month 1–12, <see cref="Rows"/> holding that month's entries only; null for the year's book.</param>
public sealed record OfficialBookForm(Letterhead Keeper, OfficialBook Book, int Year, IReadOnlyList<BookRow> Rows, DateOnly Today, int? Month = null);

/// <summary>
/// The official books (docs/REGISTERS.md) as an A4 landscape PDF and an Excel workbook, both printing the rows the Domain
/// built (<see cref="OfficialBook.Row"/>): original values in their columns, corrections as annotations in "Ghi chú".
/// </summary>
public static class OfficialBookDocument
{
    /// <summary>Quốc hiệu and tiêu ngữ (Nghị định 30/2020/NĐ-CP Phụ lục I).</summary>
    public const string NationalMotto = RegisterBook.NationalMotto, Tagline = RegisterBook.Tagline;

    /// <summary>The volume line printed under the title: "Quyển số 01/2026/SKS" (one volume a year, as the books are opened).</summary>
    public static string Volume(OfficialBook book, int year)
    {
        ArgumentNullException.ThrowIfNull(book);
        return book.Volume(year);
    }

    private static readonly TableStyle Table = new(Size: 6.5, Padding: 2, ShadedHeader: true, MiddleAligned: false);

    // Narrow columns for the book's bookkeeping, counts and fees, the rest share the width; the notes get room for
    // annotations.
    private static TableColumn Column(OfficialBook book, BookColumn c) => new(c.Header, c.Source switch
    {
        ColumnSource.Number => 34,
        ColumnSource.EnteredOn or ColumnSource.DueOn => 46,
        ColumnSource.FeeVnd => 50,
        // A year (a parent's năm sinh: a number not after a date) is four digits; a count gets room for its long heading.
        ColumnSource.Form when book.FormFields.Any(f => f.Name == c.Key && f.Type == MotCua.Domain.Catalog.EFormFieldType.Number && f.NotAfter is not null) => 30,
        ColumnSource.Form when book.FormFields.Any(f => f.Name == c.Key && f.Type == MotCua.Domain.Catalog.EFormFieldType.Number) => 60,
        ColumnSource.DossierCode => 70,
        ColumnSource.Note => 110,
        _ => 0,
    }, TextAlign.Left);

    /// <summary>The book as an A4 landscape PDF: the keeper's names beside the national motto, the title and volume, then
    /// the rows in a table whose header repeats on every page; an empty book says so. A book whose year is over ends with
    /// its closing statement (totals and pages) and the closing signer's block (<see cref="OfficialBook.Closing"/>). A
    /// month's printing (<see cref="OfficialBookForm.Month"/>) is titled with the month, opens with the line naming the
    /// month and its first number (<see cref="OfficialBook.MonthOpening"/>) and, once the month is over, ends with the
    /// month's closing (<see cref="OfficialBook.MonthClosing"/>) instead of the year's.</summary>
    public static byte[] Pdf(OfficialBookForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (keeper, book) = (form.Keeper, form.Book);
        var title = form.Month is { } m ? $"{book.Title} THÁNG {m:00}/{form.Year}" : $"{book.Title} NĂM {form.Year}";
        using var c = new FormCanvas(title, null, $"{title} – {keeper.UnitName} (tiếp theo)", PageFormat.A4Landscape);
        var half = c.Width * 0.45;
        var left = c.Y;
        if (!string.IsNullOrWhiteSpace(keeper.SuperiorAgencyName))
            left = c.DrawBlock([new Run(VietnameseText.Upper(keeper.SuperiorAgencyName))], 8.5, c.Left, left, half, TextAlign.Center);
        left = c.DrawBlock([new Run(VietnameseText.Upper(keeper.UnitName), TextStyle.Bold)], 8.5, c.Left, left, half, TextAlign.Center);
        var right = c.DrawBlock([new Run(NationalMotto, TextStyle.Bold)], 8.5, c.Right - half, c.Y, half, TextAlign.Center);
        right = c.DrawBlock([new Run(Tagline, TextStyle.Bold)], 9, c.Right - half, right, half, TextAlign.Center);
        c.Y = Math.Max(left, right) + 8;
        c.Paragraph([new Run(title, TextStyle.Bold)], 13, TextAlign.Center, spaceAfter: 0);
        c.Paragraph([new Run($"{Volume(book, form.Year)} · {form.Rows.Count} mục")], 8.5, TextAlign.Center, spaceAfter: 0);
        c.Paragraph([new Run($"Căn cứ: {book.LegalBasis}")], 7, TextAlign.Center, spaceAfter: form.Month is null ? 8 : 2);
        if (form.Month is { } month)
            c.Paragraph([new Run(book.MonthOpening(Volume(book, form.Year), form.Year, month, form.Rows.FirstOrDefault()?.Number), TextStyle.Bold)], 9, TextAlign.Left, spaceAfter: 6);
        c.Table([.. book.Columns.Select(column => Column(book, column))], [.. form.Rows.Select(r => r.Cells.ToArray())], Table);
        if (form.Rows.Count == 0) c.Paragraph([new Run("Chưa có mục nào trong sổ.")], Table.Size, TextAlign.Left);
        if (form.Month is { } printed)
        {
            // A month's printing closes when the month is over; the same room is made for the statement and signature.
            (string Statement, string Signer, string Note)? Closing(int pages) => book.MonthClosing(form.Year, printed, form.Today, form.Rows.Count,
                form.Rows.FirstOrDefault()?.Number, form.Rows.LastOrDefault()?.Number, pages);
            if (Closing(0) is not null)
            {
                c.EnsureSpace(FormCanvas.LineHeight(9) * 3 + FormCanvas.SignaturesHeight);
                var (statement, signer, note) = Closing(c.PageCount)!.Value;
                c.Space(6);
                c.Paragraph([new Run(statement, TextStyle.Bold)], 9, TextAlign.Left, spaceAfter: 0);
                c.Signatures(new SignatureBlock(signer, note, null));
            }
        }
        else if (book.IsClosed(form.Year, form.Today))
        {
            // The statement and the signature stay together, so the page count is known once the room is made.
            c.EnsureSpace(FormCanvas.LineHeight(9) * 3 + FormCanvas.SignaturesHeight);
            var (statement, signer, note) = book.Closing(form.Year, form.Rows.Count, c.PageCount)!.Value;
            c.Space(6);
            c.Paragraph([new Run(statement, TextStyle.Bold)], 9, TextAlign.Left, spaceAfter: 0);
            c.Signatures(new SignatureBlock(signer, note, null));
        }
        return c.Finish();
    }

    /// <summary>
    /// The book as an .xlsx workbook of one sheet, formatted as the Biểu 06 workbook is (second trial): row 1 the keeper,
    /// row 2 the title and year, row 3 the volume (bold, merged across the table); row 5 the headers (bold, bordered,
    /// wrapped, shaded); the entries from <see cref="FirstEntryRow"/>, every cell bordered. The entry number is a number
    /// cell shown as the book prints it ("01", format <c>00</c>); a fee is a number cell in VND (<c>#,##0</c>), or the text
    /// the book prints where there is none ("Miễn", "—"); the rest text as printed (dates dd/MM/yyyy). Column widths follow
    /// the PDF's, the header row is frozen, the page is A4 landscape fitted to the width.
    /// </summary>
    public static byte[] Xlsx(OfficialBookForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var book = form.Book;
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(1, [VietnameseText.Upper(form.Keeper.UnitName)], CellStyle.Title));
            data.Append(Row(2, [$"{book.Title} NĂM {form.Year}"], CellStyle.Title));
            data.Append(Row(3, [$"{Volume(book, form.Year)} · {form.Rows.Count} mục"], CellStyle.Plain));
            data.Append(Row(HeaderRow, [.. book.Columns.Select(c => (object)c.Header)], CellStyle.Heading, height: 48));
            var index = (uint)FirstEntryRow;
            foreach (var row in form.Rows)
                data.Append(Row(index++, [.. book.Columns.Select((c, i) => Cell(c, row, i))], CellStyle.Body, styleOf: i => book.Columns[i].Source));
            var last = ColumnName(book.Columns.Count - 1);
            var merges = new MergeCells(new[] { 1, 2, 3 }.Select(r => new MergeCell { Reference = $"A{r}:{last}{r}" }));
            // Widths in characters from the PDF's points (a column sharing the rest gets a field's room).
            var columns = new Columns(book.Columns.Select((c, i) => new DocumentFormat.OpenXml.Spreadsheet.Column
            {
                Min = (uint)i + 1, Max = (uint)i + 1, CustomWidth = true,
                Width = Column(book, c).Width is var w and > 0 ? Math.Max(8, Math.Round(w / 4.5)) : 24,
            }));
            var view = new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = HeaderRow, TopLeftCell = $"A{FirstEntryRow}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
            }) { WorkbookViewId = 0 });
            var sheet = new Worksheet(new SheetProperties(new PageSetupProperties { FitToPage = true }), view, columns, data);
            sheet.Append(merges);
            sheet.Append(new PageMargins { Left = 0.4, Right = 0.4, Top = 0.5, Bottom = 0.5, Header = 0.3, Footer = 0.3 },
                new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
            part.Worksheet = sheet;
            workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = $"Sổ {form.Year}" });
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    /// <summary>The workbook's header row and first entry row (1-based).</summary>
    public const int HeaderRow = 5, FirstEntryRow = 6;

    // The number and an amount are numbers; a fee the book prints as words ("Miễn", "—") or empty stays text.
    private static object Cell(BookColumn column, BookRow row, int index) => column.Source switch
    {
        ColumnSource.Number => (long)row.Number,
        ColumnSource.FeeVnd when long.TryParse(row.Cells[index].Replace(".", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var vnd) => vnd,
        _ => row.Cells[index],
    };

    // Cell styles by their index in Styles(); Body picks the text, entry-number or money style per cell.
    private enum CellStyle : uint { Plain = 0, Title = 1, Heading = 2, BodyText = 3, EntryNumber = 4, Money = 5, Body = 100 }

    private static Stylesheet Styles()
    {
        var thin = new Border(new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder());
        static Font MakeFont(bool bold, double size) => bold
            ? new Font(new Bold(), new FontSize { Val = size }, new FontName { Val = "Times New Roman" })
            : new Font(new FontSize { Val = size }, new FontName { Val = "Times New Roman" });
        static CellFormat MakeFormat(uint font, uint border, uint fill, uint numberFormat, HorizontalAlignmentValues align, bool wrap) => new(
            new Alignment { Horizontal = align, Vertical = VerticalAlignmentValues.Top, WrapText = wrap })
        {
            FontId = font, BorderId = border, FillId = fill, NumberFormatId = numberFormat, ApplyFont = true, ApplyBorder = border > 0,
            ApplyFill = fill > 1, ApplyNumberFormat = numberFormat > 0, ApplyAlignment = true,
        };
        return new Stylesheet(
            // 164: the entry number as the book prints it, two digits at least ("01").
            new NumberingFormats(new NumberingFormat { NumberFormatId = EntryNumberFormat, FormatCode = "00" }) { Count = 1 },
            new Fonts(MakeFont(false, 11), MakeFont(true, 11), MakeFont(true, 12)) { Count = 3 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFE7E6E6" }) { PatternType = PatternValues.Solid })) { Count = 3 },
            new Borders(new Border(), thin) { Count = 2 },
            new CellFormats(
                MakeFormat(0, 0, 0, 0, HorizontalAlignmentValues.Center, false),
                MakeFormat(2, 0, 0, 0, HorizontalAlignmentValues.Center, false),
                MakeFormat(1, 1, 2, 0, HorizontalAlignmentValues.Center, true),
                MakeFormat(0, 1, 0, 0, HorizontalAlignmentValues.Left, true),
                MakeFormat(0, 1, 0, EntryNumberFormat, HorizontalAlignmentValues.Center, false),
                MakeFormat(0, 1, 0, 3, HorizontalAlignmentValues.Right, false)) { Count = 6 });
    }

    /// <summary>The workbook's number format of the entry number ("00").</summary>
    public const uint EntryNumberFormat = 164;

    private static Row Row(uint index, object[] values, CellStyle style, double? height = null, Func<int, ColumnSource>? styleOf = null)
    {
        var row = new Row { RowIndex = index };
        if (height is { } h) (row.Height, row.CustomHeight) = (h, true);
        for (var i = 0; i < values.Length; i++)
        {
            var reference = $"{ColumnName(i)}{index}";
            var cellStyle = style != CellStyle.Body ? style
                : values[i] is not long ? CellStyle.BodyText
                : styleOf!(i) == ColumnSource.Number ? CellStyle.EntryNumber : CellStyle.Money;
            row.Append(values[i] is long number
                ? new Cell { CellReference = reference, DataType = CellValues.Number, StyleIndex = (uint)cellStyle, CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture)) }
                : new Cell { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = (uint)cellStyle, InlineString = new InlineString(new Text(VietnameseText.Nfc((string)values[i])) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve }) });
        }
        return row;
    }

    // A, B, … Z, AA, AB: the marriage book has more than 26 columns' worth of room to grow.
    private static string ColumnName(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"{(char)('A' + index / 26 - 1)}{(char)('A' + index % 26)}";
}
