using System.Globalization;
using System.Text.RegularExpressions;

namespace MotCua.Domain.Catalog;

/// <summary>
/// Parses the flattened "Thành phần hồ sơ" table. The portal prints one or more groups, each a heading
/// ("* Giấy tờ phải nộp:", "* Giấy tờ phải xuất trình:", "--", "Trường hợp ủy quyền ...:") followed by the column
/// header "Tên giấy tờMẫu đơn, tờ khaiSố lượng" and items glued together. Every item ends with its count cell
/// ("1 bản chính", "0 bản chính,1 bản sao"), which is what the items are split on; a form file name
/// ("Mẫu số 01.docx") may sit between the item's name and its count.
/// <para>
/// Not every counted line is a document: the portal prints headings ("Người có yêu cầu … các giấy tờ sau:"), rules and
/// notes ("Trường hợp … thì không phải nộp bản giấy.", "01 bộ gốc") in the same table with "0 bản chính". Each line gets
/// its <see cref="DocumentLineKind"/> and, when it applies only in a case ("Trường hợp ủy quyền …", "(nếu có)"), its
/// <see cref="RequiredDocument.Condition"/> (see <see cref="Classify"/>).
/// </para>
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

    // A group of notes, or the number of sets ("Số lượng hồ sơ" then "01 bộ gốc"): nothing in it is a document.
    [GeneratedRegex(@"^(?:Lưu ý|Ghi chú|Chú ý|Số lượng hồ sơ)", RegexOptions.IgnoreCase)]
    private static partial Regex NotesHeading();

    [GeneratedRegex(@"^(?:\(?(?:[ivx]{1,4}|[a-zđ]|\d{1,2})\)|(?:[a-zđ]|\d{1,2}(?:\.\d{1,2})*)[.)])\s*", RegexOptions.IgnoreCase)]
    private static partial Regex LinePrefix();

    // A case clause that makes a line conditional: "Trường hợp ủy quyền …", "Đối với người nước ngoài …", "Nếu …".
    [GeneratedRegex(@"^\(?(?:Trong )?(?:Trường hợp|Đối với trường hợp|Đối với|Nếu|Riêng)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CaseClause();

    // Where a case clause ends: before "thì", the first comma or colon ("Trường hợp ủy quyền, …", "Trường hợp X thì …").
    [GeneratedRegex(@"\s+thì\s|[,:;]|\s+phải\s")]
    private static partial Regex CaseClauseEnd();

    // "(nếu có)" closing the line qualifies the document; inside a longer line it qualifies only a part of it.
    [GeneratedRegex(@"\((?<case>nếu có|trường hợp có|nếu thuộc trường hợp[^)]*)\)[\s.;,:]*$", RegexOptions.IgnoreCase)]
    private static partial Regex IfAny();

    // What a document's name starts with ("Giấy …", "Tờ khai …", "Bản sao …"): a 0/0 line that starts so is a document
    // whose count the catalogue left out; any other 0/0 line is a rule or a note.
    [GeneratedRegex(@"^(?:Giấy|Tờ khai|Tờ trình|Bản|Văn bản|Đơn|Hợp đồng|Hóa đơn|Hoá đơn|Quyết định|Biên bản|Sổ|Phiếu|Hộ chiếu|Chứng từ|Chứng chỉ|Chứng nhận|Báo cáo|Danh sách|Danh mục|Tài liệu|Hồ sơ|Thẻ|Bằng|Ảnh|Công văn|Thông báo|Đề án|Phương án|Dự án|Kế hoạch|Lý lịch|Mẫu|Căn cước|Sơ đồ|Trích lục|Trích sao|Xác nhận|Kết quả|Chương trình|Điều lệ|Quy chế|Hình|Bảng)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DocumentNoun();

    // The number of sets as the whole line ("01 bộ gốc", "* Số lượng hồ sơ: 01 (một) bộ."): a rule, never a document.
    // "02 bộ bản vẽ thiết kế …" names a document and is not matched.
    [GeneratedRegex(@"^(?:\*\s*)?(?:Số lượng hồ sơ\s*:?\s*)?\d+\s*(?:\([^)]*\)\s*)?bộ(?:\s+(?:gốc|hồ sơ|bản gốc|bản chính|bản sao))?\s*[.;]?$", RegexOptions.IgnoreCase)]
    private static partial Regex SetCount();

    private readonly record struct CountToken(int Start, int End, int Originals, int Copies, string? GluedDigits);

    public static (IReadOnlyList<RequiredDocument> Documents, IReadOnlyList<string> Notes, string? RawText) Parse(string? raw, List<ParseIssue> issues)
    {
        var text = CatalogText.Clean(raw)?.Trim();
        if (text is null || CatalogText.IsNoInformation(text))
        {
            issues.Add(new ParseIssue(CatalogField.Documents, raw ?? "", "không công bố thành phần hồ sơ", ParseIssueKind.Missing));
            return ([], [], null);
        }

        if (!ColumnHeader().Replace(text, "").Any(char.IsLetter))
        {
            issues.Add(new ParseIssue(CatalogField.Documents, raw ?? "", "không công bố thành phần hồ sơ (bảng trống)", ParseIssueKind.Missing));
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
            // "Giấy tờ phải xuất trình" are only shown; "Hồ sơ gồm bản sao và xuất trình bản chính để đối chiếu" are handed over.
            var presentOnly = title is not null && title.Contains("xuất trình", StringComparison.OrdinalIgnoreCase)
                && !title.Contains("bản sao", StringComparison.OrdinalIgnoreCase) && !title.Contains("nộp", StringComparison.OrdinalIgnoreCase);

            // A group titled with a case ("Trường hợp ủy quyền … một trong những giấy tờ sau:") makes all its lines conditional;
            // a heading line with a case does so for the lines after it, up to the next heading.
            var groupCase = title is not null && CaseClause().IsMatch(title) ? title : null;
            var headingCase = (string?)null;
            var pos = 0;
            foreach (var token in CountTokens(body))
            {
                var itemRaw = body[pos..token.Start];
                if (token.GluedDigits is not null)
                    issues.Add(new ParseIssue(CatalogField.Documents, CatalogText.Excerpt(body[pos..token.End]),
                        $"số lượng dính liền con số cuối tên giấy tờ (\"{token.GluedDigits}…\"); lấy chữ số cuối làm số lượng", ParseIssueKind.Assumed));
                pos = token.End;

                var name = CatalogText.Line(LeadingBullets().Replace(itemRaw, ""));
                if (name is null)
                {
                    issues.Add(new ParseIssue(CatalogField.Documents, body[token.Start..token.End], "số lượng không kèm tên giấy tờ, đã bỏ qua", ParseIssueKind.Assumed));
                    continue;
                }

                if (isNotes || name.StartsWith("Lưu ý", StringComparison.OrdinalIgnoreCase))
                {
                    notes.Add(name);
                    continue;
                }

                var (kind, condition) = Classify(name, token.Originals + token.Copies == 0);
                if (kind == DocumentLineKind.Heading)
                {
                    headingCase = condition;
                    docs.Add(new RequiredDocument(name, 0, 0, null, presentOnly) { Group = title, Kind = kind, Condition = condition });
                    continue;
                }
                if (kind == DocumentLineKind.Note)
                {
                    docs.Add(new RequiredDocument(name, 0, 0, null, presentOnly) { Group = title, Kind = kind });
                    continue;
                }
                var (docName, form) = SplitForm(name, issues);
                docs.Add(new RequiredDocument(docName, token.Originals, token.Copies, form, presentOnly)
                    { Group = title, Condition = condition ?? headingCase ?? groupCase });
            }

            var trailing = body[pos..];
            if (g + 1 < groupCount)
            {
                pendingTitle = trailing;
            }
            else if (CatalogText.Line(LeadingBullets().Replace(trailing, "")) is { } left)
            {
                var why = docs.Count == 0 && notes.Count == 0
                    ? "không nhận ra được giấy tờ nào kèm số lượng"
                    : "không tách được đoạn văn sau số lượng cuối cùng thành các giấy tờ";
                issues.Add(new ParseIssue(CatalogField.Documents, left, why, ParseIssueKind.RawTextKept));
                rawKept = CatalogText.Block(text);
            }
        }

        if (docs.Count == 0 && notes.Count == 0 && rawKept is null)
        {
            issues.Add(new ParseIssue(CatalogField.Documents, text, "không nhận ra được giấy tờ nào kèm số lượng", ParseIssueKind.RawTextKept));
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

    /// <summary>
    /// What a counted line is. A line that counts nothing (0 originals, 0 copies) and ends with ':' is a heading; one that
    /// starts like a document's name ("Giấy …", "Tờ khai …") is a document whose count was not published; anything else
    /// (a rule, "Trường hợp … thì không phải nộp …", "01 bộ gốc") is a note. A document (or heading) opening with a case
    /// clause, or marked "(nếu có)", is needed only in that case: the condition is the clause as published.
    /// </summary>
    internal static (DocumentLineKind Kind, string? Condition) Classify(string line, bool countsNothing)
    {
        var text = LinePrefix().Replace(line, "").Trim();
        if (SetCount().IsMatch(text)) return (DocumentLineKind.Note, null);
        string? condition = null;
        if (CaseClause().IsMatch(text))
        {
            var clause = text.TrimStart('(');
            if (CaseClauseEnd().Match(clause) is { Success: true } end && end.Index > 0) clause = clause[..end.Index];
            condition = clause.TrimEnd(' ', '.', ')').Length > 200 ? clause[..200].TrimEnd() + "…" : clause.TrimEnd(' ', '.', ')');
        }
        else if (IfAny().Match(text) is { Success: true } ifAny)
            condition = ifAny.Groups["case"].Value;
        if (!countsNothing) return (DocumentLineKind.Document, condition);
        if (text.TrimEnd(' ', '.', ';').EndsWith(':')) return (DocumentLineKind.Heading, condition);
        return DocumentNoun().IsMatch(text) && !text.Contains(" thì ", StringComparison.Ordinal)
            ? (DocumentLineKind.Document, condition)
            : (DocumentLineKind.Note, null);
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
                issues.Add(new ParseIssue(CatalogField.Documents, item, "mục chỉ là tên tệp mẫu đơn; dùng làm tên giấy tờ", ParseIssueKind.Assumed));
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
        // A file name glued to the name is one token ("khoáng sảnMau07-PhulucII_38.2025….docx"): the capital right after the
        // name's last lowercase letter starts it, not a later capital inside the file name ("PhulucII").
        if (weak > 0)
            for (var i = weak - 1; i > 0 && !char.IsWhiteSpace(s[i]) && i > strong; i--)
                if (char.IsUpper(s[i]) && char.IsLower(s[i - 1])) weak = i;
        if (strong < 0) return weak;
        if (weak < 0) return strong;
        if (strong > weak) return strong;
        // strong is further back: take it only when no whitespace separates it from the weak one (same glued token).
        return s.AsSpan(strong, weak - strong).IndexOfAny(' ', '\t', '\n') < 0 ? strong : weak;
    }
}
