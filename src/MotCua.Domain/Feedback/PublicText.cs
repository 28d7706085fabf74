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
/// <item>the sender's address below the commune, however it is written (trial 16h HIGH 1): any run of two or more of its
/// words in order, with any spaces, commas or "số" between, that holds a house number or a unit below the commune
/// ("12 kiệt 5 Nguyễn Trãi", "kiệt 5 Nguyễn Trãi", "số 12, kiệt 5", "12 kiet 5"), the street alone staying ("đường Nguyễn
/// Trãi ngập nước"); and anyone's street-level address: "số nhà 45 (Lê Lợi)", kiệt/hẻm/ngõ/ngách with a number, tổ or
/// khối with a number, thôn/xóm/ấp/bản/khóm/khu phố/tổ dân phố with a name or number, the street named after them,
/// and "đường"/"phố" X after a house number [choice: the commune, district and province are public place names, often
/// the agency's own, and stay];</item>
/// <item>an opening bracket before a masked phone stays when the number does not close it: "(0905123456)" → "(***)".</item>
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
        // An opening bracket before the number stays when the number does not close it: "(0905123456)" → "(***)".
        masked = Phone().Replace(masked, m => m.Value.StartsWith('(') && !m.Value.Contains(')') ? "(" + Hidden : Hidden);
        if (!string.IsNullOrWhiteSpace(sender?.Address)) masked = MaskAddress(masked, sender.Address);
        if (sender is not null) masked = MaskStreetAddresses(masked);
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
        // The words below the commune, in order across their parts ("Số 12 kiệt 5 Nguyễn Trãi" → 12 kiet 5 nguyen trai):
        // any run of two or more of them in the text, with any commas, spaces or "số" between, is the home address when it
        // holds a number or a unit below the commune ("kiệt 5 Nguyễn Trãi", "số 12, kiệt 5", "12 kiet 5"); the street
        // alone ("Nguyễn Trãi") is a public name.
        var words = BelowCommune(whole).SelectMany(part => Regex.Matches(FoldKeepingPositions(part), @"[\p{L}\p{N}]+").Select(m => m.Value)).ToList();
        words.RemoveAll(w => w == "so");
        while (words.Count > 0 && words[0] == "nha") words.RemoveAt(0);
        var runs = new List<string>();
        for (var length = words.Count; length >= 2; length--)
            for (var start = 0; start + length <= words.Count; start++)
            {
                var run = words.GetRange(start, length);
                if (run.Any(w => w.Any(char.IsAsciiDigit) || HomeUnits.Contains(w)))
                    runs.Add(string.Join(@"(?:[\s,;.\-/]+(?:so\s+)?)", run.Select(Regex.Escape)));
            }
        if (runs.Count > 0)
            text = ReplaceFolded(text, new Regex(@"(?<![\p{L}\p{N}])(?:so\s*(?:nha\s*)?)?(?:" + string.Join("|", runs) + @")(?![\p{L}\p{N}])", RegexOptions.CultureInvariant), _ => Hidden);
        return text;
    }

    // The parts of an address before its first administrative unit (phường, xã, thị trấn, quận, huyện, tỉnh…); without
    // one, every part but the last, which names a place ("12 Lê Lợi, Huế").
    private static IEnumerable<string> BelowCommune(string address)
    {
        var parts = address.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var first = Array.FindIndex(parts, p => AdministrativeUnit().IsMatch(FoldKeepingPositions(p)));
        return first >= 0 ? parts[..first] : parts.Length > 1 ? parts[..^1] : parts;
    }

    // Folded, at the start of an address part: a commune or a unit above it.
    [GeneratedRegex(@"^(?:phuong|xa|thi tran|thi xa|dac khu|quan|huyen|thanh pho|tinh|tp)(?![\p{L}\p{N}])")]
    private static partial Regex AdministrativeUnit();

    // Folded: the words of an address naming a unit below the commune (villages, hamlets, residential groups, alleys).
    private static readonly HashSet<string> HomeUnits =
        ["nha", "thon", "xom", "ap", "ban", "buon", "lang", "to", "khu", "khom", "khoi", "kiet", "hem", "ngo", "ngach", "can", "phong"];

    // Any street-level address, the sender's or another's: masked since it locates a home whoever wrote it. Matched on the
    // text as written, so a unit word is read with its own diacritics or none ("kiet 5", not "kiệt"'s look-alikes) and a
    // name by its capitals. "bản" only with its accent and no "buôn" [choice: "Ban Tiếp công dân" and the city "Buôn Ma
    // Thuột" are public names; the sender's own bản or buôn is masked by their address above].
    private static string MaskStreetAddresses(string text) =>
        StreetAddress().Replace(text, Hidden);

    private const string HouseNumber = @"\d+\p{L}?(?:/\d+\p{L}?)*(?!\d)";
    private const string Admin = @"(?!(?i:phường|phuong|xã|xa|quận|quan|huyện|huyen|tỉnh|tinh|thị trấn|thi tran|thị xã|thi xa|thành phố|thanh pho|tp|đặc khu|dac khu)(?![\p{L}\p{N}]))";
    // A place name as written: capitalised words or numbers ("Nguyễn Trãi", "Phú Lộc 3", "3 Tháng 2"), no administrative unit.
    private const string PlaceName = Admin + @"(?:\p{Lu}\p{Ll}*|\d+)(?:\s+" + Admin + @"(?:\p{Lu}\p{Ll}*|\d+))*(?![\p{L}\p{N}])";
    private const string Lane = @"(?i:kiệt|kiet|hẻm|hem|ngõ|ngo|ngách|ngach)\s*(?:(?i:số|so)\s*)?" + HouseNumber;
    private const string Hamlet = @"(?:(?i:thôn|thon|xóm|xom|ấp|ap|bản|khóm|khom|khu phố|khu pho|tổ dân phố|to dan pho)\s+(?:(?i:số|so)\s*)?" + PlaceName
        + @"|(?i:tổ|to|khối|khoi)\s+(?:(?i:số|so)\s*)?\d+(?![\p{L}\p{N}]))";
    private const string Street = @"(?:(?i:đường|duong|phố|pho)\s+)?" + PlaceName;

    [GeneratedRegex(
        @"(?<![\p{L}\p{N}])(?:"
        // a lane or a hamlet, perhaps after a house number and before a street: "số 12 kiệt 5 Nguyễn Trãi", "tổ 5, thôn Phú Lộc"
        + @"(?:(?i:số|so)\s*(?:(?i:nhà|nha)\s*)?)?(?:" + HouseNumber + @"[\s,]+)?(?:" + Lane + "|" + Hamlet + @")(?:[\s,]+(?:" + Lane + "|" + Hamlet + @"))*(?:,?\s+" + Street + @")?"
        // a house number named so: "số nhà 12", "số nhà 12 Lê Lợi"
        + @"|(?i:số nhà|so nha)\s*" + HouseNumber + @"(?:,?\s+" + Street + @")?"
        // a house number before "đường" or "phố": "số 12 đường Lê Lợi", "12 phố Huế"
        + @"|(?:(?i:số|so)\s*)?" + HouseNumber + @"\s+(?i:đường|duong|phố|pho)\s+" + PlaceName
        + ")", RegexOptions.CultureInvariant)]
    private static partial Regex StreetAddress();

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
