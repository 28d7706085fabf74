using System.Text;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Ratings;

namespace MotCua.Domain.Tests.Ratings;

/// <summary>
/// The rating rules of Domain/Ratings: the token (format, folding, keyed), the window generated over every status, the
/// checks of a rating generated over every criterion, the suppression of small cells and the unit scoring.
/// </summary>
public class RatingRulesTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("a deployment subkey for the tests");
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Token_is_twelve_Crockford_characters_in_three_groups_and_stable()
    {
        var seen = new HashSet<string>();
        for (long id = 1; id <= 2000; id++)
        {
            var token = RatingToken.For(Key, id);
            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", token);
            Assert.Equal(token, RatingToken.For(Key, id));
            Assert.True(seen.Add(token), $"two dossiers share the token {token}");
        }
    }

    [Fact]
    public void Token_depends_on_the_key()
    {
        Assert.NotEqual(RatingToken.For(Key, 42), RatingToken.For(Encoding.ASCII.GetBytes("another key"), 42));
        Assert.False(RatingToken.Matches(Encoding.ASCII.GetBytes("another key"), 42, RatingToken.For(Key, 42)));
    }

    [Fact]
    public void Matching_folds_dashes_case_and_look_alike_letters()
    {
        var token = RatingToken.For(Key, 7);
        Assert.True(RatingToken.Matches(Key, 7, token));
        Assert.True(RatingToken.Matches(Key, 7, token.Replace("-", "").ToLowerInvariant()));
        Assert.True(RatingToken.Matches(Key, 7, " " + token.Replace('-', ' ') + " "));
        var lookAlike = token.Replace('0', 'O').Replace('1', 'I');
        Assert.True(RatingToken.Matches(Key, 7, lookAlike));
        Assert.False(RatingToken.Matches(Key, 8, token));
        foreach (var wrong in new[] { null, "", "   ", token[..^1], token + "X", token.Replace(token[0], token[0] == 'U' ? 'V' : 'U'), new string('Z', 100) })
            Assert.False(RatingToken.Matches(Key, 7, wrong));
    }

    [Fact]
    public void Window_is_generated_over_every_status()
    {
        foreach (var status in Enum.GetValues<DossierStatus>())
        {
            var closing = RatingWindow.Closing.ContainsKey(status);
            Assert.Equal(closing ? RatingWindowState.Open : RatingWindowState.NotClosed, RatingWindow.StateOf(status, Now.AddDays(-1), Now, 30));
            Assert.Equal(closing ? RatingWindowState.Open : RatingWindowState.NotClosed, RatingWindow.StateOf(status, Now.AddDays(-30), Now, 30));
            Assert.Equal(closing ? RatingWindowState.Expired : RatingWindowState.NotClosed, RatingWindow.StateOf(status, Now.AddDays(-30).AddSeconds(-1), Now, 30));
            Assert.Equal(RatingWindowState.NotClosed, RatingWindow.StateOf(status, null, Now, 30));
        }
        Assert.Equal([DossierStatus.NotReceived, DossierStatus.Stopped, DossierStatus.Returned], RatingWindow.Closing.Keys.Order());
        Assert.Contains("30 ngày", RatingWindow.Explain(RatingWindowState.Expired, 30));
        Assert.Contains("chưa trả kết quả", RatingWindow.Explain(RatingWindowState.NotClosed, 30));
    }

    private static Dictionary<string, int?> AllAnswers(int value) =>
        RatingIndicators.All.ToDictionary(i => i.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => (int?)value);

    [Fact]
    public void A_full_rating_is_accepted_with_the_comment_masked()
    {
        var (rating, errors) = Rating.Check(AllAnswers(2), "very-satisfied", "  Cán bộ tận tình, gọi tôi 0912345678  ", "qr");
        Assert.Empty(errors);
        Assert.Equal(Enumerable.Repeat(2, 8), rating!.Answers);
        Assert.Equal(Overall.VerySatisfied, rating.Overall);
        Assert.Equal(RatingChannel.Qr, rating.Channel);
        Assert.Equal("Cán bộ tận tình, gọi tôi ***", rating.Comment);
        Assert.Equal(RatingChannel.Web, Rating.Check(AllAnswers(0), "unsatisfied", null, null).Rating!.Channel);
        foreach (var (name, channel) in Rating.ChannelNames) Assert.Equal(channel, Rating.Check(AllAnswers(1), "satisfied", "", name).Rating!.Channel);
        foreach (var (name, overall) in Rating.OverallNames) Assert.Equal(overall, Rating.Check(AllAnswers(1), name, null, "web").Rating!.Overall);
    }

    [Fact]
    public void Each_missing_or_wrong_criterion_is_named()
    {
        foreach (var indicator in RatingIndicators.All)
        {
            var key = indicator.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (int? bad in new int?[] { null, -1, 3 })
            {
                var answers = AllAnswers(1);
                if (bad is null) answers.Remove(key); else answers[key] = bad;
                var (rating, errors) = Rating.Check(answers, "satisfied", null, "web");
                Assert.Null(rating);
                Assert.Equal($"answers.{key}", Assert.Single(errors).Field);
            }
        }
        var extra = AllAnswers(1);
        extra["9"] = 1;
        Assert.Equal("answers", Assert.Single(Rating.Check(extra, "satisfied", null, "web").Errors).Field);
        Assert.Equal(8, Rating.Check(null, "satisfied", null, "web").Errors.Count);
    }

    [Fact]
    public void Overall_comment_and_channel_are_named()
    {
        Assert.Equal("overall", Assert.Single(Rating.Check(AllAnswers(1), "great", null, "web").Errors).Field);
        Assert.Equal("overall", Assert.Single(Rating.Check(AllAnswers(1), null, null, "web").Errors).Field);
        Assert.Equal("comment", Assert.Single(Rating.Check(AllAnswers(1), "satisfied", new string('a', 1001), "web").Errors).Field);
        Assert.Empty(Rating.Check(AllAnswers(1), "satisfied", new string('a', 1000), "web").Errors);
        Assert.Equal("comment", Assert.Single(Rating.Check(AllAnswers(1), "satisfied", "a\u0000b", "web").Errors).Field);
        Assert.Equal("channel", Assert.Single(Rating.Check(AllAnswers(1), "satisfied", null, "fax").Errors).Field);
    }

    [Fact]
    public void Cells_under_the_minimum_show_nothing()
    {
        var small = new RatingCell(4, [8, 8, 8, 8, 8, 8, 8, 8], 4, 0, 0);
        Assert.True(small.Suppressed(RatingCell.DefaultMinCell));
        Assert.Null(small.Averages(RatingCell.DefaultMinCell));
        Assert.Null(small.Share(4, RatingCell.DefaultMinCell));
        var cell = new RatingCell(5, [10, 9, 5, 0, 7, 10, 10, 3], 3, 1, 1);
        Assert.False(cell.Suppressed(5));
        Assert.Equal([2m, 1.8m, 1m, 0m, 1.4m, 2m, 2m, 0.6m], cell.Averages(5));
        Assert.Equal(0.6m, cell.Share(3, 5));
    }

    [Fact]
    public void Unit_scoring_has_nine_indicators_checked_zero_to_two()
    {
        Assert.Equal(Enumerable.Range(1, 9), UnitScoring.Indicators.Select(i => i.Number));
        foreach (var i in UnitScoring.Indicators)
        {
            Assert.Null(UnitScoring.Check(i.Number, 0m, "selfScore"));
            Assert.Null(UnitScoring.Check(i.Number, 1.25m, "selfScore"));
            Assert.Null(UnitScoring.Check(i.Number, 2m, "appraisedScore"));
            Assert.Equal("appraisedScore", UnitScoring.Check(i.Number, 2.01m, "appraisedScore")!.Field);
            Assert.Equal("selfScore", UnitScoring.Check(i.Number, -0.5m, "selfScore")!.Field);
            Assert.Equal("selfScore", UnitScoring.Check(i.Number, null, "selfScore")!.Field);
            Assert.Equal("selfScore", UnitScoring.Check(i.Number, 1.125m, "selfScore")!.Field);
        }
        Assert.Equal("indicator", UnitScoring.Check(0, 1m, "selfScore")!.Field);
        Assert.Equal("indicator", UnitScoring.Check(10, 1m, "selfScore")!.Field);
    }

    [Fact]
    public void Bands_and_quarters()
    {
        Assert.Equal("Xuất sắc", UnitScoring.Band(18m, UnitScoring.DefaultBands));
        Assert.Equal("Xuất sắc", UnitScoring.Band(16m, UnitScoring.DefaultBands));
        Assert.Equal("Tốt", UnitScoring.Band(15.99m, UnitScoring.DefaultBands));
        Assert.Equal("Khá", UnitScoring.Band(9m, UnitScoring.DefaultBands));
        Assert.Equal("Trung bình", UnitScoring.Band(8.99m, UnitScoring.DefaultBands));
        Assert.Equal("Yếu", UnitScoring.Band(0m, UnitScoring.DefaultBands));
        Assert.Equal(new DateOnly(2026, 7, 1), UnitScoring.Quarter("2026-Q3"));
        Assert.Equal(new DateOnly(2026, 10, 1), UnitScoring.Quarter("q4/2026"));
        foreach (var bad in new[] { null, "", "2026-Q5", "2026", "Q0/2026", "1999-Q1" }) Assert.Null(UnitScoring.Quarter(bad));
        Assert.Equal("Q3/2026", UnitScoring.QuarterName(new DateOnly(2026, 7, 1)));
    }
}

