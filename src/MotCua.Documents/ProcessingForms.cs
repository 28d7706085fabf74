using MotCua.Domain.Dossiers;
using static MotCua.Documents.VietnameseText;

namespace MotCua.Documents;

/// <summary>Mẫu 05 "Phiếu kiểm soát quá trình giải quyết hồ sơ": rows come from <see cref="MotCua.Domain.Dossiers.ControlSlip.Rows"/>.</summary>
public sealed record ControlSlipForm
{
    public required string SuperiorAgencyName { get; init; }
    public required string UnitName { get; init; }
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
    public required string Place { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
}

/// <summary>The forms of processing after receipt, A5 portrait like the intake forms.</summary>
public static class ProcessingForms
{
    public const string ControlSlipTitle = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ";

    public static byte[] ControlSlip(ControlSlipForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentException.ThrowIfNullOrWhiteSpace(form.DossierCode);
        using var c = new FormCanvas(ControlSlipTitle, form.DossierCode, $"{ControlSlipTitle} – Mã hồ sơ: {form.DossierCode} (tiếp theo)");
        c.Header(form.SuperiorAgencyName, form.UnitName, PlaceAndDate(form.Place, form.IssuedAt));
        c.Title(ControlSlipTitle, new Run("Mã hồ sơ: "), new Run(form.DossierCode, TextStyle.Bold));
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
            size: 7.5);
        c.Paragraph([new Run("Kết quả giải quyết của từng bước: trước hạn, đúng hạn hoặc quá hạn so với thời gian quy định cho bước đó; dòng trả kết quả so với thời hạn giải quyết ban đầu.", TextStyle.Italic)],
            size: 7.5, align: TextAlign.Left);
        return c.Finish();
    }
}
