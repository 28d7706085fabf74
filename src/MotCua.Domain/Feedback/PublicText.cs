using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MotCua.Domain.Feedback;

/// <summary>The sender's personal data as the feedback recorded it (each may be null or empty): what
/// <see cref="PublicText.Mask"/> removes however it is written in the text.</summary>
public sealed record SenderData(string? Name, string? IdNumber = null, string? Phone = null, string? Email = null, string? Address = null);

/// <summary>
/// What the public may read of a feedback and its answer (Nghị định 13/2023/NĐ-CP: personal data shown only as far as
/// needed, here not at all). The officer reads the masked text and may edit it before publishing; whatever is published is
/// masked again. Names of other people are the officer's to judge. Masked (issue 16, sixteenth trial finding 1):
/// <list type="bullet">
/// <item>the sender's name, with or without diacritics, in any case: the full name becomes the surname and initials
/// ("Lê Văn Tám", "le van tam" → "Lê V. T."), the name without its surname written capitalised or as the sender wrote
/// it ("Văn Tám" → "V. T."),
/// and the given name alone where it names the person, after a form of address ("anh Tám", "ông tam" → "anh T.")
/// [choice: a given name alone elsewhere is an ordinary word too often ("tám", "Nghị định") to be masked];</item>
/// <item>identity numbers: 12 or 9 digits, written whole or in groups separated by spaces, dots or dashes; grouped, they
/// are masked when they begin with 0 (every CCCD does: its first three digits are the province code) or follow a word
/// naming an identity paper (CCCD, CMND, căn cước, chứng minh, định danh, hộ chiếu), so that money in groups
/// ("125.000.000") is not; never when a currency follows ("đồng", "đ", "VND"). The sender's own number and phone number
/// are masked in every spelling;</item>
/// <item>Vietnamese phone numbers (0, 84 or +84 and 9–10 digits, with spaces, dots, dashes or brackets) and e-mail
/// addresses, except the handling agency's own configured phone [choice: the number the agency publishes on its notices
/// (<c>agencies.phone</c>), not numbers the officer marks: marking by hand would let a person's number through by one
/// wrong click; any other number, another office's too, is masked like a person's];</item>
/// <item>the sender's address, whole, and each of its parts below the commune that identifies a home (a part with a house
/// number, or a thôn, xóm, ấp, tổ, kiệt, hẻm, ngõ…) [choice: the commune, district and province are public place names,
/// often the agency's own].</item>
/// </list>
/// Dates (01.07.2025), money (1.250.000 đồng), legal references (118/2025/NĐ-CP), procedure and dossier codes stay.
/// Every match is made on the text folded letter by letter (unaccented, lower case), which keeps every position.
/// </summary>
public static partial class PublicText
{
    private const string Hidden = "***";

    /// <summary>The masked text (NFC). <paramref name="sender"/> may be null (a rating's comment: only numbers,
    /// phones and e-mail addresses are masked). <paramref name="agencyPhones"/> are the handling agency's own published
    /// numbers (its configured phone, <c>agencies.phone</c>): left as written in any spelling ("liên hệ 0234 3822 123"),
    /// unless one is also the sender's own, which is masked first (sixteenth trial LOW 11e).</summary>
    public static string Mask(string text, SenderData? sender, IReadOnlyCollection<string>? agencyPhones = null)
    {
        var masked = text.Normalize(NormalizationForm.FormC);
        masked = Email().Replace(masked, Hidden);
        if (Digits(sender?.IdNumber) is { Length: >= 9 } id) masked = AnySpelling(id).Replace(masked, Hidden);
        if (Digits(sender?.Phone) is { Length: >= 9 } phone)
        {
            // The subscriber digits after the 0 or 84 prefix: "0914222333", "+84 914 222 333" and "914.222.333" alike.
            masked = AnySpelling(Subscriber(phone)).Replace(masked, Hidden);
        }
        // The agency's numbers are set aside (a private-use mark per number, no letter or digit any pattern below reads)
        // while the patterns that take any phone run, and put back after.
        var kept = new List<string>();
        var senderSubscriber = Digits(sender?.Phone) is { Length: >= 9 } own ? Subscriber(own) : null;
        foreach (var agencyPhone in agencyPhones ?? [])
            if (Digits(agencyPhone) is { Length: >= 9 } digits && Subscriber(digits) != senderSubscriber)
                masked = PublishedPhone(Subscriber(digits)).Replace(masked, m =>
                {
                    kept.Add(m.Value);
                    return $"{KeptMark}{(char)(KeptFirst + kept.Count - 1)}";
                });
        // Identity numbers before phones: a phone's pattern would take the tail of a grouped CCCD ("046 [090 012 345 12]").
        masked = WholeNumber().Replace(masked, m => Currency().IsMatch(masked[(m.Index + m.Length)..]) ? m.Value : Hidden);
        masked = NumberRun().Replace(masked, m => MaskGroups(masked, m));
        masked = Phone().Replace(masked, Hidden);
        if (!string.IsNullOrWhiteSpace(sender?.Address)) masked = MaskAddress(masked, sender.Address);
        if (!string.IsNullOrWhiteSpace(sender?.Name)) masked = MaskName(masked, sender.Name);
        for (var i = 0; i < kept.Count; i++) masked = masked.Replace($"{KeptMark}{(char)(KeptFirst + i)}", kept[i], StringComparison.Ordinal);
        return masked;
    }

