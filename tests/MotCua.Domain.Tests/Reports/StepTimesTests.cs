using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Domain.Reports;
using MotCua.Domain.Tests.Calendar;

namespace MotCua.Domain.Tests.Reports;

/// <summary>The per-step rule (<see cref="StepTimes"/>) over dossiers driven through the aggregate's real actions, by the
/// default calendar (Monday–Friday 07:00–11:30, 13:30–17:00: an 8-hour day), and the early warning's expected finish.</summary>
public class StepTimesTests
{
    private const int Agency = 2;
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);
    private static readonly Applicant Applicant = new("Nguyễn Văn An", "046095001234", "0905123456", null, "Huế");
    private static readonly Officer Receiver = new(new Actor("Nguyễn Thị Hường", 1), OfficerRole.ReceivingOfficer);
    private static readonly Officer Specialist = new(new Actor("Hoàng Minh Đức", 2), OfficerRole.Specialist);
    private static readonly Officer Head = new(new Actor("Phan Thanh Bình", 3), OfficerRole.DepartmentHead);
    private static readonly Officer Leader = new(new Actor("Võ Quốc Việt", 4), OfficerRole.Leader);
    private static readonly TimeLimit Limit = TimeLimit.Days(5);
    // Transfer 5 h, assignment 5 h, appraisal 15 h, approval 10 h, result 5 h of office time.
    private static readonly IReadOnlyList<PlannedStep> Process = DefaultProcess.For(Limit, Agency, true);

    /// <summary>Received Monday 17/11/2025 09:00 at the desk, transferred at 10:00 and assigned at 11:00.</summary>
    private static Dossier Assigned()
    {
        var received = Vn.At("2025-11-17 09:00");
        var dossier = Dossier.Receive("000.10.01.H46-251117-0001", Agency, new ProcedureRef("1.001193", 1, "Thủ tục đăng ký khai sinh", Limit), Channel.Direct,
            Applicant, [new ReceivedDocument("Giấy chứng sinh", 1, 0)], 1, received, Calendar.ComputeDue(received, Limit, Channel.Direct), Receiver.Actor, received);
        dossier.Transfer(Process, Calendar, null, Receiver, Vn.At("2025-11-17 10:00"));
        dossier.Assign(2, "Hoàng Minh Đức", Calendar, Head, Vn.At("2025-11-17 11:00"));
        return dossier;
    }

    private static IReadOnlyList<StepVisit> Visits(Dossier d) => StepTimes.Visits(d.Process, d.Events, d.Pauses, Calendar);

    [Fact]
    public void A_straight_path_counts_office_hours_without_lunch_nights_or_weekends()
    {
        var d = Assigned();
        d.CompleteStep("Đủ điều kiện", false, Calendar, Specialist, Vn.At("2025-11-17 14:00")); // 11:00–11:30 and 13:30–14:00
        d.Approve(null, Calendar, Leader, Vn.At("2025-11-21 16:00"));                          // Mon 14:00 → Fri 16:00
        d.ResultReady(Receiver, Vn.At("2025-11-24 08:00"));                                    // Fri 16:00 → Mon 08:00, over the weekend

        var visits = Visits(d);
        Assert.Equal([0, 1, 2, 3, 4], visits.Select(v => v.StepIndex));
        Assert.Equal([1.0, 1.0, 1.0, 3 + 8 * 3 + 7, 2.0], visits.Select(v => v.Worked.TotalHours));
        Assert.Equal([5.0, 5.0, 15.0, 10.0, 5.0], visits.Select(v => v.Allowance.TotalHours));
        Assert.Equal([true, true, true, false, true], visits.Select(v => v.OnTime));
        Assert.All(visits, v => Assert.False(v.SentBack));
    }

    [Fact]
    public void A_send_back_ends_the_stay_and_the_earlier_step_is_measured_again()
    {
        var d = Assigned();
        d.CompleteStep("Đủ điều kiện", false, Calendar, Specialist, Vn.At("2025-11-17 14:00"));
        d.CompleteStep("Thiếu căn cứ", true, Calendar, Leader, Vn.At("2025-11-17 15:00"));
        d.CompleteStep("Đã bổ sung căn cứ", false, Calendar, Specialist, Vn.At("2025-11-18 08:00"));
        d.Approve(null, Calendar, Leader, Vn.At("2025-11-18 09:00"));

        var visits = Visits(d);
        Assert.Equal([0, 1, 2, 3, 2, 3], visits.Select(v => v.StepIndex));
        Assert.Equal([false, false, false, true, false, false], visits.Select(v => v.SentBack));
        // The second appraisal: 15:00–17:00 Monday and 07:00–08:00 Tuesday.
        Assert.Equal(3.0, visits[4].Worked.TotalHours);
        Assert.Equal(1.0, visits[5].Worked.TotalHours);
    }

    [Fact]
    public void A_supplement_restarts_the_step_and_the_time_before_the_request_is_not_counted()
    {
        var d = Assigned();
        d.RequestSupplement([new SupplementItem("Giấy chứng sinh", "Bản chụp không rõ")], Calendar, null, Specialist, Vn.At("2025-11-18 09:00"));
        d.SupplementReceived(Calendar, null, Receiver, Vn.At("2025-11-20 09:00"));
        d.CompleteStep("Đủ điều kiện", false, Calendar, Specialist, Vn.At("2025-11-20 11:00"));

        var appraisal = Assert.Single(Visits(d), v => v.StepIndex == 2);
        Assert.Equal(Vn.At("2025-11-20 09:00"), appraisal.EnteredAt);
        Assert.Equal(2.0, appraisal.Worked.TotalHours);
        Assert.True(appraisal.OnTime);
    }

    [Fact]
    public void A_wait_for_payment_is_subtracted_and_moves_the_step_due()
    {
        var d = Assigned();
        d.CompleteStep("Đủ điều kiện", false, Calendar, Specialist, Vn.At("2025-11-17 13:30"));
        d.RequireFinancialObligation("Lệ phí", Head, Vn.At("2025-11-18 09:00"));
        d.PaymentReceived(null, Calendar, null, Receiver, Vn.At("2025-11-18 15:00")); // 09:00–11:30 and 13:30–15:00: 4 h waited
        d.Approve(null, Calendar, Leader, Vn.At("2025-11-19 10:00"));                  // 3.5 + 8 + 3 = 14.5 h between, less 4

        var approval = Assert.Single(Visits(d), v => v.StepIndex == 3);
        Assert.Equal(10.5, approval.Worked.TotalHours);
        Assert.False(approval.OnTime); // 10.5 h against 10 h, the wait not counted
    }

    [Fact]
    public void A_wait_for_payment_ends_when_the_bank_says_the_citizen_paid_not_when_it_was_recorded()
    {
        var d = Assigned();
        d.CompleteStep("Đủ điều kiện", false, Calendar, Specialist, Vn.At("2025-11-17 13:30"));
        d.RequireFinancialObligation("Lệ phí", Head, Vn.At("2025-11-18 09:00"));
        // Paid at 10:00, the callback arriving at 15:00: one hour waited, not four.
        d.PaymentReceived(null, Calendar, null, Receiver, Vn.At("2025-11-18 15:00"), Vn.At("2025-11-18 10:00"));
        d.Approve(null, Calendar, Leader, Vn.At("2025-11-19 10:00"));

        Assert.Equal(13.5, Assert.Single(Visits(d), v => v.StepIndex == 3).Worked.TotalHours);
    }

    [Fact]
    public void A_bank_report_that_the_citizen_paid_before_the_officer_recorded_it_shortens_the_wait()
    {
        var d = Assigned();
        d.CompleteStep("Đủ điều kiện", false, Calendar, Specialist, Vn.At("2025-11-17 13:30"));
        d.RequireFinancialObligation("Lệ phí", Head, Vn.At("2025-11-18 09:00"));
        d.PaymentReceived(null, Calendar, null, Receiver, Vn.At("2025-11-18 15:00"));
        // The bank reports the money paid at 11:00: the wait was 09:00–11:00.
        Assert.True(d.PaidBeforeRecorded([new ObligationRequest(PaymentRequestReasons.FinancialObligation, Vn.At("2025-11-18 09:00"), Vn.At("2025-11-18 11:00"), 1)], [1],
            Calendar, null, Receiver.Actor, Vn.At("2025-11-18 16:00")));
        d.Approve(null, Calendar, Leader, Vn.At("2025-11-19 10:00"));

        Assert.Equal(12.5, Assert.Single(Visits(d), v => v.StepIndex == 3).Worked.TotalHours);
    }

    [Fact]
    public void A_stopped_dossier_leaves_its_open_stay_unmeasured()
    {
        var d = Assigned();
        d.Withdraw("Người nộp xin rút hồ sơ", Receiver, Vn.At("2025-11-18 09:00"));
        d.Stop("Rút hồ sơ", Receiver, Vn.At("2025-11-18 10:00"));
        Assert.Equal([0, 1], Visits(d).Select(v => v.StepIndex));
    }

    [Fact]
    public void Expected_finish_adds_the_remaining_steps_history_or_limits_and_flags_the_holding_step()
    {
        var d = Assigned(); // at the appraisal since Monday 11:00
        var now = Vn.At("2025-11-17 14:30"); // 1.5 h worked
        var history = new Dictionary<int, StepHistory> { [2] = new(20, 12), [3] = new(40, EarlyWarning.MinimumSamples - 1), [4] = new(1, 30) };
        var expected = EarlyWarning.For(d.Process, d.CurrentStepIndex, d.CurrentStepStartedAt, d.Pauses, d.IsPaused, d.DueAt, now, Calendar, history.GetValueOrDefault)!;
        // 20 − 1.5 + 10 (approval: too few stays, its limit) + 1 = 29.5 h from Monday 14:30: 2.5 + 8 + 8 + 8 = 26.5, then 3 h on Friday.
        Assert.Equal(Vn.At("2025-11-21 10:00"), expected.At);
        Assert.Equal((2, "Thẩm định, dự thảo kết quả", 2, 3), (expected.HoldingStepIndex, expected.HoldingStepName, expected.FromHistory, expected.Steps));
        Assert.False(expected.LikelyLate); // due Monday 24/11 09:00

        // A p90 of fractional hours lands a fraction of a second off the minute (09:59:59.64 here): the finish is shown to the
        // minute, so it is kept at the nearest one and the page, the worklist and the API read the same minute.
        var residue = new Dictionary<int, StepHistory> { [2] = new(19.9999, 12), [3] = new(40, EarlyWarning.MinimumSamples - 1), [4] = new(1, 30) };
        Assert.Equal(Vn.At("2025-11-21 10:00"), EarlyWarning.For(d.Process, d.CurrentStepIndex, d.CurrentStepStartedAt, d.Pauses, d.IsPaused, d.DueAt, now, Calendar, residue.GetValueOrDefault)!.At);

        var slow = new Dictionary<int, StepHistory> { [2] = new(60, 12), [3] = new(10, 12), [4] = new(1, 12) };
        var late = EarlyWarning.For(d.Process, d.CurrentStepIndex, d.CurrentStepStartedAt, d.Pauses, d.IsPaused, d.DueAt, now, Calendar, slow.GetValueOrDefault)!;
        Assert.True(late.LikelyLate);
        Assert.True(late.At > d.DueAt);
        Assert.Equal("Thẩm định, dự thảo kết quả", late.HoldingStepName);

        // Already past its due date: overdue, no longer a warning; waiting for the citizen: no finish to promise.
        var after = EarlyWarning.For(d.Process, d.CurrentStepIndex, d.CurrentStepStartedAt, d.Pauses, d.IsPaused, d.DueAt, d.DueAt!.Value.AddHours(1), Calendar, slow.GetValueOrDefault)!;
        Assert.False(after.LikelyLate);
        Assert.Null(EarlyWarning.For(d.Process, d.CurrentStepIndex, d.CurrentStepStartedAt, d.Pauses, true, d.DueAt, now, Calendar, slow.GetValueOrDefault));
    }

    [Fact]
    public void Expected_finish_without_history_is_the_steps_own_limits()
    {
        var d = Assigned();
        var now = Vn.At("2025-11-17 11:00");
        var expected = EarlyWarning.For(d.Process, d.CurrentStepIndex, d.CurrentStepStartedAt, d.Pauses, d.IsPaused, d.DueAt, now, Calendar, _ => null)!;
        Assert.Equal(Calendar.AddWorkingTime(now, TimeSpan.FromHours(15 + 10 + 5)), expected.At);
        Assert.Equal(0, expected.FromHistory);
    }
}
