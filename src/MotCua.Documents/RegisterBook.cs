using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MotCua.Documents;

/// <summary>One line of the Sổ theo dõi hồ sơ; the instants are printed in Vietnam time.</summary>
public sealed record RegisterLine(
    int Number, string Code, string Procedure, int Sets, string Applicant, string Contact, string ResolvingAgency,
    DateTimeOffset? ReceivedAt, DateTimeOffset? DueAt, DateTimeOffset? TransferredAt, DateTimeOffset? ResultReadyAt, DateTimeOffset? ReturnedAt, string Note);

/// <summary>A unit's register book of a year: its header and lines in register order.</summary>
public sealed record RegisterBookForm
{
    public required string SuperiorAgencyName { get; init; }
    public required string UnitName { get; init; }
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

    private static readonly (string Header, double Width)[] Columns =
    [
        ("STT", 22), ("Mã hồ sơ", 104), ("Tên thủ tục", 0), ("Số lượng hồ sơ (bộ)", 34), ("Tên người nộp hồ sơ", 70), ("Địa chỉ, số điện thoại", 90),
        ("Cơ quan chủ trì giải quyết", 70), ("Nhận hồ sơ", 48), ("Hẹn trả kết quả", 48), ("Chuyển hồ sơ đến cơ quan giải quyết", 52),
        ("Nhận kết quả từ cơ quan giải quyết", 52), ("Trả kết quả cho tổ chức, cá nhân", 52), ("Ghi chú", 62),
    ];

    private static string[] Cells(RegisterLine l) =>
    [
        l.Number.ToString("00", CultureInfo.InvariantCulture), l.Code, l.Procedure, l.Sets.ToString(CultureInfo.InvariantCulture), l.Applicant, l.Contact,
        l.ResolvingAgency, Time(l.ReceivedAt), Time(l.DueAt), Time(l.TransferredAt), Time(l.ResultReadyAt), Time(l.ReturnedAt), l.Note,
    ];

