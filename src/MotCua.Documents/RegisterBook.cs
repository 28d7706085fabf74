using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace MotCua.Documents;

/// <summary>One line of the Sổ theo dõi hồ sơ; the instants are printed in Vietnam time.</summary>
public sealed record RegisterLine(
    int Number, string Code, string Procedure, int Sets, string Applicant, string Contact, string ResolvingAgency,
    DateTimeOffset? ReceivedAt, DateTimeOffset? DueAt, DateTimeOffset? TransferredAt, DateTimeOffset? ResultReadyAt, DateTimeOffset? ReturnedAt, string Note);

/// <summary>A unit's register book of a year: its header and lines in register order.</summary>
public sealed record RegisterBookForm
{
    /// <summary>The unit keeping the book; the book's heading prints its names (its place is not printed).</summary>
    public required Letterhead Letterhead { get; init; }
    public required int Year { get; init; }
    public required IReadOnlyList<RegisterLine> Lines { get; init; }
}

/// <summary>
/// Sổ theo dõi hồ sơ (the register of a one-stop unit, a book a year numbered from 01) as an A4 landscape PDF and as an
/// Excel workbook. The workbook is written as plain SpreadsheetML parts: the register needs text cells only.
/// </summary>
public static class RegisterBook
{
    public const string Title = "SỔ THEO DÕI HỒ SƠ";
    /// <summary>Quốc hiệu and tiêu ngữ (Nghị định 30/2020/NĐ-CP Phụ lục I, V).</summary>
    public const string NationalMotto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Tagline = "Độc lập - Tự do - Hạnh phúc";

    // The columns of the book, headers and widths in points on the A4 landscape page (the procedure's name takes what is
    // left). Headers: TT 01/2018 Mẫu 06 as recalled (docs/FORMS.md §5.4, M: provisional until the 2025 annex is read).
    private static readonly TableColumn[] Columns =
    [
        new("STT", 22, TextAlign.Left), new("Mã hồ sơ", 104, TextAlign.Left), new("Tên thủ tục", 0, TextAlign.Left),
        new("Số lượng hồ sơ (bộ)", 34, TextAlign.Left), new("Tên người nộp hồ sơ", 70, TextAlign.Left), new("Địa chỉ, số điện thoại", 90, TextAlign.Left),
        new("Cơ quan chủ trì giải quyết", 70, TextAlign.Left), new("Nhận hồ sơ", 48, TextAlign.Left), new("Hẹn trả kết quả", 48, TextAlign.Left),
        new("Chuyển hồ sơ đến cơ quan giải quyết", 52, TextAlign.Left), new("Nhận kết quả từ cơ quan giải quyết", 52, TextAlign.Left),
        new("Trả kết quả cho tổ chức, cá nhân", 52, TextAlign.Left), new("Ghi chú", 62, TextAlign.Left),
    ];

    /// <summary>The column headers of the book, in order, as the PDF and the workbook print them.</summary>
    public static IReadOnlyList<string> ColumnHeaders { get; } = [.. Columns.Select(c => c.Header)];

    /// <summary>What the PDF prints, in order: the motto (V), the title and the column headers (M, provisional).</summary>
    public static IReadOnlyList<string> Labels { get; } = [NationalMotto, Tagline, Title, .. ColumnHeaders];

    // Thirteen columns on one page need a small font; a shaded header row tells the columns apart, and text at the top of
    // its cell keeps a line readable across cells of different heights.
    private static readonly TableStyle Table = new(Size: 6.5, Padding: 2, ShadedHeader: true, MiddleAligned: false);

    private static string[] Cells(RegisterLine l) =>
    [
        l.Number.ToString("00", CultureInfo.InvariantCulture), l.Code, l.Procedure, l.Sets.ToString(CultureInfo.InvariantCulture), l.Applicant, l.Contact,
        l.ResolvingAgency, Time(l.ReceivedAt), Time(l.DueAt), Time(l.TransferredAt), Time(l.ResultReadyAt), Time(l.ReturnedAt), l.Note,
    ];

