namespace MotCua.Domain.Catalog;

/// <summary>
/// An everyday phrasing and the catalogue's words for it: "sổ đỏ" → "Giấy chứng nhận quyền sử dụng đất",
/// "xin phép xây nhà" → "cấp giấy phép xây dựng". Administrators keep the list (table <c>search_terms</c>).
/// </summary>
public sealed record EverydayTerm(string Phrase, string Expansion)
{
    public const int MaxLength = 200;
    public const int MaxPhraseWords = 8;
    public const int MaxExpansionWords = 16;

    /// <summary>
    /// What is wrong with the term, keyed by field ("phrase", "expansion"), in Vietnamese; empty when it can be saved.
    /// A phrase must fold to 1–8 words, an expansion to 1–16, the two must differ, and the same pair must not be
    /// listed twice (compared folded, so "Sổ đỏ" and "so do" are the same phrase). <paramref name="others"/> are the
    /// terms already listed, without the one being edited.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Problems(IEnumerable<EverydayTerm> others)
    {
        var problems = new Dictionary<string, string[]>();
        var phrase = SearchText.Words(Phrase);
        var expansion = SearchText.Words(Expansion);
        if (phrase.Count == 0) problems["phrase"] = ["Nhập cách nói thường dùng, ví dụ \"sổ đỏ\"."];
        else if ((Phrase ?? "").Length > MaxLength || phrase.Count > MaxPhraseWords)
            problems["phrase"] = [$"Cách nói thường dùng dài tối đa {MaxPhraseWords} từ và {MaxLength} ký tự."];
        if (expansion.Count == 0) problems["expansion"] = ["Nhập tên gọi trong danh mục thủ tục, ví dụ \"Giấy chứng nhận quyền sử dụng đất\"."];
        else if ((Expansion ?? "").Length > MaxLength || expansion.Count > MaxExpansionWords)
            problems["expansion"] = [$"Tên gọi trong danh mục dài tối đa {MaxExpansionWords} từ và {MaxLength} ký tự."];
        if (problems.Count > 0) return problems;
        if (phrase.SequenceEqual(expansion))
            problems["expansion"] = ["Tên gọi trong danh mục phải khác cách nói thường dùng."];
        else if (others.Any(o => SearchText.Words(o.Phrase).SequenceEqual(phrase) && SearchText.Words(o.Expansion).SequenceEqual(expansion)))
            problems["phrase"] = ["Cặp từ này đã có trong danh sách."];
        return problems;
    }
}

/// <summary>
/// What a typed query means, as lists of folded words each of which a procedure may match in full: the words as
/// typed (always first: synonyms add readings, they never hide the literal matches), then, for every everyday
/// phrase found in the query as whole consecutive words, the catalogue's words for it. The rest of the query is
/// left out of those readings ("làm sổ đỏ" → "giấy chứng nhận quyền sử dụng đất": "làm" is no catalogue word);
/// it still counts when matches are ordered.
/// </summary>
public static class SearchQuery
{
    /// <summary>At most this many readings (the typed words and 7 expansions); longer phrases are tried first.</summary>
    public const int MaxReadings = 8;

    /// <summary>At most this many words of a reading are matched; the rest of a very long query is ignored.</summary>
    public const int MaxWords = 12;

    public static IReadOnlyList<IReadOnlyList<string>> Readings(string? text, IEnumerable<EverydayTerm> terms)
    {
        var words = Typed(text);
        if (words.Count == 0) return [];
        var readings = new List<IReadOnlyList<string>> { words };
        foreach (var (_, expansion) in Found(words, terms).OrderByDescending(t => t.Phrase.Count))
        {
            if (readings.Count == MaxReadings) break;
            var reading = expansion.Take(MaxWords).ToList();
            if (!readings.Any(r => r.SequenceEqual(reading))) readings.Add(reading);
        }
        return readings;
    }

    /// <summary>
    /// The typed words that no everyday phrase found in the query stands for (all of them when none is found):
    /// "xin phép xây nhà ở nông thôn" leaves "ở nông thôn", which orders the construction permits; "làm giấy khai sinh"
    /// leaves nothing, so no procedure gains from holding "giấy" by chance.
    /// </summary>
    public static IReadOnlyList<string> Unexplained(string? text, IEnumerable<EverydayTerm> terms)
    {
        var words = Typed(text);
        var explained = new bool[words.Count];
        foreach (var (phrase, _) in Found(words, terms))
            for (var start = 0; start + phrase.Count <= words.Count; start++)
                if (At(words, phrase, start))
                    for (var i = 0; i < phrase.Count; i++) explained[start + i] = true;
        return words.Where((_, i) => !explained[i]).ToList();
    }

    private static List<string> Typed(string? text) => SearchText.Words(text).Take(MaxWords).ToList();

    private static IEnumerable<(IReadOnlyList<string> Phrase, IReadOnlyList<string> Expansion)> Found(List<string> words, IEnumerable<EverydayTerm> terms) =>
        terms.Select(t => (Phrase: SearchText.Words(t.Phrase), Expansion: SearchText.Words(t.Expansion)))
            .Where(t => t.Phrase.Count > 0 && t.Expansion.Count > 0
                && Enumerable.Range(0, Math.Max(0, words.Count - t.Phrase.Count + 1)).Any(start => At(words, t.Phrase, start)));

    private static bool At(List<string> words, IReadOnlyList<string> phrase, int start) =>
        start + phrase.Count <= words.Count && Enumerable.Range(0, phrase.Count).All(i => words[start + i] == phrase[i]);
}
