using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;

namespace MotCua.Domain.Dossiers;

/// <summary>A step of the dossier's internal process with the agency that performs it resolved to its id.</summary>
public sealed record PlannedStep(string Name, StepKind Kind, string Performer, TimeLimit Allowance, bool MaySendBack, int AgencyId);

/// <summary>The internal process a dossier follows when its procedure has none adopted.</summary>
public static class DefaultProcess
{
    // The standard week (Monday to Friday, office hours, no holidays) that measures a limit in days or months as office time.
    private static readonly WorkingCalendar StandardWeek = new(CalendarSettings.Default, []);
    private static readonly TimeLimit OneWorkingDay = new(1, TimeUnit.WorkingDays);

    /// <summary>
    /// Transfer, (assignment by the department head,) appraisal, approval and return to the one-stop unit, sharing the
    /// time limit 1/8, (1/8,) 1/2 or 3/8, 1/4 and 1/8 so that the steps add up to it exactly. A commune has no departments,
    /// so its civil servant appraises without an assignment step; every step is performed at <paramref name="agencyId"/>.
    /// Steps run in office time: a limit in calendar days or months is shared as the working hours it holds at least in a
    /// standard week (<see cref="WorkingCalendar.WorkingTimeOf"/>, as the demo's adopted processes are), since a count of
    /// calendar days is whole days only (20 days / 8 = 2.5 days is none, and was a 500 at transfer) and a step of one or
    /// two calendar days may hold no office time at all over a weekend. It is never less than one working day: a period
    /// ending on a rest day ends at the close of the next working day (Bộ luật Dân sự 2015 Điều 148 khoản 5), so any
    /// period in days holds at least one.
    /// </summary>
    public static IReadOnlyList<PlannedStep> For(TimeLimit limit, int agencyId, bool withAssignment)
    {
        if (limit.Unit is TimeUnit.CalendarDays or TimeUnit.Months)
            limit = TimeLimit.Hours((decimal)Math.Max(StandardWeek.WorkingTimeOf(limit).TotalHours, StandardWeek.WorkingTimeOf(OneWorkingDay).TotalHours));
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
