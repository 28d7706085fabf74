namespace MotCua.Domain.Digitisation;

/// <summary>
/// Whether a searchable copy (bản số hóa) made by OCR may replace the scan it was made from. Issue 17's rule: the copy
/// must have exactly the pages of the scan, else it is discarded and the scan alone is kept. What Thông tư 01/2023/TT-VPCP
/// itself asks of a digitised copy is [unverified] (design §13).
/// </summary>
public static class DigitisationCheck
{
    /// <summary>True when both counts are positive and equal; <paramref name="original"/> and
    /// <paramref name="searchable"/> are page counts as <c>pdfinfo</c> reports them.</summary>
    public static bool PageCountKept(int original, int searchable) => original > 0 && original == searchable;
}

/// <summary>
/// Who may add scans to a dossier after intake (digitising later, docs/FILES.md "Files of a received dossier"): an officer
/// of the unit that received it. The one-stop unit that took the paper digitises it (Thông tư 01/2023/TT-VPCP as issue 17
/// reports it); an officer of another agency the dossier passes through reads the files but does not add to what the
/// applicant handed in. The API (403 otherwise; 409 before the dossier is received) and the dossier page ask this rule.
/// </summary>
public static class LaterScans
{
    /// <summary>True when <paramref name="officer"/> belongs to <paramref name="receivingAgencyId"/>; an officer without an
    /// agency never may.</summary>
    public static bool OfficerMayAdd(Dossiers.Officer officer, int receivingAgencyId) => officer.AgencyId == receivingAgencyId;
}
