using MotCua.Domain.Dossiers;
using static MotCua.Domain.Tests.Dossiers.CitizenDossierStates;

namespace MotCua.Domain.Tests.Dossiers;

public class CitizenWithdrawalTests
{
    /// <summary>The rule by status and channel: received and without a result (2, 4, 5, 6) whatever the channel, and an
    /// online submission the desk has not accepted yet (1); never refused, withdrawn, stopped or with a result.</summary>
    [Theory]
    [InlineData(DossierStatus.Submitted, Channel.Online, true)]
    [InlineData(DossierStatus.Submitted, Channel.Direct, false)]
    [InlineData(DossierStatus.Submitted, Channel.Postal, false)]
    [InlineData(DossierStatus.Received, Channel.Online, true)]
    [InlineData(DossierStatus.Received, Channel.Direct, true)]
    [InlineData(DossierStatus.Received, Channel.Postal, true)]
    [InlineData(DossierStatus.InProcess, Channel.Direct, true)]
    [InlineData(DossierStatus.SupplementRequested, Channel.Online, true)]
    [InlineData(DossierStatus.AwaitingPayment, Channel.Postal, true)]
    [InlineData(DossierStatus.NotReceived, Channel.Online, false)]
    [InlineData(DossierStatus.WithdrawalRequested, Channel.Online, false)]
    [InlineData(DossierStatus.Stopped, Channel.Direct, false)]
    [InlineData(DossierStatus.ResultReady, Channel.Online, false)]
    [InlineData(DossierStatus.Returned, Channel.Direct, false)]
    public void The_rule_by_status_and_channel(DossierStatus status, Channel channel, bool allowed) =>
        Assert.Equal(allowed, Dossier.ApplicantMayWithdraw(status, channel));

    [Theory]
    [MemberData(nameof(EveryStatusAndActor), MemberType = typeof(CitizenDossierStates))]
    public void The_applicant_withdraws_an_online_submission_not_yet_accepted_or_a_dossier_without_a_result(string state, int actorIndex)
    {
        var (_, actor, allowed) = Actors[actorIndex];
        var (dossier, now) = InState(state, Monday);
        // The states are of an online submission: status 1 (not yet accepted) and the received ones without a result.
        var withoutResult = dossier.Status is DossierStatus.Submitted || DossierStatuses.WithoutResult.Contains(dossier.Status);
        var before = (dossier.Status, dossier.Events.Count);
        Assert.Equal(allowed && withoutResult, dossier.CitizenMayWithdraw(actor.Citizen));

        var withdraw = () => dossier.RequestWithdrawalByApplicant(actor, "  Tôi đã làm thủ tục ở nơi khác  ", now);
        if (allowed && withoutResult)
        {
            var pauses = dossier.Pauses.Count;
            withdraw();
            Assert.Equal(DossierStatus.WithdrawalRequested, dossier.Status);
            Assert.Equal("Tôi đã làm thủ tục ở nơi khác", dossier.WithdrawalReason);
            var last = dossier.Events[^1];
            Assert.Equal((DossierEventAction.Withdraw, actor.Citizen.Id, actor.Name), (last.Action, last.ActorCitizenId!.Value, last.ActorName));
            // A wait still open (statuses 5 and 6) ends at the withdrawal, as the officer's withdrawal ends it (fees37).
            Assert.False(dossier.IsPaused);
            Assert.Equal(pauses, dossier.Pauses.Count);
            if (state is "supplement" or "payment") Assert.Equal(now, dossier.Pauses[^1].To);
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
