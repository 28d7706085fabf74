using MotCua.Domain.Catalog;

namespace MotCua.Domain.Identity;

/// <summary>Where a document reused instead of asked for comes from, as the portal's <c>DuocTaiSuDung</c> codes it:
/// 1 the citizen's own store (kho dữ liệu của công dân), 2 data held in a published national database (here the population
/// database) [choice; the meaning of 2 is unverified, docs/design/ISSUE16.md §1.3].</summary>
public enum ReuseSource { None = 0, CitizenStore = 1, PublishedDatabase = 2 }

/// <summary>A document the population database says a citizen holds: its kind code (<c>KS</c>, <c>KH</c>, <c>CT</c>…), name,
/// number and where it is kept (<see cref="ReuseSource"/>).</summary>
public sealed record CitizenDocument(string Kind, string Name, string Number, ReuseSource Source);

/// <summary>A kind of document that is reused when the database holds it (table <c>reusable_document_kinds</c>, migration
/// 0064): its code, its name, and the phrases a catalogue document name contains, whole words, both folded by
/// <see cref="SearchText.Fold"/> (unaccented, case-folded), to be that kind, unless it contains one of the excluded phrases (another person's paper: "của con", "người chết" …).</summary>
public sealed record ReusableKind(string Kind, string Name, IReadOnlyList<string> MatchTerms, IReadOnlyList<string> ExceptTerms);

/// <summary>
/// Documents not asked for again (issue 16; Nghị định 104/2022/NĐ-CP and, as reported, Nghị định 309/2026: a paper whose
/// data is in the citizen's store or a published database may not be demanded): which required document of a procedure is
/// which reusable kind, and which of them the looked-up citizen already holds. The match is on the catalogue's document
/// name, unaccented and case-folded, so "Bản sao Giấy khai sinh" and "bản sao giấy khai sinh" are both the birth
/// certificate; a name naming someone else's paper ("Giấy khai sinh của con") is not the applicant's [choice].
/// </summary>
public static class ReusableDocuments
{
    /// <summary>What the desk writes beside a required document the citizen's data already holds.</summary>
    public const string DeskLabel = "Đã có trong kho dữ liệu — không yêu cầu nộp";

    /// <summary>The kind a required document named <paramref name="documentName"/> is, or null when it is none of
    /// <paramref name="kinds"/> (the first kind that matches, in the given order). The line must <em>be</em> that paper,
    /// not mention it: its name, after a leading "bản sao", "bản chính", "bản chụp" or "có chứng thực", begins with one of
    /// the kind's phrases ("Bản sao Giấy khai sinh", "Sổ hộ khẩu (bản chính)"). A line that begins otherwise ("Trường hợp
    /// trẻ em … ý kiến … và Sổ hộ khẩu của chủ hộ", "Giấy tờ chứng minh quan hệ …") is none. A line that is or contains a
    /// form to fill in, a person's written opinion, consent, commitment, declaration, power of attorney or an application
    /// (<see cref="NeverReused"/>) is never reusable: no database holds what a person has yet to write or sign
    /// (issue 16, sixteenth trial finding 2) [choice: the catalogue's lines carry no document-kind code, so the head of
    /// the line's name is what identifies the paper].</summary>
    public static ReusableKind? KindOf(string? documentName, IReadOnlyList<ReusableKind> kinds)
    {
        var folded = " " + SearchText.Fold(documentName) + " ";
        bool Has(string term) => folded.Contains(" " + SearchText.Fold(term) + " ", StringComparison.Ordinal);
        if (NeverReused.Any(Has)) return null;
        var head = folded;
        // A leading "bản sao (có chứng thực)", "bản chính" or "bản chụp" says how the paper is handed over, not which.
        for (var stripped = true; stripped;)
        {
            stripped = false;
            foreach (var qualifier in Qualifiers)
                if (head.StartsWith(qualifier, StringComparison.Ordinal)) { head = head[(qualifier.Length - 1)..]; stripped = true; }
        }
        bool Begins(string term) => head.StartsWith(" " + SearchText.Fold(term) + " ", StringComparison.Ordinal);
        return kinds.FirstOrDefault(k => k.MatchTerms.Any(Begins) && !k.ExceptTerms.Any(Has));
    }

    /// <summary>Phrases (folded, whole words) of a line that a person writes, fills in or signs for this dossier: a form
    /// (tờ khai, phiếu, mẫu), an application (đơn, văn bản/giấy đề nghị), a written opinion or consent (ý kiến, đồng ý,
    /// thỏa thuận), a commitment or declaration (cam kết, cam đoan, bản khai, văn bản khai), a power of attorney (ủy
    /// quyền). Such a line is never reused from a database.</summary>
    public static readonly IReadOnlyList<string> NeverReused =
    [
        "to khai", "phieu", "theo mau", "mau so", "don", "de nghi", "y kien", "dong y", "thoa thuan", "cam ket", "cam doan",
        "ban khai", "van ban khai", "uy quyen",
    ];

    // Folded, with the spaces that bound them as whole words.
    private static readonly string[] Qualifiers = [" ban sao ", " ban chinh ", " ban chup ", " co chung thuc ", " chung thuc "];

    /// <summary>The document of <paramref name="held"/> that stands for the required document <paramref name="documentName"/>,
    /// or null when it is no reusable kind or the citizen holds none of its kind.</summary>
    public static CitizenDocument? HeldFor(string? documentName, IReadOnlyList<ReusableKind> kinds, IReadOnlyList<CitizenDocument> held) =>
        KindOf(documentName, kinds) is { } kind ? held.FirstOrDefault(d => d.Kind == kind.Kind) : null;

    /// <summary>The reference the dossier keeps for a reused document: its name and number ("Giấy khai sinh số 12/1995").</summary>
    public static string Reference(CitizenDocument document) =>
        string.IsNullOrWhiteSpace(document.Number) ? document.Name : $"{document.Name} số {document.Number}";

    /// <summary>The source a database answer names (<c>kho-cong-dan</c> the citizen's store; anything else, such as
    /// <c>csdl-dan-cu</c>, data in a published database).</summary>
    public static ReuseSource SourceOf(string? source) =>
        string.Equals(source?.Trim(), "kho-cong-dan", StringComparison.OrdinalIgnoreCase) ? ReuseSource.CitizenStore : ReuseSource.PublishedDatabase;

    /// <summary>How a dossier's document records its source, in Vietnamese (receipt, dossier page).</summary>
    public static string Vietnamese(this ReuseSource source) => source switch
    {
        ReuseSource.CitizenStore => "kho dữ liệu của công dân",
        ReuseSource.PublishedDatabase => "CSDL quốc gia về dân cư",
        _ => "",
    };
}
