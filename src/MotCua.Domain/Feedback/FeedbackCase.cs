using MotCua.Domain.Calendar;

namespace MotCua.Domain.Feedback;

/// <summary>One recorded act on a feedback (migration 0059 <c>feedback_events</c>).</summary>
public sealed record FeedbackEvent(DateTimeOffset At, FeedbackAction Action, FeedbackStatus From, FeedbackStatus To, string Note);

/// <summary>An act the feedback's status does not allow; the API answers 409 naming the current status.</summary>
public sealed class FeedbackTransitionException(FeedbackStatus current, FeedbackAction action)
    : InvalidOperationException($"Không thể {action.Vietnamese().ToLowerInvariant()} khi phản ánh, kiến nghị đang ở trạng thái \"{current.Vietnamese()}\".")
{
    public FeedbackStatus Current { get; } = current;
    public FeedbackAction Action { get; } = action;
}

/// <summary>Where a feedback is transferred: the competent agency's name, and whether that agency works in MotCua (then the
/// feedback moves into its list, to be classified there with deadlines counted from the transfer).</summary>
public sealed record FeedbackTransfer(string Name, bool Internal);

/// <summary>
/// A feedback on administrative regulations (phản ánh, kiến nghị) as a state machine (NĐ 20/2008 as amended; DOMAIN §9):
/// Registered → Refused | AwaitingInformation | Transferred | InProgress → Answered → Published; AwaitingInformation →
/// InProgress (the handling clock restarts), or Registered when asked before classification; a transfer to an agency in MotCua lands as Transferred there and is classified
/// again. A complaint or denunciation is RoutedAway at registration, or later by an officer who recognises one. Each act
/// checks the status, changes the case and returns the <see cref="FeedbackEvent"/> to record; an act the status does not
/// allow throws <see cref="FeedbackTransitionException"/>. Reads no clock: instants and the working calendar are inputs.
/// </summary>
public sealed class FeedbackCase
{
    private FeedbackCase(FeedbackKind kind, FeedbackStatus status, FeedbackDeadlines deadlines)
    {
        Kind = kind;
        Status = status;
        Deadlines = deadlines;
    }

