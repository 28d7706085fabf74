using System.Globalization;
using System.Text;

namespace MotCua.Domain.Catalog;

/// <summary>
/// The one folding of Vietnamese text for catalogue search, applied to what people type and to what is indexed
/// (procedure name, field and results, stored folded in <c>procedures.search_name|search_field|search_description</c>).
/// Two texts a reader would call the same words fold to the same words: "Đăng ký kết hôn", "dang ki  ket\u00A0hon"
/// and "ĐĂNG KÍ KẾT HÔN" all give "dang ki ket hon".
/// </summary>
public static class SearchText
{
    /// <summary>
    /// Bumped whenever <see cref="Fold"/> changes: rows folded under another version are folded again at start-up,
    /// so the index and the queries never disagree.
    /// </summary>
    public const int Version = 1;

    /// <summary>
    /// The words of <paramref name="text"/>, folded: NFC first (so decomposed input from any keyboard is the same),
    /// lower case, every mark dropped (tones and the hats of â ê ô ơ ư ă), đ/Đ (and the look-alike Ð) as d, the
    /// syllable-final i/y variant folded (<see cref="FoldFinalY"/>). Anything that is not a letter or a digit separates
    /// words: every Unicode space (Zs: no-break, thin, ideographic …), tabs and line breaks, zero-width characters
    /// (U+200B–U+200D, U+2060, U+FEFF) and punctuation alike, so a no-break space typed between two words changes nothing.
    /// </summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var decomposed = text.Normalize(NormalizationForm.FormC).Normalize(NormalizationForm.FormD);
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c is 'đ' or 'Đ' or 'Ð' or 'ð' ? 'd' : char.ToLowerInvariant(c));
                continue;
            }
            Flush();
        }
        Flush();
        return words;

        void Flush()
        {
            if (word.Length == 0) return;
            words.Add(FoldFinalY(word.ToString()));
            word.Clear();
        }
    }

    /// <summary>The folded words joined by single spaces ("" for blank text).</summary>
    public static string Fold(string? text) => string.Join(' ', Words(text));

    /// <summary>
    /// What search reads from a procedure, folded: its name (matched first), its field, and the names of its results
    /// as its description ("Giấy chứng nhận kết hôn", "Giấy phép xây dựng"), so a query naming the paper one wants
    /// finds the procedure that issues it.
    /// </summary>
    public static (string Name, string Field, string Description) ForProcedure(ProcedureSpec spec) =>
        (Fold(spec.Name), Fold(spec.Field), Fold(string.Join(" ; ", spec.Results)));

    /// <summary>
    /// Folds the written variants of the same syllable: a folded word that is a consonant onset followed by a final
    /// "y" ends in "i" instead. Vietnamese spelling allows both letters for the bare vowel /i/ after a consonant:
    /// kí/ký, lí/lý, mĩ/mỹ, sĩ/sỹ, hi sinh/hy sinh, công ti/công ty, qui định/quy định ("qu" is one onset, its u is no
    /// vowel). Nothing else folds, because there y and i are different letters of different words:
    /// after a vowel ("tay" hand / "tai" ear, "may"/"mai", "thuy"/"thui", "huy"/"hui"), before another vowel or a final
    /// consonant ("yêu", "quyết", "tuyển", "khuya", "Nguyễn"), and the one-letter word "y" ("y tế") that must not meet
    /// the Roman numeral I of "cấp I".
    /// </summary>
    public static string FoldFinalY(string word)
    {
        if (word.Length < 2 || word[^1] != 'y') return word;
        var onset = word.AsSpan(0, word.Length - 1);
        var isOnset = onset is "qu" || onset.IndexOfAnyExcept(Consonants) < 0;
        return isOnset ? string.Concat(onset, "i") : word;
    }

    private const string Consonants = "bcdghklmnprstvx";
}
