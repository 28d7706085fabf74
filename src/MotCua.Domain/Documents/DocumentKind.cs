using System.Globalization;

namespace MotCua.Domain.Documents;

/// <summary>
/// Every kind of document MotCua issues about a dossier or a unit. Each issued document gets a number of its kind, per
/// issuing agency and calendar year (Vietnam time), from 01 on 1 January (Nghị định 30/2020/NĐ-CP Art. 15 and Phụ lục I,
/// ô 3), formatted by <see cref="DocumentNumbers.Format"/>.
/// </summary>
public enum DocumentKind
{
    /// <summary>Mẫu số 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả (TT 03/2025/TT-VPCP Phụ lục I).</summary>
    Receipt,
    /// <summary>Mẫu số 02, Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.</summary>
    SupplementRequest,
    /// <summary>Mẫu số 03, Phiếu từ chối tiếp nhận giải quyết hồ sơ.</summary>
    Refusal,
    /// <summary>Mẫu số 04, Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết.</summary>
    Apology,
    /// <summary>Mẫu số 05, Thông báo dừng giải quyết hồ sơ.</summary>
    StopNotice,
    /// <summary>Mẫu số 06, Phiếu kiểm soát quá trình giải quyết hồ sơ.</summary>
    ControlSlip,
    /// <summary>Mẫu số 07, Sổ theo dõi hồ sơ (the book of a year).</summary>
    Register,
    /// <summary>The competent agency's notice of the result, or of a refusal on the merits (no national form).</summary>
    ResultNotice,
    /// <summary>The competent agency's letter asking the one-stop unit to extend the time (công văn).</summary>
    ExtensionRequest,
    /// <summary>The lead agency's letter asking a co-agency's opinion (công văn).</summary>
    Consultation,
    /// <summary>The co-agency's answer (công văn).</summary>
    ConsultationAnswer,
    /// <summary>The record of a field verification (biên bản).</summary>
    FieldVerification,
    /// <summary>The apology of the agency that lost or damaged a dossier (công văn).</summary>
    LossApology,
    /// <summary>The one-stop unit's notice that a result is ready before its due time (thông báo).</summary>
    EarlyReturnNotice,
    /// <summary>The evaluation slip handed to the applicant (phiếu).</summary>
    EvaluationSlip,
    /// <summary>
    /// The e-receipt for fees and charges (biên lai thu phí, lệ phí, Nghị định 123/2020/NĐ-CP as amended). It is numbered
    /// in its own form number and series (<c>Receipts.ReceiptNumbering</c>), never by the document counters, and signed
    /// each time it is served, since a cancellation changes what it prints.
    /// </summary>
    FeeReceipt,
}

