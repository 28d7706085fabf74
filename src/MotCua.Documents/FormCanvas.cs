using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace MotCua.Documents;

internal enum TextStyle
{
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

internal enum TextAlign
{
    Left,
    Center,
    Right,
    Justify,
}

/// <summary>A piece of text in one style; a paragraph is a list of runs. "\n" forces a line break.</summary>
internal readonly record struct Run(string Text, TextStyle Style = TextStyle.Regular);

internal sealed record TableColumn(string Header, double Width, TextAlign Align);

/// <summary>How a <see cref="FormCanvas.Table"/> looks: font size and cell padding in points, a grey header row,
/// and whether cell text sits in the middle of the row or at its top.</summary>
internal sealed record TableStyle(double Size = 8.5, double Padding = 2.5, bool ShadedHeader = false, bool MiddleAligned = true);

/// <summary>
/// A page size with its margins, in points of the layout, and whether pages get a "Trang i/n" footer. <paramref name="Scale"/>
/// enlarges the layout onto the paper: the page is <c>Width × Scale</c> points wide, and text drawn at 9 pt prints at
/// <c>9 × Scale</c> pt, so one layout (the A5 forms' sizes) serves a larger sheet.
/// </summary>
internal sealed record PageFormat(double Width, double Height, double MarginLeft, double MarginRight, double MarginTop, double MarginBottom, bool NumberPages,
    double Scale = 1)
{
    /// <summary>A5 portrait, the size of the one-stop forms; multi-page forms are numbered.</summary>
    public static readonly PageFormat A5Portrait = new(
        XUnit.FromMillimeter(148).Point, XUnit.FromMillimeter(210).Point,
        XUnit.FromMillimeter(15).Point, XUnit.FromMillimeter(12).Point, XUnit.FromMillimeter(8).Point, XUnit.FromMillimeter(10).Point, NumberPages: true);

    /// <summary>
    /// A4 portrait, the paper of the official forms (Nghị định 30/2020/NĐ-CP Phụ lục I: "Khổ A4 (210 mm x 297 mm)"), for
    /// Mẫu 01: the A5 layout's sizes enlarged 1.1 times (9 pt body text prints at 9.9 pt), margins of 15 mm at the top,
    /// bottom and right and 25 mm at the left (binding) on the paper, leaving some 26 % more height than A5, enough for the
    /// VietQR block below the fullest slip (1.2 times left it 30 points short). Multi-page forms are numbered.
    /// </summary>
    public static readonly PageFormat A4Form = A4(scale: 1.1);

    /// <summary>
    /// A4 as <see cref="A4Form"/> with the layout printed at its own size (9 pt body text at 9 pt): some 21 % more room,
    /// for a Mẫu 01 whose documents and VietQR do not fit <see cref="A4Form"/> on one page (trial of issue 14).
    /// </summary>
    public static readonly PageFormat A4Compact = A4(scale: 1.0);

    private static PageFormat A4(double scale) => new(
        XUnit.FromMillimeter(210).Point / scale, XUnit.FromMillimeter(297).Point / scale,
        XUnit.FromMillimeter(25).Point / scale, XUnit.FromMillimeter(15).Point / scale, XUnit.FromMillimeter(15).Point / scale,
        XUnit.FromMillimeter(15).Point / scale, NumberPages: true, Scale: scale);

    /// <summary>A4 landscape with 24 pt margins, the register book's page: wide enough for its thirteen columns.</summary>
    public static readonly PageFormat A4Landscape = new(
        XUnit.FromMillimeter(297).Point, XUnit.FromMillimeter(210).Point, 24, 24, 24, 24, NumberPages: false);
}

internal sealed record SignatureBlock(string Title, string Note, string? Name);

/// <summary>
/// Who signs a document an agency issues, as Nghị định 30/2020/NĐ-CP Phụ lục I (ô 7a–7c) prints it: the authority in which
/// the signer acts ("KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"; null when the head signs in their own name), the signer's title
/// ("PHÓ GIÁM ĐỐC", "GIÁM ĐỐC") and full name. The title lines print in bold capitals, the name in bold.
/// </summary>
public sealed record Signatory(string? Authority, string Title, string Name);

/// <summary>
/// The one layout engine of every PDF here (the forms and the register book): a document of one
/// <see cref="PageFormat"/> with a flowing cursor, wrapped and justified text in mixed styles, the letterhead of
/// Vietnamese administrative forms, tables whose rows flow onto new pages (header repeated), a QR code drawn as
/// vector rectangles, and signature blocks. Every string is NFC-normalised before measuring or drawing (PdfSharp
/// does no mark positioning).
/// </summary>
internal sealed class FormCanvas : IDisposable
{
    public const string Family = FontResolver.Serif;
    public const double BodySize = 9;
    private const double LineFactor = 1.34;
    private const double BaselineFactor = 1.04;

