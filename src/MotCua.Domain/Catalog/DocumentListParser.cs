using System.Globalization;
using System.Text.RegularExpressions;

namespace MotCua.Domain.Catalog;

/// <summary>
/// Parses the flattened "Thành phần hồ sơ" table. The portal prints one or more groups, each a heading
/// ("* Giấy tờ phải nộp:", "* Giấy tờ phải xuất trình:", "--", "Trường hợp ủy quyền ...:") followed by the column
/// header "Tên giấy tờMẫu đơn, tờ khaiSố lượng" and items glued together. Every item ends with its count cell
/// ("1 bản chính", "0 bản chính,1 bản sao"), which is what the items are split on; a form file name
/// ("Mẫu số 01.docx") may sit between the item's name and its count.
/// </summary>
internal static partial class DocumentListParser
{
    [GeneratedRegex(@"Tên giấy tờ\s*Mẫu đơn, tờ khai\s*Số lượng")]
    private static partial Regex ColumnHeader();

    [GeneratedRegex(@"(?<n>\d+)[ \t]?bản chính(?:[ \t]*,[ \t]*(?<m>\d+)[ \t]?bản sao)?")]
    private static partial Regex CountCell();

    [GeneratedRegex(@"^[ \t]+\p{Ll}")]
    private static partial Regex RunningProse();

    [GeneratedRegex(@"(?:số|[Mm]ẫu|Điều|điều|khoản|năm|định|tư|lục|[Pp]hụ lục)[ \t]*$")]
    private static partial Regex NumberWordBefore();

