using MotCua.Domain.Dossiers;
using MotCua.Domain.Feedback;
using MotCua.Domain.Reports;

namespace MotCua.Domain.Tests.Reports;

public class Index766Tests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(7));

    // Every input the index needs, each set to the same count, with overrides.
    private static Dictionary<Index766Input, long> Counts(long each = 10, params (Index766Input Input, long Count)[] overrides)
    {
        var counts = Index766.NeededInputs.ToDictionary(i => i, _ => each);
        foreach (var (input, count) in overrides) counts[input] = count;
        return counts;
    }

    [Fact]
    public void The_groups_weigh_18_20_22_22_18_and_their_indicators_share_each_group_exactly()
    {
        Assert.Equal([18m, 20m, 22m, 22m, 18m], Index766.Groups.Select(g => g.MaxPoints));
        Assert.Equal(100m, Index766.Groups.Sum(g => g.MaxPoints));
        foreach (var g in Index766.Groups)
            Assert.Equal(g.MaxPoints, Index766.Indicators.Where(i => i.Group == g.Number).Sum(i => i.MaxPoints));
        Assert.Equal(Index766.Indicators.Count, Index766.Indicators.Select(i => i.Id).Distinct().Count());
        // A measurable indicator names both inputs; a pending one names what is missing.
        Assert.All(Index766.Indicators, i => Assert.True(i.IsMeasurable ? i.Numerator is not null && i.Denominator is not null : i.PendingInput!.Length > 0));
    }

    [Theory]
    // Full at 80%: at or above it full, below it rate × max / 0.8.
    [InlineData(0.8, 5.5, 0.8, 5.5)]
    [InlineData(0.95, 5.5, 0.8, 5.5)]
    [InlineData(0.4, 5.5, 0.8, 2.75)]
    [InlineData(0.0, 5.5, 0.8, 0.0)]
    // Full at 50%: 25% online scores half.
    [InlineData(0.25, 5.5, 0.5, 2.75)]
    [InlineData(0.5, 5.5, 0.5, 5.5)]
    // No threshold: proportional, full only at 100%.
    [InlineData(0.9, 10, 1.0, 9.0)]
    [InlineData(1.0, 10, 1.0, 10.0)]
    // Rounded to two decimals: 1/3 of 10.
    [InlineData(0.3333333333, 10, 1.0, 3.33)]
    public void Points_are_full_at_the_threshold_and_proportional_below_it(double rate, double max, double fullAt, double expected) =>
        Assert.Equal((decimal)expected, Index766.Points((decimal)rate, (decimal)max, (decimal)fullAt));

    [Theory]
    [InlineData(-0.1, 10, 1.0)]
    [InlineData(1.1, 10, 1.0)]
    [InlineData(0.5, -1, 1.0)]
    [InlineData(0.5, 10, 0.0)]
    [InlineData(0.5, 10, 1.2)]
    public void Points_refuse_a_rate_outside_0_to_1_a_negative_maximum_or_a_threshold_outside_0_to_1(double rate, double max, double fullAt) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Index766.Points((decimal)rate, (decimal)max, (decimal)fullAt));

    [Fact]
    public void Every_measurable_indicator_is_scored_from_its_own_numerator_and_denominator()
    {
        foreach (var indicator in Index766.Indicators.Where(i => i.IsMeasurable))
        {
            var score = Index766.Score(indicator, Counts(100, (indicator.Numerator!.Value, 40), (indicator.Denominator!.Value, 100), (Index766Input.UnsatisfiedRatings, 0)));
            Assert.Equal(Index766State.Scored, score.State);
            Assert.Equal(40, score.Numerator);
            Assert.Equal(100, score.Denominator);
            Assert.Equal(0.4m, score.Rate);
            Assert.Equal(Math.Round(Math.Min(1m, 0.4m / indicator.FullAt) * indicator.MaxPoints, 2, MidpointRounding.AwayFromZero), score.Points);
        }
    }

    [Fact]
    public void Online_dossiers_at_half_score_full_and_online_procedures_at_80_percent_score_full()
    {
        var counts = Counts(100, (Index766Input.OnlineDossiers, 50), (Index766Input.OnlineProcedures, 80), (Index766Input.FeeProceduresWithOnlinePayment, 60));
        Assert.Equal(5.5m, Index766.Score(Index766.Find("3.2")!, counts).Points);
        Assert.Equal(5.5m, Index766.Score(Index766.Find("3.1")!, counts).Points);
        // 60% of fee procedures integrated, full at 80%: 0.6 × 5.5 / 0.8 = 4.125 → 4.13.
        Assert.Equal(4.13m, Index766.Score(Index766.Find("3.3")!, counts).Points);
    }

    [Fact]
    public void A_zero_denominator_is_no_cases_without_rate_or_points_and_counts_in_neither_total()
    {
        var counts = Counts(10, (Index766Input.ResolvedDossiers, 0), (Index766Input.ResolvedOnTime, 0), (Index766Input.ElectronicResults, 0),
            (Index766Input.OwnResolvedDossiers, 0));
        var onTime = Index766.Score(Index766.Find("2.1")!, counts);
        Assert.Equal(Index766State.NoCases, onTime.State);
        Assert.Null(onTime.Rate);
        Assert.Null(onTime.Points);
        Assert.Contains("hồ sơ có kết quả trong tháng", onTime.Reason);
        var result = Index766.Score(counts);
        var progress = result.Groups.Single(g => g.Group.Number == 2);
        Assert.Equal(10m, progress.MeasuredMax); // 2.2 only
        Assert.Equal(Index766State.NoCases, result.Groups.Single(g => g.Group.Number == 4).Indicators.Single(s => s.Indicator.Id == "4.1").State);
    }

    [Fact]
    public void Everything_zero_scores_nothing_and_has_no_percentage()
    {
        var result = Index766.Score(Counts(0));
        Assert.Equal(0m, result.Points);
        Assert.Equal(0m, result.MeasuredMax);
        Assert.Null(result.Percent);
    }

    [Fact]
    public void A_month_without_dossiers_has_no_total_though_the_catalogue_indicators_keep_their_points()
    {
        // Second trial: 1.1, 3.1 and 3.3 at 100% and no dossier read as 100 (94.7 with a partial one) for a unit that served nobody.
        var counts = Index766.NeededInputs.ToDictionary(i => i, i => i switch
        {
            Index766Input.AdoptedProcedures or Index766Input.CompletelyPublishedProcedures or Index766Input.OnlineProcedures
                or Index766Input.FeeProcedures or Index766Input.FeeProceduresWithOnlinePayment => 10L,
            _ => 0L,
        });
        var result = Index766.Score(counts);
        Assert.True(result.NoDossiers);
        Assert.Null(result.Percent);
        Assert.Equal(9m + 5.5m + 5.5m, result.Points);
        Assert.Equal(9m + 5.5m + 5.5m, result.MeasuredMax);
        Assert.All(result.Groups.SelectMany(g => g.Indicators).Where(s => s.Indicator.Id is "2.1" or "2.2" or "3.2" or "3.4" or "4.1"),
            s => Assert.Equal(Index766State.NoCases, s.State));
        // One dossier received is a month with dossiers: the total is given again.
        counts[Index766Input.ReceivedDossiers] = 1;
        Assert.NotNull(Index766.Score(counts).Percent);
        Assert.False(Index766.Score(counts).NoDossiers);
    }

    [Fact]
    public void No_indicator_is_pending_and_the_total_is_over_all_100_points()
    {
        var result = Index766.Score(Counts(10, (Index766Input.UnsatisfiedRatings, 0)));
        Assert.DoesNotContain(result.Groups.SelectMany(g => g.Indicators), s => s.State == Index766State.Pending);
        Assert.All(Index766.Indicators, i => Assert.True(i.IsMeasurable));
        // Every indicator at 100%: full points, 100 of 100.
        Assert.Equal(100m, result.MeasuredMax);
        Assert.Equal(100m, result.Points);
        Assert.Equal(100m, result.Percent);
        Assert.Equal(18m, result.Groups.Single(g => g.Group.Number == 5).MeasuredMax);
    }

    [Fact]
    public void A_pending_indicator_names_its_missing_input_scores_nothing_and_counts_in_no_total()
    {
        // None is pending today; the rule stays for an indicator added before MotCua holds its data.
        var pending = new Index766Indicator("9.9", 5, "Chỉ số thử", "a / b", 9m, 1m, null, null, "dữ liệu chưa có");
        var score = Index766.Score(pending, Counts());
        Assert.Equal(Index766State.Pending, score.State);
        Assert.Equal("Chưa có dữ liệu: dữ liệu chưa có", score.Reason);
        Assert.Null(score.Points);
        Assert.Null(score.Rate);
    }

    // A feedback case registered 2 November 2026 08:00 (Vietnam) with deadlines as the register sets them: refuse by the 4th,
    // ask for more and transfer by the 9th, handle by the 23rd; answered on the 20th, publish by the 24th.
    private static readonly DateTimeOffset Registered = new(2026, 11, 2, 8, 0, 0, TimeSpan.FromHours(7));

    private static FeedbackTimes Case(FeedbackStatus status, DateTimeOffset? classified = null, bool? internalTransfer = null,
        DateTimeOffset? answered = null, DateTimeOffset? published = null, DateTimeOffset? restartedBy = null, params DateTimeOffset[] requests) =>
        new(status, internalTransfer, classified, Registered.AddDays(2), Registered.AddDays(7), Registered.AddDays(7), Registered.AddDays(21),
            restartedBy, answered, answered?.AddDays(4), published, requests);

    public static TheoryData<string, FeedbackTimes, bool, bool> FeedbackCases => new()
    {
        // (what, case, closed in November, on time)
        { "published, every step in time", Case(FeedbackStatus.Published, Registered.AddDays(1), answered: Registered.AddDays(18), published: Registered.AddDays(19)), true, true },
        { "answered after the 15 days", Case(FeedbackStatus.Published, Registered.AddDays(1), answered: Registered.AddDays(22), published: Registered.AddDays(23)), true, false },
        { "published after the 2 days", Case(FeedbackStatus.Published, Registered.AddDays(1), answered: Registered.AddDays(18), published: Registered.AddDays(23)), true, false },
        { "asked for more after the 5 days", Case(FeedbackStatus.Published, Registered.AddDays(1), answered: Registered.AddDays(18), published: Registered.AddDays(19),
            requests: [Registered.AddDays(8)]), true, false },
        { "asked in time, answered by the restarted deadline", Case(FeedbackStatus.Published, Registered.AddDays(1), answered: Registered.AddDays(25),
            published: Registered.AddDays(26), restartedBy: Registered.AddDays(27), requests: [Registered.AddDays(3)]), true, true },
        { "refused within 2 days", Case(FeedbackStatus.Refused, Registered.AddDays(1)), true, true },
        { "refused on day 3", Case(FeedbackStatus.Refused, Registered.AddDays(3)), true, false },
        { "transferred outside within 5 days", Case(FeedbackStatus.Transferred, Registered.AddDays(6), internalTransfer: false), true, true },
        { "transferred outside late", Case(FeedbackStatus.Transferred, Registered.AddDays(8), internalTransfer: false), true, false },
        { "transferred inside MotCua: open there", Case(FeedbackStatus.Transferred, Registered.AddDays(1), internalTransfer: true), false, false },
        { "answered, not yet published: open", Case(FeedbackStatus.Answered, Registered.AddDays(1), answered: Registered.AddDays(5)), false, false },
        { "in progress: open", Case(FeedbackStatus.InProgress, Registered.AddDays(1)), false, false },
        { "waiting for the sender: open", Case(FeedbackStatus.AwaitingInformation, requests: [Registered.AddDays(1)]), false, false },
        { "published on 1 December: another month", Case(FeedbackStatus.Published, Registered.AddDays(1), answered: Registered.AddDays(27),
            published: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(7)), restartedBy: Registered.AddDays(28), requests: [Registered.AddDays(3)]), false, true },
        { "a complaint routed away: not feedback", Case(FeedbackStatus.RoutedAway), false, false },
    };

    [Theory]
    [MemberData(nameof(FeedbackCases))]
    public void Indicator_5_1_counts_cases_closed_in_the_month_and_those_whose_every_step_met_its_deadline(string what, FeedbackTimes times, bool closedInNovember, bool onTime)
    {
        var november = new Index766Month(2026, 11);
        Assert.True(closedInNovember == FeedbackClosure.ClosedIn(times, november.Start, november.End), what);
        Assert.True(onTime == FeedbackClosure.OnTime(times), what);
    }

    [Fact]
    public void Indicator_5_1_is_feedback_on_time_over_feedback_closed_full_only_at_100_percent()
    {
        var indicator = Index766.Find("5.1")!;
        Assert.Equal((Index766Input.FeedbackOnTime, Index766Input.ClosedFeedback), (indicator.Numerator!.Value, indicator.Denominator!.Value));
        Assert.Equal(Index766InputKind.Feedback, Index766.KindOf(Index766Input.ClosedFeedback));
        var score = Index766.Score(indicator, Counts(10, (Index766Input.ClosedFeedback, 8), (Index766Input.FeedbackOnTime, 6)));
        Assert.Equal(0.75m, score.Rate);
        Assert.Equal(6.75m, score.Points);
        // No feedback closed in the month: no cases, not a zero.
        Assert.Equal(Index766State.NoCases, Index766.Score(indicator, Counts(0)).State);
    }

    [Fact]
    public void A_reason_keeps_the_case_of_a_proper_name_in_its_input()
    {
        // Trial 15s LOW 9: the whole input name was lowered ("giải quyết trên motcua").
        var synced = Index766.Indicators.Single(i => i.Denominator == Index766Input.OwnReceivedDossiers && i.Numerator == Index766Input.SyncedDossiers);
        Assert.Equal("Không có hồ sơ tiếp nhận trong tháng giải quyết trên MotCua (trừ hồ sơ theo dõi của bộ, ngành) để tính.",
            Index766.Score(synced, Counts(0)).Reason);
    }

    [Fact]
    public void The_total_sums_the_scored_points_and_its_percentage_is_over_the_measured_maximum()
    {
        // Half of everything: 1.1 4.5, 1.2 4.5, 2.1 5, 2.2 5, 3.1 5.5 × 0.5 / 0.8 = 3.44, 3.2 full (50%), 3.3 3.44, 3.4 2.75,
        // 4.1 2.75, 4.2 3.44, 4.3 3.44, 4.4 2.75; 5.1 4.5; 5.2 with one unsatisfied rating: (5 − 1) / 10 = 40% of full at 90% = 4.
        var counts = Index766.NeededInputs.ToDictionary(i => i, i => Index766.Indicators.Any(x => x.Numerator == i) ? 5L : 10L);
        counts[Index766Input.UnsatisfiedRatings] = 1;
        var result = Index766.Score(counts);
        Assert.Equal(4.5m + 4.5m + 5m + 5m + 3.44m + 5.5m + 3.44m + 2.75m + 2.75m + 3.44m + 3.44m + 2.75m + 4.5m + 4m, result.Points);
        Assert.Equal(100m, result.MeasuredMax);
        Assert.Equal(Math.Round(result.Points / 100m * 100m, 2), result.Percent);
    }

    [Theory]
    // 100% − (late rate + unsatisfied rate): 100 resolved, 95 on time, 3 unsatisfied → 92% ≥ 90%: full 9.
    [InlineData(100, 95, 3, 0.92, 9.0)]
    // 100 resolved, 80 on time, 8 unsatisfied → 72%: 0.72 × 9 / 0.9 = 7.2.
    [InlineData(100, 80, 8, 0.72, 7.2)]
    // More unsatisfied ratings than dossiers on time: a rate of 0, never negative.
    [InlineData(10, 2, 5, 0.0, 0.0)]
    public void Satisfaction_5_2_is_on_time_less_unsatisfied_over_resolved(long resolved, long onTime, long unsatisfied, double rate, double points)
    {
        var score = Index766.Score(Index766.Find("5.2")!, Counts(10,
            (Index766Input.ResolvedDossiers, resolved), (Index766Input.ResolvedOnTime, onTime), (Index766Input.UnsatisfiedRatings, unsatisfied)));
        Assert.Equal(Index766State.Scored, score.State);
        Assert.Equal((decimal)rate, score.Rate);
        Assert.Equal((decimal)points, score.Points);
    }

    [Fact]
    public void Inconsistent_or_missing_counts_are_refused()
    {
        var indicator = Index766.Find("2.1")!;
        Assert.Throws<ArgumentException>(() => Index766.Score(indicator, Counts(10, (Index766Input.ResolvedOnTime, 11))));
        Assert.Throws<ArgumentException>(() => Index766.Score(indicator, new Dictionary<Index766Input, long> { [Index766Input.ResolvedDossiers] = 3 }));
    }

    [Fact]
    public void Input_codes_round_trip_and_unknown_codes_are_null()
    {
        foreach (var input in Enum.GetValues<Index766Input>())
        {
            Assert.Equal(input, Index766.ParseInput(input.Code()));
            Assert.False(string.IsNullOrWhiteSpace(input.Vietnamese()));
        }
        Assert.Equal("resolvedOnTime", Index766Input.ResolvedOnTime.Code());
        Assert.Null(Index766.ParseInput("ResolvedOnTime"));
        Assert.Null(Index766.ParseInput(null));
        Assert.Equal(Index766InputKind.Adoptions, Index766.KindOf(Index766Input.FeeProcedures));
        Assert.Equal(Index766InputKind.Procedures, Index766.KindOf(Index766Input.ProceduresWithinTimeLimit));
        Assert.Equal(Index766InputKind.Dossiers, Index766.KindOf(Index766Input.DossiersPaidOnline));
    }

    [Theory]
    [InlineData(OfficerRole.Leader, 5, 5, true)]
    [InlineData(OfficerRole.Leader, 5, 6, false)]
    [InlineData(OfficerRole.Leader, 5, null, false)]
    [InlineData(OfficerRole.Leader, null, null, false)]
    [InlineData(OfficerRole.Inspector, null, null, true)]
    [InlineData(OfficerRole.Inspector, null, 6, true)]
    [InlineData(OfficerRole.Admin, 1, null, true)]
    [InlineData(OfficerRole.ReceivingOfficer, 5, 5, false)]
    [InlineData(OfficerRole.Specialist, 5, 5, false)]
    [InlineData(OfficerRole.DepartmentHead, 5, 5, true)]
    [InlineData(OfficerRole.DepartmentHead, 5, 6, false)]
    [InlineData(OfficerRole.DepartmentHead, 5, null, false)]
    [InlineData(OfficerRole.Accountant, 5, 5, false)]
    public void Leaders_and_department_heads_read_their_unit_the_inspector_and_administrator_the_province(OfficerRole role, int? own, int? agency, bool may) =>
        Assert.Equal(may, agency is { } unit ? ReportAccess.MayRead(role, own is { } o ? [o] : [], unit) : ReportAccess.MayReadProvince(role));

    [Theory]
    [InlineData("2026-11", 2026, 11)]
    [InlineData(" 2024-01 ", 2024, 1)]
    [InlineData("2000-12", 2000, 12)]
    public void A_month_reads_as_year_dash_month(string text, int year, int month) =>
        Assert.Equal(new Index766Month(year, month), Index766Month.Parse(text, Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("11/2026")]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-1")]
    [InlineData("1999-12")]
    [InlineData("2026-12")] // after the current month
    public void A_bad_or_future_month_is_refused(string? text) => Assert.Null(Index766Month.Parse(text, Now));

    [Fact]
    public void A_month_runs_from_midnight_of_the_first_in_Vietnam_to_the_next_first()
    {
        var m = new Index766Month(2026, 12);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero), m.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero), m.End);
        Assert.Equal("2026-12", m.ToString());
        Assert.Equal("Tháng 12/2026", m.Vietnamese);
        // 23:30 on 30 November UTC is already December in Vietnam.
        Assert.Equal(m, Index766Month.Of(new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero)));
    }
}