    private static readonly XPen ThinPen = new(XColors.Black, 0.5);
    private static readonly XPen RulePen = new(XColors.Black, 0.6);

    private readonly PdfDocument _document;
    private readonly PageFormat _format;
    private readonly List<XGraphics> _pages = [];
    private readonly Dictionary<(TextStyle, double), XFont> _fonts = [];
    private readonly string? _continuation;
    private XGraphics _gfx;
    private double _exclusionBottom;
    private double _exclusionWidth;

    /// <param name="title">PDF title.</param>
    /// <param name="subject">PDF subject (the dossier code).</param>
    /// <param name="continuation">Small note at the top of every page after the first.</param>
    /// <param name="format">The page; A5 portrait when not given.</param>
    public FormCanvas(string title, string? subject, string? continuation, PageFormat? format = null)
    {
        PdfSetup.EnsureInitialized();
        _format = format ?? PageFormat.A5Portrait;
        _document = new PdfDocument();
        _document.Info.Title = VietnameseText.Nfc(title);
        _document.Info.Subject = VietnameseText.Nfc(subject ?? string.Empty);
        _document.Info.Creator = "MotCua";
        _document.Info.Author = "MotCua";
        _continuation = continuation is null ? null : VietnameseText.Nfc(continuation);
        _gfx = AddPage();
    }

    /// <summary>The pages drawn so far (a closing statement that counts the book's pages reads it last; Mẫu 01 tries
    /// its layouts until one fits a page).</summary>
    public int PageCount => _pages.Count;

    public double Left => _format.MarginLeft;
    public double Width => _format.Width - _format.MarginLeft - _format.MarginRight;
    public double Right => Left + Width;
    private double Bottom => _format.Height - _format.MarginBottom;

    /// <summary>Top of the next thing to draw.</summary>
    public double Y { get; set; }

    public static double LineHeight(double size) => size * LineFactor;

    public void Space(double points) => Y += points;

    public XFont Font(TextStyle style, double size)
    {
        if (!_fonts.TryGetValue((style, size), out var font))
        {
            var ex = style switch
            {
                TextStyle.Bold => XFontStyleEx.Bold,
                TextStyle.Italic => XFontStyleEx.Italic,
                TextStyle.BoldItalic => XFontStyleEx.BoldItalic,
                _ => XFontStyleEx.Regular,
            };
            font = new XFont(Family, size, ex);
            _fonts[(style, size)] = font;
        }
        return font;
    }

    public double Measure(string text, TextStyle style, double size) =>
        _gfx.MeasureString(VietnameseText.Nfc(text), Font(style, size)).Width;

    /// <summary>Whether <paramref name="height"/> points still fit on the current page.</summary>
    public bool Fits(double height) => Y + height <= Bottom;

    /// <summary>Starts a new page when less than <paramref name="height"/> points remain.</summary>
    public void EnsureSpace(double height)
    {
        if (Y + height > Bottom)
        {
            NewPage();
        }
    }

    public void NewPage()
    {
        _gfx = AddPage();
    }

    private XGraphics AddPage()
    {
        var page = _document.AddPage();
        page.Width = XUnit.FromPoint(_format.Width * _format.Scale);
        page.Height = XUnit.FromPoint(_format.Height * _format.Scale);
        var gfx = XGraphics.FromPdfPage(page);
        if (_format.Scale != 1) gfx.ScaleTransform(_format.Scale);
        _pages.Add(gfx);
        Y = _format.MarginTop;
        _exclusionBottom = 0;
        _exclusionWidth = 0;
        if (_pages.Count > 1 && _continuation is not null)
        {
            var font = Font(TextStyle.Italic, 7.5);
            gfx.DrawString(_continuation, font, XBrushes.Black, Right, Y + 7.5 * BaselineFactor, XStringFormats.BaseLineRight);
            Y += LineHeight(7.5) + 2;
            gfx.DrawLine(ThinPen, Left, Y, Right, Y);
            Y += 6;
        }
        return gfx;
    }

    // ---------------------------------------------------------------- header and title

