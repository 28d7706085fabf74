using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.NationalPortal;

namespace MotCua.Domain.Tests.NationalPortal;

/// <summary>
/// The monitoring ingest's rules (fresh trial p16n): a monitored dossier's reported instants must hold together and not lie
/// ahead of the clock beyond <see cref="MonitoredDates.ClockSkew"/>; every message carrying a status obeys the portal's
/// transitions (<see cref="PortalStatus.MoveRefusal"/>).
/// </summary>
public class MonitoredDatesTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 18, 9, 0, 0, VietnamTime.Offset);
    private static readonly DateTimeOffset Submitted = new(2025, 11, 17, 8, 0, 0, VietnamTime.Offset);
    private static readonly DateTimeOffset Received = Submitted.AddMinutes(30);

    private static MonitoredFacts Facts(DossierStatus status = DossierStatus.Returned, DateTimeOffset? received = null, DateTimeOffset? due = null,
        DateTimeOffset? finished = null, DateTimeOffset? returned = null, DateTimeOffset? refused = null) =>
        new(status, Submitted, received ?? Received, due, finished, returned, refused, null);

    public static TheoryData<string, string> Wrong => new()
    {
        { "received before submitted", "NgayTiepNhan" },
        { "received ahead", "NgayTiepNhan" },
        { "due before received", "NgayHenTra" },
        { "finished before received", "NgayKetThucXuLy" },
        { "finished ahead", "NgayKetThucXuLy" },
        { "returned before received", "NgayTra" },
        { "returned before finished", "NgayTra" },
        { "returned ahead", "NgayTra" },
        { "refused before submitted", "NgayTuChoi" },
        { "refused ahead", "NgayTuChoi" },
    };

    [Theory]
    [MemberData(nameof(Wrong))]
    public void A_date_that_contradicts_another_or_the_clock_is_named_by_its_field(string which, string field)
    {
        var facts = which switch
        {
            "received before submitted" => Facts(received: Submitted.AddHours(-1)),
            "received ahead" => Facts(received: Now.AddMinutes(6)),
            "due before received" => Facts(due: Received.AddMinutes(-1)),
            "finished before received" => Facts(finished: Received.AddDays(-10)),
            "finished ahead" => Facts(finished: Now.AddDays(10)),
            "returned before received" => Facts(returned: Received.AddMinutes(-1)),
            "returned before finished" => Facts(finished: Now.AddHours(-1), returned: Now.AddHours(-2)),
            "returned ahead" => Facts(finished: Now.AddHours(-1), returned: Now.AddDays(2)),
            "refused before submitted" => Facts(DossierStatus.NotReceived, refused: Submitted.AddDays(-1)),
            _ => Facts(DossierStatus.NotReceived, refused: Now.AddDays(30)),
        };
        var errors = MonitoredDates.Check(facts, Now);
        Assert.Equal([field], errors.Select(e => e.Field));
    }

    [Fact]
    public void Dates_in_order_within_the_clock_skew_pass()
    {
        Assert.Empty(MonitoredDates.Check(Facts(received: Now.AddMinutes(5), due: Now.AddDays(3), finished: Now.AddMinutes(5), returned: Now.AddMinutes(5)), Now));
        Assert.Empty(MonitoredDates.Check(Facts(finished: Received, returned: Received), Now));
        Assert.Null(MonitoredDates.CheckStep(Now.AddMinutes(5), Submitted, Now));
        Assert.Null(MonitoredDates.CheckStep(Submitted, Submitted, Now));
        Assert.NotNull(MonitoredDates.CheckStep(new DateTimeOffset(2030, 1, 1, 8, 0, 0, VietnamTime.Offset), Submitted, Now));
        Assert.NotNull(MonitoredDates.CheckStep(new DateTimeOffset(2020, 1, 1, 8, 0, 0, VietnamTime.Offset), Submitted, Now));
    }

    [Fact]
    public void Every_status_move_is_refused_exactly_when_the_portal_would_refuse_it()
    {
        foreach (var from in Enum.GetValues<DossierStatus>())
            foreach (var to in Enum.GetValues<DossierStatus>())
                Assert.Equal(!PortalStatus.CanMove(PortalStatus.Code(from), PortalStatus.Code(to)), PortalStatus.MoveRefusal(from, to) is not null);
        Assert.NotNull(PortalStatus.MoveRefusal(DossierStatus.Returned, DossierStatus.InProcess));
        Assert.NotNull(PortalStatus.MoveRefusal(DossierStatus.NotReceived, DossierStatus.Submitted));
    }
}
