using MotCua.Domain.Calendar;
using MotCua.Domain.Feedback;
using MotCua.Domain.Tests.Calendar;
using static MotCua.Domain.Calendar.CalendarDayKind;

namespace MotCua.Domain.Tests.Feedback;

/// <summary>
/// The feedback rules of Domain/Feedback: deadlines in working days across Tết 2027 (lunar 1/1 = Saturday 6/2/2027), the
/// state machine generated over every status × act, the public masking and the checks of what senders type.
/// </summary>
public class FeedbackRulesTests
{
    private static readonly WorkingCalendar ByRule = new(CalendarSettings.Default, []);

    /// <summary>
    /// Under the calendar's own rule Tết 2027 is the last day of the lunar year, Friday 5/2, to lunar 4/1, Tuesday 9/2;
    /// Saturday 6/2 and Sunday 7/2 are given back on Wednesday 10/2 and Thursday 11/2; work resumes Friday 12/2. A feedback
    /// registered at Thursday 4/2 07:00 has Thursday (day 1) and then Friday 12/2 (day 2): refuse by 12/2 17:00; five
    /// days end Wednesday 17/2; fifteen end Wednesday 3/3 (Thu 4/2, Fri 12/2, 15–19/2, 22–26/2, 1–3/3).
    /// </summary>
    [Fact]
    public void Deadlines_skip_Tet_2027_by_the_calendars_rule()
    {
        var d = FeedbackDeadlines.For(Vn.At("2027-02-04 07:00"), ByRule);
        Assert.Equal("2027-02-12 17:00", Vn.Show(d.RefuseBy));
        Assert.Equal("2027-02-17 17:00", Vn.Show(d.InformationBy));
        Assert.Equal("2027-02-17 17:00", Vn.Show(d.TransferBy));
        Assert.Equal("2027-03-03 17:00", Vn.Show(d.HandleBy));
        var explained = SkippedPeriods.Explain(d.Skipped)!;
        Assert.Contains("Tết Nguyên đán", explained, StringComparison.Ordinal);
        Assert.Contains("Nghỉ bù", explained, StringComparison.Ordinal);
        // The same feedback a week after Tết: fifteen working days are exactly three weeks.
        Assert.Equal("2027-03-05 17:00", Vn.Show(FeedbackDeadlines.For(Vn.At("2027-02-15 07:00"), ByRule).HandleBy));
        Assert.Equal("2027-03-05 17:00", Vn.Show(FeedbackDeadlines.PublishBy(Vn.At("2027-03-04 07:00"), ByRule)));
    }

    /// <summary>
    /// ASSUMPTION, not a fact: a decision giving Thursday 4/2 to Wednesday 10/2/2027 off (five working days), entered as an
    /// administrator would. Registered Wednesday 3/2 07:00: day 1 is 3/2, day 2 is Thursday 11/2; fifteen days end Tuesday 2/3.
    /// </summary>
    [Fact]
    public void Deadlines_follow_an_official_decision_when_one_is_entered()
    {
        string[] off = ["2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"];
        var decided = new WorkingCalendar(CalendarSettings.Default, [.. off.Select(day => new CalendarDay(Vn.Date(day), Holiday, "Tết Nguyên đán"))]);
        var d = FeedbackDeadlines.For(Vn.At("2027-02-03 07:00"), decided);
        Assert.Equal("2027-02-11 17:00", Vn.Show(d.RefuseBy));
        Assert.Equal("2027-03-02 17:00", Vn.Show(d.HandleBy));
        Assert.Contains("Tết Nguyên đán 04/02", SkippedPeriods.Explain(d.Skipped)!, StringComparison.Ordinal);
    }

    [Fact]
    public void Information_received_during_handling_restarts_the_handling_clock()
    {
        var @case = FeedbackCase.Register(FeedbackKind.Reflection, Vn.At("2026-11-02 07:00"), ByRule, "Ban Tiếp công dân");
        @case.Classify(FeedbackClassification.WithinCompetence, "Thuộc thẩm quyền", null, Vn.At("2026-11-02 09:00"), ByRule);
        @case.RequestInformation("Số hồ sơ đã nộp", Vn.At("2026-11-03 09:00"));
        Assert.Null(@case.DueAt);
        @case.InformationReceived("Đã gửi số hồ sơ", Vn.At("2026-11-16 07:00"), ByRule);
        Assert.Equal(FeedbackStatus.InProgress, @case.Status);
        Assert.Equal("2026-12-04 17:00", Vn.Show(@case.DueAt!.Value)); // Mon 16/11 + 15 working days = Fri 4/12
        Assert.True(@case.IsOverdue(Vn.At("2026-12-04 17:01")));
        Assert.False(@case.IsOverdue(Vn.At("2026-12-04 17:00")));
    }

