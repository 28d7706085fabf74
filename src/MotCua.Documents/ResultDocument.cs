using static MotCua.Documents.VietnameseText;

namespace MotCua.Documents;

/// <summary>The result notice of a processed dossier: approved, or the refusal on the merits that is the result. The
/// letterhead is the competent agency's, dated <see cref="DecidedAt"/>; <see cref="DossierLetter.Signer"/> is the leader
/// who decided, under the authority and title of Nghị định 30/2020.</summary>
public sealed record ResultForm : DossierLetter
{
    public required bool Refused { get; init; }
    /// <summary>The leader's note, or the reasons of a refusal.</summary>
    public string? Note { get; init; }
    public required DateTimeOffset DecidedAt { get; init; }
    /// <summary>The one-stop unit that returns the result (named in the body and under "Nơi nhận").</summary>
    public required string ReturnUnitName { get; init; }
    /// <summary>Whether the result goes back online (a dossier submitted online, or one returned electronically): the body
    /// says so instead of naming the desk (trial 16b LOW 14: a portal dossier's notice said "trả tại Trung tâm").</summary>
    public bool ReturnedOnline { get; init; }
    /// <summary>The public page that verifies this result, drawn as a QR code.</summary>
    public required string VerifyUrl { get; init; }
    /// <summary>The numbers the official books gave the act (<c>OfficialBook.ResultReference</c>: "Số chứng thực: 05, quyển
    /// số 01/2025/SCT/BS"), as stored with the entries; empty when the procedure enters no book.</summary>
    public IReadOnlyList<string> BookEntries { get; init; } = [];
}

/// <summary>
/// The result notice (docs/FORMS.md §6.1): no national form exists, so it is the competent agency's notice laid out as
/// Nghị định 30/2020/NĐ-CP Phụ lục III Mẫu 1.4 prints a document with a tên loại — "THÔNG BÁO" with its trích yếu under
/// it, "Số: …/TB-…", "Nơi nhận:" and the signer. A refusal on the merits is the agency's written answer with its reasons.
/// Signing is the web's (IssuedForms.SignAsync), as for every form.
/// </summary>
public static class ResultDocument
{
    public const string Title = "THÔNG BÁO";
    public const string ApprovedSubject = "Về việc kết quả giải quyết hồ sơ";
    public const string RefusedSubject = "Về việc từ chối giải quyết hồ sơ";

    /// <summary>The notice's labels in the order printed (ND 30 layout, V; the wording of the body is MotCua's, —).</summary>
    public static IReadOnlyList<string> Labels(bool refused) =>
    [
        "Số:", Title, "Mã hồ sơ:", refused ? RefusedSubject : ApprovedSubject, "Kính gửi:", "Địa chỉ:", "Thủ tục:",
        refused ? "từ chối giải quyết hồ sơ" : "giải quyết xong", "Trân trọng./.", "Nơi nhận:", "- Như trên;", "- Lưu: VT.",
    ];

    /// <summary>The notice as an unsigned A5 PDF, one page.</summary>
    public static byte[] Pdf(ResultForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var agency = form.Letterhead.UnitName;
        // The dossier code is also the PDF's subject, which the verification page reads back (PdfSignature.Verify).
        using var c = FormCanvas.ForDossier(Title, form.DossierCode, form.Letterhead, form.DecidedAt, form.Number, portalCode: form.PortalCode);
        c.Paragraph([new Run(form.Refused ? RefusedSubject : ApprovedSubject, TextStyle.Bold)], align: TextAlign.Center, spaceAfter: 6);
        c.QrBlock(form.VerifyUrl, form.DossierCode, "Quét mã để xác thực văn bản kết quả");
        form.Addressee(c);
        c.ClearExclusion();
        c.Field("Thủ tục", Procedure(form.ProcedureName, form.ProcedureCode));
        c.Space(2);
        var who = form.Honorific;
        c.Paragraph(form.Refused
            ? [new Run($"Sau khi xem xét hồ sơ, {agency} "), new Run("từ chối giải quyết hồ sơ", TextStyle.Bold),
                new Run($" của {who} {form.ApplicantName}. Lý do: " + (form.Note ?? "").Trim())]
            : [new Run($"Hồ sơ của {who} {form.ApplicantName} đã được "), new Run("giải quyết xong", TextStyle.Bold),
                new Run((form.ReturnedOnline ? ". Kết quả được trả trực tuyến (văn bản điện tử này)." : $". Kết quả được trả tại {form.ReturnUnitName}.") + (form.Note is { Length: > 0 } note ? " Ý kiến: " + note.Trim() : ""))]);
        // The result carries the number its book gave it, never one of its own (Nghị định 23/2015/NĐ-CP Điều 13 khoản 2).
        foreach (var entry in form.BookEntries) c.Paragraph([new Run(entry, TextStyle.Bold)], align: TextAlign.Left, spaceAfter: 2);
        c.Paragraph([new Run("Văn bản điện tử được ký số; kiểm tra chữ ký tại trang xác thực (mã QR).", TextStyle.Italic)], align: TextAlign.Left);
        c.Paragraph([new Run("Trân trọng./.")], align: TextAlign.Left);
        c.SignOff(form.Signer, ["- Như trên;", $"- {form.ReturnUnitName};", "- Lưu: VT."]);
        return c.Finish();
    }
}
