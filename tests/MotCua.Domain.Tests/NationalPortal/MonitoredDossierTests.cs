using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.NationalPortal;

namespace MotCua.Domain.Tests.NationalPortal;

/// <summary>
/// A monitored dossier's dates against its status and against what it already holds (fresh trial p16p): each status names
/// the dates it requires (<see cref="MonitoredDates.Missing"/>), a blank date keeps the stored one
/// (<see cref="Dossier.Keeping"/>), none is taken from the clock, and a date or step contradicting the dossier is named
/// (<see cref="Dossier.MirrorConflicts"/>, <see cref="Dossier.StepRefusal"/>); a snapshot may jump forward
/// (<see cref="PortalStatus.SnapshotRefusal"/>).
/// </summary>
public class MonitoredDossierTests
{
    private static readonly DateTimeOffset Submitted = new(2025, 11, 17, 8, 0, 0, VietnamTime.Offset);
    private static readonly DateTimeOffset Received = Submitted.AddMinutes(30);
    private static readonly DateTimeOffset Due = Submitted.AddDays(3);
    private static readonly DateTimeOffset Now = Submitted.AddDays(1);
    private static readonly Actor Ministry = new("Hệ thống Bộ Tư pháp", ClientId: 7);

    private static MonitoredFacts Facts(DossierStatus status, DateTimeOffset? received = null, DateTimeOffset? due = null,
        DateTimeOffset? finished = null, DateTimeOffset? returned = null, DateTimeOffset? refused = null) =>
        new(status, Submitted, received, due, finished, returned, refused, null);

    private static Dossier Monitored(MonitoredFacts facts) => Dossier.Monitor("G01.BTP-251117-12345", 1,
        new ProcedureRef("1.001193", 1, "Đăng ký khai sinh", TimeLimit.SameDay), Channel.Online,
        new Applicant("Đặng Thị Thu", "046195001122", "", null, ""), Ministry.Name, facts, Ministry, Now);

    public static TheoryData<DossierStatus, string[]> Required => new()
    {
        { DossierStatus.Submitted, [] },
        { DossierStatus.Received, ["NgayTiepNhan", "NgayHenTra"] },
        { DossierStatus.NotReceived, ["NgayTuChoi"] },
        { DossierStatus.InProcess, ["NgayTiepNhan", "NgayHenTra"] },
        { DossierStatus.SupplementRequested, [] },
        { DossierStatus.AwaitingPayment, ["NgayTiepNhan", "NgayHenTra"] },
        { DossierStatus.WithdrawalRequested, [] },
        { DossierStatus.Stopped, ["NgayKetThucXuLy"] },
        { DossierStatus.ResultReady, ["NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy"] },
        { DossierStatus.Returned, ["NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra"] },
    };

    [Theory]
    [MemberData(nameof(Required))]
    public void Each_status_names_the_dates_it_requires(DossierStatus status, string[] fields)
    {
        Assert.Equal(fields, MonitoredDates.Missing(Facts(status)).Select(e => e.Field));
        Assert.Empty(MonitoredDates.Missing(Facts(status, Received, Due, Now, Now, Now)));
        if (fields.Length > 0) Assert.Throws<ArgumentException>(() => Monitored(Facts(status)));
    }

    [Fact]
    public void A_blank_date_keeps_the_stored_one_and_none_comes_from_the_clock()
    {
        var dossier = Monitored(Facts(DossierStatus.Returned, Received, Due, Received.AddHours(2), Received.AddHours(3)));
        var resent = dossier.Keeping(Facts(DossierStatus.Returned));
        Assert.Empty(MonitoredDates.Missing(resent));
        Assert.Empty(dossier.MirrorConflicts(resent));
        dossier.Mirror(resent, Ministry, Now.AddDays(30));
        Assert.Equal((Received, Due, Received.AddHours(2), Received.AddHours(3)), (dossier.ReceivedAt, dossier.DueAt, dossier.ResultReadyAt, dossier.ReturnedAt));
        // A different return once recorded is refused [choice], and so is a different end.
        Assert.Equal(["NgayTra"], dossier.MirrorConflicts(resent with { ReturnedAt = Received.AddHours(4) }).Select(e => e.Field));
        Assert.Equal(["NgayKetThucXuLy"], dossier.MirrorConflicts(resent with { FinishedAt = Received.AddHours(1) }).Select(e => e.Field));
    }

    [Fact]
    public void Steps_and_dates_out_of_order_with_what_the_dossier_holds_are_named()
    {
        var dossier = Monitored(Facts(DossierStatus.Received, Received, Due));
        var ready = new MonitoredStep("Nguyễn Văn Hải", Received.AddHours(5), "Có kết quả", DossierStatus.ResultReady);
        Assert.NotNull(dossier.StepRefusal(ready with { At = Received.AddMinutes(-10) }));
        Assert.Null(dossier.StepRefusal(ready));
        Assert.True(dossier.MirrorStep(ready, Ministry));
        Assert.Equal(Received.AddHours(5), dossier.ResultReadyAt);
        var back = new MonitoredStep("Nguyễn Văn Hải", Received.AddHours(4), "Trả kết quả", DossierStatus.Returned);
        Assert.NotNull(dossier.StepRefusal(back));
        Assert.Null(dossier.StepRefusal(back with { At = Received.AddHours(6) }));
        // A HoSo moving the submission after the recorded step, or the reception after it.
        var later = dossier.Keeping(Facts(DossierStatus.ResultReady) with { SubmittedAt = Received.AddHours(6) });
        Assert.Contains("NgayNopHoSo", dossier.MirrorConflicts(later).Select(e => e.Field));
        Assert.Contains("NgayTiepNhan", dossier.MirrorConflicts(dossier.Keeping(Facts(DossierStatus.ResultReady, received: Received.AddHours(6)))).Select(e => e.Field));
    }

    [Fact]
    public void A_snapshot_may_jump_forward_never_back_nor_out_of_a_final_status()
    {
        Assert.Null(PortalStatus.SnapshotRefusal(DossierStatus.InProcess, DossierStatus.Returned));
        Assert.Null(PortalStatus.SnapshotRefusal(DossierStatus.Submitted, DossierStatus.InProcess));
        Assert.NotNull(PortalStatus.MoveRefusal(DossierStatus.InProcess, DossierStatus.Returned));
        Assert.NotNull(PortalStatus.SnapshotRefusal(DossierStatus.Returned, DossierStatus.Received));
        Assert.NotNull(PortalStatus.SnapshotRefusal(DossierStatus.NotReceived, DossierStatus.Submitted));
        Assert.NotNull(PortalStatus.SnapshotRefusal(DossierStatus.ResultReady, DossierStatus.InProcess));
        foreach (var from in Enum.GetValues<DossierStatus>())
            foreach (var to in Enum.GetValues<DossierStatus>())
                if (PortalStatus.MoveRefusal(from, to) is null) Assert.Null(PortalStatus.SnapshotRefusal(from, to));
    }
}
