using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Tests.Calendar;
using static MotCua.Domain.Tests.Dossiers.CitizenDossierStates;

namespace MotCua.Domain.Tests.Dossiers;

public class AnswerSupplementOnlineTests
{
    [Theory]
    [MemberData(nameof(EveryStatusAndActor), MemberType = typeof(CitizenDossierStates))]
    public void Only_a_citizen_who_may_read_the_dossier_answers_and_only_in_status_5(string state, int actorIndex)
    {
        var (name, actor, allowed) = Actors[actorIndex];
        var (dossier, now) = InState(state, Monday);
        var before = (dossier.Status, dossier.Events.Count, dossier.DueAt);
        var mayAnswer = allowed && dossier.Status == DossierStatus.SupplementRequested;
        Assert.Equal(mayAnswer, dossier.CitizenMayAnswerSupplement(actor.Citizen));

        var answer = () => dossier.AnswerSupplementOnline(actor, [0, 1], WorkCalendar, null, now);
        if (mayAnswer)
        {
            answer();
            Assert.Equal(DossierStatus.InProcess, dossier.Status);
            var last = dossier.Events[^1];
            Assert.Equal((DossierEventAction.SupplementReceived, DossierStatus.SupplementRequested, actor.Citizen.Id, (int?)null, actor.Name),
                (last.Action, last.FromStatus, last.ActorCitizenId!.Value, last.ActorUserId, last.ActorName));
            Assert.DoesNotContain(dossier.Pauses, p => p.To is null);
            return;
        }
        var refused = Assert.Throws<DossierStateException>(answer);
        Assert.Equal(allowed ? DossierRefusal.WrongState : DossierRefusal.NotPermitted, refused.Refusal);
        Assert.True(allowed || refused.Message == "Không tìm thấy hồ sơ.", $"{name}: a refusal to a stranger says nothing of the dossier");
        Assert.Equal(before, (dossier.Status, dossier.Events.Count, dossier.DueAt));
    }

    [Fact]
    public void Each_item_answered_online_becomes_a_document_of_the_dossier_that_its_answer_names()
    {
        // Issue 16, brief p16h item 1: the citizen's files reached the dossier's files but not its documents, so the portal's
        // TaiLieuNop never listed them.
        var (dossier, now) = InState("supplement", Monday);
        var held = dossier.Documents.ToList();
        var requested = dossier.SupplementItems.Select(i => i.Document).ToList();
        dossier.AnswerSupplementOnline(Actors[0].Actor, [0, 1], WorkCalendar, null, now);

        Assert.Equal(held, dossier.Documents.Take(held.Count));
        var added = dossier.Documents.Skip(held.Count).ToList();
        Assert.Equal(requested, added.Select(d => d.Name));
        Assert.All(added, d => Assert.Equal((1, 0, (DateTimeOffset?)now), (d.Originals, d.Copies, d.SuppliedAt)));
        var supplied = dossier.Events[^1].SuppliedDocuments!;
        Assert.Equal(requested, supplied.Select(d => d.Name));
        Assert.Equal(Enumerable.Range(held.Count + 1, requested.Count), supplied.Select(d => d.Number!.Value));
        Assert.All(held, d => Assert.Null(d.SuppliedAt));
    }

    [Fact]
    public void Every_item_of_the_request_needs_a_file_and_the_message_names_those_missing()
    {
        var (dossier, now) = InState("supplement", Monday);
        var owner = Actors[0].Actor;
        var missing = Assert.Throws<DossierStateException>(() => dossier.AnswerSupplementOnline(owner, [0], WorkCalendar, null, now));
        Assert.Equal(DossierRefusal.Invalid, missing.Refusal);
        Assert.Contains("2. Tờ khai", missing.Message);
        Assert.DoesNotContain("1. Giấy chứng sinh", missing.Message);
        var outside = Assert.Throws<DossierStateException>(() => dossier.AnswerSupplementOnline(owner, [0, 1, 2], WorkCalendar, null, now));
        Assert.Contains("mục số 3", outside.Message);
        Assert.Equal(DossierStatus.SupplementRequested, dossier.Status);
    }

