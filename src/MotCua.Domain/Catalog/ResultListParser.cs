using System.Text.RegularExpressions;

namespace MotCua.Domain.Catalog;

/// <summary>
/// Parses the flattened "Kết quả thực hiện" cell: result names each followed by "Mã: &lt;code&gt;", then the portal's
/// page furniture ("Từ khóa…", "Mô tả…", "Chọn cơ quan thực hiện…", "Nộp hồ sơ"), which is dropped.
/// </summary>
internal static partial class ResultListParser
{
    private static readonly string[] Furniture = ["Từ khóa", "Chọn cơ quan thực hiện", "Nộp hồ sơ"];

    [GeneratedRegex(@"Mã:\s*")]
    private static partial Regex CodeLabel();

    // The code glued to the next name: "KQ.G15.000031Giấy …", "000.00.00.G11-KQ1711", "Chưa xác định rõ".
    [GeneratedRegex(@"^(?:KQ\.G\d+\.\d+|Chưa xác định(?: rõ)?|[\w.\-/]+?(?=\p{Lu}\p{Ll}|$))")]
    private static partial Regex LeadingCode();

    public static IReadOnlyList<string> Parse(string? raw, List<ParseIssue> issues)
    {
        var text = CatalogText.Clean(raw);
        if (text is null)
        {
            issues.Add(new ParseIssue(CatalogField.Results, "", "không công bố kết quả thực hiện", ParseIssueKind.Missing));
            return [];
        }

        var cut = Furniture.Select(f => text.IndexOf(f, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(text.Length).Min();
        var head = text[..cut];

        var results = new List<string>();
        var parts = CodeLabel().Split(head);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (i > 0 && LeadingCode().Match(part) is { Success: true, Length: > 0 } code) part = part[code.Length..];
            var name = CatalogText.LineOrNull(part);
            if (name is not null && !results.Contains(name)) results.Add(name);
        }

        if (results.Count == 0)
            issues.Add(new ParseIssue(CatalogField.Results, CatalogText.Excerpt(text), "không công bố kết quả thực hiện", ParseIssueKind.Missing));
        return results;
    }
}
