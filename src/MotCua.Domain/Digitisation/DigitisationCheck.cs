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