    /// <summary>
    /// A form about one dossier: the canvas (every page after the first noting the title and the code), the
    /// letterhead dated <paramref name="dated"/>, and the title with "Mã hồ sơ: …" under it when there is a code.
    /// </summary>
    /// <param name="portalCode">The National Portal's code of a dossier it pushed (000.00.00.G22-261202-7591402), printed
    /// "Mã hồ sơ trên Cổng DVCQG: …" under MotCua's code: the citizen who submitted on the portal knows only that code
    /// (sixteenth trial LOW 10). Null or empty prints no such line.</param>
    /// <param name="number">The document's number and symbol ("05/PXL-TTPVHCC"), printed "Số: …" under the issuing unit
    /// (Nghị định 30/2020/NĐ-CP Phụ lục I, ô 3); null prints no number line.</param>
    /// <param name="format">The page; A5 portrait when not given.</param>
    public static FormCanvas ForDossier(string title, string? dossierCode, Letterhead letterhead, DateTimeOffset dated, string? number = null, PageFormat? format = null,
        string? portalCode = null)
    {
        var code = string.IsNullOrWhiteSpace(dossierCode) ? null : dossierCode.Trim();
        var portal = string.IsNullOrWhiteSpace(portalCode) ? null : portalCode.Trim();
        var c = new FormCanvas(title, dossierCode, code is null ? $"{title} (tiếp theo)" : $"{title} – Mã hồ sơ: {code} (tiếp theo)", format);
        try
        {
            c.Header(letterhead, dated, string.IsNullOrWhiteSpace(number) ? null : number.Trim());
            c.Title(title, code is null ? [] : [new Run("Mã hồ sơ: "), new Run(code, TextStyle.Bold)]);
            if (portal is not null) c.UnderTitle([new Run(PortalCodeLabel + " "), new Run(portal, TextStyle.Bold)]);
            return c;
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The letterhead of an administrative form: agency names top left (superior regular, unit bold, short rule),
    /// the national motto top right (rule under "Độc lập - Tự do - Hạnh phúc") and the italic place/date line
    /// under the motto, dated <paramref name="dated"/> in Vietnam time; the number, when given, on the same line as the
    /// date under the agency names (Nghị định 30/2020/NĐ-CP Phụ lục I, ô 3 and 4).
    /// </summary>
    private void Header(Letterhead letterhead, DateTimeOffset dated, string? number)
    {
        var top = Y;
        var leftWidth = Width * 0.43;
        var rightX = Left + leftWidth;
        var rightWidth = Width - leftWidth;
        const double size = 8.5;

        // Left column.
        var y = top;
        y = DrawBlock([new Run(VietnameseText.Upper(letterhead.SuperiorAgencyName))], size, Left, y, leftWidth, TextAlign.Center);
        y = DrawBlock([new Run(VietnameseText.Upper(letterhead.UnitName), TextStyle.Bold)], size, Left, y, leftWidth, TextAlign.Center);
        y += 2;
        var rule = leftWidth * 0.36;
        _gfx.DrawLine(RulePen, Left + (leftWidth - rule) / 2, y, Left + (leftWidth + rule) / 2, y);
        var leftBottom = y;

        // Right column: the motto, shrunk to fit the column if needed.
        const string nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
        const string motto = "Độc lập - Tự do - Hạnh phúc";
        var nationSize = size;
        while (nationSize > 6.5 && Measure(nation, TextStyle.Bold, nationSize) > rightWidth - 2)
        {
            nationSize -= 0.25;
        }
        y = top;
        y = DrawBlock([new Run(nation, TextStyle.Bold)], nationSize, rightX, y, rightWidth, TextAlign.Center);
        var mottoSize = nationSize + 0.5;
        y = DrawBlock([new Run(motto, TextStyle.Bold)], mottoSize, rightX, y, rightWidth, TextAlign.Center);
        y += 2;
        var mottoWidth = Measure(motto, TextStyle.Bold, mottoSize);
        var cx = rightX + rightWidth / 2;
        _gfx.DrawLine(RulePen, cx - mottoWidth / 2, y, cx + mottoWidth / 2, y);
        var rightBottom = y;

        y = Math.Max(leftBottom, rightBottom) + 6;
        var numberBottom = number is null ? y : DrawBlock([new Run("Số: " + number)], size, Left, y, leftWidth, TextAlign.Center);
        y = DrawBlock([new Run(VietnameseText.PlaceAndDate(letterhead.Place, dated), TextStyle.Italic)], size + 0.5, rightX, y, rightWidth, TextAlign.Center);
        Y = Math.Max(y, numberBottom) + 8;
    }

    /// <summary>Centred bold title, wrapped if long, followed by an optional centred subtitle paragraph.</summary>
    public void Title(string title, params Run[] subtitle)
    {
        Y = DrawBlock([new Run(VietnameseText.Upper(title), TextStyle.Bold)], 11.5, Left, Y, Width, TextAlign.Center);
        if (subtitle.Length > 0)
        {
            Y = DrawBlock(subtitle, BodySize, Left, Y, Width, TextAlign.Center);
        }
        Y += TitleGap;
    }

    /// <summary>The label of the National Portal's code of a dossier it pushed, printed under MotCua's code.</summary>
    public const string PortalCodeLabel = "Mã hồ sơ trên Cổng DVCQG:";

    private const double TitleGap = 6;

    // A second centred line under the title's subtitle, kept inside the title's gap rather than after it.
    private void UnderTitle(IReadOnlyList<Run> line)
    {
        Y = DrawBlock(line, BodySize, Left, Y - TitleGap, Width, TextAlign.Center) + TitleGap;
    }

    // ---------------------------------------------------------------- flowing paragraphs

    /// <summary>
    /// A paragraph that flows down the page (and onto new pages), wrapping at word boundaries and
    /// narrowing beside a reserved block such as the QR code.
    /// </summary>
    /// <param name="indent">Left indent of every line.</param>
    /// <param name="hanging">Extra indent of lines after the first (for numbered items).</param>
    /// <param name="label">Drawn at the indent on the first line (e.g. "10."); the text starts after <paramref name="labelWidth"/>.</param>
    public void Paragraph(IReadOnlyList<Run> runs, double size = BodySize, TextAlign align = TextAlign.Justify,
        double indent = 0, double hanging = 0, double spaceAfter = 2.5, Run? label = null, double labelWidth = 0)
    {
        var words = Tokenize(runs, size);
        var lineHeight = LineHeight(size);
        var index = 0;
        var first = true;
        while (index < words.Count)
        {
            EnsureSpace(lineHeight);
            if (first && label is { } l)
            {
                DrawLine(Tokenize([l], size), Left + indent, Y, labelWidth, size, TextAlign.Left);
            }
            var x = Left + indent + labelWidth + (first ? 0 : hanging);
            var width = Right - x - (Y < _exclusionBottom ? _exclusionWidth : 0);
            var line = TakeLine(words, ref index, width, out var hardBreak);
            var last = index >= words.Count || hardBreak;
            DrawLine(line, x, Y, width, size, align == TextAlign.Justify && last ? TextAlign.Left : align);
            Y += lineHeight;
            first = false;
        }
        Y += spaceAfter;
    }

    /// <summary>Height a <see cref="Paragraph"/> would take at full width (for keeping blocks together).</summary>
    public double MeasureParagraph(IReadOnlyList<Run> runs, double size = BodySize, double indent = 0, double spaceAfter = 2.5) =>
        CountLines(runs, size, Width - indent) * LineHeight(size) + spaceAfter;

    /// <summary>"Label: value" with the value in bold, the common field line of the forms.</summary>
    public void Field(string label, string value, string? after = null, double indent = 0, TextStyle valueStyle = TextStyle.Bold)
    {
        var runs = new List<Run> { new(label + ": "), new(value, valueStyle) };
        if (after is not null)
        {
            runs.Add(new Run(after));
        }
        Paragraph(runs, align: TextAlign.Left, indent: indent, hanging: 0, spaceAfter: 1.5);
    }

    /// <summary>Draws a non-flowing block of wrapped text in a column; returns the y below it.</summary>
    public double DrawBlock(IReadOnlyList<Run> runs, double size, double x, double y, double width, TextAlign align)
    {
        var words = Tokenize(runs, size);
        var index = 0;
        while (index < words.Count)
        {
            var line = TakeLine(words, ref index, width, out var hardBreak);
            var last = index >= words.Count || hardBreak;
            DrawLine(line, x, y, width, size, align == TextAlign.Justify && last ? TextAlign.Left : align);
            y += LineHeight(size);
        }
        return y;
    }

    private int CountLines(IReadOnlyList<Run> runs, double size, double width)
    {
        var words = Tokenize(runs, size);
        var index = 0;
        var lines = 0;
        while (index < words.Count)
        {
            TakeLine(words, ref index, width, out _);
            lines++;
        }
        return Math.Max(lines, 1);
    }

    // ---------------------------------------------------------------- table

    /// <summary>
    /// A bordered table at full width; a column of width 0 shares the width left by the others. Cells wrap at
    /// word boundaries (a word wider than its cell is split); a row that does not fit goes to the next page,
    /// where the header row is repeated. With no rows, the header row alone is drawn.
    /// </summary>
    /// <param name="keepWithLast">Height in points of what follows the table and must stay on the last row's page (Mẫu
    /// 01's last items, signatures and payment block): when the last row and it do not fit below the rows before, the
    /// last row starts a new page with them, so what follows is never alone on a page.</param>
    public void Table(IReadOnlyList<TableColumn> columns, IReadOnlyList<string[]> rows, TableStyle? style = null, double keepWithLast = 0)
    {
        ClearExclusion();
        var (size, pad, shadedHeader, middle) = style ?? new TableStyle();
        var fixedWidth = columns.Sum(c => c.Width);
        var flexCount = columns.Count(c => c.Width <= 0);
        var widths = columns.Select(c => c.Width > 0 ? c.Width : (Width - fixedWidth) / flexCount).ToArray();
        var lineHeight = LineHeight(size);

        double RowHeight(IReadOnlyList<Run>[] cells) =>
            cells.Select((c, i) => CountLines(c, size, widths[i] - 2 * pad)).Max() * lineHeight + 2 * pad;

        void DrawRow(IReadOnlyList<Run>[] cells, double height, bool header)
        {
            var x = Left;
            for (var i = 0; i < cells.Length; i++)
            {
                if (header && shadedHeader)
                {
                    _gfx.DrawRectangle(XBrushes.WhiteSmoke, x, Y, widths[i], height);
                }
                _gfx.DrawRectangle(ThinPen, x, Y, widths[i], height);
                var textTop = middle ? Y + (height - CountLines(cells[i], size, widths[i] - 2 * pad) * lineHeight) / 2 : Y + pad;
                DrawBlock(cells[i], size, x + pad, textTop, widths[i] - 2 * pad, columns[i].Align);
                x += widths[i];
            }
            Y += height;
        }

        var header = columns.Select(c => (IReadOnlyList<Run>)[new Run(c.Header, TextStyle.Bold)]).ToArray();
        var headerHeight = RowHeight(header);
        var headerOnPage = false;
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = rows[r].Select(text => (IReadOnlyList<Run>)[new Run(text)]).ToArray();
            var height = RowHeight(cells);
            // Only when the last row and what follows fit a fresh page together, and a row before them stays behind.
            if (r == rows.Count - 1 && r > 0 && keepWithLast > 0 && headerOnPage && Y + height + keepWithLast > Bottom
                && headerHeight + height + keepWithLast <= Bottom - _format.MarginTop - 24)
            {
                NewPage();
                headerOnPage = false;
            }
            if (!headerOnPage || Y + height > Bottom)
            {
                if (Y + headerHeight + height > Bottom)
                {
                    NewPage();
                }
                DrawRow(header, headerHeight, header: true);
                headerOnPage = true;
            }
            DrawRow(cells, height, header: false);
        }
        if (!headerOnPage)
        {
            EnsureSpace(headerHeight);
            DrawRow(header, headerHeight, header: true);
        }
        Y += 4;
    }

    /// <summary>
    /// <paramref name="rows"/> as two bordered tables side by side, the first half (rounded up) on the left and the rest on
    /// the right, each with its header row and <paramref name="gap"/> points apart: a long list of short rows in about
    /// half the height (Mẫu 01's documents, third trial of issue 14). Never breaks a page: false, with nothing drawn, when
    /// the taller half does not fit below the cursor (the caller then draws it as a <see cref="Table"/>).
    /// </summary>
    public bool TableSideBySide(IReadOnlyList<TableColumn> columns, IReadOnlyList<string[]> rows, TableStyle style, double gap = 8)
    {
        ClearExclusion();
        var width = (Width - gap) / 2;
        var half = (rows.Count + 1) / 2;
        IReadOnlyList<string[]>[] parts = [rows.Take(half).ToList(), rows.Skip(half).ToList()];
        var height = parts.Max(p => SideTable(columns, p, style, Left, width, draw: false));
        if (Y + height > Bottom) return false;
        SideTable(columns, parts[0], style, Left, width, draw: true);
        SideTable(columns, parts[1], style, Left + width + gap, width, draw: true);
        Y += height + 4;
        return true;
    }

    // One table of TableSideBySide at x, from the cursor, without moving it; its height (drawn or only measured).
    private double SideTable(IReadOnlyList<TableColumn> columns, IReadOnlyList<string[]> rows, TableStyle style, double x, double width, bool draw)
    {
        var (size, pad, shadedHeader, middle) = style;
        var fixedWidth = columns.Sum(c => c.Width);
        var flexCount = Math.Max(1, columns.Count(c => c.Width <= 0));
        var widths = columns.Select(c => c.Width > 0 ? c.Width : (width - fixedWidth) / flexCount).ToArray();
        var lineHeight = LineHeight(size);
        var y = Y;
        IEnumerable<(IReadOnlyList<Run>[] Cells, bool Header)> all =
            rows.Select(r => (r.Select(text => (IReadOnlyList<Run>)[new Run(text)]).ToArray(), false))
                .Prepend((columns.Select(c => (IReadOnlyList<Run>)[new Run(c.Header, TextStyle.Bold)]).ToArray(), true));
        foreach (var (cells, header) in all)
        {
            var height = cells.Select((c, i) => CountLines(c, size, widths[i] - 2 * pad)).Max() * lineHeight + 2 * pad;
            if (draw)
            {
                var left = x;
                for (var i = 0; i < cells.Length; i++)
                {
                    if (header && shadedHeader) _gfx.DrawRectangle(XBrushes.WhiteSmoke, left, y, widths[i], height);
                    _gfx.DrawRectangle(ThinPen, left, y, widths[i], height);
                    var textTop = middle ? y + (height - CountLines(cells[i], size, widths[i] - 2 * pad) * lineHeight) / 2 : y + pad;
                    DrawBlock(cells[i], size, left + pad, textTop, widths[i] - 2 * pad, columns[i].Align);
                    left += widths[i];
                }
            }
            y += height;
        }
        return y - Y;
    }

    // ---------------------------------------------------------------- QR code

    /// <summary>
    /// A QR code of <paramref name="content"/> at the right edge starting at the cursor, with
    /// <paramref name="codeText"/> and a caption centred under it. Following paragraphs wrap beside it;
    /// the cursor does not move.
    /// </summary>
    public void QrBlock(string content, string codeText, string caption)
    {
        const double blockWidth = 112;
        const double qrSide = 66;
        var x = Right - blockWidth;
        var y = Y;

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix; // includes the 4-module quiet zone on each side
        var n = matrix.Count;
        var module = qrSide / n;
        var qx = x + (blockWidth - qrSide) / 2;
        var path = new XGraphicsPath { FillMode = XFillMode.Winding };
        for (var row = 0; row < n; row++)
        {
            var bits = matrix[row];
            var col = 0;
            while (col < n)
            {
                if (!bits[col])
                {
                    col++;
                    continue;
                }
                var start = col;
                while (col < n && bits[col])
                {
                    col++;
                }
                path.AddRectangle(qx + start * module, y + row * module, (col - start) * module, module);
            }
        }
        _gfx.DrawPath(XBrushes.Black, path);

        y += qrSide - 4 * module + 3; // the quiet zone below the symbol is blank paper
        var codeSize = 7.0;
        while (codeSize > 5 && Measure(codeText, TextStyle.Bold, codeSize) > blockWidth)
        {
            codeSize -= 0.25;
        }
        y = DrawBlock([new Run(codeText, TextStyle.Bold)], codeSize, x, y, blockWidth, TextAlign.Center);
        y = DrawBlock([new Run(caption, TextStyle.Italic)], 6.5, x, y, blockWidth, TextAlign.Center);

        _exclusionBottom = y + 2;
        _exclusionWidth = blockWidth + 8;
    }

    /// <summary>Moves the cursor below any reserved block beside the text.</summary>
    public void ClearExclusion()
    {
        if (Y < _exclusionBottom)
        {
            Y = _exclusionBottom;
        }
        _exclusionBottom = 0;
        _exclusionWidth = 0;
    }

    // ---------------------------------------------------------------- signatures

    /// <summary>The height <see cref="Signatures"/> needs on its page, in points: title, note, room to sign, name.</summary>
    public static double SignaturesHeight => LineHeight(BodySize) * 3 + 38 + 6;

    /// <summary>
    /// Signature blocks side by side (one block sits in the right half, as the signer does on official
    /// forms): bold title, italic note, room to sign, bold name. Kept together on one page.
    /// </summary>
    public void Signatures(params SignatureBlock[] blocks)
    {
        ClearExclusion();
        const double size = BodySize;
        const double signRoom = 38;
        EnsureSpace(SignaturesHeight);
        Y += 6;
        var columnWidth = Width / 2;
        var top = Y;
        var bottom = top;
        for (var i = 0; i < blocks.Length; i++)
        {
            var slot = blocks.Length == 1 ? 1 : i;
            var x = Left + slot * columnWidth;
            var y = DrawBlock([new Run(VietnameseText.Upper(blocks[i].Title), TextStyle.Bold)], size, x, top, columnWidth, TextAlign.Center);
            y = DrawBlock([new Run(blocks[i].Note, TextStyle.Italic)], size - 1, x, y, columnWidth, TextAlign.Center);
            y += signRoom;
            if (!string.IsNullOrWhiteSpace(blocks[i].Name))
            {
                y = DrawBlock([new Run(blocks[i].Name!, TextStyle.Bold)], size, x, y, columnWidth, TextAlign.Center);
            }
            bottom = Math.Max(bottom, y);
        }
        Y = bottom + 4;
    }

    /// <summary>
    /// The foot of a document an agency issues (Nghị định 30/2020/NĐ-CP Phụ lục I, ô 7 and 9b): on the left "Nơi nhận:"
    /// (bold italic) and one line per recipient, each as given ("- Như trên;", "- Lưu: VT."), when
    /// <paramref name="recipients"/> is not null; on the right the signer's authority and title in bold capitals, room for
    /// the digital signature's image, and the name in bold. Kept together on one page.
    /// </summary>
    public void SignOff(Signatory signer, IReadOnlyList<string>? recipients)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ClearExclusion();
        const double size = BodySize;
        const double listSize = 7.5;
        const double signRoom = 38;
        var titleLines = signer.Authority is null ? 1 : 2;
        var signerHeight = LineHeight(size) * (titleLines + 1) + signRoom;
        var listHeight = recipients is null ? 0 : LineHeight(listSize) * (recipients.Count + 1.5);
        EnsureSpace(Math.Max(signerHeight, listHeight) + 10);
        Y += 8;
        var half = Width / 2;
        var top = Y;
        var left = top;
        if (recipients is not null)
        {
            left = DrawBlock([new Run("Nơi nhận:", TextStyle.BoldItalic)], listSize + 0.5, Left, left, half, TextAlign.Left);
            foreach (var line in recipients)
            {
                left = DrawBlock([new Run(line)], listSize, Left, left, half - 4, TextAlign.Left);
            }
        }
        var right = top;
        if (signer.Authority is { } authority)
        {
            right = DrawBlock([new Run(VietnameseText.Upper(authority), TextStyle.Bold)], size, Left + half, right, half, TextAlign.Center);
        }
        right = DrawBlock([new Run(VietnameseText.Upper(signer.Title), TextStyle.Bold)], size, Left + half, right, half, TextAlign.Center);
        right += signRoom;
        right = DrawBlock([new Run(signer.Name, TextStyle.Bold)], size, Left + half, right, half, TextAlign.Center);
        Y = Math.Max(left, right) + 4;
    }

