using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Digitisation;

/// <summary>
/// An earlier file that might be reused (tái sử dụng) for a new dossier: a <c>dossier_files</c> row with its dossier's
/// status and applicant id number. <paramref name="Purpose"/> is <c>dossier_files.purpose</c> (4 = result);
/// <paramref name="RequiredCode"/> the catalogue code of the line it was filed under, when the catalogue gives one;
/// <paramref name="FileName"/> the file's own name (<c>dossier_files.display_name</c>) and <paramref name="Text"/> its OCR
/// text (<c>ocr_results.text</c>), null when unknown.
/// </summary>
public sealed record ReusableFile(long Id, string DossierCode, DossierStatus DossierStatus, string? OwnerIdNumber,
    bool Digitised, int Purpose, string? DocumentName, string? RequiredCode, string? FileName = null, string? Text = null);

/// <summary>
/// Whether an earlier file may be offered for a required line of a new dossier [choice, design §1.4]: it is digitised
/// or a result, its dossier's applicant is this applicant (same id number), that dossier was not refused (status 3,
/// không được tiếp nhận), and its document name equals the line's after <see cref="SearchText.Fold"/>, or its catalogue
/// code equals the line's. No expiry: the officer checks the paper's validity. The registry's own kinds are out of scope.
/// Never for a line, or a file, about another person than the applicant (<see cref="DocumentSubject"/>: a child's birth
/// certificate, a death certificate, a relationship proof), nor for a file whose own name or OCR text is such a paper:
/// the applicant's number does not say which child or which death.
/// </summary>
public static class ReuseRule
{
    /// <summary>The <c>dossier_files.purpose</c> of a result file (kết quả giải quyết).</summary>
    public const int ResultPurpose = 4;

    /// <summary>True when <paramref name="original"/> may be offered for <paramref name="line"/> (whose catalogue code is
    /// <paramref name="lineCode"/>, null when none) to the applicant with id number <paramref name="applicantIdNumber"/>.</summary>
    public static bool Matches(ReusableFile original, RequiredDocument line, string? lineCode, string? applicantIdNumber)
    {
        if (string.IsNullOrWhiteSpace(applicantIdNumber) || original.OwnerIdNumber is null) return false;
        if (!string.Equals(original.OwnerIdNumber.Trim(), applicantIdNumber.Trim(), StringComparison.Ordinal)) return false;
        if (!original.Digitised && original.Purpose != ResultPurpose) return false;
        if (original.DossierStatus == DossierStatus.NotReceived) return false;
        if (DocumentSubject.IsAboutAnotherPerson(line.Name) || DocumentSubject.IsAboutAnotherPerson(original.DocumentName)
            || DocumentSubject.IsPaperAboutAnotherPerson(original.FileName, original.Text)) return false;
        if (lineCode is { Length: > 0 } && string.Equals(original.RequiredCode, lineCode, StringComparison.Ordinal)) return true;
        var name = SearchText.Fold(original.DocumentName);
        return name.Length > 0 && name == SearchText.Fold(line.Name);
    }
}
