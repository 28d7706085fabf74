using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Tests.Calendar;

namespace MotCua.Domain.Tests.Dossiers;

public class ProcessingTests
{
    private const int Agency = 2;
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);
    private static readonly Applicant Applicant = new("Nguyễn Văn An", "046095001234", "0905123456", null, "Huế");
    private static readonly Officer Receiver = new(new Actor("Nguyễn Thị Hường", 1), OfficerRole.ReceivingOfficer);
    private static readonly Officer Specialist = new(new Actor("Hoàng Minh Đức", 2), OfficerRole.Specialist);
    private static readonly Officer OtherSpecialist = new(new Actor("Trần Văn Khác", 9), OfficerRole.Specialist);
    private static readonly Officer Head = new(new Actor("Phan Thanh Bình", 3), OfficerRole.DepartmentHead);
    private static readonly Officer Leader = new(new Actor("Võ Quốc Việt", 4), OfficerRole.Leader);
    private static readonly Officer Accountant = new(new Actor("Đặng Thu Trang", 5), OfficerRole.Accountant);
    private static readonly Officer Inspector = new(new Actor("Bùi Thị Thanh Tâm", 6), OfficerRole.Inspector);
    private static readonly Officer[] Everyone = [Receiver, Specialist, Head, Leader, Accountant, Inspector];

    // Monday 17 November 2025, 09:00.
    private static readonly DateTimeOffset Monday = Vn.At("2025-11-17 09:00");

    private static Dossier Received(TimeLimit limit, DateTimeOffset? at = null, Channel channel = Channel.Direct)
    {
        var received = at ?? Monday;
        return Dossier.Receive("000.10.01.H46-251117-0001", Agency, new ProcedureRef("1.001193", 1, "Thủ tục đăng ký khai sinh", limit), channel,
            Applicant, [new ReceivedDocument("Giấy chứng sinh", 1, 0)], 1, received, Calendar.ComputeDue(received, limit, channel), Receiver.Actor, received);
    }

    private static IReadOnlyList<PlannedStep> Process(TimeLimit limit, bool withAssignment = true) => DefaultProcess.For(limit, Agency, withAssignment);

    /// <summary>A five-working-day dossier driven to a named state, one action every ten minutes from Monday 09:00.</summary>
    private static (Dossier Dossier, DateTimeOffset Now) InState(string state)
    {
        var limit = TimeLimit.Days(5);
        var dossier = state is "submitted" or "not-received"
            ? Dossier.SubmitOnline("000.10.01.H46-251117-0002", Agency, new ProcedureRef("1.001193", 1, "Thủ tục đăng ký khai sinh", limit), Applicant,
                [new ReceivedDocument("Giấy chứng sinh", 1, 0)], Monday, Calendar.ComputeDue(Monday, limit, Channel.Online), new Actor("Cổng DVCQG", ClientId: 1), Monday)
            : Received(limit);
        var now = Monday;
        DateTimeOffset Next() => now = now.AddMinutes(10);
        string[] path = state switch
        {
            "submitted" => [],
            "not-received" => ["refuse-online"],
            "received" => [],
            "assign" => ["transfer"],
            "appraise" => ["transfer", "assign"],
            "approve" => ["transfer", "assign", "complete"],
            "result" => ["transfer", "assign", "complete", "approve"],
            "ready" => ["transfer", "assign", "complete", "approve", "ready"],
            "returned" => ["transfer", "assign", "complete", "approve", "ready", "return"],
            "supplement" => ["transfer", "assign", "supplement"],
            "payment" => ["transfer", "assign", "payment"],
            "result-payment" => ["transfer", "assign", "complete", "approve", "payment"],
            "withdrawn" => ["transfer", "assign", "withdraw"],
            "stopped" => ["transfer", "assign", "withdraw", "stop"],
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        foreach (var step in path)
        {
            switch (step)
            {
                case "refuse-online": dossier.RefuseOnline("Không thuộc thẩm quyền", "Điều 9 Nghị định 123/2015/NĐ-CP", Receiver, Next()); break;
                case "transfer": dossier.Transfer(Process(limit), Calendar, null, Receiver, Next()); break;
                case "assign": dossier.Assign(Specialist.Actor.UserId!.Value, Specialist.Actor.Name, Calendar, Head, Next()); break;
                case "complete": dossier.CompleteStep("Hồ sơ hợp lệ, dự thảo Giấy khai sinh", false, Calendar, Specialist, Next()); break;
                case "approve": dossier.Approve(null, Calendar, Leader, Next()); break;
                case "ready": dossier.ResultReady(Receiver, Next()); break;
                case "return": dossier.Return(new ReturnDetails(ReturnMethod.Desk, "Nguyễn Văn An"), Receiver, Next()); break;
                case "supplement": dossier.RequestSupplement([new SupplementItem("Giấy chứng sinh", "Bản chụp mờ")], Calendar, null, Specialist, Next()); break;
                case "payment": dossier.RequireFinancialObligation("Nộp lệ phí cấp bản sao", Specialist, Next()); break;
                case "withdraw": dossier.Withdraw("Người dân xin rút hồ sơ", Receiver, Next()); break;
                case "stop": dossier.Stop("Theo yêu cầu rút hồ sơ của người dân", Leader, Next()); break;
            }
        }
        return (dossier, Next());
    }

    /// <summary>The role that may take each action at the step the state leaves the dossier at.</summary>
    private static Officer Performer(ProcessingAction action, string state) => action switch
    {
        ProcessingAction.AcceptOnline or ProcessingAction.RefuseOnline or ProcessingAction.Transfer or ProcessingAction.ResultReady
            or ProcessingAction.Return or ProcessingAction.SupplementReceived or ProcessingAction.Withdraw => Receiver,
        ProcessingAction.RequestSupplement when state == "submitted" => Receiver,
        ProcessingAction.Assign => Head,
        ProcessingAction.SendBack when state == "approve" => Leader,
        ProcessingAction.Approve or ProcessingAction.RefuseOnMerits or ProcessingAction.Stop => Leader,
        ProcessingAction.PaymentReceived => Accountant,
        _ => Specialist,
    };

    private static void Take(Dossier dossier, ProcessingAction action, Officer by, DateTimeOffset now)
    {
        switch (action)
        {
            case ProcessingAction.AcceptOnline: dossier.AcceptOnline(by, now); break;
            case ProcessingAction.RefuseOnline: dossier.RefuseOnline("Thiếu giấy chứng sinh", "", by, now); break;
            case ProcessingAction.Transfer: dossier.Transfer(Process(dossier.TimeLimit), Calendar, null, by, now); break;
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
        }
    }

    /// <summary>Every national status (1 to 10), status 4 at each step kind of the default process, and a fee awaited after the decision.</summary>
    private static readonly string[] States =
        ["submitted", "not-received", "received", "assign", "appraise", "approve", "result", "ready", "returned", "supplement", "payment", "result-payment", "withdrawn", "stopped"];

    // state, action, status after (null: illegal in that state).
    public static TheoryData<string, ProcessingAction, DossierStatus?> Transitions()
    {
        var legal = new Dictionary<(string, ProcessingAction), DossierStatus>
        {
            [("submitted", ProcessingAction.AcceptOnline)] = DossierStatus.Received,
            [("submitted", ProcessingAction.RefuseOnline)] = DossierStatus.NotReceived,
            // The desk's check of an online dossier may ask for a supplement before accepting it (round 5, OnlineReceptionSupplementTests).
            [("submitted", ProcessingAction.RequestSupplement)] = DossierStatus.SupplementRequested,
            [("received", ProcessingAction.Transfer)] = DossierStatus.InProcess,
            [("received", ProcessingAction.Withdraw)] = DossierStatus.WithdrawalRequested,
            [("assign", ProcessingAction.Assign)] = DossierStatus.InProcess,
            [("assign", ProcessingAction.RequireFinancialObligation)] = DossierStatus.AwaitingPayment,
            [("assign", ProcessingAction.Extend)] = DossierStatus.InProcess,
            [("assign", ProcessingAction.Withdraw)] = DossierStatus.WithdrawalRequested,
            [("appraise", ProcessingAction.CompleteStep)] = DossierStatus.InProcess,
            [("appraise", ProcessingAction.SendBack)] = DossierStatus.InProcess,
            [("appraise", ProcessingAction.RequestSupplement)] = DossierStatus.SupplementRequested,
            [("appraise", ProcessingAction.RequireFinancialObligation)] = DossierStatus.AwaitingPayment,
            [("appraise", ProcessingAction.Extend)] = DossierStatus.InProcess,
            [("appraise", ProcessingAction.Withdraw)] = DossierStatus.WithdrawalRequested,
            [("approve", ProcessingAction.SendBack)] = DossierStatus.InProcess,
            [("approve", ProcessingAction.Approve)] = DossierStatus.InProcess,
            [("approve", ProcessingAction.RefuseOnMerits)] = DossierStatus.InProcess,
            [("approve", ProcessingAction.RequireFinancialObligation)] = DossierStatus.AwaitingPayment,
            [("approve", ProcessingAction.Extend)] = DossierStatus.InProcess,
            [("approve", ProcessingAction.Withdraw)] = DossierStatus.WithdrawalRequested,
            [("result", ProcessingAction.ResultReady)] = DossierStatus.ResultReady,
            [("result", ProcessingAction.RequireFinancialObligation)] = DossierStatus.AwaitingPayment,
            [("result", ProcessingAction.Extend)] = DossierStatus.InProcess,
            [("result-payment", ProcessingAction.PaymentReceived)] = DossierStatus.InProcess,
            [("ready", ProcessingAction.Return)] = DossierStatus.Returned,
            [("supplement", ProcessingAction.SupplementReceived)] = DossierStatus.InProcess,
            [("supplement", ProcessingAction.Withdraw)] = DossierStatus.WithdrawalRequested,
            [("supplement", ProcessingAction.Stop)] = DossierStatus.Stopped,
            [("payment", ProcessingAction.PaymentReceived)] = DossierStatus.InProcess,
            [("payment", ProcessingAction.Withdraw)] = DossierStatus.WithdrawalRequested,
            [("payment", ProcessingAction.Stop)] = DossierStatus.Stopped,
            [("withdrawn", ProcessingAction.Stop)] = DossierStatus.Stopped,
        };
        var data = new TheoryData<string, ProcessingAction, DossierStatus?>();
        foreach (var state in States)
            foreach (var action in Enum.GetValues<ProcessingAction>())
                data.Add(state, action, legal.TryGetValue((state, action), out var to) ? to : null);
        return data;
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Every_action_in_every_state_is_taken_or_refused_by_the_state(string state, ProcessingAction action, DossierStatus? expected)
    {
        var (dossier, now) = InState(state);
        var before = dossier.Events.Count;
        var by = Performer(action, state);
        Assert.Equal(expected is not null, dossier.Allows(action, by));
        if (expected is { } to)
        {
            Take(dossier, action, by, now);
            Assert.Equal(to, dossier.Status);
            var e = dossier.Events[^1];
            Assert.Equal(before + 1, dossier.Events.Count);
            Assert.Equal((now, by.Actor.Name, to), (e.At, e.ActorName, e.ToStatus));
        }
        else
        {
            var status = dossier.Status;
            var error = Assert.Throws<DossierStateException>(() => Take(dossier, action, by, now));
            Assert.Equal(DossierRefusal.WrongState, error.Refusal);
            Assert.Equal((status, before), (dossier.Status, dossier.Events.Count));
        }
    }

    public static TheoryData<string, ProcessingAction> LegalMoves()
    {
        var data = new TheoryData<string, ProcessingAction>();
        foreach (var row in Transitions().Where(row => row[2] is not null)) data.Add((string)row[0], (ProcessingAction)row[1]);
        return data;
    }

    [Theory]
    [MemberData(nameof(LegalMoves))]
    public void A_legal_move_is_refused_to_every_other_role(string state, ProcessingAction action)
    {
        var (dossier, now) = InState(state);
        var right = Performer(action, state);
        var allowedRoles = Everyone.Where(o => dossier.Allows(action, o)).Select(o => o.Role).ToList();
        Assert.Contains(right.Role, allowedRoles);
        foreach (var wrong in Everyone.Where(o => !allowedRoles.Contains(o.Role)))
        {
            var error = Assert.Throws<DossierStateException>(() => Take(dossier, action, wrong, now));
            Assert.Equal(DossierRefusal.NotPermitted, error.Refusal);
            Assert.Contains("mới được", error.Message);
        }
        Assert.DoesNotContain(OfficerRole.Inspector, allowedRoles);
    }

    [Fact]
    public void Only_the_assigned_specialist_works_on_the_dossier()
    {
        var (dossier, now) = InState("appraise");
        Assert.Equal("Hoàng Minh Đức", dossier.AssigneeName);
        var error = Assert.Throws<DossierStateException>(() => dossier.CompleteStep("Xong", false, Calendar, OtherSpecialist, now));
        Assert.Equal(DossierRefusal.NotPermitted, error.Refusal);
        Assert.Contains("Hoàng Minh Đức", error.Message);
    }

    [Fact]
    public void The_full_journey_walks_every_step_and_records_who_did_what()
    {
        var limit = TimeLimit.Days(1);
        var dossier = Received(limit);
        dossier.Transfer(Process(limit, withAssignment: false), Calendar, null, Receiver, Vn.At("2025-11-17 09:10"));
        Assert.Equal((1, "Thẩm định, dự thảo kết quả", Agency), (dossier.CurrentStepIndex!.Value, dossier.CurrentStep!.Name, dossier.CurrentAgencyId));
        // 1 working day shared 1/8, 1/2, 1/4, 1/8: the appraisal has 4 working hours from 09:10.
        Assert.Equal("2025-11-17 15:10", Vn.Show(dossier.CurrentStepDueAt!.Value));
        dossier.CompleteStep("Hồ sơ hợp lệ", false, Calendar, Specialist, Vn.At("2025-11-17 10:00"));
        dossier.CompleteStep("Cần ghi rõ nơi sinh", true, Calendar, Leader, Vn.At("2025-11-17 10:30"));
        Assert.Equal(StepKind.Appraise, dossier.CurrentStep!.Kind);
        dossier.CompleteStep("Đã bổ sung nơi sinh", false, Calendar, Specialist, Vn.At("2025-11-17 11:00"));
        dossier.Approve(null, Calendar, Leader, Vn.At("2025-11-17 14:00"));
        dossier.ResultReady(Receiver, Vn.At("2025-11-17 15:00"));
        dossier.Return(new ReturnDetails(ReturnMethod.Post, null, "EMS123456789VN", null), Receiver, Vn.At("2025-11-17 16:00"));

        Assert.Equal(DossierStatus.Returned, dossier.Status);
        Assert.Equal((ResultKind.Approved, "EMS123456789VN", "Đã giao cho bưu chính"), (dossier.ResultKind!.Value, dossier.DispatchNumber, dossier.PostalStatus));
        Assert.Equal(CompletionTiming.Early, dossier.Completion);
        Assert.Equal(["receive", "transfer", "complete-step", "send-back", "complete-step", "approve", "result-ready", "return"],
            dossier.Events.Select(e => e.Action.Code()));
        Assert.Equal("Thẩm định, dự thảo kết quả", dossier.Events[2].StepName);
        Assert.Equal(dossier.Process.ToList().FindIndex(s => s.Name == "Thẩm định, dự thảo kết quả"), dossier.Events[2].StepIndex);
        Assert.Contains("Trả lại bước \"Thẩm định, dự thảo kết quả\"", dossier.Events[3].Note);
    }

    [Fact]
    public void Nothing_is_sent_back_to_the_transfer_even_when_the_step_may_send_back()
    {
        var limit = TimeLimit.Days(1);
        var dossier = Received(limit);
        IReadOnlyList<PlannedStep> steps =
        [
            new("Chuyển hồ sơ", StepKind.Transfer, "Bộ phận Một cửa", TimeLimit.Hours(1), false, Agency),
            new("Thẩm định hồ sơ", StepKind.Appraise, "Công chức Tư pháp - Hộ tịch", TimeLimit.Hours(4), true, Agency),
            new("Trả kết quả", StepKind.Result, "Bộ phận Một cửa", TimeLimit.Hours(1), false, Agency),
        ];
        dossier.Transfer(steps, Calendar, null, Receiver, Monday);
        Assert.False(dossier.Allows(ProcessingAction.SendBack, Specialist));
        Assert.Contains("không thể trả lại", Assert.Throws<DossierStateException>(() => dossier.CompleteStep("Sai", true, Calendar, Specialist, Monday)).Message);
    }

    [Fact]
    public void A_refusal_on_the_merits_is_the_result()
    {
        var (dossier, now) = InState("approve");
        dossier.RefuseOnMerits("Người yêu cầu không có quyền đăng ký", Calendar, Leader, now);
        dossier.ResultReady(Receiver, now.AddMinutes(5));
        Assert.Equal((ResultKind.Refused, "Người yêu cầu không có quyền đăng ký"), (dossier.ResultKind!.Value, dossier.ResultNote));
        Assert.Contains("từ chối", dossier.Events[^1].Note);
    }

    [Theory]
    // Paper received in office time goes on at once; after the 15:00 cut-off, at the next working day's opening.
    [InlineData("2025-11-17 10:00", "2025-11-17 10:30", "2025-11-17 10:30")]
    [InlineData("2025-11-17 16:00", "2025-11-17 16:10", "2025-11-18 07:00")]
    [InlineData("2025-11-21 16:00", "2025-11-21 16:30", "2025-11-24 07:00")]
    // Transferred the next morning anyway, or after hours: the transfer counts from the next opening.
    [InlineData("2025-11-17 16:00", "2025-11-18 08:00", "2025-11-18 08:00")]
    [InlineData("2025-11-17 10:00", "2025-11-17 18:00", "2025-11-18 07:00")]
    public void The_transfer_instant_is_the_same_working_day_or_the_next_opening_after_the_cutoff(string received, string clicked, string transferred)
    {
        var dossier = Received(TimeLimit.Days(5), Vn.At(received));
        dossier.Transfer(Process(TimeLimit.Days(5)), Calendar, null, Receiver, Vn.At(clicked));
        Assert.Equal(transferred, Vn.Show(dossier.TransferredAt!.Value));
        Assert.Equal(transferred, Vn.Show(dossier.CurrentStepStartedAt!.Value));
        Assert.Equal(Vn.At(clicked), dossier.Events[^1].At);
        // Third trial LOW 5: the note never gives the counted start as the transfer's time ("lúc"); it names it as the start.
        var note = dossier.Events[^1].Note;
        Assert.DoesNotContain(" lúc ", note, StringComparison.Ordinal);
        if (transferred == clicked) Assert.DoesNotContain("tính từ", note, StringComparison.Ordinal);
        else Assert.EndsWith($"; thời hạn tính từ {Vn.At(transferred):HH:mm dd/MM/yyyy}", note, StringComparison.Ordinal);
    }

    [Theory]
    // Received Monday 09:00: three working days (24 office hours: 6 on Monday, 8 on Tuesday and Wednesday) end on Thursday 09:00.
    [InlineData("2025-11-17 09:30", true)]
    [InlineData("2025-11-19 17:00", true)]
    [InlineData("2025-11-20 09:00", true)]
    [InlineData("2025-11-20 09:01", false)]
    [InlineData("2025-11-24 09:00", false)]
    public void A_supplement_may_be_requested_only_within_three_working_days_of_receipt(string at, bool allowed)
    {
        var limit = TimeLimit.Days(10);
        var dossier = Received(limit);
        dossier.Transfer(Process(limit, withAssignment: false), Calendar, null, Receiver, Monday.AddMinutes(5));
        void Request() => dossier.RequestSupplement([new SupplementItem("Giấy chứng sinh", "Bản chụp không rõ")], Calendar, null, Specialist, Vn.At(at));
        if (allowed)
        {
            Request();
            Assert.Equal(DossierStatus.SupplementRequested, dossier.Status);
            Assert.True(dossier.IsPaused);
        }
        else
        {
            var error = Assert.Throws<DossierStateException>(Request);
            Assert.Equal(DossierRefusal.Invalid, error.Refusal);
            Assert.Contains("3 ngày làm việc", error.Message);
        }
    }

    [Fact]
    public void A_supplement_lists_every_item_with_its_reason_and_is_asked_once()
    {
        var (dossier, now) = InState("appraise");
        Assert.Throws<DossierStateException>(() => dossier.RequestSupplement([], Calendar, null, Specialist, now));
        Assert.Throws<DossierStateException>(() => dossier.RequestSupplement([new SupplementItem("Tờ khai", " ")], Calendar, null, Specialist, now));
        dossier.RequestSupplement([new SupplementItem("Tờ khai", "Thiếu chữ ký"), new SupplementItem("Giấy chứng sinh", "Bản chụp mờ")], Calendar, null, Specialist, now);
        Assert.Equal(2, dossier.SupplementItems.Count);
        dossier.SupplementReceived(Calendar, null, Receiver, now.AddHours(1));
        var again = Assert.Throws<DossierStateException>(() => dossier.RequestSupplement([new SupplementItem("Tờ khai", "Sai tên")], Calendar, null, Specialist, now.AddHours(2)));
        Assert.Contains("một lần", again.Message);
    }

    [Theory]
    // Completed Wednesday 14:00: one working day from then, whatever the old due date was.
    [InlineData("2025-11-19 14:00", "2025-11-20 14:00")]
    // Paper completed after the 15:00 cut-off counts from Thursday's opening.
    [InlineData("2025-11-19 16:00", "2025-11-20 17:00")]
    public void A_completed_supplement_restarts_the_time_limit_from_zero(string completed, string newDue)
    {
        var limit = TimeLimit.Days(1);
        var dossier = Received(limit);
        Assert.Equal("2025-11-18 09:00", Vn.Show(dossier.DueAt!.Value));
        dossier.Transfer(Process(limit, withAssignment: false), Calendar, null, Receiver, Vn.At("2025-11-17 09:10"));
        dossier.RequestSupplement([new SupplementItem("Giấy chứng sinh", "Bản chụp mờ")], Calendar, null, Specialist, Vn.At("2025-11-17 10:00"));
        dossier.SupplementReceived(Calendar, null, Receiver, Vn.At(completed));

        Assert.Equal(DossierStatus.InProcess, dossier.Status);
        Assert.Equal(newDue, Vn.Show(dossier.DueAt!.Value));
        Assert.Equal(newDue, Vn.Show(dossier.OriginalDueAt!.Value));
        Assert.Equal(Vn.At(completed), dossier.ClockStartedAt);
        var pause = Assert.Single(dossier.Pauses);
        Assert.Equal((Vn.At("2025-11-17 10:00"), (DateTimeOffset?)Vn.At(completed), PauseReason.Supplement), (pause.From, pause.To, pause.Reason));
        Assert.False(dossier.IsPaused);
        Assert.Equal(StepKind.Appraise, dossier.CurrentStep!.Kind);
        // The events keep the due the request paused and the one the answer set, and the answer the documents it brought:
        // the portal's supplement history reads them (docs/PORTAL.md).
        var request = dossier.Events.Single(e => e.Action == DossierEventAction.SupplementRequest);
        var answer = dossier.Events.Single(e => e.Action == DossierEventAction.SupplementReceived);
        Assert.Equal(("2025-11-18 09:00", newDue), (Vn.Show(request.DueAt!.Value), Vn.Show(answer.DueAt!.Value)));
        Assert.Null(request.SuppliedDocuments);
        Assert.Equal([new SuppliedDocument("Giấy chứng sinh")], answer.SuppliedDocuments!);
    }

    [Fact]
    public void Waiting_for_a_payment_moves_the_due_date_by_the_office_time_waited()
    {
        var limit = TimeLimit.Days(1);
        var dossier = Received(limit);
        dossier.Transfer(Process(limit, withAssignment: false), Calendar, null, Receiver, Vn.At("2025-11-17 09:10"));
        dossier.RequireFinancialObligation("Nộp lệ phí cấp bản sao: 8.000 đồng", Specialist, Vn.At("2025-11-17 10:00"));
        Assert.True(dossier.IsPaused);
        dossier.PaymentReceived("Biên lai số 0001", Calendar, null, Accountant, Vn.At("2025-11-18 10:00"));

        // One working day (8 office hours) waited: Tuesday 09:00 becomes Wednesday 09:00, and that is the original due date too.
        Assert.Equal("2025-11-19 09:00", Vn.Show(dossier.DueAt!.Value));
        Assert.Equal("2025-11-19 09:00", Vn.Show(dossier.OriginalDueAt!.Value));
        Assert.Contains(dossier.DueExplanation, s => s.Reason == PauseReason.Payment.Vietnamese());
        Assert.Equal("2025-11-18 15:10", Vn.Show(dossier.CurrentStepDueAt!.Value));
    }

    [Fact]
    public void The_extension_is_given_once_and_keeps_the_original_due_date()
    {
        var (dossier, now) = InState("appraise");
        var original = dossier.DueAt!.Value;
        Assert.Equal("2025-11-24 09:00", Vn.Show(original));
        dossier.Extend("Cần xác minh tình trạng hôn nhân của cha mẹ", Vn.At("2025-11-26 17:00"), Calendar, Specialist, now);
        Assert.Equal(("2025-11-26 17:00", original), (Vn.Show(dossier.DueAt!.Value), dossier.OriginalDueAt!.Value));
        Assert.Equal(DossierStatus.InProcess, dossier.Status);
        Assert.Contains("Mẫu 04", dossier.Events[^1].Note);

        Assert.False(dossier.Allows(ProcessingAction.Extend, Specialist));
        var again = Assert.Throws<DossierStateException>(() => dossier.Extend("Lần nữa", Vn.At("2025-11-28 17:00"), Calendar, Specialist, now.AddHours(1)));
        Assert.Contains("một lần", again.Message);
        Assert.Equal("2025-11-26 17:00", Vn.Show(dossier.DueAt!.Value));
    }

    [Theory]
    // Due Monday 24/11 09:00: Friday 09:00 leaves exactly one working day (6 h on Friday + 2 h on Monday).
    [InlineData("2025-11-21 09:00", true)]
    [InlineData("2025-11-21 09:01", false)]
    [InlineData("2025-11-24 08:00", false)]
    public void The_apology_comes_at_least_one_working_day_before_the_due_date(string at, bool allowed)
    {
        var (dossier, _) = InState("appraise");
        void Extend() => dossier.Extend("Chờ kết quả xác minh", Vn.At("2025-11-28 17:00"), Calendar, Leader, Vn.At(at));
        if (allowed) Extend();
        else Assert.Contains("ít nhất 1 ngày làm việc", Assert.Throws<DossierStateException>(Extend).Message);
        Assert.Equal(allowed, dossier.ExtendedAt is not null);
    }

    [Fact]
    public void The_new_date_must_be_later_and_the_reason_given()
    {
        var (dossier, now) = InState("appraise");
        Assert.Contains("phải sau", Assert.Throws<DossierStateException>(() => dossier.Extend("Lý do", dossier.DueAt!.Value, Calendar, Specialist, now)).Message);
        Assert.Contains("lý do", Assert.Throws<DossierStateException>(() => dossier.Extend(" ", Vn.At("2025-11-28 17:00"), Calendar, Specialist, now)).Message);
        Assert.Null(dossier.ExtendedAt);
    }

    [Theory]
    // Due Tuesday 18/11 09:00: earlier days are early, the due day up to 09:00 on time, later late.
    [InlineData("2025-11-17 16:00", CompletionTiming.Early)]
    [InlineData("2025-11-18 08:59", CompletionTiming.OnTime)]
    [InlineData("2025-11-18 09:00", CompletionTiming.OnTime)]
    [InlineData("2025-11-18 09:01", CompletionTiming.Late)]
    public void A_finished_dossier_is_classified_against_its_due_date(string ready, CompletionTiming expected)
    {
        var limit = TimeLimit.Days(1);
        var dossier = Received(limit);
        dossier.Transfer(Process(limit, withAssignment: false), Calendar, null, Receiver, Vn.At("2025-11-17 09:05"));
        dossier.CompleteStep("Hợp lệ", false, Calendar, Specialist, Vn.At("2025-11-17 09:10"));
        dossier.Approve(null, Calendar, Leader, Vn.At("2025-11-17 09:15"));
        Assert.Null(dossier.Completion);
        dossier.ResultReady(Receiver, Vn.At(ready));
        Assert.Equal(expected, dossier.Completion);
    }

    [Fact]
    public void An_extended_dossier_finished_after_its_original_due_date_is_still_late()
    {
        var (dossier, now) = InState("appraise");
        dossier.Extend("Chờ xác minh", Vn.At("2025-11-26 17:00"), Calendar, Leader, now);
        dossier.CompleteStep("Hợp lệ", false, Calendar, Specialist, Vn.At("2025-11-25 08:00"));
        dossier.Approve(null, Calendar, Leader, Vn.At("2025-11-25 09:00"));
        dossier.ResultReady(Receiver, Vn.At("2025-11-25 10:00"));
        Assert.True(dossier.ResultReadyAt < dossier.DueAt);
        Assert.Equal(CompletionTiming.Late, dossier.Completion);
    }

    [Fact]
    public void A_dossier_with_a_result_cannot_be_withdrawn()
    {
        var (dossier, now) = InState("ready");
        var error = Assert.Throws<DossierStateException>(() => dossier.Withdraw("Không cần nữa", Receiver, now));
        Assert.Contains("đã có kết quả", error.Message);
    }

    [Fact]
    public void Stopping_while_waiting_for_the_citizen_closes_the_pause()
    {
        var (dossier, now) = InState("supplement");
        dossier.Stop("Người dân không bổ sung hồ sơ", Leader, now);
        Assert.Equal(DossierStatus.Stopped, dossier.Status);
        Assert.False(dossier.IsPaused);
        Assert.Equal(Agency, dossier.CurrentAgencyId);
    }

    [Fact]
    public void Returning_needs_who_received_it_at_the_desk_and_the_dispatch_slip_by_post()
    {
        var (dossier, now) = InState("ready");
        Assert.Throws<DossierStateException>(() => dossier.Return(new ReturnDetails(ReturnMethod.Desk, " "), Receiver, now));
        Assert.Throws<DossierStateException>(() => dossier.Return(new ReturnDetails(ReturnMethod.Post, null, " "), Receiver, now));
        dossier.Return(new ReturnDetails(ReturnMethod.Electronic, null), Receiver, now);
        Assert.Equal(("Nguyễn Văn An", ReturnMethod.Electronic), (dossier.ReturnedTo, dossier.ReturnMethod!.Value));
    }

    [Fact]
    public void A_process_must_start_with_a_transfer_and_end_with_the_result()
    {
        var dossier = Received(TimeLimit.Days(1));
        var steps = Process(TimeLimit.Days(1)).Skip(1).ToList();
        Assert.Throws<DossierStateException>(() => dossier.Transfer(steps, Calendar, null, Receiver, Monday));
        Assert.Equal(DossierStatus.Received, dossier.Status);
    }

    [Fact]
    public void The_default_process_fits_the_time_limit_exactly()
    {
        foreach (var withAssignment in new[] { true, false })
        {
            var steps = DefaultProcess.For(TimeLimit.Days(15), Agency, withAssignment);
            var process = new InternalProcess([.. steps.Select(s => new ProcessStep(s.Name, s.Kind, s.Performer, s.Allowance, s.MaySendBack))]);
            Assert.Empty(process.Problems(TimeLimit.Days(15), Calendar));
            Assert.Equal(Calendar.WorkingTimeOf(TimeLimit.Days(15)), steps.Aggregate(TimeSpan.Zero, (sum, s) => sum + Calendar.WorkingTimeOf(s.Allowance)));
        }
    }

    private const int Department = 7, Tax = 8, Province = 9;

    private static Officer At(Officer officer, int agency) => officer with { AgencyId = agency };

    [Fact]
    public void Co_agency_tasks_run_in_parallel_and_the_leader_signs_only_when_all_are_answered()
    {
        var limit = TimeLimit.Days(10);
        var dossier = Received(limit);
        IReadOnlyList<PlannedStep> steps =
        [
            new("Chuyển hồ sơ", StepKind.Transfer, "Bộ phận Một cửa", TimeLimit.Days(0.5m), false, Agency),
            new("Thẩm định", StepKind.Appraise, "Phòng Đăng ký đất đai", TimeLimit.Days(4), true, Department),
            new("Xác định nghĩa vụ tài chính", StepKind.CoAgency, "Thuế cơ sở", TimeLimit.Days(3), false, Tax),
            new("Ý kiến UBND xã", StepKind.CoAgency, "UBND xã", TimeLimit.Days(2), false, Agency),
            new("Phê duyệt", StepKind.Approve, "Lãnh đạo Sở", TimeLimit.Days(2), true, Department),
            new("Trả kết quả", StepKind.Result, "Bộ phận Một cửa", TimeLimit.Days(0.5m), false, Agency),
        ];
        dossier.Transfer(steps, Calendar, null, At(Receiver, Agency), Monday);

        Assert.Equal((StepKind.Appraise, Department, (int?)Department), (dossier.CurrentStep!.Kind, dossier.CurrentAgencyId, dossier.ResolvingAgencyId));
        Assert.Equal([Tax, Agency], dossier.OpenTaskAgencyIds);
        var tax = dossier.CoAgencyTasks[0];
        Assert.Equal(("Thuế cơ sở", "2025-11-20 09:00"), (tax.Performer, Vn.Show(tax.DueAt)));

        // The receiving commune's specialist cannot take the department's step, nor answer for the tax office.
        var error = Assert.Throws<DossierStateException>(() => dossier.CompleteStep("Xong", false, Calendar, At(Specialist, Agency), Monday.AddHours(1)));
        Assert.Equal(DossierRefusal.NotPermitted, error.Refusal);
        Assert.Throws<DossierStateException>(() => dossier.CompleteCoAgencyTask(2, "Thay", At(Specialist, Agency), Monday.AddHours(1)));

        dossier.CompleteStep("Đủ điều kiện", false, Calendar, At(Specialist, Department), Monday.AddHours(2));
        Assert.Equal(StepKind.Approve, dossier.CurrentStep!.Kind);
        Assert.False(dossier.Allows(ProcessingAction.Approve, At(Leader, Department)));
        Assert.Contains("Thuế cơ sở", Assert.Throws<DossierStateException>(() => dossier.Approve(null, Calendar, At(Leader, Department), Monday.AddHours(3))).Message);

        dossier.CompleteCoAgencyTask(2, "Thuế sử dụng đất: 1.200.000 đồng", At(Specialist, Tax), Vn.At("2025-11-21 09:00"));
        dossier.CompleteCoAgencyTask(3, "Đất không tranh chấp", At(Leader, Agency), Vn.At("2025-11-18 09:00"));
        Assert.Empty(dossier.OpenTaskAgencyIds);
        Assert.Contains("(quá hạn)", dossier.Events[^2].Note);
        Assert.Contains("(trong hạn)", dossier.Events[^1].Note);
        Assert.Equal("Xác định nghĩa vụ tài chính", dossier.Events[^2].StepName);

        dossier.Approve(null, Calendar, At(Leader, Department), Vn.At("2025-11-21 10:00"));
        Assert.Equal((StepKind.Result, Agency), (dossier.CurrentStep!.Kind, dossier.CurrentAgencyId));
        dossier.ResultReady(At(Receiver, Agency), Vn.At("2025-11-21 14:00"));
        Assert.Equal(DossierStatus.ResultReady, dossier.Status);
    }

    [Fact]
    public void A_hand_off_goes_up_to_the_higher_level_which_resolves_and_the_receiving_point_returns_the_result()
    {
        var limit = TimeLimit.Days(5);
        var dossier = Received(limit);
        IReadOnlyList<PlannedStep> steps =
        [
            new("Chuyển hồ sơ", StepKind.Transfer, "Bộ phận Một cửa xã", TimeLimit.Days(0.5m), false, Agency),
            new("Giải quyết tại Trung tâm Phục vụ hành chính công tỉnh", StepKind.Handoff, "Trung tâm Phục vụ hành chính công", TimeLimit.Days(4), false, Province),
            new("Trả kết quả", StepKind.Result, "Bộ phận Một cửa xã", TimeLimit.Days(0.5m), false, Agency),
        ];
        dossier.Transfer(steps, Calendar, null, At(Receiver, Agency), Monday);
        Assert.Equal((Province, (int?)Province, Agency), (dossier.CurrentAgencyId, dossier.ResolvingAgencyId, dossier.ReceivingAgencyId));
        Assert.False(dossier.Allows(ProcessingAction.CompleteStep, At(Receiver, Agency)));
        Assert.True(dossier.Allows(ProcessingAction.CompleteStep, At(Receiver, Province)));

        dossier.CompleteStep("Đã cấp giấy chứng nhận, gửi về xã", false, Calendar, At(Receiver, Province), Monday.AddDays(2));
        Assert.Equal(Agency, dossier.CurrentAgencyId);
        Assert.False(dossier.Allows(ProcessingAction.ResultReady, At(Receiver, Province)));
        dossier.ResultReady(At(Receiver, Agency), Monday.AddDays(2).AddHours(2));
        dossier.Return(new ReturnDetails(ReturnMethod.Desk, "Nguyễn Văn An"), At(Receiver, Agency), Monday.AddDays(3));
        Assert.Equal((DossierStatus.Returned, (int?)Province), (dossier.Status, dossier.ResolvingAgencyId));
    }

    [Fact]
    public void Desk_actions_belong_to_the_receiving_point()
    {
        var dossier = Received(TimeLimit.Days(1));
        var error = Assert.Throws<DossierStateException>(() =>
            dossier.Transfer(Process(TimeLimit.Days(1)), Calendar, null, At(Receiver, Province), Monday));
        Assert.Equal(DossierRefusal.NotPermitted, error.Refusal);
        Assert.Contains("Đơn vị của bạn", error.Message);
    }

    [Fact]
    public void The_control_slip_is_computed_from_the_events_step_by_step()
    {
        var limit = TimeLimit.Days(1);
        var dossier = Received(limit);
        dossier.Transfer(Process(limit, withAssignment: false), Calendar, null, Receiver, Vn.At("2025-11-17 09:30"));
        // Appraisal has 4 office hours from 09:30: until 15:30.
        dossier.CompleteStep("Hợp lệ", false, Calendar, Specialist, Vn.At("2025-11-17 16:00"));
        dossier.Approve(null, Calendar, Leader, Vn.At("2025-11-17 16:30"));
        dossier.ResultReady(Receiver, Vn.At("2025-11-18 07:30"));
        dossier.Return(new ReturnDetails(ReturnMethod.Desk, "Nguyễn Văn An"), Receiver, Vn.At("2025-11-18 08:00"));

        var rows = ControlSlip.Rows(dossier, Calendar);
        Assert.Equal(["Chuyển hồ sơ đến bộ phận giải quyết", "Thẩm định, dự thảo kết quả", "Phê duyệt, ký kết quả", "Chuyển kết quả về Bộ phận Một cửa", "Trả kết quả cho tổ chức, cá nhân"],
            rows.Select(r => r.Step));
        // The transfer (1 h from 09:00) done in 30 minutes is early: under a working day, a shorter time is early (issue 11).
        // Approval (2 h from 16:00, due Tuesday 08:00) signed on Monday is early; the result step (1 h from 16:30) ends in its due
        // minute, Tuesday 07:30.
        Assert.Equal([CompletionTiming.Early, CompletionTiming.Late, CompletionTiming.Early, CompletionTiming.OnTime, CompletionTiming.OnTime],
            rows.Select(r => r.Timing!.Value));
        Assert.Equal(("Bộ phận Một cửa", "Công chức chuyên môn"), (rows[0].Unit, rows[0].ReceivingUnit));
        Assert.Equal(("Bộ phận Một cửa", ControlSlip.Citizen), (rows[^1].Unit, rows[^1].ReceivingUnit));
        Assert.Equal(("Nguyễn Thị Hường", "Hoàng Minh Đức"), (rows[0].HandedBy, rows[0].ReceivedBy));
        Assert.Equal(("Hoàng Minh Đức", "Võ Quốc Việt"), (rows[1].HandedBy, rows[1].ReceivedBy));
        Assert.Equal("Nguyễn Văn An", rows[^1].ReceivedBy);
    }

    [Fact]
    public void On_the_control_slip_a_step_does_not_count_the_time_it_waited_for_payment()
    {
        var limit = TimeLimit.Days(1);
        var dossier = Received(limit);
        dossier.Transfer(Process(limit, withAssignment: false), Calendar, null, Receiver, Vn.At("2025-11-17 09:30"));
        // Appraisal has 4 office hours from 09:30, until 15:30; it waits 2 office hours for the fee (10:30–11:30, 13:30–14:30).
        dossier.RequireFinancialObligation("Nộp lệ phí", Specialist, Vn.At("2025-11-17 10:30"));
        dossier.PaymentReceived("Biên lai 0001", Calendar, null, Accountant, Vn.At("2025-11-17 14:30"));
        dossier.CompleteStep("Hợp lệ", false, Calendar, Specialist, Vn.At("2025-11-17 16:00"));

        // Its end moves to Tuesday 07:30, so finishing on Monday at 16:00 is early, not late.
        var appraisal = ControlSlip.Rows(dossier, Calendar).Single(r => r.Step == "Thẩm định, dự thảo kết quả");
        Assert.Equal(CompletionTiming.Early, appraisal.Timing);
    }

    [Theory]
    [InlineData("result")]
    [InlineData("ready")]
    [InlineData("returned")]
    [InlineData("result-payment")]
    public void Once_a_result_exists_neither_withdrawal_nor_stop_is_offered_and_the_reason_says_so(string state)
    {
        var (dossier, _) = InState(state);
        foreach (var action in new[] { ProcessingAction.Withdraw, ProcessingAction.Stop })
        {
            var refusal = dossier.RefusalOf(action, Performer(action, state));
            Assert.NotNull(refusal);
            Assert.Equal(DossierRefusal.WrongState, refusal.Kind);
            Assert.Contains("đã có kết quả giải quyết", refusal.Reason);
        }
    }

    [Fact]
    public void Every_action_an_officer_cannot_take_has_a_reason_and_every_action_they_can_has_none()
    {
        foreach (var state in States)
        {
            var (dossier, _) = InState(state);
            foreach (var officer in Everyone)
                foreach (var action in Enum.GetValues<ProcessingAction>())
                {
                    var refusal = dossier.RefusalOf(action, officer);
                    Assert.Equal(dossier.Allows(action, officer), refusal is null);
                    if (refusal is not null) Assert.False(string.IsNullOrWhiteSpace(refusal.Reason));
                    // A role that never performs the action is refused for its role or for the state, never allowed.
                    if (!Dossier.MayEverPerform(action, officer.Role)) Assert.NotNull(refusal);
                }
        }
    }

    // Agencies: 2 the commune desk, 7 the provincial centre it hands off to, 8 the co-agency, 9 an unrelated commune.
    private static Officer At(OfficerRole role, int agency, int userId) => new(new Actor($"Cán bộ {userId}", userId), role, agency);

    [Fact]
    public void After_a_hand_off_and_a_co_agency_answer_those_who_handled_the_dossier_still_read_it_and_nobody_else_does()
    {
        var limit = TimeLimit.Days(5);
        var dossier = Received(limit);
        var desk = At(OfficerRole.ReceivingOfficer, Agency, 1);
        var centreDesk = At(OfficerRole.ReceivingOfficer, 7, 21);
        var centreLeader = At(OfficerRole.Leader, 7, 22);
        var otherCentreDesk = At(OfficerRole.ReceivingOfficer, 7, 23);
        var coAgencySpecialist = At(OfficerRole.Specialist, 8, 31);
        var coAgencyHead = At(OfficerRole.DepartmentHead, 8, 32);
        var coAgencyOther = At(OfficerRole.Specialist, 8, 33);
        var stranger = At(OfficerRole.Leader, 9, 41);
        var inspector = new Officer(new Actor("Bùi Thị Thanh Tâm", 6), OfficerRole.Inspector);
        dossier.Transfer(
        [
            new("Chuyển hồ sơ", StepKind.Transfer, "Bộ phận Một cửa", TimeLimit.Hours(1), false, Agency),
            new("Cho ý kiến", StepKind.CoAgency, "Sở Nội vụ", TimeLimit.Hours(8), false, 8),
            new("Giải quyết tại Trung tâm", StepKind.Handoff, "Trung tâm Phục vụ hành chính công", TimeLimit.Days(3), false, 7),
            new("Trả kết quả", StepKind.Result, "Bộ phận Một cửa", TimeLimit.Hours(1), false, Agency),
        ], Calendar, null, desk, Monday.AddMinutes(10));

        Assert.Equal(new[] { Agency, 7, 8 }, dossier.HeldByAgencyIds.Order());
        Assert.Equal(Visibility.Holder, dossier.VisibilityFor(coAgencyOther));
        dossier.CompleteCoAgencyTask(1, "Đồng ý", coAgencySpecialist, Monday.AddMinutes(20));
        dossier.CompleteStep("Đã giải quyết, gửi kết quả về phường", false, Calendar, centreDesk, Monday.AddMinutes(30));

        Assert.Equal(Visibility.Holder, dossier.VisibilityFor(desk));
        Assert.Equal(Visibility.Handler, dossier.VisibilityFor(centreDesk));
        Assert.Equal(Visibility.Handler, dossier.VisibilityFor(centreLeader));
        Assert.Equal(Visibility.None, dossier.VisibilityFor(otherCentreDesk));
        Assert.Equal(Visibility.Handler, dossier.VisibilityFor(coAgencySpecialist));
        Assert.Equal(Visibility.Handler, dossier.VisibilityFor(coAgencyHead));
        Assert.Equal(Visibility.None, dossier.VisibilityFor(coAgencyOther));
        Assert.Equal(Visibility.None, dossier.VisibilityFor(stranger));
        Assert.Equal(Visibility.Inspector, dossier.VisibilityFor(inspector));
        // Reading is all they keep: no action is open to a handler or to the inspector, each with the Domain's reason.
        foreach (var reader in new[] { centreDesk, centreLeader, coAgencySpecialist, coAgencyHead, inspector })
            Assert.All(Enum.GetValues<ProcessingAction>(), action => Assert.NotNull(dossier.RefusalOf(action, reader)));
    }

    [Fact]
    public void The_leader_is_told_which_co_agency_answer_approval_waits_for()
    {
        var limit = TimeLimit.Days(5);
        var dossier = Received(limit);
        var leader = At(OfficerRole.Leader, Agency, 4);
        dossier.Transfer(
        [
            new("Chuyển hồ sơ", StepKind.Transfer, "Bộ phận Một cửa", TimeLimit.Hours(1), false, Agency),
            new("Cho ý kiến", StepKind.CoAgency, "Sở Nội vụ", TimeLimit.Hours(8), false, 8),
            new("Phê duyệt", StepKind.Approve, "Lãnh đạo", TimeLimit.Days(2), false, Agency),
            new("Trả kết quả", StepKind.Result, "Bộ phận Một cửa", TimeLimit.Hours(1), false, Agency),
        ], Calendar, null, At(OfficerRole.ReceivingOfficer, Agency, 1), Monday.AddMinutes(10));
        var refusal = dossier.RefusalOf(ProcessingAction.Approve, leader);
        Assert.Equal((DossierRefusal.WrongState, "Còn chờ ý kiến phối hợp của Sở Nội vụ; chỉ phê duyệt khi các cơ quan phối hợp đã trả lời.", false),
            (refusal!.Kind, refusal.Reason, refusal.NotAtThisStage));
        Assert.True(dossier.RefusalOf(ProcessingAction.Return, leader)!.NotAtThisStage);
        Assert.True(Dossier.MayEverPerform(ProcessingAction.Approve, OfficerRole.Leader));
        Assert.True(dossier.Allows(ProcessingAction.RefuseOnMerits, leader));
    }
}
