using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;

namespace MotCua.Web.Features.Catalog;

/// <summary>
/// What the demo province adds to the national catalogue: the e-form of Đăng ký khai sinh and a published internal
/// process for each adoption, shaped like the ones communes and the centre actually approve.
/// </summary>
public static class CatalogDemo
{
    public const string BirthRegistrationCode = "1.001193";

    /// <summary>The fields of the birth-registration declaration (Tờ khai đăng ký khai sinh, Thông tư 04/2020/TT-BTP).</summary>
    public static IReadOnlyList<EFormField> BirthRegistrationForm { get; } =
    [
        new("hoTenTre", "Họ, chữ đệm và tên của trẻ", EFormFieldType.Text, Required: true) { Pattern = @"[\p{L} ]{2,100}", PatternMessage = "Họ tên chỉ gồm chữ cái và dấu cách." },
        new("ngaySinh", "Ngày, tháng, năm sinh", EFormFieldType.Date, Required: true) { NotAfterToday = true },
        new("noiSinh", "Nơi sinh", EFormFieldType.Text, Required: true) { Help = "Tên cơ sở y tế, hoặc địa chỉ nơi trẻ sinh ra." },
        new("gioiTinh", "Giới tính", EFormFieldType.Select, Required: true) { Options = ["Nam", "Nữ"] },
        new("danToc", "Dân tộc", EFormFieldType.Text, Required: true) { Help = "Ví dụ: Kinh." },
        new("quocTich", "Quốc tịch", EFormFieldType.Text, Required: true) { Help = "Ví dụ: Việt Nam." },
        new("hoTenMe", "Họ, chữ đệm và tên người mẹ", EFormFieldType.Text) { Help = "Bỏ trống nếu chưa xác định được người mẹ." },
        new("hoTenCha", "Họ, chữ đệm và tên người cha", EFormFieldType.Text) { Help = "Bỏ trống nếu chưa xác định được người cha." },
        new("quanHe", "Quan hệ của người đi đăng ký với trẻ", EFormFieldType.Select, Required: true) { Options = ["Cha", "Mẹ", "Ông", "Bà", "Người thân thích khác"] },
    ];

    public static ProcedureSpec WithDemoForm(ProcedureSpec spec) =>
        spec.Code == BirthRegistrationCode ? spec with { FormFields = BirthRegistrationForm } : spec;

    private static readonly WorkingCalendar MondayToFriday = new(CalendarSettings.Default, []);

    /// <summary>
    /// A publishable process split in the proportions of a commune's civil-status process (transfer 1, appraise 4,
    /// approve 2, result 1 of 8 parts) or a centre's (with a department head assigning), scaled to the legal time
    /// limit so the steps add up to it exactly. Null when the procedure publishes no time limit.
    /// </summary>
    public static InternalProcess? DefaultProcess(ProcedureSpec spec, string agencyKind)
    {
        if (ProcedureSpecs.DirectTimeLimit(spec) is not { } published) return null;
        // Steps run in office time: a limit in days, months or "trong ngày" is split as the office time it holds at least.
        var limit = published.CountsOfficeTime ? published : TimeLimit.Hours((decimal)MondayToFriday.WorkingTimeOf(published).TotalHours);
        TimeLimit Part(decimal eighths) => new(limit.Amount * eighths / 8, limit.Unit);
        return agencyKind == AgencyKinds.Commune
            ? new InternalProcess(
            [
                new ProcessStep("Chuyển hồ sơ", StepKind.Transfer, "Bộ phận Một cửa", Part(1)),
                new ProcessStep("Thẩm định hồ sơ", StepKind.Appraise, spec.Field == "Hộ tịch" ? "Công chức Tư pháp - Hộ tịch" : "Công chức chuyên môn", Part(4), MaySendBack: true),
                new ProcessStep("Phê duyệt, ký kết quả", StepKind.Approve, "Lãnh đạo Ủy ban nhân dân", Part(2), MaySendBack: true),
                new ProcessStep("Trả kết quả", StepKind.Result, "Bộ phận Một cửa", Part(1)),
            ])
            : new InternalProcess(
            [
                new ProcessStep("Chuyển hồ sơ", StepKind.Transfer, "Trung tâm Phục vụ hành chính công", Part(0.5m)),
                new ProcessStep("Phân công xử lý", StepKind.Assign, "Lãnh đạo phòng chuyên môn", Part(0.5m)),
                new ProcessStep("Thẩm định hồ sơ", StepKind.Appraise, "Chuyên viên phòng chuyên môn", Part(4), MaySendBack: true),
                new ProcessStep("Phê duyệt, ký kết quả", StepKind.Approve, "Lãnh đạo Sở", Part(2), MaySendBack: true),
                new ProcessStep("Trả kết quả", StepKind.Result, "Trung tâm Phục vụ hành chính công", Part(1)),
            ]);
    }
}
