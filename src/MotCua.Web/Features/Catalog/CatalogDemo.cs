using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Registers;

namespace MotCua.Web.Features.Catalog;

/// <summary>
/// What the demo province adds to the national catalogue: the e-forms its official books need and a published internal
/// process for each adoption, shaped like the ones communes and the centre actually approve.
/// </summary>
public static class CatalogDemo
{
    public const string BirthRegistrationCode = "1.001193";

    /// <summary>The fields of the birth-registration declaration (Tờ khai đăng ký khai sinh, Thông tư 04/2020/TT-BTP): the
    /// Sổ đăng ký khai sinh's (<see cref="OfficialBooks.Birth"/>).</summary>
    public static IReadOnlyList<EFormField> BirthRegistrationForm => OfficialBooks.Birth.FormFields;

    /// <summary>
    /// The demo's local additions to a national procedure: the e-form fields its official books need
    /// (<see cref="OfficialBooks.FormFieldsOf"/>, so the officer types each value once, at intake), and for the three
    /// authentications the catalogue publishes without a time limit, the limit of Nghị định 23/2015/NĐ-CP Art. 7: copies
    /// and signatures within the day (the next working day after 15:00, the desk's cut-off), contracts two working days.
    /// </summary>
    public static ProcedureSpec WithDemoForm(ProcedureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var fields = OfficialBooks.FormFieldsOf(spec.Code, spec.Field);
        var withForm = fields.Count > 0 ? spec with { FormFields = fields } : spec;
        if (DecreeTimeLimit(spec.Code) is not { } limit) return withForm;
        return withForm with
        {
            Channels = [.. withForm.Channels.Select(c => c.TimeLimit is null
                ? c with { TimeLimit = limit, TimeText = "Theo Nghị định 23/2015/NĐ-CP Điều 7 (cổng quốc gia không công bố thời hạn)" } : c)],
        };
    }

    private static TimeLimit? DecreeTimeLimit(string code) => code switch
    {
        OfficialBooks.CopyCode or OfficialBooks.SignatureCode => TimeLimit.SameDay,
        OfficialBooks.ContractCode => TimeLimit.Days(2),
        _ => null,
    };

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
