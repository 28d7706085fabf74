using MotCua.Domain.Calendar;

namespace MotCua.Domain.Dossiers;

/// <summary>
/// One hand-over on the control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ): when the step ended, the unit that
/// performed it and handed the dossier on (<paramref name="Unit"/>, "1. Giao") and the unit that took it next
/// (<paramref name="ReceivingUnit"/>, "2. Nhận"; null for the last row of an open dossier), the people who handed and
/// received, and whether the step kept its allowance.
/// </summary>
public sealed record ControlSlipRow(DateTimeOffset At, string Step, string Unit, string HandedBy, string? ReceivedBy, CompletionTiming? Timing, string? Note,
    string? ReceivingUnit = null);

/// <summary>
/// The control slip computed from the recorded events, never typed: a row for each event that ended a step (or answered a
/// co-agency task), judged against the step's allowance counted from the end of the previous step in office time, less
/// the time the step waited for the citizen to pay.
/// The return to the citizen is judged against the dossier's original due date; its row goes from the one-stop unit to
/// "Tổ chức, cá nhân" (TT 01/2018 Mẫu 05, last row).
/// </summary>
public static class ControlSlip
{
    private static readonly HashSet<DossierEventAction> HandOvers =
    [
        DossierEventAction.Transfer, DossierEventAction.Assign, DossierEventAction.CompleteStep, DossierEventAction.SendBack,
        DossierEventAction.Approve, DossierEventAction.RefuseOnMerits, DossierEventAction.ResultReady,
    ];

    /// <summary>The name of whoever the result is returned to, in the last row.</summary>
    public const string Citizen = "Tổ chức, cá nhân";

    /// <summary>The rows in the order of the events; <paramref name="oneStopUnit"/> names the unit that returns the result.</summary>
    public static IReadOnlyList<ControlSlipRow> Rows(Dossier dossier, WorkingCalendar calendar, string oneStopUnit = "Bộ phận Một cửa")
    {
        var rows = new List<ControlSlipRow>();
        var workingDay = calendar.WorkingTimeOf(TimeLimit.Days(1));
        var stepStart = dossier.ReceivedAt ?? dossier.SubmittedAt;
        foreach (var e in dossier.Events)
        {
            if (e.Action == DossierEventAction.CoAgencyAnswer && dossier.CoAgencyTasks.FirstOrDefault(t => t.StepIndex == e.StepIndex) is { } task)
            {
                var allowed = calendar.WorkingTimeOf(dossier.Process[task.StepIndex].Allowance);
                rows.Add(new ControlSlipRow(e.At, task.Name, task.Performer, e.ActorName, null,
                    DeadlineClassifier.ClassifyFinished(e.At, task.DueAt, allowed, workingDay), task.Answer));
                continue;
            }
            if (e.Action == DossierEventAction.SupplementReceived)
            {
                // The step restarts with the time limit.
                stepStart = e.At;
                continue;
            }
            if (e.Action == DossierEventAction.Return)
            {
                rows.Add(new ControlSlipRow(e.At, "Trả kết quả cho tổ chức, cá nhân", oneStopUnit, e.ActorName, dossier.ReturnedTo,
                    dossier.Completion, e.Note, Citizen));
                continue;
            }
            if (!HandOvers.Contains(e.Action) || e.StepIndex is not { } index) continue;
            var step = dossier.Process[index];
            // Office time spent waiting for the citizen to pay stopped this step's clock as it stopped the dossier's.
            var waited = calendar.PausedWorkingTime(PaymentWaitsSince(dossier, stepStart), e.At);
            var allowance = calendar.WorkingTimeOf(step.Allowance);
            var due = calendar.AddWorkingTime(stepStart, allowance + waited);
            rows.Add(new ControlSlipRow(e.At, step.Name, step.Performer, e.ActorName, null,
                DeadlineClassifier.ClassifyFinished(e.At, due, allowance, workingDay), e.Note));
            stepStart = e.Action == DossierEventAction.Transfer ? dossier.TransferredAt ?? e.At : e.At;
        }
        // Whoever (and whichever unit) handed the dossier on next is the one who received it.
        for (var i = 0; i + 1 < rows.Count; i++)
            rows[i] = rows[i] with { ReceivedBy = rows[i].ReceivedBy ?? rows[i + 1].HandedBy, ReceivingUnit = rows[i].ReceivingUnit ?? rows[i + 1].Unit };
        return rows;
    }

    private static IEnumerable<Pause> PaymentWaitsSince(Dossier dossier, DateTimeOffset stepStart) =>
        dossier.Pauses
            .Where(p => p.Reason == PauseReason.Payment && (p.To is null || p.To > stepStart))
            .Select(p => (p.From < stepStart ? p with { From = stepStart } : p).ForCalendar());

    public static string Vietnamese(this CompletionTiming timing) => timing switch
    {
        CompletionTiming.Early => "Trước hạn",
        CompletionTiming.OnTime => "Đúng hạn",
        CompletionTiming.Late => "Quá hạn",
        _ => throw new ArgumentOutOfRangeException(nameof(timing), timing, null),
    };
}

/// <summary>
/// The competent agency (cơ quan có thẩm quyền giải quyết) of a dossier, as the control slip (Mẫu 06), the register
/// (Mẫu 07), Mẫu 04 and the result notice name it: the agency of the process's last approval step, whose leader decides
/// and signs the result; without an approval step (a hand-off to a higher level), the agency the dossier was handed to
/// (<see cref="Dossier.ResolvingAgencyId"/>); null before transfer, when no process is fixed yet. The one-stop unit only
/// receives and returns (Nghị định 118/2025/NĐ-CP; issue 11 item 4): when the approval step is performed at the unit's
/// own agency row (a process adopted without agency codes), that row stands for the agency its leaders belong to, and
/// the web names a commune unit's people's committee instead of the unit (docs/PROCESSING.md §6).
/// </summary>
public static class CompetentAgency
{
    /// <summary>The competent agency's id, or null before transfer.</summary>
    public static int? Of(Dossier dossier) =>
        dossier.Process.LastOrDefault(s => s.Kind == Catalog.StepKind.Approve)?.AgencyId ?? dossier.ResolvingAgencyId;
}