/// <summary>Symbols, titles and the number format of <see cref="DocumentKind"/>.</summary>
public static class DocumentNumbers
{
    /// <summary>
    /// The abbreviation of the document's type in its symbol (ký hiệu). "TB" (thông báo) and "BB" (biên bản) are the
    /// abbreviations of Nghị định 30/2020/NĐ-CP Phụ lục III; "PXL" is the one a 2026 implementation of Mẫu 04 prints
    /// (docs/FORMS.md §5.1, provisional); the others are MotCua's, built the same way from the form's name, until the
    /// annex of TT 03/2025 is checked. An empty symbol marks a công văn, numbered with the agency's symbol only.
    /// </summary>
    public static string Symbol(this DocumentKind kind) => kind switch
    {
        DocumentKind.Receipt => "TNHS",
        DocumentKind.SupplementRequest => "YCBS",
        DocumentKind.Refusal => "TCHS",
        DocumentKind.Apology => "PXL",
        DocumentKind.StopNotice or DocumentKind.ResultNotice or DocumentKind.EarlyReturnNotice => "TB",
        DocumentKind.ControlSlip => "PKS",
        DocumentKind.Register => "STD",
        DocumentKind.FieldVerification => "BB",
        DocumentKind.EvaluationSlip => "PĐG",
        DocumentKind.FeeReceipt => "BLP",
        DocumentKind.ExtensionRequest or DocumentKind.Consultation or DocumentKind.ConsultationAnswer or DocumentKind.LossApology => "",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The document's name in Vietnamese, as lists and audit lines show it.</summary>
    public static string Title(this DocumentKind kind) => kind switch
    {
        DocumentKind.Receipt => "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        DocumentKind.SupplementRequest => "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        DocumentKind.Refusal => "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
        DocumentKind.Apology => "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
        DocumentKind.StopNotice => "Thông báo dừng giải quyết hồ sơ",
        DocumentKind.ControlSlip => "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        DocumentKind.Register => "Sổ theo dõi hồ sơ",
        DocumentKind.ResultNotice => "Thông báo kết quả giải quyết hồ sơ",
        DocumentKind.ExtensionRequest => "Công văn đề nghị gia hạn thời gian giải quyết hồ sơ",
        DocumentKind.Consultation => "Công văn lấy ý kiến cơ quan phối hợp",
        DocumentKind.ConsultationAnswer => "Công văn trả lời ý kiến phối hợp",
        DocumentKind.FieldVerification => "Biên bản kiểm tra, xác minh",
        DocumentKind.LossApology => "Văn bản xin lỗi do làm mất, hư hỏng hồ sơ",
        DocumentKind.EarlyReturnNotice => "Thông báo trả kết quả trước hạn",
        DocumentKind.EvaluationSlip => "Phiếu đánh giá việc giải quyết thủ tục hành chính",
        DocumentKind.FeeReceipt => "Biên lai thu phí, lệ phí",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// The form a one-stop form follows, as printed beside it: Thông tư 03/2025/TT-VPCP Phụ lục I, which renumbered the
    /// forms of Thông tư 01/2018/TT-VPCP (its Mẫu 06 Sổ theo dõi hồ sơ is Mẫu số 07 since 2025; docs/FORMS.md §2.1). Written
    /// once so a book that cites the form (the land reception book) cannot name another number. Raises
    /// <see cref="ArgumentOutOfRangeException"/> for a kind that is not a national one-stop form.
    /// </summary>
    public static string FormSource(this DocumentKind kind) => kind switch
    {
        DocumentKind.Receipt => "Thông tư 03/2025/TT-VPCP Mẫu số 01",
        DocumentKind.SupplementRequest => "Thông tư 03/2025/TT-VPCP Mẫu số 02",
        DocumentKind.Refusal => "Thông tư 03/2025/TT-VPCP Mẫu số 03",
        DocumentKind.Apology => "Thông tư 03/2025/TT-VPCP Mẫu số 04",
        DocumentKind.StopNotice => "Thông tư 03/2025/TT-VPCP Mẫu số 05",
        DocumentKind.ControlSlip => "Thông tư 03/2025/TT-VPCP Mẫu số 06",
        DocumentKind.Register => "Thông tư 03/2025/TT-VPCP Mẫu số 07",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Không phải biểu mẫu một cửa của Thông tư 03/2025/TT-VPCP."),
    };

    /// <summary>
    /// "Số" and "ký hiệu" as Nghị định 30/2020/NĐ-CP Phụ lục I ô 3 writes them: the serial (1 or more; below 10 with a
    /// leading 0), "/", the type's symbol and "-" the agency's symbol ("05/PXL-TTPVHCC"); a công văn carries the agency's
    /// symbol only ("12/TTPVHCC"). Raises <see cref="ArgumentOutOfRangeException"/> for a serial below 1 and
    /// <see cref="ArgumentException"/> for an empty agency symbol.
    /// </summary>
    public static string Format(int serial, DocumentKind kind, string agencySymbol)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(serial, 1);
        return serial.ToString("00", CultureInfo.InvariantCulture) + "/" + Series(kind, agencySymbol);
    }

    /// <summary>
    /// The symbol after the "/" ("PXL-TTPVHCC", "TTPVHCC"), which names the series a serial counts in: a number and its
    /// symbol are unique in a year (Nghị định 30/2020/NĐ-CP Art. 15), so kinds printed with the same symbol (the notices,
    /// all "TB") count in one series. Raises <see cref="ArgumentException"/> for an empty agency symbol.
    /// </summary>
    public static string Series(DocumentKind kind, string agencySymbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agencySymbol);
        var type = kind.Symbol();
        return type.Length == 0 ? agencySymbol.Trim() : $"{type}-{agencySymbol.Trim()}";
    }

    /// <summary>
    /// An agency's symbol when none is set: the initials of its name in capitals, without diacritics, Đ kept
    /// ("Trung tâm Phục vụ hành chính công" → "TTPVHCC", "Sở Tư pháp" → "STP").
    /// </summary>
    public static string DefaultAgencySymbol(string agencyName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agencyName);
        var letters = agencyName.Split([' ', '-', ','], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Normalize(System.Text.NormalizationForm.FormD)[0])
            .Where(char.IsLetterOrDigit)
            .Select(c => char.ToUpperInvariant(c));
        var symbol = string.Concat(letters);
        return symbol.Length == 0 ? "MC" : symbol;
    }
}

/// <summary>
/// How the signer's block reads (Nghị định 30/2020/NĐ-CP Art. 13 and Phụ lục I ô 7a): the head signs under their own
/// title; a deputy signs "KT." (ký thay) the head's title, with their own title below.
/// </summary>
public static class Signatories
{
    /// <summary>
    /// (Authority, Title) for a signer: (null, head title) when the signer is the head or holds no other title;
    /// ("KT. " + head title, position) otherwise. Titles are returned as given (the document prints them in capitals).
    /// Raises <see cref="ArgumentException"/> for an empty head title.
    /// </summary>
    public static (string? Authority, string Title) Of(string headTitle, string? signerPosition, bool signerIsHead)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(headTitle);
        var head = headTitle.Trim();
        if (signerIsHead || string.IsNullOrWhiteSpace(signerPosition) || string.Equals(signerPosition.Trim(), head, StringComparison.OrdinalIgnoreCase))
            return (null, head);
        return ("KT. " + head, signerPosition.Trim());
    }
}
