using MotCua.Domain.Dossiers;
using static MotCua.Domain.Tests.Dossiers.CitizenDossierStates;

namespace MotCua.Domain.Tests.Dossiers;

public class CitizenWithdrawalTests
{
    [Theory]
    [MemberData(nameof(EveryStatusAndActor), MemberType = typeof(CitizenDossierStates))]
    public void The_applicant_withdraws_while_received_and_without_a_result(string state, int actorIndex)
    {
        var (_, actor, allowed) = Actors[actorIndex];
        var (dossier, now) = InState(state, Monday);
        var withoutResult = DossierStatuses.WithoutResult.Contains(dossier.Status);
        var before = (dossier.Status, dossier.Events.Count);
        Assert.Equal(allowed && withoutResult, dossier.CitizenMayWithdraw(actor.Citizen));

        var withdraw = () => dossier.RequestWithdrawalByApplicant(actor, "  Tôi đã làm thủ tục ở nơi khác  ", now);
        if (allowed && withoutResult)
        {
            var wasPaused = dossier.IsPaused;
            withdraw();
            Assert.Equal(DossierStatus.WithdrawalRequested, dossier.Status);
            Assert.Equal("Tôi đã làm thủ tục ở nơi khác", dossier.WithdrawalReason);
            var last = dossier.Events[^1];
            Assert.Equal((DossierEventAction.Withdraw, actor.Citizen.Id, actor.Name), (last.Action, last.ActorCitizenId!.Value, last.ActorName));
            // The clock stays as the officer's withdrawal leaves it; the stop notice closes any wait.
            Assert.Equal(wasPaused, dossier.IsPaused);
            return;
        }
        var refused = Assert.Throws<DossierStateException>(withdraw);
        Assert.Equal(allowed ? DossierRefusal.WrongState : DossierRefusal.NotPermitted, refused.Refusal);
        if (allowed) Assert.Contains(dossier.Status.Vietnamese(), refused.Message);
        Assert.Equal(before, (dossier.Status, dossier.Events.Count));
    }

    [Fact]
    public void A_reason_is_required()
    {
        var (dossier, now) = InState("appraise", Monday);
        var refused = Assert.Throws<DossierStateException>(() => dossier.RequestWithdrawalByApplicant(Actors[0].Actor, " ", now));
        Assert.Equal(DossierRefusal.Invalid, refused.Refusal);
        Assert.Equal(DossierStatus.InProcess, dossier.Status);
    }

    [Fact]
    public void The_one_stop_unit_then_stops_it_as_any_withdrawal()
    {
        var (dossier, now) = InState("supplement", Monday);
        dossier.RequestWithdrawalByApplicant(Actors[1].Actor, "Không cần nữa", now);
        dossier.Stop("Theo yêu cầu rút hồ sơ của người dân", new Officer(new Actor("Võ Quốc Việt", 4), OfficerRole.Leader), now.AddMinutes(5));
        Assert.Equal(DossierStatus.Stopped, dossier.Status);
        Assert.False(dossier.IsPaused);
    }
}
