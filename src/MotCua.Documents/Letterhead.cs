namespace MotCua.Documents;

/// <summary>
/// The letterhead of every document a unit issues: the superior agency and the unit top left, the national motto top
/// right, and the place that opens the date line under the motto ("Huế, ngày 20 tháng 11 năm 2026"). Built once from
/// the agency; each form dates it itself, since the date is the form's own (received, issued, decided).
/// </summary>
/// <param name="SuperiorAgencyName">Cơ quan chủ quản, e.g. "UBND THÀNH PHỐ HUẾ"; printed in capitals.</param>
/// <param name="UnitName">The issuing unit, e.g. "Trung tâm Phục vụ hành chính công"; printed in bold capitals, and named
/// as written in the text of the notices.</param>
/// <param name="Place">Địa danh of the date line, e.g. "Huế".</param>
public sealed record Letterhead(string SuperiorAgencyName, string UnitName, string Place);
