using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.NationalPortal;

namespace MotCua.Domain.Tests.NationalPortal;

/// <summary>
/// Brief p16q: the monitoring ingest's date rules name a future submission beside a future reception (trial 16g LOW 11),
/// bound the due date (<see cref="MonitoredDates.MaxDueYears"/>) and share the push's floor (<see cref="MonitoredDates.Floor"/>,
/// 01/07/2025); a supplement request's lines are each checked (<see cref="Dossier.SupplementLineProblems"/>, trial 16f LOW G).
/// </summary>
public class MonitoredDatesBoundsTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 18, 9, 0, 0, VietnamTime.Offset);

    private static MonitoredFacts Facts(DateTimeOffset submitted, DateTimeOffset? received = null, DateTimeOffset? due = null) =>
        new(DossierStatus.Received, submitted, received, due, null, null, null, null);

    [Fact]
    public void A_future_submission_is_named_beside_a_future_reception_but_not_when_it_is_the_reception_itself()
    {
        var ahead = Now.AddDays(1);
        Assert.Equal(["NgayNopHoSo", "NgayTiepNhan"], MonitoredDates.Check(Facts(ahead, ahead.AddMinutes(30), ahead.AddDays(3)), Now).Select(e => e.Field).Order(StringComparer.Ordinal));
        // NgayNopHoSo absent defaults to NgayTiepNhan: one mistake, named once.
        Assert.Equal(["NgayTiepNhan"], MonitoredDates.Check(Facts(ahead, ahead, ahead.AddDays(3)), Now).Select(e => e.Field));
        // A future submission with a past reception: the submission is the wrong one.
        Assert.Equal(["NgayNopHoSo"], MonitoredDates.Check(Facts(ahead, Now.AddDays(-1), Now.AddDays(2)), Now).Select(e => e.Field));
    }

    [Fact]
    public void A_due_date_more_than_five_years_after_the_reception_is_named()
    {
        var received = Now.AddDays(-1);
        Assert.Empty(MonitoredDates.Check(Facts(received, received, received.AddYears(MonitoredDates.MaxDueYears)), Now));
        Assert.Equal(["NgayHenTra"], MonitoredDates.Check(Facts(received, received, received.AddYears(MonitoredDates.MaxDueYears).AddMinutes(1)), Now).Select(e => e.Field));
        Assert.Equal(["NgayHenTra"], MonitoredDates.Check(Facts(received, received, new DateTimeOffset(2100, 12, 31, 17, 0, 0, VietnamTime.Offset)), Now).Select(e => e.Field));
    }

    [Fact]
    public void No_date_before_the_two_level_government_is_taken_by_the_ingest_or_the_push()
    {
        Assert.Equal(new DateTimeOffset(2025, 7, 1, 0, 0, 0, VietnamTime.Offset), MonitoredDates.Floor);
        var early = new DateTimeOffset(2000, 1, 1, 8, 0, 0, VietnamTime.Offset);
        // Named for the floor only, not also for the order it then breaks.
        Assert.Equal(["NgayNopHoSo"], MonitoredDates.Check(Facts(early, Now.AddDays(-1), Now.AddDays(2)), Now).Select(e => e.Field));
        Assert.Equal(["NgayNopHoSo", "NgayTiepNhan"], MonitoredDates.Check(Facts(early, early.AddHours(1), Now.AddDays(2)), Now).Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.NotNull(MonitoredDates.BeforeFloor("NgayNopHoSo", MonitoredDates.Floor.AddSeconds(-1)));
        Assert.Null(MonitoredDates.BeforeFloor("NgayNopHoSo", MonitoredDates.Floor));
    }

    [Fact]
    public void Every_bad_line_of_a_supplement_request_is_named_and_none_is_dropped()
    {
        var problems = Dossier.SupplementLineProblems([
            new SupplementItem("Giấy chứng sinh", ""), new SupplementItem("", "Chưa đính kèm"), new SupplementItem(" ", " "), null,
            new SupplementItem("Giấy xác nhận cư trú", "Bản chụp mờ")]);
        Assert.Equal(["items[0].reason", "items[1].document", "items[2]", "items[3]"], problems.Select(p => p.Field));
        Assert.Equal(["items"], Dossier.SupplementLineProblems([]).Select(p => p.Field));
        Assert.Empty(Dossier.SupplementLineProblems([new SupplementItem("Giấy chứng sinh", "Thiếu dấu")]));
    }
}
