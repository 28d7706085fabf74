using MotCua.Domain.Calendar;

namespace MotCua.Domain.Dossiers;

/// <summary>
/// One hand-over on the control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ): when the step ended, who handed the
/// dossier on and who took it next, and whether the step kept its allowance.
/// </summary>
public sealed record ControlSlipRow(DateTimeOffset At, string Step, string Unit, string HandedBy, string? ReceivedBy, CompletionTiming? Timing, string? Note);

/// <summary>
/// The control slip computed from the recorded events, never typed: a row for each event that ended a step (or answered a
/// co-agency task), judged against the step's allowance counted from the end of the previous step in office time, less
/// the time the step waited for the citizen to pay.
/// The return to the citizen is judged against the dossier's original due date.
/// </summary>
public static class ControlSlip
{
    private static readonly HashSet<DossierEventAction> HandOvers =
    [
        DossierEventAction.Transfer, DossierEventAction.Assign, DossierEventAction.CompleteStep, DossierEventAction.SendBack,
        DossierEventAction.Approve, DossierEventAction.RefuseOnMerits, DossierEventAction.ResultReady,
    ];

    public static IReadOnlyList<ControlSlipRow> Rows(Dossier dossier, WorkingCalendar calendar)
    {
        var rows = new List<ControlSlipRow>();
        var stepStart = dossier.ReceivedAt ?? dossier.SubmittedAt;
        foreach (var e in dossier.Events)
        {
            if (e.Action == DossierEventAction.CoAgencyAnswer && dossier.CoAgencyTasks.FirstOrDefault(t => t.StepIndex == e.StepIndex) is { } task)
            {
                rows.Add(new ControlSlipRow(e.At, task.Name, task.Performer, e.ActorName, null, DeadlineClassifier.ClassifyFinished(e.At, task.DueAt), task.Answer));
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
                rows.Add(new ControlSlipRow(e.At, "Trả kết quả cho tổ chức, cá nhân", "Bộ phận Một cửa", e.ActorName, dossier.ReturnedTo,
                    dossier.Completion, e.Note));
                continue;
            }
            if (!HandOvers.Contains(e.Action) || e.StepIndex is not { } index) continue;
            var step = dossier.Process[index];
            // Office time spent waiting for the citizen to pay stopped this step's clock as it stopped the dossier's.
            var waited = calendar.PausedWorkingTime(PaymentWaitsSince(dossier, stepStart), e.At);
            var due = calendar.AddWorkingTime(stepStart, calendar.WorkingTimeOf(step.Allowance) + waited);
            rows.Add(new ControlSlipRow(e.At, step.Name, step.Performer, e.ActorName, null, DeadlineClassifier.ClassifyFinished(e.At, due), e.Note));
            stepStart = e.Action == DossierEventAction.Transfer ? dossier.TransferredAt ?? e.At : e.At;
        }
        // Whoever handed the dossier on next is the one who received it.
        for (var i = 0; i + 1 < rows.Count; i++)
            if (rows[i].ReceivedBy is null) rows[i] = rows[i] with { ReceivedBy = rows[i + 1].HandedBy };
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