    private static string Time(DateTimeOffset? instant) =>
        instant is { } t ? VietnameseText.InVietnam(t).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture) : "";

    /// <summary>
    /// The book as an A4 landscape PDF: the unit's names and the title on the first page, then the lines in a table whose
    /// header row is repeated on every page, each page after the first noting the book and the unit.
    /// </summary>
    public static byte[] Pdf(RegisterBookForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var unit = form.Letterhead;
        using var c = new FormCanvas($"{Title} năm {form.Year}", null, $"{Title} NĂM {form.Year} – {unit.UnitName} (tiếp theo)", PageFormat.A4Landscape);
        // The unit's names on the left, the national motto and tagline on the right (Nghị định 30/2020/NĐ-CP Phụ lục I, ô 1, 2).
        var half = c.Width * 0.45;
        var left = c.DrawBlock([new Run(VietnameseText.Upper(unit.SuperiorAgencyName))], 8.5, c.Left, c.Y, half, TextAlign.Center);
        left = c.DrawBlock([new Run(VietnameseText.Upper(unit.UnitName), TextStyle.Bold)], 8.5, c.Left, left, half, TextAlign.Center);
        var right = c.DrawBlock([new Run(NationalMotto, TextStyle.Bold)], 8.5, c.Right - half, c.Y, half, TextAlign.Center);
        right = c.DrawBlock([new Run(Tagline, TextStyle.Bold)], 9, c.Right - half, right, half, TextAlign.Center);
        c.Y = Math.Max(left, right) + 8;
        c.Paragraph([new Run($"{Title} NĂM {form.Year}", TextStyle.Bold)], 13, TextAlign.Center, spaceAfter: 0);
        c.Paragraph([new Run($"Quyển số 01/{form.Year} · {form.Lines.Count} hồ sơ")], 8.5, TextAlign.Center, spaceAfter: 8.5);
        c.Table(Columns, [.. form.Lines.Select(Cells)], Table);
        if (form.Lines.Count == 0)
        {
            c.Paragraph([new Run("Chưa có hồ sơ nào trong sổ.")], Table.Size, TextAlign.Left);
        }
        return c.Finish();
    }

    public static byte[] Xlsx(RegisterBookForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" + xml);
            }
            const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
            const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
            Part("[Content_Types].xml", """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""");
            Part("_rels/.rels", $"""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Part("xl/_rels/workbook.xml.rels", $"""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/></Relationships>""");
            Part("xl/workbook.xml", $"""<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="{Xml($"Sổ {form.Year}")}" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            // Style 1 is bold with wrapping, for the title and the column headers.
            Part("xl/styles.xml", $"""<styleSheet xmlns="{main}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf fontId="1" applyFont="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf></cellXfs></styleSheet>""");

            var rows = new StringBuilder();
            void Row(int row, IEnumerable<string> values, bool bold)
            {
                rows.Append(CultureInfo.InvariantCulture, $"<row r=\"{row}\">");
                var column = 0;
                foreach (var value in values)
                {
                    var reference = $"{(char)('A' + column++)}{row}";
                    rows.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"inlineStr\"{(bold ? " s=\"1\"" : "")}><is><t xml:space=\"preserve\">{Xml(value)}</t></is></c>");
                }
                rows.Append("</row>");
            }
            Row(1, [$"{Title} NĂM {form.Year} – {form.Letterhead.UnitName} ({form.Letterhead.SuperiorAgencyName})"], bold: true);
            Row(3, ColumnHeaders, bold: true);
            var r = 4;
            foreach (var line in form.Lines) Row(r++, Cells(line), bold: false);
            var widths = string.Concat(Columns.Select((c, i) => $"<col min=\"{i + 1}\" max=\"{i + 1}\" width=\"{(c.Width > 0 ? Math.Max(8, c.Width / 4.2) : 40).ToString("0", CultureInfo.InvariantCulture)}\" customWidth=\"1\"/>"));
            Part("xl/worksheets/sheet1.xml", $"""<worksheet xmlns="{main}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>{widths}</cols><sheetData>{rows}</sheetData></worksheet>""");
        }
        return output.ToArray();
    }

    private static string Xml(string text) => SecurityElement.Escape(VietnameseText.Nfc(text));
}
