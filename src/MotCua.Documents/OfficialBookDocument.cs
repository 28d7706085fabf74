using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MotCua.Domain.Registers;

namespace MotCua.Documents;

/// <summary>A unit's official book of a year as printed: who keeps it, which book, and its rows in number order.</summary>
/// <param name="Keeper">The letterhead: for civil-status and authentication books the commune people's committee
/// ("ỦY BAN NHÂN DÂN PHƯỜNG THUẬN HÓA", no superior line), for the reception book the one-stop unit.</param>
/// <param name="Today">The reading's date in Vietnam time: a book whose year is over prints its closing (khóa sổ).</param>
public sealed record OfficialBookForm(Letterhead Keeper, OfficialBook Book, int Year, IReadOnlyList<BookRow> Rows, DateOnly Today);

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
        return $"Quyển số 01/{year.ToString(CultureInfo.InvariantCulture)}/{book.Symbol}";
    }

    private static readonly TableStyle Table = new(Size: 6.5, Padding: 2, ShadedHeader: true, MiddleAligned: false);

    // Narrow columns for the book's bookkeeping, counts and fees, the rest share the width; the notes get room for
    // annotations.
    private static TableColumn Column(OfficialBook book, BookColumn c) => new(c.Header, c.Source switch
    {
        ColumnSource.Number => 34,
        ColumnSource.EnteredOn or ColumnSource.DueOn => 46,
        ColumnSource.FeeVnd => 50,
        ColumnSource.Form when book.FormFields.Any(f => f.Name == c.Key && f.Type == MotCua.Domain.Catalog.EFormFieldType.Number) => 60,
        ColumnSource.DossierCode => 70,
        ColumnSource.Note => 110,
        _ => 0,
    }, TextAlign.Left);

    /// <summary>The book as an A4 landscape PDF: the keeper's names beside the national motto, the title and volume, then
    /// the rows in a table whose header repeats on every page; an empty book says so. A book whose year is over ends with
    /// its closing statement (totals and pages) and the closing signer's block (<see cref="OfficialBook.Closing"/>).</summary>
    public static byte[] Pdf(OfficialBookForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (keeper, book) = (form.Keeper, form.Book);
        var title = $"{book.Title} NĂM {form.Year}";
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
        c.Paragraph([new Run($"Căn cứ: {book.LegalBasis}")], 7, TextAlign.Center, spaceAfter: 8);
        c.Table([.. book.Columns.Select(column => Column(book, column))], [.. form.Rows.Select(r => r.Cells.ToArray())], Table);
        if (form.Rows.Count == 0) c.Paragraph([new Run("Chưa có mục nào trong sổ.")], Table.Size, TextAlign.Left);
        if (book.IsClosed(form.Year, form.Today))
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
    /// The book as an .xlsx workbook of one sheet: row 1 names the book, the keeper and the volume, row 3 the headers, the
    /// entries from row 4. The number is a number cell, as is a fee (VND); the rest are text as printed (dates dd/MM/yyyy).
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
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(1, [$"{book.Title} NĂM {form.Year} – {form.Keeper.UnitName} – {Volume(book, form.Year)}"]));
            data.Append(Row(3, [.. book.Columns.Select(c => (object)c.Header)]));
            uint index = 4;
            foreach (var row in form.Rows)
                data.Append(Row(index++, [.. book.Columns.Select((c, i) => Cell(c, row, i))]));
            part.Worksheet = new Worksheet(data);
            workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = $"Sổ {form.Year}" });
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    // The number and the fee are numbers; an empty fee stays an empty text cell rather than a zero.
    private static object Cell(BookColumn column, BookRow row, int index) => column.Source switch
    {
        ColumnSource.Number => (long)row.Number,
        ColumnSource.FeeVnd when row.Cells[index].Length > 0 => long.Parse(row.Cells[index].Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture),
        _ => row.Cells[index],
    };

    private static Row Row(uint index, object[] values)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Length; i++)
        {
            var reference = $"{ColumnName(i)}{index}";
            row.Append(values[i] is long number
                ? new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(number.ToString(CultureInfo.InvariantCulture)) }
                : new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(VietnameseText.Nfc((string)values[i])) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve }) });
        }
        return row;
    }

    // A, B, … Z, AA, AB: the marriage book has more than 26 columns' worth of room to grow.
    private static string ColumnName(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"{(char)('A' + index / 26 - 1)}{(char)('A' + index % 26)}";
}
