using System.Globalization;
using MotCua.Domain.Administration;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.NationalPortal;

/// <summary>
/// Whether the instants a ministry's system reports for a monitored dossier (the portal's HoSo and QuaTrinhXuLy, docs/PORTAL.md
/// "Monitoring") can be true together and by the clock: submitted ≤ received ≤ finished ≤ returned, due not before the
/// reception, a refusal not before the submission, and none after now. Each error is named by the portal's field, so the
/// ingest refuses the item with it and stores nothing (fresh trial p16n: a reception before the submission, a dossier
/// finished ten days before it was received, or returned in the future, was mirrored and counted).
/// </summary>
public static class MonitoredDates
{
    /// <summary>How far after now a reported instant may be: the ministry's clock and ours need not agree to the second
    /// [choice: 5 minutes].</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The earliest instant a dossier of any unit MotCua serves can carry [choice]: the day the two-level local government
    /// took effect (<see cref="AgencyRules.TwoLevelGovernmentFrom"/>, 01/07/2025, midnight Vietnam time), when every commune
    /// and ward of the data began. The portal's push and the monitoring ingest both refuse an earlier date (trial 16g LOW 11:
    /// a ward made by the reorganisation was sent a dossier submitted in 2000); the push also refuses one over 90 days old.
    /// </summary>
    public static readonly DateTimeOffset Floor = VietnamTime.At(AgencyRules.TwoLevelGovernmentFrom, TimeOnly.MinValue);

    /// <summary>How far after the reception (or submission) a reported due date may lie [choice: 5 years]: the longest
    /// published time limits are months; a later date (21001231…) would make the dossier never overdue in the reports.</summary>
    public const int MaxDueYears = 5;

    /// <summary>Why <paramref name="at"/>, the portal's field <paramref name="field"/>, is too early to be true (before
    /// <see cref="Floor"/>); null when it is not.</summary>
    public static string? BeforeFloor(string field, DateTimeOffset at) =>
        at < Floor ? $"{field} không được trước {Shown(Floor)} (chính quyền địa phương hai cấp; không đơn vị nào tiếp nhận hồ sơ trước ngày đó)." : null;

    /// <summary>
    /// Every contradiction among <paramref name="facts"/>' instants and with <paramref name="now"/>, at most one per field:
    /// (the portal's field name — <c>NgayNopHoSo</c>, <c>NgayTiepNhan</c>, <c>NgayHenTra</c>, <c>NgayKetThucXuLy</c>,
    /// <c>NgayTra</c>, <c>NgayTuChoi</c> — and a Vietnamese message). Empty when the dates hold together. A reception
    /// later than now is named on <c>NgayTiepNhan</c>, and a submission later than now on <c>NgayNopHoSo</c> unless it is
    /// the same instant (NgayNopHoSo defaults to NgayTiepNhan: one mistake, named once). Any instant before
    /// <see cref="Floor"/> is named, with only the dates ahead of the clock beside it (the orders it breaks are not named
    /// again); a due date more than <see cref="MaxDueYears"/> years after the start is named.
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> Check(MonitoredFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var errors = new List<(string Field, string Message)>();
        var latest = now + ClockSkew;
        var start = facts.ReceivedAt ?? facts.SubmittedAt;
        var startName = facts.ReceivedAt is null ? "NgayNopHoSo" : "NgayTiepNhan";
        var instants = new[] { ("NgayNopHoSo", (DateTimeOffset?)facts.SubmittedAt), ("NgayTiepNhan", facts.ReceivedAt), ("NgayHenTra", facts.DueAt),
            ("NgayKetThucXuLy", facts.FinishedAt), ("NgayTra", facts.ReturnedAt), ("NgayTuChoi", facts.RefusedAt) };
        foreach (var (field, at) in instants)
            if (at is { } instant && BeforeFloor(field, instant) is { } early) errors.Add((field, early));
        if (errors.Count > 0)
        {
            // An order against a date before the floor says nothing more; a date ahead of the clock still is named (a due
            // date may lie ahead).
            foreach (var (field, at) in instants)
                if (field != "NgayHenTra" && at > latest && !errors.Any(e => e.Field == field)) errors.Add((field, Future(field)));
            return errors;
        }
        // Trial 16g LOW 11: a future submission went unnamed when the reception was in the future too.
        if (facts.SubmittedAt > latest && facts.SubmittedAt != facts.ReceivedAt) errors.Add(("NgayNopHoSo", Future("NgayNopHoSo")));
        if (facts.ReceivedAt > latest) errors.Add(("NgayTiepNhan", Future("NgayTiepNhan")));
        else if (facts.ReceivedAt < facts.SubmittedAt && facts.SubmittedAt <= latest)
            errors.Add(("NgayTiepNhan", $"NgayTiepNhan không được trước NgayNopHoSo ({Shown(facts.SubmittedAt)})."));
        if (facts.DueAt < start) errors.Add(("NgayHenTra", "NgayHenTra không được trước NgayTiepNhan (hoặc NgayNopHoSo)."));
        else if (facts.DueAt > start.AddYears(MaxDueYears))
            errors.Add(("NgayHenTra", $"NgayHenTra không được sau {startName} quá {MaxDueYears} năm (đến {Shown(start.AddYears(MaxDueYears))})."));
        if (facts.FinishedAt > latest) errors.Add(("NgayKetThucXuLy", Future("NgayKetThucXuLy")));
        else if (facts.FinishedAt < start) errors.Add(("NgayKetThucXuLy", $"NgayKetThucXuLy không được trước {startName} ({Shown(start)})."));
        if (facts.ReturnedAt > latest) errors.Add(("NgayTra", Future("NgayTra")));
        else if (facts.ReturnedAt < start) errors.Add(("NgayTra", $"NgayTra không được trước {startName} ({Shown(start)})."));
        else if (facts.ReturnedAt < facts.FinishedAt) errors.Add(("NgayTra", $"NgayTra không được trước NgayKetThucXuLy ({Shown(facts.FinishedAt!.Value)})."));
        if (facts.RefusedAt > latest) errors.Add(("NgayTuChoi", Future("NgayTuChoi")));
        else if (facts.RefusedAt < facts.SubmittedAt) errors.Add(("NgayTuChoi", $"NgayTuChoi không được trước NgayNopHoSo ({Shown(facts.SubmittedAt)})."));
        return errors;
    }

