using MotCua.Domain.Dossiers;
using static MotCua.Documents.VietnameseText;

namespace MotCua.Documents;

/// <summary>Mẫu 05 "Phiếu kiểm soát quá trình giải quyết hồ sơ": rows come from <see cref="MotCua.Domain.Dossiers.ControlSlip.Rows"/>.</summary>
public sealed record ControlSlipForm
{
    /// <summary>The receiving unit's letterhead; the date line is <see cref="IssuedAt"/>.</summary>
    public required Letterhead Letterhead { get; init; }
    public required string DossierCode { get; init; }
    public required string ApplicantName { get; init; }
    public required string ProcedureName { get; init; }
    /// <summary>Cơ quan (bộ phận) giải quyết hồ sơ.</summary>
    public required string ResolvingAgencyName { get; init; }
    /// <summary>Cơ quan phối hợp giải quyết hồ sơ (liên thông); empty when none.</summary>
    public required IReadOnlyList<string> CoAgencyNames { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required IReadOnlyList<ControlSlipRow> Rows { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
}

/// <summary>
/// What the documents sent to the applicant about a dossier share: the resolving agency's letterhead (each document
/// dates it with its own instant), the addressee ("Kính gửi", with the address) and the procedure.
/// </summary>
public abstract record DossierLetter
{
    public required Letterhead Letterhead { get; init; }
    public required string DossierCode { get; init; }
    public required string ApplicantName { get; init; }
    public required string ApplicantAddress { get; init; }
    public required string ProcedureName { get; init; }
    public string? ProcedureCode { get; init; }

    /// <summary>Draws the addressee: "Kính gửi" the applicant, and the address.</summary>
    internal void Addressee(FormCanvas c)
    {
        c.Field("Kính gửi", ApplicantName);
        c.Field("Địa chỉ", ApplicantAddress, valueStyle: TextStyle.Regular);
    }
}

/// <summary>What the notices about a dossier in process share; the letterhead is dated <see cref="IssuedAt"/>.</summary>
public abstract record DossierNotice : DossierLetter
{
    public required DateTimeOffset ReceivedAt { get; init; }
    /// <summary>Who signs (the officer who recorded the decision) and the date line.</summary>
    public required string SignerName { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
}

/// <summary>Mẫu 04 "Phiếu xin lỗi và hẹn lại ngày trả kết quả".</summary>
public sealed record ApologyForm : DossierNotice
{
    public required DateTimeOffset OriginalDueAt { get; init; }
    public required DateTimeOffset NewDueAt { get; init; }
    public required string Reason { get; init; }
}

/// <summary>"Thông báo dừng giải quyết hồ sơ" (TT 03/2025).</summary>
public sealed record StopNoticeForm : DossierNotice
{
    public required string Reason { get; init; }
    /// <summary>The citizen's withdrawal request, when the stop follows one.</summary>
    public string? WithdrawalRequest { get; init; }
}

/// <summary>The forms of processing after receipt, A5 portrait like the intake forms.</summary>
public static class ProcessingForms
{
    public const string ControlSlipTitle = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ";
    public const string ApologyTitle = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ";
    public const string StopNoticeTitle = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ";

    public static byte[] Apology(ApologyForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        using var c = Notice(form, ApologyTitle);
        c.Paragraph([new Run("Ngày "), new Run(ShortTime(form.ReceivedAt)), new Run(", " + form.Letterhead.UnitName + " tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính "),
            new Run(Procedure(form.ProcedureName, form.ProcedureCode), TextStyle.Bold), new Run(" của Ông/Bà " + form.ApplicantName + "; thời gian hẹn trả kết quả: "),
            new Run(LongTime(form.OriginalDueAt), TextStyle.Bold), new Run(".")]);
        c.Paragraph([new Run("Tuy nhiên, đến nay hồ sơ chưa giải quyết xong. Lý do: " + Sentence(form.Reason))]);
        c.Paragraph([new Run("Cơ quan giải quyết hồ sơ xin lỗi Ông/Bà và hẹn lại thời gian trả kết quả: "), new Run(LongTime(form.NewDueAt), TextStyle.Bold),
            new Run(". Thời hạn chỉ được hẹn lại một lần.")]);
        c.Paragraph([new Run("Mong nhận được sự thông cảm của Ông/Bà.")]);
        c.Signatures(new SignatureBlock("Thủ trưởng cơ quan giải quyết", "(Ký, ghi rõ họ tên và đóng dấu)", form.SignerName));
        return c.Finish();
    }

    public static byte[] StopNotice(StopNoticeForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        using var c = Notice(form, StopNoticeTitle);
        c.Paragraph([new Run(form.Letterhead.UnitName + " đã tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính "), new Run(Procedure(form.ProcedureName, form.ProcedureCode), TextStyle.Bold),
            new Run(" của Ông/Bà " + form.ApplicantName + " ngày " + ShortTime(form.ReceivedAt) + ".")]);
        if (form.WithdrawalRequest is { Length: > 0 } request)
            c.Paragraph([new Run("Ông/Bà đã đề nghị rút hồ sơ: " + Sentence(request))]);
        c.Paragraph([new Run("Cơ quan giải quyết thông báo "), new Run("dừng giải quyết hồ sơ", TextStyle.Bold), new Run(". Lý do: " + Sentence(form.Reason))]);
        c.Signatures(new SignatureBlock("Thủ trưởng cơ quan giải quyết", "(Ký, ghi rõ họ tên và đóng dấu)", form.SignerName));
        return c.Finish();
    }

    // Officers type reasons without the final full stop; the printed sentence needs one.
    private static string Sentence(string text) => text.TrimEnd().TrimEnd('.') + ".";

    private static FormCanvas Notice(DossierNotice form, string title)
    {
        var c = FormCanvas.ForDossier(title, form.DossierCode, form.Letterhead, form.IssuedAt);
        form.Addressee(c);
        c.Space(2);
        return c;
    }

    public static byte[] ControlSlip(ControlSlipForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentException.ThrowIfNullOrWhiteSpace(form.DossierCode);
        using var c = FormCanvas.ForDossier(ControlSlipTitle, form.DossierCode, form.Letterhead, form.IssuedAt);
        c.Paragraph([new Run($"(Kèm theo hồ sơ của {form.ApplicantName})", TextStyle.Italic)], align: TextAlign.Center);
        c.Field("Thủ tục", form.ProcedureName, valueStyle: TextStyle.Regular);
        c.Field("Cơ quan (bộ phận) giải quyết hồ sơ", form.ResolvingAgencyName);
        c.Field("Cơ quan phối hợp giải quyết hồ sơ", form.CoAgencyNames.Count == 0 ? "không" : string.Join("; ", form.CoAgencyNames), valueStyle: TextStyle.Regular);
        c.Field("Thời gian tiếp nhận", ShortTime(form.ReceivedAt), valueStyle: TextStyle.Regular);
        c.Field("Thời gian hẹn trả kết quả", ShortTime(form.DueAt), valueStyle: TextStyle.Regular);
        c.Space(3);
        c.Table(
            [
                new TableColumn("Thời gian giao, nhận hồ sơ", 58, TextAlign.Left),
                new TableColumn("Bước, cơ quan giải quyết", 0, TextAlign.Left),
                new TableColumn("Người giao / người nhận", 92, TextAlign.Left),
                new TableColumn("Kết quả", 44, TextAlign.Center),
            ],
            [.. form.Rows.Select(r => new[]
            {
                ShortTime(r.At),
                $"{r.Step}\n{r.Unit}",
                $"Giao: {r.HandedBy}\nNhận: {r.ReceivedBy ?? "—"}",
                r.Timing?.Vietnamese() ?? "—",
            })],
            new TableStyle(Size: 7.5));
        c.Paragraph([new Run("Kết quả giải quyết của từng bước: trước hạn, đúng hạn hoặc quá hạn so với thời gian quy định cho bước đó; dòng trả kết quả so với thời hạn giải quyết ban đầu.", TextStyle.Italic)],
            size: 7.5, align: TextAlign.Left);
        return c.Finish();
    }
}
