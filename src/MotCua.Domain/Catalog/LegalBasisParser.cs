using System.Text.RegularExpressions;

namespace MotCua.Domain.Catalog;

/// <summary>
/// Parses the flattened "Căn cứ pháp lý" table: "Tên văn bản pháp lýMã văn bản" then (title, number) pairs glued
/// together, e.g. "Luật Hộ tịch60/2014/QH13Nghị định 123/2015/NĐ-CP123/2015/NĐ-CP". A pair ends at a document
/// number that is glued to what follows (or ends the text); a number followed by a space belongs to a title.
/// </summary>
internal static partial class LegalBasisParser
{
    private const string Header = "Tên văn bản pháp lýMã văn bản";

    // Issuer suffixes the numbers end with; used to cut a suffix that runs into the next title ("NĐ-CPLuật …", "NĐ-CPQUY ĐỊNH").
    private static readonly HashSet<string> Issuers = new(StringComparer.Ordinal)
    {
        "CP", "TTg", "BTC", "BTP", "BCA", "BNNMT", "BGTVT", "NHNN", "BXD", "BTNMT", "BHXH", "BKHĐT", "BNNPTNT", "BLĐTBXH",
        "BYT", "UBND", "HĐND", "TTLT", "BVHTTDL", "VPCP", "BKHCN", "BNV", "BCT", "BQP", "BGDĐT", "BTTTT", "BNG", "UBDT",
        "TANDTC", "VKSNDTC", "HĐTP", "CTN", "KTNN", "TCHQ", "TCT", "NĐ", "QĐ", "TT", "NQ", "CT", "UBCKNN", "BDN",
        "HĐBT", "UBTVQH", "QH", "NHNNVN", "TLĐ", "BKH", "BLĐ", "BNN", "BTM", "BCN", "BGD",
    };

    [GeneratedRegex(@"(?<num>\d+(?:\.\d+)?)(?:(?<rest>/(?:\d{4}/)?|-)(?<suffix>(?:TTg|[A-ZĐ]+)(?:[-/] ?(?:TTg|[A-ZĐ]+))*)(?<qh>\d*)|(?<bare>/\d{4})(?![/\d]))")]
    private static partial Regex DocumentNumber();

    public static IReadOnlyList<LegalDocument> Parse(string? raw, List<ParseIssue> issues)
    {
        var text = CatalogText.Clean(raw)?.Trim();
        if (text is not null && text.StartsWith(Header, StringComparison.Ordinal)) text = text[Header.Length..].Trim();
        if (string.IsNullOrEmpty(text) || CatalogText.IsNoInformation(text))
        {
            issues.Add(new ParseIssue(CatalogField.LegalBasis, raw ?? "", "không công bố căn cứ pháp lý", ParseIssueKind.Missing));
            return [];
        }

        var pairs = new List<(string Title, string Number)>();
        var pos = 0;
        var searchFrom = 0;
        while (searchFrom < text.Length && DocumentNumber().Match(text, searchFrom) is { Success: true } m)
        {
            // Continue after the number as trimmed, not after the whole match: the match may have run into the next number.
            searchFrom = m.Index + 1;
            if (m.Groups["bare"].Success && m.Index > 0 && text[m.Index - 1] == '/') continue; // the end of a date "19/6/2015"
            var (number, length) = Trim(m, text);
            var end = m.Index + length;
            var tail = text.AsSpan(end);
            // A number in the number column is glued to the next title (or ends the text), or glued to the end of its own
            // title ("… Bộ Tư pháp18/2026/NĐ-CP Nghị định …"); a number inside a title has a space before and after it.
            var columnValue = tail.Trim(" .;,").IsEmpty ||
                              !(char.IsWhiteSpace(tail[0]) || tail[0] is ',' or '.' or ';' or ')' or ':' or '(' or '/' or '-' or '–') ||
                              (m.Index > 0 && (char.IsLetter(text[m.Index - 1]) || text[m.Index - 1] is '.' or ';' or ':' or ')'));
            if (!columnValue)
            {
                searchFrom = end;
                continue;
            }

            var start = m.Index;
            var num = m.Groups["num"].Value;
            if (num.Length >= 5 && (num.StartsWith("19", StringComparison.Ordinal) || num.StartsWith("20", StringComparison.Ordinal)))
            {
                // A date's year glued to the number: "ngày 29/6/202443/2024/QH15".
                start += 4;
                number = number[4..];
            }

            pairs.Add((Title(text[pos..start]), number));
            pos = end;
            searchFrom = end;
        }

        var result = Merge(pairs);
        var leftover = Title(text[pos..]);
        if (leftover.Length > 0)
        {
            issues.Add(new ParseIssue(CatalogField.LegalBasis, leftover, "đoạn văn không có số, ký hiệu văn bản đọc được", ParseIssueKind.RawTextKept));
            result.Add(new LegalDocument("", leftover));
        }
        return result;
    }

