using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;

namespace MotCua.Web.Features.Reports;

/// <summary>
/// The dashboard's charts as inline SVG drawn on the server (no script, a few kilobytes each: light on a commune link).
/// Each is an image with a title (role="img"); the page puts the same figures in a table under it for screen readers.
/// Colours are presentation attributes, not style attributes, which the Content-Security-Policy refuses.
/// </summary>
public static class DashboardCharts
{
    // Vietnamese letters stay letters (the pages are UTF-8); markup characters are escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private const int Width = 720, Height = 260, Left = 48, Right = 12, Top = 12, Bottom = 44;

    /// <summary>One bar: its label (cut on the chart, whole in its tooltip), its value on the chart's scale and the text
    /// written after it.</summary>
    public sealed record Bar(string Label, double Value, string Text);

    private static string At(double value) => value.ToString("0.#", Invariant);

    private static string Text(string text) => Encoder.Encode(text);

    /// <summary>A label cut to <paramref name="length"/> characters (the full text is in the tooltip and the table).</summary>
    public static string Short(string text, int length = 38) => text.Length <= length ? text : text[..(length - 1)].TrimEnd() + "…";

    /// <summary>The top of a scale: the smallest of 1, 2, 5 × 10^k at or above <paramref name="max"/> (at least 1).</summary>
    public static long ScaleTop(long max)
    {
        for (long step = 1; ; step *= 10)
            foreach (var m in new long[] { 1, 2, 5 })
                if (m * step >= max) return m * step;
    }

    /// <summary>The length of the words every label begins with ("Trung tâm Phục vụ hành chính công " for the units), left out
    /// of the drawn labels so that what tells them apart fits; 0 for fewer than two labels or when one label is only those
    /// words.</summary>
    public static int CommonWords(IReadOnlyList<string> labels)
    {
        if (labels.Count < 2) return 0;
        var length = labels.Min(l => l.Length);
        var common = 0;
        for (var i = 0; i < length && labels.All(l => l[i] == labels[0][i]); i++)
            if (labels[0][i] == ' ') common = i + 1;
        return labels.Any(l => l.Length <= common) ? 0 : common;
    }

    /// <summary>
    /// The by-day line chart: received (solid blue), resolved (dashed green) and overdue (dotted red) at the end of each day,
    /// today at the moment read (the box's rule)
    /// over <paramref name="days"/>, a scale from 0 to <see cref="ScaleTop"/> of the largest count, about eight date labels
    /// (dd/MM) and a legend.
    /// </summary>
    public static IHtmlContent Days(string id, string title, IReadOnlyList<DashboardDayView> days, Func<long, string> number)
    {
        var top = ScaleTop(days.Count == 0 ? 1 : days.Max(d => Math.Max(d.Received, Math.Max(d.Resolved, d.Overdue))));
        double X(int i) => Left + (Width - Left - Right) * (double)i / Math.Max(1, days.Count - 1);
        double Y(double v) => Height - Bottom - (Height - Top - Bottom) * v / top;
        var svg = new StringBuilder();
        svg.Append($"""<svg class="chart" id="{id}" viewBox="0 0 {Width} {Height}" role="img" aria-labelledby="{id}-title"><title id="{id}-title">{Text(title)}</title>""");
        foreach (var tick in new[] { 0L, top / 2, top }.Distinct())
            svg.Append($"""<line x1="{Left}" x2="{Width - Right}" y1="{At(Y(tick))}" y2="{At(Y(tick))}" stroke="#c9d1d9"/><text x="{Left - 6}" y="{At(Y(tick) + 4)}" text-anchor="end" font-size="12" fill="#57606a">{Text(number(tick))}</text>""");
        var every = Math.Max(1, (int)Math.Ceiling(days.Count / 8.0));
        for (var i = 0; i < days.Count; i += every)
            svg.Append($"""<text x="{At(X(i))}" y="{Height - Bottom + 18}" text-anchor="middle" font-size="12" fill="#57606a">{Text(days[i].Date.ToString("dd/MM", CultureInfo.InvariantCulture))}</text>""");
        var series = new (Func<DashboardDayView, long> Value, string Colour, string Dash, string Name)[]
        {
            (d => d.Received, "#0b4f8a", "", "Tiếp nhận"), (d => d.Resolved, "#1e7b34", "6 3", "Đã giải quyết"), (d => d.Overdue, "#b3261e", "2 3", "Quá hạn (cuối ngày; hôm nay: lúc xem)"),
        };
        for (var s = 0; s < series.Length; s++)
        {
            var (value, colour, dash, name) = series[s];
            var dashed = dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : "";
            var points = string.Join(' ', days.Select((d, i) => $"{At(X(i))},{At(Y(value(d)))}"));
            svg.Append($"""<polyline fill="none" stroke="{colour}" stroke-width="2.5"{dashed} points="{points}"/>""");
            var lx = Left + 12 + s * 170;
            svg.Append($"""<line x1="{lx}" x2="{lx + 24}" y1="{Height - 8}" y2="{Height - 8}" stroke="{colour}" stroke-width="2.5"{dashed}/><text x="{lx + 30}" y="{Height - 4}" font-size="13" fill="#1b1f24">{Text(name)}</text>""");
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }

    /// <summary>A horizontal bar chart: one bar per row, 0 to <paramref name="max"/> over a fixed width, the label before the
    /// bar and the text after it.</summary>
    public static IHtmlContent Bars(string id, string title, IReadOnlyList<Bar> rows, double max)
    {
        var height = 8 + rows.Count * 26;
        var common = CommonWords(rows.Select(r => r.Label).ToList());
        var svg = new StringBuilder();
        svg.Append($"""<svg class="chart" id="{id}" viewBox="0 0 {Width} {height}" role="img" aria-labelledby="{id}-title"><title id="{id}-title">{Text(title)}</title>""");
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, value, text) = rows[i];
            var y = 4 + i * 26;
            var w = max <= 0 ? 0 : 300 * Math.Clamp(value / max, 0, 1);
            svg.Append($"""<g><title>{Text(label)}: {Text(text)}</title><text x="292" y="{y + 17}" text-anchor="end" font-size="13" fill="#1b1f24">{Text(Short(label[common..]))}</text>""")
               .Append($"""<rect x="300" y="{y + 3}" width="{At(w)}" height="18" fill="#0b4f8a"/><text x="{At(306 + w)}" y="{y + 17}" font-size="13" fill="#1b1f24">{Text(text)}</text></g>""");
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }
}