    // ---------------------------------------------------------------- output

    public byte[] Finish()
    {
        if (_format.NumberPages && _pages.Count > 1)
        {
            var font = Font(TextStyle.Italic, 7.5);
            for (var i = 0; i < _pages.Count; i++)
            {
                _pages[i].DrawString($"Trang {i + 1}/{_pages.Count}", font, XBrushes.Black,
                    Left + Width / 2, _format.Height - _format.MarginBottom / 2, XStringFormats.BaseLineCenter);
            }
        }
        foreach (var page in _pages)
        {
            page.Dispose();
        }
        _pages.Clear();
        using var stream = new MemoryStream();
        _document.Save(stream, false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        foreach (var page in _pages)
        {
            page.Dispose();
        }
        _pages.Clear();
        _document.Dispose();
    }

    // ---------------------------------------------------------------- word wrapping

    private sealed record Piece(string Text, XFont Font, double Width);

    /// <summary>An unbreakable unit: one or more styled pieces with no space between them.</summary>
    private sealed class Word
    {
        public List<Piece> Pieces { get; } = [];
        public double Width => Pieces.Sum(p => p.Width);
        public double SpaceWidth { get; set; }
        public bool BreakAfter { get; set; }
    }

    private List<Word> Tokenize(IReadOnlyList<Run> runs, double size)
    {
        var words = new List<Word>();
        Word? current = null;
        foreach (var run in runs)
        {
            var font = Font(run.Style, size);
            var space = _gfx.MeasureString(" ", font).Width;
            var text = VietnameseText.Nfc(run.Text).Replace("\r\n", "\n").Replace('\t', ' ');
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '\n')
                {
                    if (current is null)
                    {
                        current = new Word();
                        words.Add(current);
                    }
                    current.BreakAfter = true;
                    current = null;
                    i++;
                }
                else if (c == ' ')
                {
                    if (current is not null)
                    {
                        current.SpaceWidth = space;
                    }
                    current = null;
                    i++;
                }
                else
                {
                    var end = i;
                    while (end < text.Length && text[end] != ' ' && text[end] != '\n')
                    {
                        end++;
                    }
                    var piece = text[i..end];
                    if (current is null)
                    {
                        current = new Word();
                        words.Add(current);
                    }
                    current.Pieces.Add(new Piece(piece, font, _gfx.MeasureString(piece, font).Width));
                    current.SpaceWidth = space;
                    i = end;
                }
            }
        }
        return words;
    }

