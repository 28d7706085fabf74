using MotCua.Domain.Catalog;

namespace MotCua.Domain.Digitisation;

/// <summary>
/// Whether a document line of the published list (thành phần hồ sơ) is about a person other than the applicant: a birth
/// (giấy chứng sinh, "về việc sinh", trẻ em), a death (giấy chứng tử, giấy báo tử, trích lục khai tử, người chết), a ward, an
/// adopted or the applicant's own child (người được giám hộ, con nuôi, "của con"). Such a paper is one per person (one per
/// birth, one per death): the applicant's CCCD does not say which person, so an earlier dossier's copy is never offered nor
/// accepted for a new dossier by the applicant alone (trial 17t MEDIUM 3: the first child's Giấy chứng sinh was reused for a
/// second child). A paper about the applicant (CCCD, hộ khẩu/cư trú, bằng cấp) names none of these phrases and may be reused
/// (<see cref="ReuseRule"/>). [choice] Read from the line's name, whole folded words anywhere in it (the catalogue has no
/// subject field, and "Giấy chứng sinh; trường hợp không có … về việc sinh" names it after a heading); refusing a reuse the
/// officer could have made costs one scan, reusing another person's paper is wrong data in a civil-status dossier. The
/// applicant's own Giấy khai sinh is not listed: it is mostly the applicant's (marriage, passport), and a child's is the
/// registry's own result, not a digitised paper.
/// A line that proves a relationship to another person ("giấy tờ chứng minh quan hệ … cha, mẹ, con; vợ, chồng", 2.000908's
/// second line; "quan hệ nhân thân") is about that person too: which relative, and so which paper, depends on whose record
/// is copied (trial17u MEDIUM 1: a child's Giấy chứng sinh filed under it was offered again). And a file is judged by
/// itself as well as by its line: a file whose own name or OCR text carries the title of a civil-status paper of one
/// person (<see cref="PaperTitles"/>) is never reused, whatever line it was filed under (<see cref="IsPaperAboutAnotherPerson"/>).
/// </summary>
public static class DocumentSubject
{
    /// <summary>The phrases (folded by <see cref="SearchText.Fold"/>, whole words) that make a line about another person;
    /// the catalogue's lines they meet are in DocumentSubjectTests (1.001193's Giấy chứng sinh, death and adoption lines).</summary>
    public static readonly IReadOnlyList<string> AnotherPersonPhrases =
    [
        "giay chung sinh", "ve viec sinh", "tre em", "tre so sinh",
        "giay chung tu", "giay bao tu", "khai tu", "nguoi chet", "nguoi da chet",
        "nguoi duoc giam ho", "con nuoi", "cua con", "nguoi con",
        "chung minh quan he", "quan he nhan than",
    ];

    /// <summary>The titles (folded, whole words) of the papers that are each about one birth or one death: read in a
    /// file's own name and its OCR text. [choice] Giấy khai sinh and its extract count too, although one may be the
    /// applicant's own: the OCR cannot tell whose, and refusing costs one scan. The CCCD's own "Nơi đăng ký khai sinh" is
    /// no title here.</summary>
    public static readonly IReadOnlyList<string> PaperTitles =
    [
        "giay chung sinh", "giay khai sinh", "trich luc khai sinh", "ban sao khai sinh",
        "giay chung tu", "giay bao tu", "trich luc khai tu",
    ];

    /// <summary>True when the document named <paramref name="documentName"/> is about someone other than the applicant
    /// (see the class); false for an empty name.</summary>
    public static bool IsAboutAnotherPerson(string? documentName)
    {
        var folded = " " + SearchText.Fold(documentName) + " ";
        return folded.Length > 2 && AnotherPersonPhrases.Any(p => folded.Contains(" " + p + " ", StringComparison.Ordinal));
    }

    /// <summary>True when a file, by its own name <paramref name="fileName"/> (such as <c>giay-chung-sinh.png</c>) or its OCR
    /// text <paramref name="text"/>, is a paper about one birth or one death (<see cref="PaperTitles"/>); false when both
    /// are empty.</summary>
    public static bool IsPaperAboutAnotherPerson(string? fileName, string? text) =>
        new[] { fileName, text }.Any(t =>
        {
            var folded = " " + SearchText.Fold(t) + " ";
            return folded.Length > 2 && PaperTitles.Any(p => folded.Contains(" " + p + " ", StringComparison.Ordinal));
        });

    /// <summary>The refusal of a reuse for the line named <paramref name="lineName"/>, which is about another person: the
    /// desk's "Dùng lại" and intake say it alike.</summary>
    public static string ReuseRefusal(string lineName) =>
        $"Không dùng lại được giấy tờ “{Shorten(lineName)}”: giấy tờ này là của người khác (trẻ được sinh, người chết, người được giám hộ, người con, người thân), "
        + "không phải của người nộp, nên không lấy theo số định danh của người nộp; hãy quét hoặc nộp bản của hồ sơ này.";

    private static string Shorten(string name)
    {
        var trimmed = name.Trim().TrimEnd(' ', '.', ';', ',', ':');
        return trimmed.Length <= 80 ? trimmed : trimmed[..80].TrimEnd() + "…";
    }
}
