using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Tests.Calendar;

namespace MotCua.Domain.Tests.Dossiers;

/// <summary>
/// Issue 16 round 5: the desk's check of an online dossier (status 1, pushed by the portal or submitted on MotCua) may ask
/// for a supplement (Mẫu 02, once and in full) instead of only accepting or refusing it: status 5 with the clock standing
/// still, then back to status 1 when the supplement arrives (at the desk, or pushed again by the portal), then accepted or
/// refused as before (DOMAIN §3 step 1).
/// </summary>
public class OnlineReceptionSupplementTests
{
    private const int Agency = 2;
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);
    private static readonly Applicant Applicant = new("Nguyễn Văn An", "046095001234", "0905123456", null, "Huế");
    private static readonly Officer Receiver = new(new Actor("Nguyễn Thị Hường", 1), OfficerRole.ReceivingOfficer);
    private static readonly Officer Specialist = new(new Actor("Hoàng Minh Đức", 2), OfficerRole.Specialist);
    private static readonly Officer Head = new(new Actor("Phan Thanh Bình", 3), OfficerRole.DepartmentHead);
    private static readonly Officer Leader = new(new Actor("Võ Quốc Việt", 4), OfficerRole.Leader);
    private static readonly Officer Accountant = new(new Actor("Đặng Thu Trang", 5), OfficerRole.Accountant);
    private static readonly Officer Inspector = new(new Actor("Bùi Thị Thanh Tâm", 6), OfficerRole.Inspector);
    private static readonly Officer[] Everyone = [Receiver, Specialist, Head, Leader, Accountant, Inspector];
    private static readonly Actor Portal = new("Cổng DVCQG", ClientId: 1);
    private static readonly TimeLimit Limit = TimeLimit.Days(5);

    // Monday 17 November 2025, 09:00.
    private static readonly DateTimeOffset Monday = Vn.At("2025-11-17 09:00");

    private static Dossier Submitted(bool pushed = true)
    {
        var dossier = Dossier.SubmitOnline("", Agency, new ProcedureRef("1.001193", 1, "Thủ tục đăng ký khai sinh", Limit), Applicant,
            [new ReceivedDocument("Tờ khai đăng ký khai sinh", 1, 0) { FileUrl = "https://dvcqg.test/tep/to-khai.pdf" }],
            Monday, Calendar.ComputeDue(Monday, Limit, Channel.Online), Portal, Monday);
        if (pushed) dossier.PushedByPortal("G22.99-251117-0001", null);
        dossier.Numbered("000.10.01.H46-251117-0001", null, null);
        return dossier;
    }

    /// <summary>The states of the new rows: asked before acceptance (5), and back at the check once answered (1).</summary>
    private static Dossier InState(string state)
    {
        var dossier = Submitted();
        dossier.RequestSupplement([new SupplementItem("Giấy chứng sinh", "Chưa đính kèm")], Calendar, null, Receiver, Monday.AddMinutes(10));
        if (state == "answered") dossier.SupplementReceived(Calendar, null, Receiver, Monday.AddMinutes(20));
        return dossier;
    }

    private static readonly Dictionary<(string, ProcessingAction), DossierStatus> Legal = new()
    {
        [("asked", ProcessingAction.SupplementReceived)] = DossierStatus.Submitted,
        // A citizen may withdraw, and the unit stop, a dossier waiting for the citizen: the same rows as for a supplement
        // asked at appraisal (DossierStatuses.WithoutResult, WaitingForCitizen).
        [("asked", ProcessingAction.Withdraw)] = DossierStatus.WithdrawalRequested,
        [("asked", ProcessingAction.Stop)] = DossierStatus.Stopped,
        [("answered", ProcessingAction.AcceptOnline)] = DossierStatus.Received,
        [("answered", ProcessingAction.RefuseOnline)] = DossierStatus.NotReceived,
    };

    public static TheoryData<string, ProcessingAction, string> EveryActionByEveryone()
    {
        var data = new TheoryData<string, ProcessingAction, string>();
        foreach (var state in new[] { "asked", "answered" })
            foreach (var action in Enum.GetValues<ProcessingAction>())
                foreach (var officer in Everyone)
                    data.Add(state, action, officer.Actor.Name);
        return data;
    }

    private static void Take(Dossier dossier, ProcessingAction action, Officer by, DateTimeOffset now)
    {
        switch (action)
        {
            case ProcessingAction.AcceptOnline: dossier.AcceptOnline(by, now); break;
            case ProcessingAction.RefuseOnline: dossier.RefuseOnline("Thiếu giấy chứng sinh", "", by, now); break;
            case ProcessingAction.Transfer: dossier.Transfer(DefaultProcess.For(Limit, Agency, true), Calendar, null, by, now); break;
            case ProcessingAction.Assign: dossier.Assign(Specialist.Actor.UserId!.Value, Specialist.Actor.Name, Calendar, by, now); break;
            case ProcessingAction.CompleteStep: dossier.CompleteStep("Đã thẩm định", false, Calendar, by, now); break;
            case ProcessingAction.SendBack: dossier.CompleteStep("Cần xem lại", true, Calendar, by, now); break;
            case ProcessingAction.Approve: dossier.Approve("Đồng ý", Calendar, by, now); break;
            case ProcessingAction.RefuseOnMerits: dossier.RefuseOnMerits("Không đủ điều kiện", Calendar, by, now); break;
            case ProcessingAction.ResultReady: dossier.ResultReady(by, now); break;
            case ProcessingAction.Return: dossier.Return(new ReturnDetails(ReturnMethod.Desk, "Nguyễn Văn An"), by, now); break;
            case ProcessingAction.RequestSupplement: dossier.RequestSupplement([new SupplementItem("Tờ khai", "Thiếu chữ ký")], Calendar, null, by, now); break;
            case ProcessingAction.SupplementReceived: dossier.SupplementReceived(Calendar, null, by, now); break;
            case ProcessingAction.RequireFinancialObligation: dossier.RequireFinancialObligation("Nộp lệ phí", by, now); break;
            case ProcessingAction.PaymentReceived: dossier.PaymentReceived("Biên lai 0001", Calendar, null, by, now); break;
            case ProcessingAction.Extend: dossier.Extend("Cần xác minh thêm", (dossier.DueAt ?? now).AddDays(2), Calendar, by, now); break;
            case ProcessingAction.Withdraw: dossier.Withdraw("Xin rút", by, now); break;
            case ProcessingAction.Stop: dossier.Stop("Dừng theo yêu cầu", by, now); break;
            case ProcessingAction.CompleteCoAgencyTask: dossier.CompleteCoAgencyTask(0, "Đồng ý", by, now); break;
            default: throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }

    // Who the table lets take each legal move (the receiving point's officer; the leader may also stop).
    private static bool MayTake(string state, ProcessingAction action, Officer by) =>
        Legal.ContainsKey((state, action)) && (by == Receiver || by == Leader && action == ProcessingAction.Stop);

    [Theory]
    [MemberData(nameof(EveryActionByEveryone))]
    public void Every_action_by_every_role_before_acceptance_is_taken_or_refused_by_the_table(string state, ProcessingAction action, string officer)
    {
        var dossier = InState(state);
        var by = Everyone.Single(o => o.Actor.Name == officer);
        var now = Monday.AddHours(1);
        var (status, events) = (dossier.Status, dossier.Events.Count);
        var allowed = MayTake(state, action, by);
        Assert.Equal(allowed, dossier.Allows(action, by));
        if (allowed)
        {
            Take(dossier, action, by, now);
            Assert.Equal(Legal[(state, action)], dossier.Status);
            Assert.Equal((events + 1, now, by.Actor.Name), (dossier.Events.Count, dossier.Events[^1].At, dossier.Events[^1].ActorName));
        }
        else
        {
            var refusal = Assert.Throws<DossierStateException>(() => Take(dossier, action, by, now));
            // An action of this status taken by a role the table does not name → 403; anything else (another status, the
            // supplement asked once already) → 409.
            var roles = ActionRules.For(action).Where(r => r.Statuses.Contains(status) && r.AppliesAt(null)).Select(r => r.Role).ToList();
            Assert.Equal(roles.Count > 0 && !roles.Contains(by.Role) ? DossierRefusal.NotPermitted : DossierRefusal.WrongState, refusal.Refusal);
            Assert.Equal((status, events), (dossier.Status, dossier.Events.Count));
        }
    }

    [Fact]
    public void The_desk_asks_a_supplement_of_an_online_dossier_with_the_clock_standing_still_then_it_is_checked_again()
    {
        var dossier = Submitted(pushed: false);
        var asked = Vn.At("2025-11-17 10:00");
        Assert.True(dossier.Allows(ProcessingAction.RequestSupplement, Receiver));
        Assert.False(dossier.Allows(ProcessingAction.RequestSupplement, Specialist));

        var empty = Assert.Throws<DossierStateException>(() => dossier.RequestSupplement([], Calendar, null, Receiver, asked));
        Assert.Equal(DossierRefusal.Invalid, empty.Refusal);
        Assert.Throws<DossierStateException>(() => dossier.RequestSupplement([new SupplementItem("Giấy chứng sinh", " ")], Calendar, null, Receiver, asked));
        Assert.Equal((DossierStatus.Submitted, 1), (dossier.Status, dossier.Events.Count));

        dossier.RequestSupplement([new SupplementItem(" Giấy chứng sinh ", "Chưa đính kèm bản chụp")], Calendar, null, Receiver, asked);
        Assert.Equal(DossierStatus.SupplementRequested, dossier.Status);
        Assert.True(dossier.IsPaused);
        Assert.True(dossier.IsSupplementBeforeAcceptance);
        Assert.Null(dossier.ReceivedAt);
        Assert.Null(dossier.CurrentStepIndex);
        Assert.Equal([new SupplementItem("Giấy chứng sinh", "Chưa đính kèm bản chụp")], dossier.SupplementItems);
        var request = dossier.Events[^1];
        Assert.Equal((DossierEventAction.SupplementRequest, (DossierStatus?)DossierStatus.Submitted, DossierStatus.SupplementRequested, (int?)null),
            (request.Action, request.FromStatus, request.ToStatus, request.StepIndex));
        Assert.StartsWith("Yêu cầu bổ sung, hoàn thiện hồ sơ trực tuyến trước khi tiếp nhận (Mẫu 02): Giấy chứng sinh (Chưa đính kèm bản chụp)", request.Note);

        // Wednesday 19 November 14:00, two working days later: the provisional due counts five working days from then.
        var answered = Vn.At("2025-11-19 14:00");
        dossier.SupplementReceived(Calendar, null, Receiver, answered);
        Assert.Equal(DossierStatus.Submitted, dossier.Status);
        Assert.False(dossier.IsPaused);
        Assert.False(dossier.IsSupplementBeforeAcceptance);
        Assert.Equal(answered, dossier.ClockStartedAt);
        Assert.Equal(Calendar.RestartAfterSupplement(answered, Limit, Channel.Online, null).DueAt, dossier.DueAt);
        Assert.Equal(dossier.DueAt, dossier.OriginalDueAt);
        Assert.Equal([new DossierPause(asked, answered, PauseReason.Supplement)], dossier.Pauses);
        var receipt = dossier.Events[^1];
        Assert.Equal((DossierEventAction.SupplementReceived, (DossierStatus?)DossierStatus.SupplementRequested, DossierStatus.Submitted),
            (receipt.Action, receipt.FromStatus, receipt.ToStatus));
        Assert.Contains("chờ Bộ phận Một cửa kiểm tra để tiếp nhận", receipt.Note);

        // Once and in full: the check may not ask again; it accepts or refuses.
        Assert.False(dossier.Allows(ProcessingAction.RequestSupplement, Receiver));
        var again = Assert.Throws<DossierStateException>(() => dossier.RequestSupplement([new SupplementItem("Tờ khai", "Sai tên")], Calendar, null, Receiver, answered.AddHours(1)));
        Assert.Equal(DossierRefusal.WrongState, again.Refusal);
        Assert.Contains("chỉ được đưa ra một lần", again.Message);
        dossier.AcceptOnline(Receiver, answered.AddHours(1));
        Assert.Equal(DossierStatus.Received, dossier.Status);
    }

    [Fact]
    public void After_acceptance_appraisal_may_still_ask_its_own_supplement_once()
    {
        var dossier = InState("answered");
        var accepted = Vn.At("2025-11-17 11:00");
        dossier.AcceptOnline(Receiver, accepted);
        dossier.Transfer(DefaultProcess.For(Limit, Agency, true), Calendar, null, Receiver, accepted.AddMinutes(10));
        dossier.Assign(Specialist.Actor.UserId!.Value, Specialist.Actor.Name, Calendar, Head, accepted.AddMinutes(20));
        Assert.True(dossier.Allows(ProcessingAction.RequestSupplement, Specialist));
        dossier.RequestSupplement([new SupplementItem("Tờ khai", "Thiếu chữ ký")], Calendar, null, Specialist, accepted.AddMinutes(30));
        Assert.False(dossier.IsSupplementBeforeAcceptance);
        dossier.SupplementReceived(Calendar, null, Receiver, accepted.AddHours(1));
        Assert.Equal(DossierStatus.InProcess, dossier.Status);
        Assert.False(dossier.Allows(ProcessingAction.RequestSupplement, Specialist));
    }

    [Fact]
    public void The_portal_pushing_the_dossier_again_with_new_documents_answers_the_supplement()
    {
        var dossier = InState("asked");
        var at = Vn.At("2025-11-18 09:30");
        var added = new ReceivedDocument("Giấy chứng sinh", 1, 0) { FileUrl = "https://dvcqg.test/tep/giay-chung-sinh.pdf" };

        var nothing = Assert.Throws<DossierStateException>(() => dossier.SupplementPushed([], Calendar, null, Portal, at));
        Assert.Equal(DossierRefusal.Invalid, nothing.Refusal);
        Assert.Equal(DossierStatus.SupplementRequested, dossier.Status);

        dossier.SupplementPushed([added], Calendar, null, Portal, at);
        Assert.Equal(DossierStatus.Submitted, dossier.Status);
        Assert.Equal(["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"], dossier.Documents.Select(d => d.Name));
        Assert.Equal(added.FileUrl, dossier.Documents[1].FileUrl);
        var e = dossier.Events[^1];
        Assert.Equal((DossierEventAction.SupplementReceived, "Cổng DVCQG", DossierStatus.Submitted), (e.Action, e.ActorName, e.ToStatus));
        Assert.StartsWith("Nhận hồ sơ bổ sung từ Cổng Dịch vụ công quốc gia: Giấy chứng sinh", e.Note);
        // The answer names the document it added by its position (TaiLieuNop's ID, third trial LOW 6), dated by the answer.
        Assert.Equal(2, Assert.Single(e.SuppliedDocuments!).Number);
        Assert.Equal(at, dossier.Documents[1].SuppliedAt);

        // Not waiting any more, or not the portal's dossier: refused, nothing changed.
        var late = Assert.Throws<DossierStateException>(() => dossier.SupplementPushed([added], Calendar, null, Portal, at.AddHours(1)));
        Assert.Equal(DossierRefusal.WrongState, late.Refusal);
        var local = Submitted(pushed: false);
        local.RequestSupplement([new SupplementItem("Giấy chứng sinh", "Chưa đính kèm")], Calendar, null, Receiver, at);
        Assert.Equal(DossierRefusal.WrongState,
            Assert.Throws<DossierStateException>(() => local.SupplementPushed([added], Calendar, null, Portal, at.AddHours(1))).Refusal);
        Assert.Single(local.Documents);
    }
}