    [Fact]
    public void An_answer_after_17_00_on_a_Friday_restarts_the_clock_from_zero_at_Monday_s_opening()
    {
        // Received Wednesday 19/11/2025, supplement asked Thursday, answered Friday 21/11 at 17:30 (office closed): the
        // five working days count again from zero from Monday 24/11's opening, not from what was left before the pause.
        var (dossier, _) = InState("supplement", Vn.At("2025-11-19 09:00"));
        var answeredAt = Vn.At("2025-11-21 17:30");
        dossier.AnswerSupplementOnline(Actors[1].Actor, [0, 1], WorkCalendar, null, answeredAt);

        var expected = WorkCalendar.RestartAfterSupplement(answeredAt, TimeLimit.Days(5), Channel.Online);
        Assert.Equal(expected.DueAt, dossier.DueAt);
        Assert.Equal(expected.DueAt, dossier.OriginalDueAt);
        Assert.Equal(answeredAt, dossier.ClockStartedAt);
        Assert.Equal(answeredAt, dossier.SupplementReceivedAt);
        // Monday 24 to Friday 28 November: five full working days from the next opening.
        Assert.Equal("2025-11-28", Vn.Show(dossier.DueAt!.Value)[..10]);
        Assert.Equal(WorkCalendar.ValidStart(answeredAt, Channel.Online), dossier.CurrentStepStartedAt);
        Assert.Equal(Vn.At("2025-11-24 00:00").Date, VietnamTime.ToVietnam(dossier.CurrentStepStartedAt!.Value).Date);
        var explained = SkippedPeriods.Explain(dossier.DueExplanation);
        Assert.NotNull(explained);
        Assert.Contains("22/11", explained);
        Assert.Contains(VietnamTime.ToVietnam(dossier.DueAt!.Value).ToString("HH:mm dd/MM/yyyy"), dossier.Events[^1].Note);
    }

    [Fact]
    public void An_answer_just_before_Tet_2027_counts_the_five_days_after_the_holidays_and_their_compensatory_days()
    {
        // Received Wednesday 27/01/2027, supplement asked the same morning, answered Thursday 04/02/2027 at 16:00.
        // Tết Đinh Mùi: 30 Tết Friday 05/02 to mùng 4 Tuesday 09/02, the weekend given back Wednesday 10 and Thursday 11.
        var (dossier, _) = InState("supplement", Vn.At("2027-01-27 08:00"));
        var answeredAt = Vn.At("2027-02-04 16:00");
        dossier.AnswerSupplementOnline(Actors[2].Actor, [0, 1], WorkCalendar, null, answeredAt);

        var expected = WorkCalendar.RestartAfterSupplement(answeredAt, TimeLimit.Days(5), Channel.Online);
        Assert.Equal(expected.DueAt, dossier.DueAt);
        var due = VietnamTime.ToVietnam(dossier.DueAt!.Value);
        // Thursday 04/02 16:00–17:00 is the first hour; then Fri 12, Mon 15, Tue 16, Wed 17 and 7 hours of Thu 18.
        Assert.Equal(new DateTime(2027, 2, 18), due.Date);
        Assert.Contains("Tết Nguyên đán", SkippedPeriods.Explain(dossier.DueExplanation));
        Assert.Equal(DossierStatus.InProcess, dossier.Status);
    }

    [Fact]
    public void A_supplement_asked_before_acceptance_returns_to_the_desks_check_when_answered_online()
    {
        var (dossier, now) = InState("submitted", Monday);
        dossier.RequestSupplement([new SupplementItem("Giấy chứng sinh", "Chưa đính kèm")], WorkCalendar, null,
            new Officer(new Actor("Nguyễn Thị Hường", 1), OfficerRole.ReceivingOfficer), now);
        Assert.True(dossier.IsSupplementBeforeAcceptance);
        dossier.AnswerSupplementOnline(Actors[0].Actor, [0], WorkCalendar, null, now.AddHours(1));
        Assert.Equal(DossierStatus.Submitted, dossier.Status);
        Assert.Null(dossier.ReceivedAt);
        Assert.Equal(DossierEventAction.SupplementReceived, dossier.Events[^1].Action);
    }
}