    /// <summary>
    /// The dates a HoSo at <paramref name="facts"/>' status must carry, missing from it: each status names its own (fresh trial
    /// p16p MEDIUM 1: a returned dossier without NgayTra was given the ingest's instant, a fabricated date in Biểu 06 and the
    /// 766 index). Received, in process, awaiting payment, result ready and returned (2, 4, 6, 9, 10; only reachable after
    /// a reception): <c>NgayTiepNhan</c> and <c>NgayHenTra</c>; not received (3): <c>NgayTuChoi</c>; stopped, result ready,
    /// returned (8, 9, 10): <c>NgayKetThucXuLy</c>; returned (10): <c>NgayTra</c>. Submitted, supplement or withdrawal asked
    /// (1, 5, 7: possibly before any reception) need only the submission. Empty when none is missing. The ingest checks the
    /// facts after the dossier's stored dates fill the blanks (<see cref="Dossier.Keeping"/>: absent is not erased).
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> Missing(MonitoredFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var status = facts.Status;
        var code = PortalStatus.Code(status);
        var errors = new List<(string Field, string Message)>();
        void Need(bool needed, DateTimeOffset? value, string field)
        {
            if (needed && value is null) errors.Add((field, $"Hồ sơ ở trạng thái {code} ({status.Vietnamese()}) cần {field}, dạng yyyyMMddHHmmss giờ Việt Nam."));
        }
        var received = status is DossierStatus.Received or DossierStatus.InProcess or DossierStatus.AwaitingPayment
            or DossierStatus.ResultReady or DossierStatus.Returned;
        Need(received, facts.ReceivedAt, "NgayTiepNhan");
        Need(received, facts.DueAt, "NgayHenTra");
        Need(status is DossierStatus.Stopped or DossierStatus.ResultReady or DossierStatus.Returned, facts.FinishedAt, "NgayKetThucXuLy");
        Need(status is DossierStatus.Returned, facts.ReturnedAt, "NgayTra");
        Need(status is DossierStatus.NotReceived, facts.RefusedAt, "NgayTuChoi");
        return errors;
    }

    /// <summary>
    /// Why a progress step reported at <paramref name="at"/> (<c>ThoiDiemXuLy</c>) cannot be true of a dossier submitted at
    /// <paramref name="submittedAt"/>: after now (beyond <see cref="ClockSkew"/>) or before the submission; null when it can.
    /// </summary>
    public static string? CheckStep(DateTimeOffset at, DateTimeOffset submittedAt, DateTimeOffset now) =>
        at > now + ClockSkew ? Future("ThoiDiemXuLy")
        : at < submittedAt ? $"ThoiDiemXuLy không được trước thời điểm nộp hồ sơ ({Shown(submittedAt)})."
        : null;

    private static string Future(string field) => $"{field} không được sau thời điểm hiện tại.";

    /// <summary>An instant as the ingest's messages show it: "HH:mm dd/MM/yyyy", Vietnam time.</summary>
    public static string Shown(DateTimeOffset at) =>
        VietnamTime.ToVietnam(at).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
}
