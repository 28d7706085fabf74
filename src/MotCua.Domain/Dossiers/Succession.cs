namespace MotCua.Domain.Dossiers;

/// <summary>A dossier whose unit was merged or split (Domain/Administration/Reorganisation.cs) goes on at the successor.</summary>
public sealed partial class Dossier
{
    /// <summary>Whether something may still happen to the dossier (not <see cref="DossierStatuses.Closed"/>).</summary>
    public bool IsOpen => !DossierStatuses.Closed.Contains(Status);

    /// <summary>
    /// Every role an ended unit held in this open dossier (receiving point, holder, resolving agency, steps of its process,
    /// co-agency tasks) passes to <paramref name="successorId"/>. The code, status and history stay; a line in the old
    /// unit's register becomes <paramref name="registerNumber"/> in the successor's book of the same year. The assignee
    /// stays only when <paramref name="keepAssignee"/>. Records a "reorganise" event with <paramref name="note"/>.
    /// Throws <see cref="DossierStateException"/> for a closed dossier or one naming none of <paramref name="oldAgencyIds"/>.
    /// </summary>
    public void MoveToSuccessor(IReadOnlyCollection<int> oldAgencyIds, int successorId, int? registerNumber, bool keepAssignee, string note, Actor actor, DateTimeOffset now)
    {
        if (!IsOpen)
            throw new DossierStateException($"Hồ sơ {Code} đã kết thúc (\"{Status.Vietnamese()}\") nên ở lại đơn vị cũ.", DossierRefusal.WrongState);
        int Map(int id) => oldAgencyIds.Contains(id) ? successorId : id;
        var touched = oldAgencyIds.Contains(ReceivingAgencyId) || oldAgencyIds.Contains(CurrentAgencyId)
            || ResolvingAgencyId is { } r && oldAgencyIds.Contains(r) || Process.Any(s => oldAgencyIds.Contains(s.AgencyId))
            || CoAgencyTasks.Any(t => oldAgencyIds.Contains(t.AgencyId));
        if (!touched) throw new DossierStateException($"Hồ sơ {Code} không thuộc đơn vị được sắp xếp.", DossierRefusal.WrongState);

        var register = "";
        if (oldAgencyIds.Contains(ReceivingAgencyId) && RegisterNumber is { } oldLine)
        {
            ArgumentNullException.ThrowIfNull(registerNumber);
            register = $" Sổ theo dõi năm {RegisterYear}: dòng {oldLine:D2} của đơn vị cũ, nay là dòng {registerNumber:D2} của đơn vị kế thừa.";
            RegisterNumber = registerNumber;
        }
        ReceivingAgencyId = Map(ReceivingAgencyId);
        CurrentAgencyId = Map(CurrentAgencyId);
        ResolvingAgencyId = ResolvingAgencyId is { } resolving ? Map(resolving) : null;
        if (Process.Any(s => oldAgencyIds.Contains(s.AgencyId))) Process = [.. Process.Select(s => s with { AgencyId = Map(s.AgencyId) })];
        if (CoAgencyTasks.Any(t => oldAgencyIds.Contains(t.AgencyId))) CoAgencyTasks = [.. CoAgencyTasks.Select(t => t with { AgencyId = Map(t.AgencyId) })];
        OpenTaskAgencyIds = [.. OpenTaskAgencyIds.Select(Map).Distinct()];
        if (!keepAssignee)
        {
            AssigneeUserId = null;
            AssigneeName = null;
        }
        Record(actor, now, DossierEventAction.Reorganise, Status, note + register, CurrentStepIndex);
    }
}
