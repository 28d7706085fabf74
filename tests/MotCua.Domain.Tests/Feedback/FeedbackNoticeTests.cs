using MotCua.Domain.Calendar;
using MotCua.Domain.Feedback;
using MotCua.Domain.Tests.Calendar;

namespace MotCua.Domain.Tests.Feedback;

/// <summary>
/// Third trial of issue 16, MEDIUM 2: every decision that refuses, transfers or routes a feedback away gives its sender a
/// notice with the reason, the receiving agency or the destination. Generated over every classification (both kinds of
/// transfer where it transfers) and every kind that is routed away; together they must reach every <see cref="FeedbackDecision"/>.
/// </summary>
public class FeedbackNoticeTests
{
    private static readonly WorkingCalendar ByRule = new(CalendarSettings.Default, []);
    private const string Reason = "Nội dung không liên quan đến quy định hành chính";
    private const string Lookup = "https://motcua.example/phan-anh-kien-nghi/PAKN-2027-00001";

    /// <summary>Every outcome of a classification or a routing away: the act's name, the case after it.</summary>
    public static IEnumerable<(string Act, FeedbackCase Case)> Outcomes()
    {
        foreach (var classification in Enum.GetValues<FeedbackClassification>())
        {
            var transfers = classification is FeedbackClassification.StaffConduct or FeedbackClassification.OutsideCompetence;
            foreach (FeedbackTransfer? to in transfers ? [new("UBND phường Thuận Hóa", true), new("Bộ Tài chính", false)] : new FeedbackTransfer?[] { null })
            {
                var @case = FeedbackCase.Register(FeedbackKind.Reflection, Vn.At("2027-03-01 08:00"), ByRule, "Thanh tra tỉnh");
                @case.Classify(classification, Reason, to, Vn.At("2027-03-02 08:00"), ByRule);
                yield return ($"{classification.ApiName()}{(to is null ? "" : to.Internal ? " (trong MotCua)" : " (ngoài MotCua)")}", @case);
            }
        }
        foreach (var kind in Enum.GetValues<FeedbackKind>().Where(k => !k.IsFeedback()))
        {
            var @case = FeedbackCase.Register(FeedbackKind.Reflection, Vn.At("2027-03-01 08:00"), ByRule, "Thanh tra tỉnh");
            @case.RouteAway(kind, "Thanh tra tỉnh Thừa Thiên Huế", Vn.At("2027-03-02 08:00"));
            yield return ($"route-away {kind.ApiName()}", @case);
        }
    }

    [Fact]
    public void Every_refusal_transfer_and_routing_away_tells_the_sender_why_or_where_and_every_decision_is_reached()
    {
        var reached = new HashSet<FeedbackDecision>();
        foreach (var (act, @case) in Outcomes())
        {
            var notice = FeedbackNotices.For(@case, "PAKN-2027-00001", Reason, Lookup);
            if (@case.Classification == FeedbackClassification.WithinCompetence && @case.Status == FeedbackStatus.InProgress)
            {
                Assert.Null(notice); // handled here: the sender hears at the answer
                continue;
            }
            Assert.True(notice is not null, act);
            reached.Add(notice.Decision);
            Assert.StartsWith("feedback.", notice.Topic, StringComparison.Ordinal);
            Assert.Contains("PAKN-2027-00001", notice.Text, StringComparison.Ordinal);
            Assert.Contains("PAKN-2027-00001", notice.Sms, StringComparison.Ordinal);
            Assert.True(notice.Sms.All(char.IsAscii), $"{act}: {notice.Sms}");
            switch (notice.Decision)
            {
                case FeedbackDecision.Refused:
                    Assert.Equal("feedback.refused", notice.Topic);
                    Assert.Contains($"Lý do: {Reason}.", notice.Text, StringComparison.Ordinal);
                    break;
                case FeedbackDecision.TransferredInside or FeedbackDecision.TransferredOutside:
                    Assert.Equal("feedback.transferred", notice.Topic);
                    Assert.Contains(@case.TransferredTo!.Name, notice.Text, StringComparison.Ordinal);
                    Assert.Contains(@case.TransferredTo.Name, notice.Subject, StringComparison.Ordinal);
                    Assert.Contains(@case.TransferredTo.Internal ? "hạn xử lý mới" : "trả lời ông/bà", notice.Text, StringComparison.Ordinal);
                    break;
                case FeedbackDecision.RoutedAway:
                    Assert.Equal("feedback.routed-away", notice.Topic);
                    Assert.Contains("Vui lòng gửi tới: Thanh tra tỉnh Thừa Thiên Huế", notice.Text, StringComparison.Ordinal);
                    Assert.Contains(@case.Kind.Vietnamese().ToLowerInvariant(), notice.Text, StringComparison.Ordinal);
                    break;
            }
        }
        Assert.Equal(Enum.GetValues<FeedbackDecision>().ToHashSet(), reached);
    }
}
