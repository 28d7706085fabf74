using System.Security.Cryptography.X509Certificates;
using static MotCua.Documents.VietnameseText;

namespace MotCua.Documents;

/// <summary>The result notice of a processed dossier: approved, or the refusal on the merits that is the result. The
/// letterhead is dated <see cref="DecidedAt"/>.</summary>
public sealed record ResultForm : DossierLetter
{
    public required bool Refused { get; init; }
    /// <summary>The leader's note, or the reasons of a refusal.</summary>
    public string? Note { get; init; }
    public required string DecidedBy { get; init; }
    public required DateTimeOffset DecidedAt { get; init; }
    /// <summary>The public page that verifies this result, drawn as a QR code.</summary>
    public required string VerifyUrl { get; init; }
}

/// <summary>The result notice as a signed PDF.</summary>
public static class ResultDocument
{
    public const string ApprovedTitle = "THÔNG BÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ";
    public const string RefusedTitle = "THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ";

    /// <summary>The notice, signed by <paramref name="signer"/> (see <see cref="PdfSignature.SignAsync"/>).</summary>
    public static Task<byte[]> SignedAsync(ResultForm form, X509Certificate2 signer)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(signer);
        return PdfSignature.SignAsync(Render(form), signer, $"Kết quả giải quyết hồ sơ {form.DossierCode}", form.Letterhead.Place, form.Letterhead.UnitName);
    }

    private static byte[] Render(ResultForm form)
    {
        var title = form.Refused ? RefusedTitle : ApprovedTitle;
        using var c = FormCanvas.ForDossier(title, form.DossierCode, form.Letterhead, form.DecidedAt);
        c.QrBlock(form.VerifyUrl, form.DossierCode, "Quét mã để xác thực văn bản kết quả");
        form.Addressee(c);
        c.ClearExclusion();
        c.Field("Thủ tục", Procedure(form.ProcedureName, form.ProcedureCode));
        c.Space(2);
        c.Paragraph(form.Refused
            ? [new Run("Sau khi xem xét hồ sơ, cơ quan có thẩm quyền "), new Run("từ chối giải quyết", TextStyle.Bold), new Run(" với lý do: " + (form.Note ?? ""))]
            : [new Run("Hồ sơ đã được "), new Run("giải quyết xong", TextStyle.Bold), new Run(". Kết quả được trả tại " + form.Letterhead.UnitName + "." + (form.Note is { Length: > 0 } note ? " Ý kiến: " + note : ""))]);
        c.Paragraph([new Run("Văn bản này được ký số; kiểm tra chữ ký tại trang xác thực của hệ thống.", TextStyle.Italic)], align: TextAlign.Left);
        c.Signatures(new SignatureBlock("Người có thẩm quyền", $"(Đã ký số lúc {ShortTime(form.DecidedAt)})", form.DecidedBy));
        return c.Finish();
    }
}