/// <summary>Who reads ratings' figures and writes unit scores, generated over every role × grouping × own or other agency.</summary>
public class RatingAccessTests
{
    [Fact]
    public void Every_role_reads_and_writes_as_the_table_says()
    {
        foreach (var role in Enum.GetValues<OfficerRole>())
        {
            var officer = new Officer(new Actor("x", 1, null), role, 5);
            var overseer = role is OfficerRole.Inspector or OfficerRole.Admin;
            foreach (var by in Enum.GetValues<RatingGrouping>())
            {
                Assert.Equal(overseer || role == OfficerRole.Leader || by == RatingGrouping.Officer, RatingAccess.MayRead(officer, 5, true, by));
                // Another agency within the leader's reach (the province centre's leader, trial 17v MEDIUM 3): read as the 766 index.
                Assert.Equal(overseer || role == OfficerRole.Leader, RatingAccess.MayRead(officer, 6, true, by));
                Assert.Equal(overseer, RatingAccess.MayRead(officer, 6, false, by));
            }
            Assert.Equal(overseer || role == OfficerRole.Leader, RatingAccess.MayReadScores(officer, true));
            Assert.Equal(overseer, RatingAccess.MayReadScores(officer, false));
            Assert.Equal(role == OfficerRole.Leader, RatingAccess.MayWrite(officer, 5, UnitScoreColumn.SelfScore));
            Assert.False(RatingAccess.MayWrite(officer, 6, UnitScoreColumn.SelfScore));
            Assert.Equal(role == OfficerRole.Inspector, RatingAccess.MayWrite(officer, 6, UnitScoreColumn.AppraisedScore));
            Assert.Equal(role is OfficerRole.Inspector or OfficerRole.Leader, RatingAccess.MayReadComments(officer, true));
        }
    }
}