    /// <summary>Asked before classification, the information makes the case complete: back to be classified (never "in
    /// progress" unclassified, which the register's row refuses), every deadline counted again from its arrival.</summary>
    [Fact]
    public void Information_received_before_classification_sends_the_case_back_to_be_classified_with_deadlines_from_then()
    {
        var @case = FeedbackCase.Register(FeedbackKind.Reflection, Vn.At("2026-11-02 07:00"), ByRule, "Ban Tiếp công dân");
        @case.RequestInformation("Số hồ sơ đã nộp", Vn.At("2026-11-03 09:00"));
        var back = @case.InformationReceived("Đã gửi số hồ sơ", Vn.At("2026-11-16 07:00"), ByRule);
        Assert.Equal((FeedbackStatus.AwaitingInformation, FeedbackStatus.Registered), (back.From, back.To));
        Assert.Null(@case.Classification);
        Assert.Equal("2026-11-20 17:00", Vn.Show(@case.DueAt!.Value)); // Mon 16/11 + 5 working days = Fri 20/11 (transfer)
        Assert.Equal("2026-12-04 17:00", Vn.Show(@case.Deadlines.HandleBy));
        @case.Classify(FeedbackClassification.WithinCompetence, "Thuộc thẩm quyền", null, Vn.At("2026-11-17 08:00"), ByRule);
        Assert.Equal(FeedbackStatus.InProgress, @case.Status);
        Assert.Equal("2026-12-04 17:00", Vn.Show(@case.DueAt!.Value));
    }

    /// <summary>Every act from every status: allowed exactly where <see cref="FeedbackCase.AllowedFrom"/> says, else the
    /// Vietnamese transition exception naming the current status, and the case unchanged.</summary>
    [Fact]
    public void Every_act_from_every_status_follows_the_table()
    {
        var at = Vn.At("2026-11-02 09:00");
        var checkedPairs = 0;
        foreach (var status in Enum.GetValues<FeedbackStatus>())
            foreach (var action in Enum.GetValues<FeedbackAction>())
            {
                var @case = FeedbackCase.Restore(FeedbackKind.Reflection, status, FeedbackDeadlines.For(at, ByRule), null,
                    status == FeedbackStatus.Transferred ? new FeedbackTransfer("UBND phường Thuận Hóa", true) : null, null,
                    status is FeedbackStatus.Answered or FeedbackStatus.Published ? "Trả lời" : null, status is FeedbackStatus.Answered ? at : null,
                    status is FeedbackStatus.Answered ? at.AddDays(2) : null);
                Action act = action switch
                {
                    FeedbackAction.Classify => () => @case.Classify(FeedbackClassification.WithinCompetence, "Thuộc thẩm quyền", null, at, ByRule),
                    FeedbackAction.RequestInformation => () => @case.RequestInformation("Số hồ sơ", at),
                    FeedbackAction.InformationReceived => () => @case.InformationReceived("Đã nhận", at, ByRule),
                    FeedbackAction.Answer => () => @case.Answered("Nội dung trả lời", at, ByRule),
                    FeedbackAction.Publish => () => @case.Publish("Nội dung công khai", at),
                    FeedbackAction.RouteAway => () => @case.RouteAway(FeedbackKind.Complaint, "Ban Tiếp công dân", at),
                    _ => throw new ArgumentOutOfRangeException(nameof(action)),
                };
                if (FeedbackCase.AllowedFrom[action].Contains(status)) act();
                else
                {
                    var refused = Assert.Throws<FeedbackTransitionException>(act);
                    Assert.Equal(status, refused.Current);
                    Assert.Contains(status.Vietnamese(), refused.Message, StringComparison.Ordinal);
                    Assert.Equal(status, @case.Status);
                }
                checkedPairs++;
            }
        Assert.Equal(Enum.GetValues<FeedbackStatus>().Length * Enum.GetValues<FeedbackAction>().Length, checkedPairs);
    }

    [Fact]
    public void A_full_journey_ends_published_and_a_transfer_outside_MotCua_ends_it_here()
    {
        var @case = FeedbackCase.Register(FeedbackKind.Recommendation, Vn.At("2026-11-02 07:00"), ByRule, "Ban Tiếp công dân");
        Assert.Equal(FeedbackStatus.InProgress, @case.Classify(FeedbackClassification.WithinCompetence, "Đúng thẩm quyền", null, Vn.At("2026-11-03 08:00"), ByRule).To);
        Assert.Equal(FeedbackStatus.Answered, @case.Answered("Trả lời", Vn.At("2026-11-10 07:00"), ByRule).To);
        Assert.Equal("2026-11-11 17:00", Vn.Show(@case.PublishBy!.Value));
        Assert.Equal(FeedbackStatus.Published, @case.Publish("Công khai", Vn.At("2026-11-11 08:00")).To);

        var outside = FeedbackCase.Register(FeedbackKind.Reflection, Vn.At("2026-11-02 07:00"), ByRule, "Ban Tiếp công dân");
        outside.Classify(FeedbackClassification.OutsideCompetence, "Thuộc Bộ Tư pháp", new FeedbackTransfer("Bộ Tư pháp", false), Vn.At("2026-11-03 08:00"), ByRule);
        Assert.Equal(FeedbackStatus.Transferred, outside.Status);
        Assert.Null(outside.DueAt);
        Assert.DoesNotContain(Enum.GetValues<FeedbackAction>(), outside.Allows);
        Assert.Throws<ArgumentException>(() => FeedbackCase.Register(FeedbackKind.Reflection, Vn.At("2026-11-02 07:00"), ByRule, "x")
            .Classify(FeedbackClassification.StaffConduct, "Cán bộ", null, Vn.At("2026-11-03 08:00"), ByRule));

        var inside = FeedbackCase.Register(FeedbackKind.Reflection, Vn.At("2026-11-02 07:00"), ByRule, "Ban Tiếp công dân");
        inside.Classify(FeedbackClassification.OutsideCompetence, "Thuộc phường", new FeedbackTransfer("UBND phường Thuận Hóa", true), Vn.At("2026-11-06 07:00"), ByRule);
        Assert.True(inside.Allows(FeedbackAction.Classify));
        Assert.Equal("2026-11-12 17:00", Vn.Show(inside.DueAt!.Value)); // deadlines restart at the receiving agency: Fri 6/11 07:00 + 5 days
    }