    // Private-use characters (U+E000 and U+E100 on): never in a text an officer types, never a letter or a digit.
    private const char KeptMark = '\uE000';
    private const char KeptFirst = '\uE100';

    // The subscriber digits of a national number after its 0 or 84 prefix.
    private static string Subscriber(string digits) => digits.StartsWith("84", StringComparison.Ordinal) ? digits[2..] : digits.TrimStart('0');

    // A phone number of the subscriber digits as written with its prefix (0, 84, +84, perhaps in brackets) and any separators.
    private static Regex PublishedPhone(string subscriber) =>
        new(@"(?<![\d\p{L}])(?:\(?(?:\+84|84)\)?[\s.\-–]{0,2}|\(?0)" + string.Join(@"[\s.\-–()]{0,2}", subscriber.Select(d => d.ToString())) + @"(?!\d)",
            RegexOptions.CultureInvariant);

    /// <summary>"Nguyễn Văn An" → "Nguyễn V. A."; a one-word name → its first letter and a dot.</summary>
    public static string Initials(IReadOnlyList<string> words)
    {
        return words.Count == 1 ? Initial(words[0]) : words[0] + " " + string.Join(" ", words.Skip(1).Select(Initial));
    }

    private static string Initial(string word) =>
        new StringInfo(word).SubstringByTextElements(0, 1).ToUpper(CultureInfo.InvariantCulture) + ".";