    [GeneratedRegex(@"(?:\.(?:docx|doc|pdf|xlsx|xls|rar|zip))+$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingFileExtension();

    [GeneratedRegex(@"\.(?:docx|doc|pdf|xlsx|xls|rar|zip)(?=[\p{L}\d])", RegexOptions.IgnoreCase)]
    private static partial Regex InnerFileExtension();

    [GeneratedRegex(@"^[\s\-+*•–—.]+")]
    private static partial Regex LeadingBullets();

    [GeneratedRegex(@"\b[Mm]ẫu(?:[ \t]+số)?[ \t]+[0-9A-ZĐ][^;,()]*")]
    private static partial Regex FormReference();

    [GeneratedRegex(@"\. | (?:ngày|của|hoặc|và|để|kèm theo hồ sơ|đối với) ", RegexOptions.IgnoreCase)]
    private static partial Regex FormReferenceEnd();

    [GeneratedRegex(@"^(?<what>.{3,100}?)\s+theo\s+mẫu\b(?![ \t]+(?:số|\d))", RegexOptions.IgnoreCase)]
    private static partial Regex ByTemplate();

    [GeneratedRegex(@"^(?:[a-zđ]\)|\d{1,2}[.)]|[ivx]{1,4}[.)])\s*")]
    private static partial Regex EnumerationPrefix();

    [GeneratedRegex(@"^(?:Lưu ý|Ghi chú|Chú ý)", RegexOptions.IgnoreCase)]
    private static partial Regex NotesHeading();

    private readonly record struct CountToken(int Start, int End, int Originals, int Copies, string? GluedDigits);

    public static (IReadOnlyList<RequiredDocument> Documents, IReadOnlyList<string> Notes, string? RawText) Parse(string? raw, List<ParseIssue> issues)
    {
        var text = CatalogText.Clean(raw)?.Trim();
        if (text is null || CatalogText.IsNoInformation(text))
        {
            issues.Add(new ParseIssue(CatalogField.Documents, raw ?? "", "no documents published", ParseIssueKind.Missing));
            return ([], [], null);
        }

        if (!ColumnHeader().Replace(text, "").Any(char.IsLetter))
        {
            issues.Add(new ParseIssue(CatalogField.Documents, raw ?? "", "no documents published (an empty table)", ParseIssueKind.Missing));
            return ([], [], null);
        }

        var docs = new List<RequiredDocument>();
        var notes = new List<string>();
        string? rawKept = null;

        var headers = ColumnHeader().Matches(text);
        var groupCount = Math.Max(1, headers.Count);
        var pendingTitle = headers.Count > 0 ? text[..headers[0].Index] : "";
        for (var g = 0; g < groupCount; g++)
        {
            var bodyStart = headers.Count > 0 ? headers[g].Index + headers[g].Length : 0;
            var bodyEnd = g + 1 < headers.Count ? headers[g + 1].Index : text.Length;
            var body = text[bodyStart..bodyEnd];
            var title = GroupTitle(pendingTitle);
            var isNotes = title is not null && NotesHeading().IsMatch(title);
            var presentOnly = title is not null && title.Contains("xuất trình", StringComparison.OrdinalIgnoreCase);

            var pos = 0;
            foreach (var token in CountTokens(body))
            {
                var itemRaw = body[pos..token.Start];
                if (token.GluedDigits is not null)
                    issues.Add(new ParseIssue(CatalogField.Documents, CatalogText.Excerpt(body[pos..token.End]),
                        $"the count runs into the number ending the name (\"{token.GluedDigits}…\"); took the last digit as the count", ParseIssueKind.Assumed));
                pos = token.End;

                var name = CatalogText.Line(LeadingBullets().Replace(itemRaw, ""));
                if (name is null)
                {
                    issues.Add(new ParseIssue(CatalogField.Documents, body[token.Start..token.End], "a count without a document name was ignored", ParseIssueKind.Assumed));
                    continue;
                }

                if (isNotes || name.StartsWith("Lưu ý", StringComparison.OrdinalIgnoreCase))
                {
                    notes.Add(name);
                    continue;
                }

                var (docName, form) = SplitForm(name, issues);
                docs.Add(new RequiredDocument(docName, token.Originals, token.Copies, form, presentOnly) { Group = title });
            }

            var trailing = body[pos..];
            if (g + 1 < groupCount)
            {
                pendingTitle = trailing;
            }
            else if (CatalogText.Line(LeadingBullets().Replace(trailing, "")) is { } left)
            {
                var why = docs.Count == 0 && notes.Count == 0
                    ? "no document with a count could be recognised"
                    : "text after the last count could not be split into documents";
                issues.Add(new ParseIssue(CatalogField.Documents, left, why, ParseIssueKind.RawTextKept));
                rawKept = CatalogText.Block(text);
            }
        }

        if (docs.Count == 0 && notes.Count == 0 && rawKept is null)
        {
            issues.Add(new ParseIssue(CatalogField.Documents, text, "no document with a count could be recognised", ParseIssueKind.RawTextKept));
            rawKept = CatalogText.Block(text);
        }

        return (docs, notes, rawKept);
    }

    /// <summary>The count cells in a group body, skipping counts that belong to prose ("nộp 01 bản chính hoặc ...").</summary>
    private static IEnumerable<CountToken> CountTokens(string body)
    {
        foreach (Match m in CountCell().Matches(body))
        {
            var n = m.Groups["n"].Value;
            var start = m.Index;
            var end = m.Index + m.Length;
            if (RunningProse().IsMatch(body.Substring(end, Math.Min(40, body.Length - end))))
                continue; // "01 bản chính văn bản ...", "1 bản chính hoặc ..." is a sentence, not a count cell
            var before = start > 0 ? body[start - 1] : ' ';
            if (n.Length > 1 && n[0] == '0' && (char.IsWhiteSpace(before) || before == '('))
                continue; // "(01 bản chính)" inside a name

            string? glued = null;
            var lookBack = body.Substring(Math.Max(0, start - 12), Math.Min(12, start));
            if (n.Length > 1 && (n[0] == '0' || int.Parse(n, CultureInfo.InvariantCulture) > 20 || NumberWordBefore().IsMatch(lookBack)))
            {
                glued = n[..^1];
                start += n.Length - 1;
                n = n[^1..];
            }

            var originals = int.Parse(n, CultureInfo.InvariantCulture);
            var copies = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
            yield return new CountToken(start, end, originals, copies, glued);
        }
    }

    private static string? GroupTitle(string raw)
    {
        var s = CatalogText.Line(raw);
        if (s is null) return null;
        s = s.Trim(' ', '*', '-', ':', '–', '•');
        return s.Length == 0 ? null : s;
    }

    /// <summary>Separates a trailing form file name ("… theo Mẫu số 01Mẫu số 01.docx") or a form reference from the document name.</summary>
    private static (string Name, string? Form) SplitForm(string item, List<ParseIssue> issues)
    {
        var files = new List<string>();
        var rest = item;
        while (TrailingFileExtension().Match(rest) is { Success: true } ext)
        {
            var start = FileNameStart(rest, ext.Index);
            files.Insert(0, rest[start..].Trim());
            rest = rest[..start];
            if (start == 0) break;
        }

        if (files.Count > 0)
        {
            var name = CatalogText.Line(rest.TrimEnd(' ', ';', ',', ':'));
            var form = string.Join("; ", files);
            if (name is null)
            {
                issues.Add(new ParseIssue(CatalogField.Documents, item, "the item is only a form file name; used it as the document name", ParseIssueKind.Assumed));
                return (form, form);
            }
            return (name, form);
        }

        if (FormReference().Match(item) is { Success: true } r)
        {
            var reference = r.Value;
            if (FormReferenceEnd().Match(reference) is { Success: true } stop) reference = reference[..stop.Index];
            reference = reference.Trim().TrimEnd('.', ' ');
            return (item, reference);
        }

        if (ByTemplate().Match(item) is { Success: true } t)
            return (item, EnumerationPrefix().Replace(t.Groups["what"].Value.Trim(), "") + " (mẫu)");

        return (item, null);
    }

    /// <summary>
    /// A '.' at <paramref name="i"/> - 1 ends the document name ("… NĐ-CP.Mẫu 01.docx", "… Bộ Công an.12-Mẫu NA14.doc") rather than
    /// sitting inside a file name ("Phu luc_39.2025.TT-BNNMT_02.7.2025.doc"): a word starts after it, or no digit comes before it.
    /// </summary>
    private static bool AfterSentenceDot(string s, int i)
    {
        var digitBefore = i >= 2 && char.IsDigit(s[i - 2]);
        var wordStarts = char.IsUpper(s[i]) && i + 1 < s.Length && (char.IsLower(s[i + 1]) || s[i + 1] == ' ');
        return wordStarts || (!digitBefore && char.IsLetterOrDigit(s[i]));
    }

    /// <summary>
    /// Where the file name ending at <paramref name="extIndex"/> starts. The name and the file are glued, so look back for
    /// the closest place where a new word is glued on: after an earlier file extension, after punctuation ("CP.Mẫu 01",
    /// ";Mau01"), or a capital glued to the word before ("QĐ-TTgGiấy", "BNNMTMẫu"). A punctuation boundary wins over a
    /// closer capital inside the same unbroken token ("…;MauBankhaichung.docx").
    /// </summary>
    private static int FileNameStart(string s, int extIndex)
    {
        var baseName = s[..extIndex];
        var inner = InnerFileExtension().Matches(baseName);
        if (inner.Count > 0)
        {
            var last = inner[^1];
            return last.Index + last.Length;
        }

        int strong = -1, weak = -1;
        for (var i = extIndex - 1; i > 0 && (strong < 0 || weak < 0); i--)
        {
            var c = s[i];
            var p = s[i - 1];
            if (!char.IsLetterOrDigit(c)) continue;
            if (strong < 0 && (p is ';' or ':' or ',' or ')' or ']' or '”' or '"' || (p == '.' && AfterSentenceDot(s, i))))
                strong = i;
            if (weak < 0 &&
                ((char.IsUpper(c) && (char.IsLower(p) || char.IsDigit(p) || (char.IsUpper(p) && i + 1 < s.Length && char.IsLower(s[i + 1])))) ||
                 (char.IsDigit(c) && char.IsLower(p))))
                weak = i;
        }

        if (strong < 0 && weak < 0) return 0;
        if (strong < 0) return weak;
        if (weak < 0) return strong;
        if (strong > weak) return strong;
        // strong is further back: take it only when no whitespace separates it from the weak one (same glued token).
        return s.AsSpan(strong, weak - strong).IndexOfAny(' ', '\t', '\n') < 0 ? strong : weak;
    }
}
