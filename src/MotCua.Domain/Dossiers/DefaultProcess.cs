using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;

namespace MotCua.Domain.Dossiers;

/// <summary>A step of the dossier's internal process with the agency that performs it resolved to its id.</summary>
public sealed record PlannedStep(string Name, StepKind Kind, string Performer, TimeLimit Allowance, bool MaySendBack, int AgencyId);

/// <summary>The internal process a dossier follows when its procedure has none adopted.</summary>
public static class DefaultProcess
{
    /// <summary>
    /// Transfer, (assignment by the department head,) appraisal, approval and return to the one-stop unit, sharing the
    /// time limit 1/8, (1/8,) 1/2 or 3/8, 1/4 and 1/8 so that the steps add up to it exactly. A commune has no departments,
    /// so its civil servant appraises without an assignment step; every step is performed at <paramref name="agencyId"/>.
    /// </summary>
    public static IReadOnlyList<PlannedStep> For(TimeLimit limit, int agencyId, bool withAssignment)
    {
        TimeLimit Share(decimal fraction) => limit with { Amount = limit.Amount * fraction };
        var steps = new List<PlannedStep> { new("Chuyển hồ sơ đến bộ phận giải quyết", StepKind.Transfer, "Bộ phận Một cửa", Share(0.125m), false, agencyId) };
        if (withAssignment) steps.Add(new("Phân công xử lý", StepKind.Assign, "Lãnh đạo phòng chuyên môn", Share(0.125m), false, agencyId));
        steps.Add(new("Thẩm định, dự thảo kết quả", StepKind.Appraise, withAssignment ? "Chuyên viên xử lý" : "Công chức chuyên môn",
            Share(withAssignment ? 0.375m : 0.5m), withAssignment, agencyId));
        steps.Add(new("Phê duyệt, ký kết quả", StepKind.Approve, "Lãnh đạo cơ quan", Share(0.25m), true, agencyId));
        steps.Add(new("Chuyển kết quả về Bộ phận Một cửa", StepKind.Result, "Bộ phận Một cửa", Share(0.125m), false, agencyId));
        return steps;
    }
}