    /// <summary>Greedy line filling; a word wider than the line is split (e.g. a long URL or code).</summary>
    private List<Word> TakeLine(List<Word> words, ref int index, double width, out bool hardBreak)
    {
        var line = new List<Word>();
        var used = 0.0;
        hardBreak = false;
        while (index < words.Count)
        {
            var word = words[index];
            var gap = line.Count > 0 ? line[^1].SpaceWidth : 0;
            if (line.Count > 0 && used + gap + word.Width > width)
            {
                break;
            }
            if (line.Count == 0 && word.Width > width)
            {
                var (head, tail) = Split(word, width);
                line.Add(head);
                words[index] = tail;
                return line;
            }
            line.Add(word);
            used += gap + word.Width;
            index++;
            if (word.BreakAfter)
            {
                hardBreak = true;
                break;
            }
        }
        return line;
    }

    private (Word Head, Word Tail) Split(Word word, double width)
    {
        var head = new Word();
        var tail = new Word { SpaceWidth = word.SpaceWidth, BreakAfter = word.BreakAfter };
        var used = 0.0;
        var full = false;
        foreach (var piece in word.Pieces)
        {
            if (full)
            {
                tail.Pieces.Add(piece);
                continue;
            }
            if (used + piece.Width <= width)
            {
                head.Pieces.Add(piece);
                used += piece.Width;
                continue;
            }
            // Longest prefix of this piece that fits, preferring a break after / . - _ ? & =.
            var fit = 0;
            for (var k = 1; k <= piece.Text.Length; k++)
            {
                if (used + _gfx.MeasureString(piece.Text[..k], piece.Font).Width > width)
                {
                    break;
                }
                fit = k;
            }
            fit = Math.Max(fit, head.Pieces.Count == 0 ? 1 : 0);
            var preferred = piece.Text.LastIndexOfAny(['/', '.', '-', '_', '?', '&', '='], Math.Max(fit - 1, 0));
            if (preferred + 1 > fit * 0.6 && preferred + 1 < fit)
            {
                fit = preferred + 1;
            }
            if (fit > 0)
            {
                var h = piece.Text[..fit];
                head.Pieces.Add(piece with { Text = h, Width = _gfx.MeasureString(h, piece.Font).Width });
            }
            if (fit < piece.Text.Length)
            {
                var t = piece.Text[fit..];
                tail.Pieces.Add(piece with { Text = t, Width = _gfx.MeasureString(t, piece.Font).Width });
            }
            full = true;
        }
        return (head, tail);
    }

    private void DrawLine(List<Word> line, double x, double top, double width, double size, TextAlign align)
    {
        if (line.Count == 0)
        {
            return;
        }
        var natural = line.Sum(w => w.Width) + line.Take(line.Count - 1).Sum(w => w.SpaceWidth);
        var extra = 0.0;
        switch (align)
        {
            case TextAlign.Center:
                x += (width - natural) / 2;
                break;
            case TextAlign.Right:
                x += width - natural;
                break;
            case TextAlign.Justify when line.Count > 1 && natural < width:
                extra = (width - natural) / (line.Count - 1);
                break;
        }
        var baseline = top + size * BaselineFactor;
        for (var i = 0; i < line.Count; i++)
        {
            foreach (var piece in line[i].Pieces)
            {
                _gfx.DrawString(piece.Text, piece.Font, XBrushes.Black, x, baseline, XStringFormats.BaseLineLeft);
                x += piece.Width;
            }
            x += line[i].SpaceWidth + extra;
        }
    }
}