    public FeedbackKind Kind { get; private set; }
    public FeedbackStatus Status { get; private set; }
    public FeedbackDeadlines Deadlines { get; private set; }
    public FeedbackClassification? Classification { get; private set; }
    public FeedbackTransfer? TransferredTo { get; private set; }
    public string? RoutedTo { get; private set; }
    /// <summary>The handling deadline after the sender's information arrived (replaces <see cref="FeedbackDeadlines.HandleBy"/>).</summary>
    public DateTimeOffset? HandleRestartedBy { get; private set; }
    public string? Answer { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public DateTimeOffset? PublishBy { get; private set; }
    public string? PublishedText { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>A new case registered at <paramref name="at"/>. A complaint or denunciation is routed away at once to
    /// <paramref name="complaintsDestination"/> (the body handling them) and gets no deadlines that anyone counts.</summary>
    public static FeedbackCase Register(FeedbackKind kind, DateTimeOffset at, WorkingCalendar calendar, string complaintsDestination)
    {
        var @case = new FeedbackCase(kind, FeedbackStatus.Registered, FeedbackDeadlines.For(at, calendar));
        if (!kind.IsFeedback()) { @case.Status = FeedbackStatus.RoutedAway; @case.RoutedTo = complaintsDestination; }
        return @case;
    }

    /// <summary>A stored case, as migration 0059's row holds it.</summary>
    public static FeedbackCase Restore(FeedbackKind kind, FeedbackStatus status, FeedbackDeadlines deadlines, FeedbackClassification? classification,
        FeedbackTransfer? transferredTo, DateTimeOffset? handleRestartedBy, string? answer, DateTimeOffset? answeredAt, DateTimeOffset? publishBy) =>
        new(kind, status, deadlines)
        {
            Classification = classification, TransferredTo = transferredTo, HandleRestartedBy = handleRestartedBy,
            Answer = answer, AnsweredAt = answeredAt, PublishBy = publishBy,
        };

    /// <summary>The statuses each act may start from (the rule table the pages use to offer only what is allowed).</summary>
    public static readonly IReadOnlyDictionary<FeedbackAction, FeedbackStatus[]> AllowedFrom = new Dictionary<FeedbackAction, FeedbackStatus[]>
    {
        [FeedbackAction.Classify] = [FeedbackStatus.Registered, FeedbackStatus.Transferred],
        [FeedbackAction.RequestInformation] = [FeedbackStatus.Registered, FeedbackStatus.InProgress],
        [FeedbackAction.InformationReceived] = [FeedbackStatus.AwaitingInformation],
        [FeedbackAction.Answer] = [FeedbackStatus.InProgress],
        [FeedbackAction.Publish] = [FeedbackStatus.Answered],
        [FeedbackAction.RouteAway] = [FeedbackStatus.Registered, FeedbackStatus.Transferred, FeedbackStatus.InProgress, FeedbackStatus.AwaitingInformation],
    };

    /// <summary>Whether <paramref name="action"/> is allowed now. A feedback transferred to an agency outside MotCua is
    /// finished here: nothing more is allowed.</summary>
    public bool Allows(FeedbackAction action) => AllowedFrom[action].Contains(Status)
        && !(Status == FeedbackStatus.Transferred && TransferredTo is { Internal: false });

    /// <summary>The deadline of the step the case waits for, or null when it waits for nobody here (the sender, another
    /// agency, nothing): classification by +5 (transfer), handling by +15 (or from the information received), publication by +2.</summary>
    public DateTimeOffset? DueAt => Status switch
    {
        FeedbackStatus.Registered => Deadlines.TransferBy,
        FeedbackStatus.Transferred when TransferredTo is { Internal: true } => Deadlines.TransferBy,
        FeedbackStatus.InProgress => HandleRestartedBy ?? Deadlines.HandleBy,
        FeedbackStatus.Answered => PublishBy,
        _ => null,
    };

    /// <summary>Whether a case in <paramref name="status"/> still waits to be handled here, so its handling deadline means
    /// something to the public: registered, awaiting the sender's information, in progress, or transferred to an agency in
    /// MotCua (<paramref name="transferredInternal"/>). Refused, answered, published, routed away or transferred outside it is
    /// closed here, and shows no deadline (third trial LOW 14).</summary>
    public static bool AwaitsHandling(FeedbackStatus status, bool? transferredInternal) =>
        status is FeedbackStatus.Registered or FeedbackStatus.AwaitingInformation or FeedbackStatus.InProgress
        || (status == FeedbackStatus.Transferred && transferredInternal == true);

    /// <summary>True when the step the case waits for is past its deadline at <paramref name="now"/>.</summary>
    public bool IsOverdue(DateTimeOffset now) => DueAt is { } due && now > due;

    /// <summary>Classifies: refused (final), staff conduct or outside competence (transferred to <paramref name="transferTo"/>,
    /// required for those two), within competence (in progress). A transfer to an agency in MotCua restarts the deadlines there
    /// from <paramref name="at"/>.</summary>
    /// <exception cref="ArgumentException">A transfer without a destination, or a destination for another classification.</exception>
    public FeedbackEvent Classify(FeedbackClassification classification, string reason, FeedbackTransfer? transferTo, DateTimeOffset at, WorkingCalendar calendar)
    {
        Check(FeedbackAction.Classify);
        var transfers = classification is FeedbackClassification.StaffConduct or FeedbackClassification.OutsideCompetence;
        if (transfers != transferTo is not null)
            throw new ArgumentException(transfers ? "Chuyển đi cần nơi nhận." : "Chỉ khi chuyển đi mới có nơi nhận.", nameof(transferTo));
        var from = Status;
        Classification = classification;
        if (transfers)
        {
            TransferredTo = transferTo;
            if (transferTo!.Internal) Deadlines = FeedbackDeadlines.For(at, calendar);
        }
        Status = classification switch
        {
            FeedbackClassification.Refused => FeedbackStatus.Refused,
            FeedbackClassification.WithinCompetence => FeedbackStatus.InProgress,
            _ => FeedbackStatus.Transferred,
        };
        var note = transfers ? $"{classification.Vietnamese()}: chuyển {transferTo!.Name}. {reason}" : $"{classification.Vietnamese()}. {reason}";
        return new(at, FeedbackAction.Classify, from, Status, note);
    }

    /// <summary>Asks the sender for what is missing; the case waits for them.</summary>
    public FeedbackEvent RequestInformation(string what, DateTimeOffset at) =>
        Move(FeedbackAction.RequestInformation, FeedbackStatus.AwaitingInformation, at, what);

    /// <summary>The sender's information arrived. Asked during handling: handling restarts, +15 working days from
    /// <paramref name="at"/>. Asked before the case was classified: the case is only now complete, so it goes back to be
    /// classified with every deadline counted again from <paramref name="at"/> (refuse +2, transfer +5, handle +15), as a case
    /// received then [choice: NĐ 20/2008 counts the handling from a complete feedback; classifying without the missing
    /// information is what the request was for]. Before this, such a case went to "in progress" unclassified, which the
    /// register's row refuses (migration 0059's check), so the officer's act failed.</summary>
    public FeedbackEvent InformationReceived(string note, DateTimeOffset at, WorkingCalendar calendar)
    {
        if (Classification is null)
        {
            var back = Move(FeedbackAction.InformationReceived, FeedbackStatus.Registered, at, note);
            Deadlines = FeedbackDeadlines.For(at, calendar);
            return back;
        }
        var moved = Move(FeedbackAction.InformationReceived, FeedbackStatus.InProgress, at, note);
        HandleRestartedBy = FeedbackDeadlines.HandleAfterInformation(at, calendar).DueAt;
        return moved;
    }

    /// <summary>Answers; the answer must be published within +2 working days.</summary>
    public FeedbackEvent Answered(string text, DateTimeOffset at, WorkingCalendar calendar)
    {
        var moved = Move(FeedbackAction.Answer, FeedbackStatus.Answered, at, "Đã trả lời.");
        Answer = text;
        AnsweredAt = at;
        PublishBy = FeedbackDeadlines.PublishBy(at, calendar);
        return moved;
    }

    /// <summary>Publishes <paramref name="text"/>: the answer with the sender's personal data removed (<see cref="PublicText.Mask"/>, then read by the officer).</summary>
    public FeedbackEvent Publish(string text, DateTimeOffset at)
    {
        var moved = Move(FeedbackAction.Publish, FeedbackStatus.Published, at, "Đã công khai.");
        PublishedText = text;
        PublishedAt = at;
        return moved;
    }

    /// <summary>A complaint or denunciation recognised after registration: sent to <paramref name="destination"/>, no longer feedback.</summary>
    /// <exception cref="ArgumentException">When <paramref name="kind"/> is phản ánh or kiến nghị.</exception>
    public FeedbackEvent RouteAway(FeedbackKind kind, string destination, DateTimeOffset at)
    {
        if (kind.IsFeedback()) throw new ArgumentException("Chỉ khiếu nại, tố cáo mới chuyển theo pháp luật khiếu nại, tố cáo.", nameof(kind));
        var moved = Move(FeedbackAction.RouteAway, FeedbackStatus.RoutedAway, at, $"{kind.Vietnamese()}: chuyển {destination}.");
        Kind = kind;
        RoutedTo = destination;
        return moved;
    }

    private FeedbackEvent Move(FeedbackAction action, FeedbackStatus to, DateTimeOffset at, string note)
    {
        Check(action);
        var from = Status;
        Status = to;
        return new(at, action, from, to, note);
    }

    private void Check(FeedbackAction action)
    {
        if (!Allows(action)) throw new FeedbackTransitionException(Status, action);
    }
}

/// <summary>Who works on feedback: the receiving officer (registers desk and hotline feedback), the specialist, the
/// department head and the leader of the handling agency [choice: the roles that handle dossiers; the accountant, the
/// inspector and the administrator do not].</summary>
public static class FeedbackOfficers
{
    public static bool MayHandle(MotCua.Domain.Dossiers.OfficerRole role) => role is MotCua.Domain.Dossiers.OfficerRole.ReceivingOfficer
        or MotCua.Domain.Dossiers.OfficerRole.Specialist or MotCua.Domain.Dossiers.OfficerRole.DepartmentHead or MotCua.Domain.Dossiers.OfficerRole.Leader;
}
