using System.Text.Json.Serialization;

namespace MotCua.Domain.Catalog;

/// <summary>
/// One row of the National Public Service Portal crawl (data/tthc/dvcqg_tthc_central_2026.jsonl), field for field,
/// before any parsing. Table cells arrive flattened without separators.
/// </summary>
public sealed record NationalCatalogRow
{
    [JsonPropertyName("ma_thu_tuc")] public string? Code { get; init; }
    [JsonPropertyName("detail_url")] public string? DetailUrl { get; init; }
    [JsonPropertyName("ten_thu_tuc")] public string? Name { get; init; }
    [JsonPropertyName("so_quyet_dinh")] public string? Decision { get; init; }
    [JsonPropertyName("cap_thuc_hien")] public string? Levels { get; init; }
    [JsonPropertyName("loai_thu_tuc")] public string? ProcedureType { get; init; }
    [JsonPropertyName("linh_vuc")] public string? Field { get; init; }
    [JsonPropertyName("doi_tuong_thuc_hien")] public string? ApplicantTypes { get; init; }
    [JsonPropertyName("co_quan_co_tham_quyen")] public string? CompetentAgency { get; init; }
    [JsonPropertyName("dia_chi_tiep_nhan")] public string? ReceivingAddress { get; init; }
    [JsonPropertyName("co_quan_duoc_uy_quyen")] public string? AuthorisedAgency { get; init; }
    [JsonPropertyName("co_quan_phoi_hop")] public string? CoordinatingAgency { get; init; }
    [JsonPropertyName("thu_tuc_lien_quan")] public string? RelatedProcedures { get; init; }
    [JsonPropertyName("trinh_tu_thuc_hien")] public string? Steps { get; init; }
    [JsonPropertyName("cach_thuc_thuc_hien")] public string? Channels { get; init; }
    [JsonPropertyName("thanh_phan_ho_so")] public string? Documents { get; init; }
    [JsonPropertyName("can_cu_phap_ly")] public string? LegalBasis { get; init; }
    [JsonPropertyName("co_quan_thuc_hien")] public string? ImplementingAgency { get; init; }
    [JsonPropertyName("yeu_cau_dieu_kien")] public string? Conditions { get; init; }
    [JsonPropertyName("ket_qua_xu_ly")] public string? Results { get; init; }
}