    /// <summary>The number as matched, with a suffix that runs into the next words cut off.</summary>
    private static (string Number, int Length) Trim(Match m, string text)
    {
        if (m.Groups["bare"].Success)
        {
            var bare = m.Groups["num"].Value + m.Groups["bare"].Value;
            return (bare, bare.Length);
        }

        var suffix = m.Groups["suffix"].Value;
        var digits = m.Groups["qh"].Value;
        var head = m.Groups["num"].Value + m.Groups["rest"].Value;
        var cut = suffix.LastIndexOf('-');
        var lead = cut < 0 ? "" : suffix[..(cut + 1)];
        var last = cut < 0 ? suffix : suffix[(cut + 1)..];

        if (last.EndsWith("QH", StringComparison.Ordinal) && digits.Length >= 2)
        {
            // Legislatures are two digits (QH13, QH15); more digits are the next number glued on.
            var n = head + lead + last + digits[..2];
            return (n, n.Length);
        }

        if (!Issuers.Contains(last))
        {
            var prefix = Enumerable.Range(2, Math.Max(0, last.Length - 2)).Select(l => last[..l]).LastOrDefault(Issuers.Contains);
            if (prefix is not null)
                last = prefix; // "CPQUY ĐỊNH" → "CP"
            else if (digits.Length == 0 && m.Index + m.Length < text.Length && char.IsLower(text[m.Index + m.Length]))
                last = last[..^1]; // "XYZLuật" → "XYZ" + "Luật"; "NĐ-CP- Luật" → "NĐ-CP"
        }
        var number = (head + lead + last).TrimEnd('-', '/', ' ');
        return (number, number.Length);
    }

    private static List<LegalDocument> Merge(List<(string Title, string Number)> pairs)
    {
        var result = new List<LegalDocument>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var (title, number) = pairs[i];
            if (DocumentTypeOnly().IsMatch(title))
            {
                // "Thông tư số" + "64/2025/TT-BCT": the title column held only the type; the row may repeat as its own number column.
                result.Add(new LegalDocument(number, title + " " + number));
                if (i + 1 < pairs.Count && pairs[i + 1].Number == number && (pairs[i + 1].Title.Length == 0 || pairs[i + 1].Title == title)) i++;
                continue;
            }
            if (title.Length > 0)
            {
                result.Add(new LegalDocument(number, title));
                continue;
            }

            if (result.Count > 0 && result[^1].Number == number)
            {
                // "Nghị định 126/2020/NĐ-CP126/2020/NĐ-CP": the title ended with the number itself.
                result[^1] = result[^1] with { Title = result[^1].Title + " " + number };
            }
            else if (i + 1 < pairs.Count && pairs[i + 1].Title.Length == 0 && pairs[i + 1].Number == number)
            {
                // "…14/2025/TT-BNNMT14/2025/TT-BNNMT": a document known only by its number.
                result.Add(new LegalDocument(number, number));
                i++;
            }
            else if (result.Count > 0)
            {
                // The previous number was part of the previous title.
                var prev = result[^1];
                result[^1] = new LegalDocument(number, prev.Title + " " + prev.Number);
            }
            else
            {
                result.Add(new LegalDocument(number, number));
            }
        }
        return result;
    }

    private static string Title(string raw)
    {
        var title = CatalogText.Line(raw)?.Trim(' ', ';', ',', ':').TrimStart('-', '+', '–', ' ') ?? "";
        // "… của Bộ trưởng Bộ Tư phápThông tư số" + "03/2023/TT-BTP": the number column began with the document type.
        return GluedDocumentType().Match(title) is { Success: true } m ? m.Groups["t"].Value.TrimEnd(' ', ';', ',', ':') : title;
    }

    [GeneratedRegex(@"^(?:Thông tư|Nghị định|Quyết định|Luật|Nghị quyết|Pháp lệnh)(?: liên tịch)?(?: số)?$", RegexOptions.IgnoreCase)]
    private static partial Regex DocumentTypeOnly();

    [GeneratedRegex(@"^(?<t>.*\p{Ll}[.)]?)(?:Thông tư|Nghị định|Quyết định|Luật|Nghị quyết|Pháp lệnh)(?: liên tịch)?(?: số)?$")]
    private static partial Regex GluedDocumentType();
}