    /// <summary>The text folded letter by letter: each letter without its diacritics and in lower case ("Đ" → "d"),
    /// every other character as is, so an index in the folded text is the same index in <paramref name="text"/> (NFC).</summary>
    public static string FoldKeepingPositions(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is 'đ' or 'Đ') { folded.Append('d'); continue; }
            if (char.IsSurrogate(c)) { folded.Append(c); continue; }
            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            folded.Append(char.IsLetter(decomposed[0]) ? char.ToLowerInvariant(decomposed[0]) : c);
        }
        return folded.ToString();
    }

    // Replaces in text every match of pattern over the folded text with what replace answers (null: left as is).
    private static string ReplaceFolded(string text, Regex pattern, Func<Match, string?> replace)
    {
        var matches = pattern.Matches(FoldKeepingPositions(text));
        if (matches.Count == 0) return text;
        var result = new StringBuilder(text);
        foreach (var m in matches.Reverse())
            if (replace(m) is { } by) result.Remove(m.Index, m.Length).Insert(m.Index, by);
        return result.ToString();
    }

    // The words of a name or phrase, folded, as a pattern of whole words with any spacing between them.
    private static string WordsPattern(IEnumerable<string> words) =>
        @"(?<![\p{L}\p{N}])" + string.Join(@"\s+", words.Select(w => Regex.Escape(FoldKeepingPositions(w)))) + @"(?![\p{L}\p{N}])";

    private static string MaskName(string text, string name)
    {
        var words = name.Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        text = ReplaceFolded(text, new Regex(WordsPattern(words), RegexOptions.CultureInvariant), _ => Initials(words));
        if (words.Length >= 3)
        {
            // The name without its surname, only as a name is written: every word capitalised ("Văn Tám", "Van Tam").
            var rest = words[1..];
            text = ReplaceFolded(text, new Regex(WordsPattern(rest), RegexOptions.CultureInvariant),
                m => Regex.Matches(text.Substring(m.Index, m.Length), @"\p{L}+").All(w => char.IsUpper(w.Value[0]))
                    || Regex.Replace(text.Substring(m.Index, m.Length), @"\s+", " ") == string.Join(" ", rest)
                    ? string.Join(" ", rest.Select(Initial)) : null);
        }
        if (words.Length >= 2)
        {
            var given = words[^1];
            // The form of address is looked behind, not matched, so "và chị Chi" finds "chị" before "Chi".
            text = ReplaceFolded(text, new Regex(@"(?<=(?<![\p{L}\p{N}])(?<form>\p{L}+)\s+)" + WordsPattern([given]), RegexOptions.CultureInvariant), m =>
            {
                var form = m.Groups["form"];
                return FormsOfAddress.Contains(text.Substring(form.Index, form.Length).ToLowerInvariant()) ? Initial(given) : null;
            });
        }
        return text;
    }

    // How a person is addressed before their given name, as written with diacritics and, for unaccented text, without.
    private static readonly HashSet<string> FormsOfAddress =
    [
        "anh", "chị", "ông", "bà", "em", "cô", "chú", "bác", "cháu", "cụ", "bạn", "dì", "cậu", "mợ", "thím",
        "chi", "ong", "ba", "co", "chu", "bac", "chau", "cu", "ban", "di", "cau", "mo", "thim",
    ];

    private static string MaskAddress(string text, string address)
    {
        var whole = address.Normalize(NormalizationForm.FormC).Trim();
        var wholeWords = Regex.Matches(whole, @"[\p{L}\p{N}]+").Select(m => m.Value).ToList();
        if (wholeWords.Count >= 2)
            text = ReplaceFolded(text, new Regex(string.Join(@"[\s,;.\-]+", wholeWords.Select(w => Regex.Escape(FoldKeepingPositions(w)))), RegexOptions.CultureInvariant), _ => Hidden);
        foreach (var part in whole.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = Regex.Matches(part, @"[\p{L}\p{N}]+").Select(m => m.Value).ToList();
            if (words.Count == 0) continue;
            var folded = FoldKeepingPositions(string.Join(" ", words));
            var identifiesAHome = part.Any(char.IsDigit) || HomeUnits.Any(u => folded == u || folded.StartsWith(u + " ", StringComparison.Ordinal));
            if (!identifiesAHome || folded.Length < 3) continue;
            text = ReplaceFolded(text, new Regex(WordsPattern(words), RegexOptions.CultureInvariant), _ => Hidden);
        }
        return text;
    }

    // Folded: the units of an address below the commune (villages, hamlets, residential groups, alleys) and house numbers.
    private static readonly string[] HomeUnits =
        ["so", "so nha", "nha", "thon", "xom", "ap", "ban", "buon", "lang", "to", "to dan pho", "khu pho", "khom", "khoi", "kiet", "hem", "ngo", "ngach", "can ho", "phong"];

    private static string Digits(string? value) => value is null ? "" : new string([.. value.Where(char.IsAsciiDigit)]);

    // The digits with any separators between them, not inside a longer number.
    private static Regex AnySpelling(string digits) =>
        new(@"(?<!\d)" + string.Join(@"[\s.\-–()]{0,2}", digits.Select(d => d.ToString())) + @"(?!\d)", RegexOptions.CultureInvariant);

    // A run of digit groups with one separator throughout: masked whole when it is an identity number; a run of
    // space-separated groups longer than one ("CCCD 046 090 012 345 12 người") has the 12 or 9 digits from a group
    // beginning with 0 masked.
    private static string MaskGroups(string text, Match run)
    {
        if (IsIdentityNumber(text, run.Index, run.Value)) return Hidden;
        if (run.Groups["s"].Value != " ") return run.Value;
        var groups = run.Value.Split(' ');
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i][0] != '0') continue;
            int digits = 0, last = -1;
            for (var j = i; j < groups.Length && digits < 12; j++)
            {
                digits += groups[j].Length;
                if (digits is 9 or 12) last = j;
            }
            if (last < 0) continue;
            return string.Join(' ', groups[..i].Append(Hidden).Concat(groups[(last + 1)..]));
        }
        return run.Value;
    }

    private static bool IsIdentityNumber(string text, int index, string run)
    {
        var digits = run.Count(char.IsAsciiDigit);
        if (digits is not (12 or 9)) return false;
        // Part of a code or a reference: a letter or a slash touches it ("H46-261202-0015", "118/2025").
        if (index > 0 && (char.IsLetter(text[index - 1]) || text[index - 1] is '/' or '.' or '-'))
            return false;
        var end = index + run.Length;
        if (end < text.Length && (char.IsLetter(text[end]) || text[end] == '/'))
            return false;
        if (Currency().IsMatch(text[end..])) return false;
        if (run[0] == '0') return true;
        var before = FoldKeepingPositions(text[Math.Max(0, index - 30)..index]);
        return IdentityCue().IsMatch(before);
    }

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}")]
    private static partial Regex Email();

    // 0, 84 or +84 (perhaps in brackets), then 9 or 10 digits, allowing spaces, dots, dashes or brackets between groups
    // (mobile and landline alike).
    // The first group after the prefix has at least two digits, so a date ("01.07.2025 10:00") is no phone number.
    [GeneratedRegex(@"(?<![\d\p{L}])(?:\(?(?:\+84|84)\)?[\s.\-–]{0,2}\d{2}|\(?0\d{2})(?:[\s.\-–()]{0,2}\d){7,8}(?!\d)")]
    private static partial Regex Phone();

    // 12 or 9 digits written whole.
    [GeneratedRegex(@"(?<!\d)(?:\d{12}|\d{9})(?!\d)")]
    private static partial Regex WholeNumber();

    // Digits in groups separated by one and the same space, dot or dash throughout.
    [GeneratedRegex(@"(?<![\d.\-–])\d+(?<s>[ .\-–])\d+(?:\k<s>\d+)*(?!\d)")]
    private static partial Regex NumberRun();

    [GeneratedRegex(@"^\s*(?:đồng|đ|vnđ|vnd)(?!\p{L})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Currency();

    // Folded: a word naming an identity paper shortly before a number.
    [GeneratedRegex(@"(?<!\p{L})(?:cccd|cmnd|can cuoc|chung minh|dinh danh|ho chieu)(?!\p{L})")]
    private static partial Regex IdentityCue();
}
