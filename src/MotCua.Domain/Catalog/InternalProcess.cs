using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Catalog;

/// <summary>What a step of the internal process does; the dossier's national status follows from it.</summary>
public enum StepKind
{
    /// <summary>Transfer from the one-stop unit to the competent department (same day, or the next working day after the cut-off).</summary>
    Transfer,
    /// <summary>The department head assigns a specialist.</summary>
    Assign,
    /// <summary>Appraisal and drafting by the specialist.</summary>
    Appraise,
    /// <summary>A task at a co-agency of an interconnected (liên thông) procedure, run in parallel with its own deadline.</summary>
    CoAgency,
    /// <summary>Hand-off to the one-stop unit of a higher level, whose result comes back down.</summary>
    Handoff,
    /// <summary>The leader approves (or refuses on the merits) and signs.</summary>
    Approve,
    /// <summary>The result goes back to the one-stop unit (status 9).</summary>
    Result,
}

/// <summary>
/// One step of an agency's internal process (quy trình nội bộ): who performs it, how long it may take, and whether
/// it may send the dossier back to the previous step. <see cref="AgencyCode"/> names another agency for co-agency
/// and hand-off steps; null means the adopting agency itself.
/// </summary>
public sealed record ProcessStep(string Name, StepKind Kind, string Performer, TimeLimit Allowance, bool MaySendBack = false, string? AgencyCode = null);

/// <summary>An ordered internal process, checked before it may be published.</summary>
public sealed record InternalProcess(IReadOnlyList<ProcessStep> Steps)
{
    /// <summary>
    /// Every rule the process breaks, in Vietnamese; empty when it may be published. Parallel co-agency steps run
    /// alongside the others, so only the longest of them counts toward the time limit.
    /// </summary>
    public IReadOnlyList<string> Problems(TimeLimit timeLimit, WorkingCalendar calendar)
    {
        var problems = new List<string>();
        if (Steps.Count == 0)
        {
            problems.Add("Quy trình phải có ít nhất một bước.");
            return problems;
        }
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            var label = $"Bước {i + 1} \"{step.Name}\"";
            if (string.IsNullOrWhiteSpace(step.Name)) problems.Add($"Bước {i + 1} chưa có tên.");
            if (string.IsNullOrWhiteSpace(step.Performer)) problems.Add($"{label} chưa có người hoặc bộ phận thực hiện.");
            if (step.Allowance.Amount <= 0) problems.Add($"{label} phải có thời gian thực hiện lớn hơn 0.");
            if (step.Kind is StepKind.CoAgency or StepKind.Handoff && string.IsNullOrWhiteSpace(step.AgencyCode))
                problems.Add($"{label} phải chỉ rõ cơ quan phối hợp hoặc cơ quan cấp trên.");
            if (i == 0 && step.MaySendBack) problems.Add($"{label} là bước đầu tiên nên không thể trả lại bước trước.");
        }
        if (Steps[^1].Kind != StepKind.Result) problems.Add("Bước cuối cùng của quy trình phải là bước trả kết quả về Bộ phận Một cửa.");
        if (Steps.Count(s => s.Kind == StepKind.Result) > 1) problems.Add("Quy trình chỉ có một bước trả kết quả.");

        var sequential = Steps.Where(s => s.Kind != StepKind.CoAgency).Sum(s => calendar.WorkingTimeOf(s.Allowance).Ticks);
        var parallel = Steps.Where(s => s.Kind == StepKind.CoAgency).Select(s => calendar.WorkingTimeOf(s.Allowance).Ticks).DefaultIfEmpty(0).Max();
        var total = TimeSpan.FromTicks(sequential + parallel);
        var limit = calendar.WorkingTimeOf(timeLimit);
        if (total > limit)
            problems.Add($"Tổng thời gian các bước ({total.TotalHours:0.##} giờ làm việc) vượt thời hạn giải quyết {timeLimit} ({limit.TotalHours:0.##} giờ làm việc).");
        return problems;
    }

    /// <summary>
    /// Every step no one can perform, in Vietnamese, naming the step and the agency; empty when each step has someone.
    /// A step is performed at its own agency (<see cref="ProcessStep.AgencyCode"/>, else <paramref name="agencyCode"/>,
    /// the adopting agency; the transfer always at the adopting agency, whose desk sends the dossier on) by an officer
    /// whose role <see cref="Dossier.RolesFor"/> allows to take the step's action. <paramref name="staff"/> lists the
    /// active officers by agency code and role; <paramref name="agencyNames"/> names every agency by code, and a step at
    /// a code not in it is a problem too.
    /// </summary>
    public IReadOnlyList<string> UnstaffedSteps(string agencyCode, IReadOnlyCollection<StaffRole> staff, IReadOnlyDictionary<string, string> agencyNames)
    {
        var problems = new List<string>();
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            var at = step.Kind == StepKind.Transfer ? agencyCode : step.AgencyCode ?? agencyCode;
            if (!agencyNames.TryGetValue(at, out var name))
            {
                problems.Add($"Bước {i + 1} \"{step.Name}\": không có cơ quan nào mang mã {at}.");
                continue;
            }
            var roles = Dossier.RolesFor(ActionOf(step.Kind), step.Kind);
            if (!staff.Any(s => s.AgencyCode == at && roles.Contains(s.Role)))
                problems.Add($"Bước {i + 1} \"{step.Name}\" thực hiện tại {name}, nhưng {name} chưa có người dùng nào với vai trò "
                    + $"{string.Join(" hoặc ", roles.Select(r => r.Vietnamese()))} nên không ai thực hiện được bước này.");
        }
        return problems;
    }

    /// <summary>The action that carries a step of this kind forward; who may take it is <see cref="Dossier.RolesFor"/>'s.</summary>
    public static ProcessingAction ActionOf(StepKind kind) => kind switch
    {
        StepKind.Transfer => ProcessingAction.Transfer,
        StepKind.Assign => ProcessingAction.Assign,
        StepKind.Appraise or StepKind.Handoff => ProcessingAction.CompleteStep,
        StepKind.CoAgency => ProcessingAction.CompleteCoAgencyTask,
        StepKind.Approve => ProcessingAction.Approve,
        StepKind.Result => ProcessingAction.ResultReady,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>That an active officer account of an agency (by electronic code) holds a role; see <see cref="InternalProcess.UnstaffedSteps"/>.</summary>
public sealed record StaffRole(string AgencyCode, OfficerRole Role);