    [Fact]
    public void Complaints_and_denunciations_are_routed_away_at_registration()
    {
        foreach (var kind in new[] { FeedbackKind.Complaint, FeedbackKind.Denunciation })
        {
            var @case = FeedbackCase.Register(kind, Vn.At("2026-11-02 07:00"), ByRule, "Ban Tiếp công dân tỉnh");
            Assert.Equal(FeedbackStatus.RoutedAway, @case.Status);
            Assert.Equal("Ban Tiếp công dân tỉnh", @case.RoutedTo);
            Assert.Null(@case.DueAt);
            Assert.DoesNotContain(Enum.GetValues<FeedbackAction>(), @case.Allows);
        }
        Assert.Throws<ArgumentException>(() => FeedbackCase.Register(FeedbackKind.Reflection, Vn.At("2026-11-02 07:00"), ByRule, "x")
            .RouteAway(FeedbackKind.Recommendation, "x", Vn.At("2026-11-02 08:00")));
    }

    [Fact]
    public void Public_text_masks_the_senders_name_numbers_phones_and_addresses()
    {
        var masked = PublicText.Mask(
            "Tôi là Nguyễn Văn An (nguyễn văn an), điện thoại 0912 345 678 hoặc +84912345678, thư an.nguyen@gmail.com, CCCD 046095001234, CMND 191234567. Hồ sơ nộp ngày 02/11/2026.",
            new SenderData("Nguyễn Văn An"));
        Assert.Equal("Tôi là Nguyễn V. A. (Nguyễn V. A.), điện thoại *** hoặc ***, thư ***, CCCD ***, CMND ***. Hồ sơ nộp ngày 02/11/2026.", masked);
        Assert.Equal("Ý kiến của A.", PublicText.Mask("Ý kiến của An", new SenderData("An")));
        Assert.Equal("Không có gì riêng tư.", PublicText.Mask("Không có gì riêng tư.", null));
        // Dossier codes and procedure codes are not personal: they stay.
        Assert.Equal("Hồ sơ 000.00.01.H46-261102-0001, thủ tục 1.004837.", PublicText.Mask("Hồ sơ 000.00.01.H46-261102-0001, thủ tục 1.004837.", new SenderData("Trần Thị Bình")));
    }

    [Fact]
    public void Senders_input_is_checked_field_by_field_in_Vietnamese()
    {
        var valid = new FeedbackSubmission("phan-anh", "Nguyễn Văn An", "0912345678", null, "12 Lê Lợi, Huế", null, null, "1.004837", null,
            "Thủ tục yêu cầu bản sao có chứng thực dù đã có bản điện tử.");
        Assert.Empty(FeedbackInput.Check(valid));
        Assert.Equal(["senderName"], FeedbackInput.Check(valid with { SenderName = " " }).Keys);
        Assert.Equal(["senderPhone"], FeedbackInput.Check(valid with { SenderPhone = null }).Keys);
        Assert.Empty(FeedbackInput.Check(valid with { SenderPhone = null, SenderEmail = "an@example.vn" }));
        Assert.Equal(["senderEmail"], FeedbackInput.Check(valid with { SenderEmail = "an@" }).Keys);
        Assert.Equal(["kind"], FeedbackInput.Check(valid with { Kind = "gop-y" }).Keys);
        Assert.Equal(["content"], FeedbackInput.Check(valid with { Content = "Ngắn" }).Keys);
        Assert.Equal(["procedureCode"], FeedbackInput.Check(valid with { ProcedureCode = "abc" }).Keys);
        Assert.Equal(["senderIdNumber"], FeedbackInput.Check(valid with { SenderIdNumber = "12345" }).Keys);
        Assert.Equal(["senderAddress"], FeedbackInput.Check(valid with { SenderAddress = null }).Keys);
        Assert.Equal("0912345678", FeedbackInput.NormalisePhone("+84 912 345 678"));
        Assert.True(FeedbackNumber.TryParse(" pakn-2026-00012 ", out var number));
        Assert.Equal("PAKN-2026-00012", number);
        Assert.Equal("PAKN-2027-00001", FeedbackNumber.Format(2027, 1));
        Assert.False(FeedbackNumber.TryParse("PAKN-26-1", out _));
    }
}
