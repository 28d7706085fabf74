using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Tests.Catalog;

/// <summary>Publishing checks that someone can perform every step: <see cref="InternalProcess.UnstaffedSteps"/>.</summary>
public class StaffedStepsTests
{
    private const string Commune = "000.10.01.H46";
    private const string Department = "000.02.01.H46";

    private static readonly Dictionary<string, string> Names = new()
    {
        [Commune] = "Bộ phận Một cửa phường Thuận Hóa", [Department] = "Sở Nội vụ",
    };

    private static readonly StaffRole[] CommuneStaff =
        [new(Commune, OfficerRole.ReceivingOfficer), new(Commune, OfficerRole.Specialist), new(Commune, OfficerRole.Leader)];

    private static InternalProcess WithJointStep(string agencyCode) => new(
    [
        new("Chuyển hồ sơ", StepKind.Transfer, "Bộ phận Một cửa", TimeLimit.Hours(1)),
        new("Thẩm định", StepKind.Appraise, "Công chức", TimeLimit.Hours(8)),
        new("Ý kiến Sở Nội vụ", StepKind.CoAgency, "Sở Nội vụ", TimeLimit.Hours(8), AgencyCode: agencyCode),
        new("Ký duyệt", StepKind.Approve, "Chủ tịch UBND", TimeLimit.Hours(4)),
        new("Trả kết quả", StepKind.Result, "Bộ phận Một cửa", TimeLimit.Hours(1)),
    ]);

    [Fact]
    public void A_joint_step_at_an_agency_with_no_officers_is_refused_naming_the_step_and_the_agency()
    {
        var problem = Assert.Single(WithJointStep(Department).UnstaffedSteps(Commune, CommuneStaff, Names));
        Assert.Equal("Bước 3 \"Ý kiến Sở Nội vụ\" thực hiện tại Sở Nội vụ, nhưng Sở Nội vụ chưa có người dùng nào với vai trò "
            + "chuyên viên xử lý hoặc lãnh đạo phòng chuyên môn hoặc lãnh đạo cơ quan nên không ai thực hiện được bước này.", problem);
    }

    [Fact]
    public void A_joint_step_is_staffed_by_any_role_the_processing_rules_let_answer_it()
    {
        var answering = Dossier.RolesFor(ProcessingAction.CompleteCoAgencyTask, StepKind.CoAgency);
        foreach (var role in Enum.GetValues<OfficerRole>())
        {
            var problems = WithJointStep(Department).UnstaffedSteps(Commune, [.. CommuneStaff, new(Department, role)], Names);
            Assert.Equal(answering.Contains(role) ? 0 : 1, problems.Count);
        }
    }

    [Fact]
    public void A_step_at_an_unknown_agency_code_is_refused() =>
        Assert.Contains("không có cơ quan nào mang mã 999.99.99.H46", Assert.Single(WithJointStep("999.99.99.H46").UnstaffedSteps(Commune, CommuneStaff, Names)));

    // Every step kind, alone at an agency with exactly one role: staffed exactly when the role table lets that role take the step's action.
    [Fact]
    public void Every_step_kind_needs_a_role_the_processing_rules_allow()
    {
        foreach (var kind in Enum.GetValues<StepKind>())
        foreach (var role in Enum.GetValues<OfficerRole>())
        {
            var process = new InternalProcess([new ProcessStep("Bước", kind, "Ai đó", TimeLimit.Hours(1), AgencyCode: kind == StepKind.Transfer ? null : Department)]);
            var at = kind == StepKind.Transfer ? Commune : Department;
            var problems = process.UnstaffedSteps(Commune, [new StaffRole(at, role)], Names);
            var allowed = Dossier.RolesFor(InternalProcess.ActionOf(kind), kind).Contains(role);
            Assert.True(allowed == (problems.Count == 0), $"{kind} / {role}: {string.Join(" ", problems)}");
        }
    }

    [Fact]
    public void The_transfer_is_performed_by_the_adopting_agencys_desk_whatever_agency_it_names()
    {
        var process = new InternalProcess([new ProcessStep("Chuyển hồ sơ", StepKind.Transfer, "Bộ phận Một cửa", TimeLimit.Hours(1), AgencyCode: Department)]);
        Assert.Empty(process.UnstaffedSteps(Commune, [new StaffRole(Commune, OfficerRole.ReceivingOfficer)], Names));
        Assert.Single(process.UnstaffedSteps(Commune, [new StaffRole(Department, OfficerRole.ReceivingOfficer)], Names));
    }
}
