using System.Text.Json;
using MotCua.Domain.Dossiers;

namespace MotCua.Data;

/// <summary>
/// The outbox messages about dossiers, for notifications and the national portal sync, all built here. Every event a
/// <see cref="Dossier"/> records leaves exactly one message in the same transaction as the event: its status message
/// (<see cref="MessageFor"/>) is added by <see cref="DossierOutboxInterceptor"/> whenever EF saves the event, and by
/// intake's single write statement for a new dossier; the one exception is the move to a successor unit, whose message
/// (<see cref="Reorganised"/>) names the reorganisation that the event does not hold.
/// </summary>
public static class DossierOutbox
{
    /// <summary>The topic of a dossier's status message.</summary>
    public const string StatusTopic = "dossier.status";

    /// <summary>The topic of the message that a dossier moved to a successor unit in a reorganisation.</summary>
    public const string ReorganisedTopic = "dossier.reorganised";

    /// <summary>
    /// The target of a dossier's event messages: the worker expands each into the messages it causes (notifications,
    /// webhooks, the portal), in the order the dossier's events happened.
    /// </summary>
    public const string EventsTarget = "dossier-events";

    /// <summary>The ordering key of a dossier's event messages: <c>dossier:{code}</c>.</summary>
    public static string OrderingKey(string code) => "dossier:" + code;

    /// <summary>
    /// The status message for an event <paramref name="dossier"/> recorded: <c>dossier.status</c> with
    /// <c>{ code, status, fromStatus, procedureCode, channel, at, action, actor, actorUserId, step, stepIndex,
    /// stepStartedAt, stepDueAt, note }</c> (status and channel as national codes, the status the event led to and the one
    /// it left, null for the first; at the event's instant, which is also the message's; <c>action</c> the stored code
    /// (<see cref="DossierEventActions.Code"/>); the step's start and due as recorded on the event). The national portal's
    /// progress entries are built from it (docs/PORTAL.md), so it says who did what at which step without reading the
    /// event again. Null for a move to a successor unit: see <see cref="Reorganised"/>; and null for a monitored dossier
    /// (<see cref="DossierOrigin.Monitored"/>): handled on a ministry's system, it notifies nobody, calls no webhook and is
    /// never sent back to the portal (issue 16).
    /// </summary>
    public static OutboxMessage? MessageFor(Dossier dossier, DossierEvent recorded) =>
        recorded.Action == DossierEventAction.Reorganise || dossier.Origin == DossierOrigin.Monitored ? null : Message(StatusTopic, recorded.At, new
        {
            code = dossier.Code,
            status = (int)recorded.ToStatus,
            fromStatus = (int?)recorded.FromStatus,
            procedureCode = dossier.ProcedureCode,
            channel = (int)dossier.Channel,
            at = recorded.At,
            action = recorded.Action.Code(),
            actor = recorded.ActorName,
            actorUserId = recorded.ActorUserId,
            step = recorded.StepName,
            stepIndex = recorded.StepIndex,
            stepStartedAt = recorded.StepStartedAt,
            stepDueAt = recorded.StepDueAt,
            note = recorded.Note,
        }, dossier.Code);

    /// <summary>
    /// The message for the event of a move to a successor unit: <c>dossier.reorganised</c> with
    /// <c>{ code, agencyCode, reorganisation }</c>, the successor's code and the reorganisation record's id.
    /// </summary>
    public static OutboxMessage Reorganised(Dossier dossier, DossierEvent moved, string successorCode, long reorganisationId) =>
        Message(ReorganisedTopic, moved.At, new { code = dossier.Code, agencyCode = successorCode, reorganisation = reorganisationId }, dossier.Code);

    // Intake writes the message before the dossier has its code (IntakeWrite adds the code and the ordering key).
    private static OutboxMessage Message(string topic, DateTimeOffset at, object payload, string code) => new()
    {
        Topic = topic,
        Target = EventsTarget,
        OrderingKey = code.Length == 0 ? null : OrderingKey(code),
        CreatedAt = at,
        NextAttemptAt = at,
        Payload = JsonSerializer.SerializeToDocument(payload, MotCuaDb.Json),
    };
}
