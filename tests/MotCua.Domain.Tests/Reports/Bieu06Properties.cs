using FsCheck;
using FsCheck.Fluent;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Reports;
using MotCua.Domain.Tests.Calendar;
using Xunit.Abstractions;

namespace MotCua.Domain.Tests.Reports;

/// <summary>
/// Biểu 06 from counts equals Biểu 06 recounted dossier by dossier, for generated dossier histories (every end, due dates
/// before, on and after the end day, at any time of day) and periods, and both keep every identity. The counts are the
/// marks summed before and during the period, as the database sums them (docs/REPORTS.md).
/// </summary>
public class Bieu06Properties(ITestOutputHelper output)
{
    private static readonly DateOnly Origin = new(2026, 1, 1);
    private static readonly string[] Fields = ["Hộ tịch", "Chứng thực", "Đất đai"];

    private static DateTimeOffset Instant(int day, int minute) => VietnamTime.At(Origin.AddDays(day), TimeOnly.MinValue).AddMinutes(minute);

    private static readonly Gen<Bieu06Dossier> Dossier =
        from field in Gen.Elements(Fields)
        from channel in Gen.Elements(Channel.Direct, Channel.Online, Channel.Postal)
        from status in Gen.Elements(Enum.GetValues<DossierStatus>())
        from receivedDay in Gen.Choose(0, 60)
        from receivedMinute in Gen.Choose(0, 1439)
        from dueDays in Gen.Choose(0, 20)
        from dueMinute in Gen.Choose(0, 1439)
        from hasDue in Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
        from endDays in Gen.Choose(0, 30)
        from endMinute in Gen.Choose(0, 1439)
        from refused in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from withdrawn in Gen.Elements(true, false)
        let received = Instant(receivedDay, receivedMinute)
        let end = Instant(receivedDay + endDays, endMinute) < received ? received : Instant(receivedDay + endDays, endMinute)
        let finished = status is DossierStatus.ResultReady or DossierStatus.Returned
        select new Bieu06Dossier(field, channel, status,
            status == DossierStatus.Submitted ? null : received,
            hasDue ? Instant(receivedDay + dueDays, dueMinute) : null,
            finished ? end : null, finished ? (refused ? ResultKind.Refused : ResultKind.Approved) : null,
            status == DossierStatus.Stopped ? end : null, withdrawn && status is DossierStatus.Stopped or DossierStatus.WithdrawalRequested);

    private static readonly Gen<(List<Bieu06Dossier> Dossiers, DateOnly From, DateOnly To)> Histories =
        from dossiers in Gen.ListOf(Dossier)
        from start in Gen.Choose(-5, 100)
        from length in Gen.Choose(0, 60)
        select (dossiers.ToList(), Origin.AddDays(start), Origin.AddDays(start + length));

    /// <summary>What the database holds for the period: each mark summed before the period and during it (marks after it are not read).</summary>
    internal static IEnumerable<Bieu06Sum> Sums(IEnumerable<Bieu06Dossier> dossiers, DateOnly from, DateOnly to) =>
        dossiers.SelectMany(d => Bieu06.Marks(d).Select(m => (d.Field, m.Day, m.Measure)))
            .GroupBy(m => (m.Field, m.Measure))
            .Select(g => new Bieu06Sum(g.Key.Field, g.Key.Measure, g.LongCount(m => m.Day < from), g.LongCount(m => m.Day >= from && m.Day <= to)));

    private static bool Same(Bieu06Report a, Bieu06Report b) => a.Rows.SequenceEqual(b.Rows) && a.Total == b.Total;

    [Fact]
    public void The_report_from_counts_equals_the_recount_and_keeps_every_identity() =>
        SeededProperty.Check(output, Histories, h =>
        {
            var recount = Bieu06.Recount(h.From, h.To, h.Dossiers);
            var counted = Bieu06.FromSums(h.From, h.To, Sums(h.Dossiers, h.From, h.To));
            return Same(recount, counted) && recount.Rows.Append(recount.Total).All(r => Bieu06.IdentityProblems(r).Count == 0)
                && recount.Total.ReceivedTotal == h.Dossiers.Count(d => Bieu06.Counts(d, Bieu06Column.ReceivedTotal, h.From, h.To));
        }, runs: 500);

    [Fact]
    public void A_dossier_resolved_on_its_due_day_is_never_overdue_in_progress_and_late_only_after_the_due_instant()
    {
        var received = Instant(0, 8 * 60);
        var due = Instant(5, 17 * 60);
        Bieu06Dossier Finished(int minute) => new("Hộ tịch", Channel.Direct, DossierStatus.ResultReady, received, due, Instant(5, minute), ResultKind.Approved, null, false);
        var day = Origin.AddDays(5);
        Assert.True(Bieu06.Counts(Finished(16 * 60), Bieu06Column.OnTime, day, day));
        Assert.True(Bieu06.Counts(Finished(17 * 60 + 1), Bieu06Column.Late, day, day));
        Assert.True(Bieu06.Counts(Finished(17 * 60 + 1), Bieu06Column.WithinLimit, Origin, day.AddDays(-1)));
        Assert.DoesNotContain(Bieu06.Marks(Finished(17 * 60 + 1)), m => m.Measure == Bieu06Measure.OverdueFrom);
        var open = Finished(0) with { Status = DossierStatus.InProcess, ResultReadyAt = null, ResultKind = null };
        Assert.True(Bieu06.Counts(open, Bieu06Column.WithinLimit, Origin, day.AddDays(-1)));
        Assert.True(Bieu06.Counts(open, Bieu06Column.Overdue, Origin, day));
    }

    [Fact]
    public void Counts_that_break_an_identity_are_refused()
    {
        var from = Origin;
        var sums = new[] { new Bieu06Sum("Hộ tịch", Bieu06Measure.Early, 0, 1) };
        var refusal = Assert.Throws<Bieu06IdentityException>(() => Bieu06.FromSums(from, from, sums));
        Assert.Contains("Hộ tịch", refusal.Message);
    }

    [Theory]
    [InlineData("quy-1-2026", "2025-12-15", "2026-03-14", "Quý I năm 2026")]
    [InlineData("quy-4-2026", "2026-09-15", "2026-12-14", "Quý IV năm 2026")]
    [InlineData("6-thang-2026", "2025-12-15", "2026-06-14", "6 tháng đầu năm 2026")]
    [InlineData("nam-2026", "2025-12-15", "2026-12-14", "Năm 2026")]
    public void The_regulations_periods_run_from_the_15th_of_the_month_before(string name, string from, string to, string label)
    {
        var period = Bieu06Period.Named(name)!;
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to), label), (period.From, period.To, period.Label));
    }

    [Fact]
    public void Quarters_follow_each_other_without_gap_and_make_the_year()
    {
        for (var q = 1; q < 4; q++) Assert.Equal(Bieu06Period.Quarter(2026, q).To.AddDays(1), Bieu06Period.Quarter(2026, q + 1).From);
        Assert.Equal((Bieu06Period.Quarter(2026, 1).From, Bieu06Period.Quarter(2026, 4).To), (Bieu06Period.Year(2026).From, Bieu06Period.Year(2026).To));
        Assert.Null(Bieu06Period.Named("quy-5-2026"));
        Assert.Equal("to", Bieu06Period.Problem(Origin, Origin.AddDays(-1))!.Value.Field);
    }
}