    private static string Time(DateTimeOffset? instant) =>
        instant is { } t ? VietnameseText.InVietnam(t).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture) : "";

    public static byte[] Pdf(RegisterBookForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        PdfSetup.EnsureInitialized();
        using var document = new PdfDocument();
        document.Info.Title = VietnameseText.Nfc($"{Title} năm {form.Year}");
        document.Info.Creator = "MotCua";
        const double margin = 24, size = 6.5, pad = 2;
        var regular = new XFont(FormCanvas.Family, size, XFontStyleEx.Regular);
        var bold = new XFont(FormCanvas.Family, size, XFontStyleEx.Bold);
        var pen = new XPen(XColors.Black, 0.4);
        var lineHeight = FormCanvas.LineHeight(size);

        XGraphics? gfx = null;
        double y = 0, pageHeight = 0;
        double[] widths = [];

        void Row(string[] cells, XFont font, bool header)
        {
            var lines = cells.Select((text, i) => Wrap(gfx!, VietnameseText.Nfc(text), font, widths[i] - 2 * pad)).ToArray();
            var height = lines.Max(l => l.Count) * lineHeight + 2 * pad;
            if (!header && y + height > pageHeight - margin) NewPage();
            var x = margin;
            for (var i = 0; i < cells.Length; i++)
            {
                if (header) gfx!.DrawRectangle(XBrushes.WhiteSmoke, x, y, widths[i], height);
                gfx!.DrawRectangle(pen, x, y, widths[i], height);
                for (var j = 0; j < lines[i].Count; j++)
                    gfx.DrawString(lines[i][j], font, XBrushes.Black, x + pad, y + pad + j * lineHeight + size * 1.04, XStringFormats.BaseLineLeft);
                x += widths[i];
            }
            y += height;
        }

        void NewPage()
        {
            var page = document.AddPage();
            page.Width = XUnit.FromMillimeter(297);
            page.Height = XUnit.FromMillimeter(210);
            gfx = XGraphics.FromPdfPage(page);
            pageHeight = page.Height.Point;
            var total = page.Width.Point - 2 * margin;
            var fixedWidth = Columns.Sum(c => c.Width);
            widths = [.. Columns.Select(c => c.Width > 0 ? c.Width : total - fixedWidth)];
            y = margin;
            if (document.PageCount == 1)
            {
                var heading = new XFont(FormCanvas.Family, 8.5, XFontStyleEx.Regular);
                gfx.DrawString(VietnameseText.Nfc(VietnameseText.Upper(form.SuperiorAgencyName)), heading, XBrushes.Black, margin, y + 8.5, XStringFormats.BaseLineLeft);
                gfx.DrawString(VietnameseText.Nfc(VietnameseText.Upper(form.UnitName)), new XFont(FormCanvas.Family, 8.5, XFontStyleEx.Bold), XBrushes.Black,
                    margin, y + 20, XStringFormats.BaseLineLeft);
                var title = new XFont(FormCanvas.Family, 13, XFontStyleEx.Bold);
                gfx.DrawString(VietnameseText.Nfc($"{Title} NĂM {form.Year}"), title, XBrushes.Black, page.Width.Point / 2, y + 42, XStringFormats.BaseLineCenter);
                gfx.DrawString(VietnameseText.Nfc($"Quyển số 01/{form.Year} · {form.Lines.Count} hồ sơ"), heading, XBrushes.Black, page.Width.Point / 2, y + 55,
                    XStringFormats.BaseLineCenter);
                y += 66;
            }
            else
            {
                gfx.DrawString(VietnameseText.Nfc($"{Title} NĂM {form.Year} – {form.UnitName} (tiếp theo)"), new XFont(FormCanvas.Family, 7.5, XFontStyleEx.Italic),
                    XBrushes.Black, page.Width.Point - margin, y + 7.5, XStringFormats.BaseLineRight);
                y += 14;
            }
            Row([.. Columns.Select(c => c.Header)], bold, header: true);
        }

        NewPage();
        foreach (var line in form.Lines) Row(Cells(line), regular, header: false);
        if (form.Lines.Count == 0)
            gfx!.DrawString(VietnameseText.Nfc("Chưa có hồ sơ nào trong sổ."), regular, XBrushes.Black, margin, y + 12, XStringFormats.BaseLineLeft);
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    // Greedy word wrap; a word longer than the cell is cut where it no longer fits.
    private static List<string> Wrap(XGraphics gfx, string text, XFont font, double width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (gfx.MeasureString(candidate, font).Width <= width) { current = candidate; continue; }
            if (current.Length > 0) lines.Add(current);
            current = word;
            while (current.Length > 1 && gfx.MeasureString(current, font).Width > width)
            {
                var cut = current.Length - 1;
                while (cut > 1 && gfx.MeasureString(current[..cut], font).Width > width) cut--;
                lines.Add(current[..cut]);
                current = current[cut..];
            }
        }
        lines.Add(current);
        return lines;
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
            Row(1, [$"{Title} NĂM {form.Year} – {form.UnitName} ({form.SuperiorAgencyName})"], bold: true);
            Row(3, Columns.Select(c => c.Header), bold: true);
            var r = 4;
            foreach (var line in form.Lines) Row(r++, Cells(line), bold: false);
            var widths = string.Concat(Columns.Select((c, i) => $"<col min=\"{i + 1}\" max=\"{i + 1}\" width=\"{(c.Width > 0 ? Math.Max(8, c.Width / 4.2) : 40).ToString("0", CultureInfo.InvariantCulture)}\" customWidth=\"1\"/>"));
            Part("xl/worksheets/sheet1.xml", $"""<worksheet xmlns="{main}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>{widths}</cols><sheetData>{rows}</sheetData></worksheet>""");
        }
        return output.ToArray();
    }

    private static string Xml(string text) => SecurityElement.Escape(VietnameseText.Nfc(text));
}
