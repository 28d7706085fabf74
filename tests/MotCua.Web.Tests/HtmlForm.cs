using System.Net;
using System.Text.RegularExpressions;

namespace MotCua.Web.Tests;

/// <summary>
/// What a browser would post from a server-rendered form, read from the page's HTML: named inputs (checkboxes only
/// when checked, never buttons or disabled fields), textareas, and the selected (else first) option of each select.
/// Tests post a page's own form back unchanged with it, so they need not restate its fields.
/// </summary>
public static partial class HtmlForm
{
    [GeneratedRegex(@"<input\b([^>]*)>", RegexOptions.Singleline)]
    private static partial Regex Input();

    [GeneratedRegex(@"<textarea\b([^>]*)>(.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextArea();

    [GeneratedRegex(@"<select\b([^>]*)>(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex Select();

    [GeneratedRegex(@"<option\b([^>]*)>(.*?)</option>", RegexOptions.Singleline)]
    private static partial Regex Option();

    /// <summary>The fields of the first form whose opening tag contains <paramref name="formMarker"/>.</summary>
    public static List<KeyValuePair<string, string>> Fields(string html, string formMarker)
    {
        var marker = html.IndexOf(formMarker, StringComparison.Ordinal);
        if (marker < 0) throw new InvalidOperationException($"Không thấy biểu mẫu có \"{formMarker}\".");
        var start = html.AsSpan(0, marker + formMarker.Length).LastIndexOf("<form", StringComparison.Ordinal);
        var form = html[start..(html.IndexOf("</form>", marker, StringComparison.Ordinal) + "</form>".Length)];

        var fields = new List<(int At, string Name, string Value)>();
        foreach (Match m in Input().Matches(form))
        {
            var attributes = m.Groups[1].Value;
            var type = Attribute(attributes, "type") ?? "text";
            if (Attribute(attributes, "name") is not { } name || Attribute(attributes, "disabled") is not null || type is "submit" or "button" or "reset") continue;
            if (type is "checkbox" or "radio" && Attribute(attributes, "checked") is null) continue;
            fields.Add((m.Index, name, Attribute(attributes, "value") ?? (type == "checkbox" ? "on" : "")));
        }
        foreach (Match m in TextArea().Matches(form))
            if (Attribute(m.Groups[1].Value, "name") is { } name) fields.Add((m.Index, name, WebUtility.HtmlDecode(m.Groups[2].Value)));
        foreach (Match m in Select().Matches(form))
        {
            if (Attribute(m.Groups[1].Value, "name") is not { } name) continue;
            var options = Option().Matches(m.Groups[2].Value).Select(o => (Attributes: o.Groups[1].Value, Text: o.Groups[2].Value)).ToList();
            var chosen = options.FirstOrDefault(o => Attribute(o.Attributes, "selected") is not null, options.FirstOrDefault());
            if (chosen.Attributes is null) continue;
            fields.Add((m.Index, name, Attribute(chosen.Attributes, "value") ?? WebUtility.HtmlDecode(chosen.Text.Trim())));
        }
        return fields.OrderBy(f => f.At).Select(f => KeyValuePair.Create(f.Name, f.Value)).ToList();
    }

    private static string? Attribute(string attributes, string name)
    {
        var m = Regex.Match(attributes, $@"(?:^|\s){name}(?:=""([^""]*)""|(?=[\s/>]|$))");
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    /// <summary>The fields with some replaced or added (by name) and some removed.</summary>
    public static List<KeyValuePair<string, string>> With(this List<KeyValuePair<string, string>> fields, Dictionary<string, string> set, params string[] remove)
    {
        var result = fields.Where(f => !set.ContainsKey(f.Key) && !remove.Contains(f.Key)).ToList();
        result.AddRange(set.Select(s => KeyValuePair.Create(s.Key, s.Value)));
        return result;
    }
}
