using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Tests.Dossiers;

/// <summary>The action table and the typed names of events and pauses (issue 10).</summary>
public class ActionRulesTests
{
    [Fact]
    public void Every_action_has_rules_and_the_roles_are_named_in_table_order()
    {
        Assert.All(Enum.GetValues<ProcessingAction>(), action => Assert.NotEmpty(ActionRules.For(action)));
        Assert.Equal([OfficerRole.ReceivingOfficer, OfficerRole.Specialist], Dossier.RolesFor(ProcessingAction.CompleteStep, StepKind.Handoff));
        Assert.Equal([OfficerRole.Specialist], Dossier.RolesFor(ProcessingAction.CompleteStep, StepKind.Appraise));
        Assert.Equal([OfficerRole.Leader], Dossier.RolesFor(ProcessingAction.SendBack, StepKind.Approve));
        Assert.Equal([OfficerRole.ReceivingOfficer, OfficerRole.Leader], Dossier.RolesFor(ProcessingAction.Stop, null));
        Assert.Empty(Dossier.RolesFor(ProcessingAction.Approve, StepKind.Appraise));
    }

    [Fact]
    public void A_withdrawal_request_waits_for_the_receiving_officer_and_the_leader_of_the_receiving_point()
    {
        var stop = ActionRules.All.Where(r => r.Action == ProcessingAction.Stop && r.Awaited).ToList();
        Assert.Equal([OfficerRole.ReceivingOfficer, OfficerRole.Leader], stop.Select(r => r.Role));
        Assert.All(stop, r => Assert.Equal([DossierStatus.WithdrawalRequested], r.Statuses));
        Assert.All(stop, r => Assert.Equal([AgencyRelation.ReceivingPoint], r.Agencies));
    }

    [Fact]
    public void Event_actions_and_pause_reasons_keep_their_stored_names()
    {
        var codes = Enum.GetValues<DossierEventAction>().Select(a => a.Code()).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(Enum.GetValues<DossierEventAction>(), a => Assert.Equal(a, DossierEventActions.Parse(a.Code())));
        Assert.Equal("refuse-merits", DossierEventAction.RefuseOnMerits.Code());
        Assert.Equal("co-agency", DossierEventAction.CoAgencyAnswer.Code());
        Assert.Throws<ArgumentOutOfRangeException>(() => DossierEventActions.Parse("khong-co"));
        Assert.Equal(PauseReason.Payment, PauseReasons.Parse("chờ thực hiện nghĩa vụ tài chính"));
        Assert.Equal("chờ bổ sung hồ sơ", PauseReason.Supplement.Vietnamese());
    }
}
