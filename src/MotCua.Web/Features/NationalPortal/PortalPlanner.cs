using System.Text.Json;
using Microsoft.Extensions.Options;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.NationalPortal;
using MotCua.Web.Features.Outbox;

namespace MotCua.Web.Features.NationalPortal;

/// <summary>
/// What a dossier's event sends the National Public Service Portal (docs/PORTAL.md): for <c>dossier.status</c>, a HoSo
/// (service DongBoHoSoMC, topic <c>portal.hoso</c>) when the event is the dossier's first or changed its status, then a
/// progress step (CapNhatTienDoHoSoMC, topic <c>portal.step</c>) for every event; for <c>dossier.reorganised</c> a HoSo
/// update naming the successor. All on target <c>dvcqg</c>, ordered by <c>dvcqg:{code}</c>, so the portal gets a
/// dossier's progress in the order it happened, whatever an outage delays. The payloads are built here, at the event's
/// instant, and stored in the rows: what the administrator sees is what was sent. Nothing is planned while the portal
/// is not configured (<see cref="PortalOptions.SyncUrl"/>).
/// </summary>
public sealed class PortalPlanner(IOptions<PortalOptions> options, PortalLinks links) : IDossierEventPlanner
{
    /// <summary>The outbox target of the portal.</summary>
    public const string Target = "dvcqg";

    /// <summary>Topics of the portal's rows: a dossier, a progress step, a dossier sent again by an administrator.</summary>
    public const string HoSoTopic = "portal.hoso", StepTopic = "portal.step", RepushTopic = "portal.repush";

    /// <summary>The ordering key of a dossier's portal rows.</summary>
    public static string OrderingKey(string code) => $"{Target}:{code}";

    /// <summary>The envelope of a HoSo: <c>{service: "DongBoHoSoMC", isUpdating: "true"|"false", data: [HoSo]}</c>.</summary>
    public static object HoSoEnvelope(Dictionary<string, object> hoSo, bool updating) =>
        new Dictionary<string, object> { ["service"] = PortalPayload.DossierService, ["isUpdating"] = updating ? "true" : "false", ["data"] = new[] { hoSo } };

    /// <summary>The envelope of a step: <c>{service: "CapNhatTienDoHoSoMC", data: [QuaTrinhXuLy]}</c>.</summary>
    public static object StepEnvelope(Dictionary<string, object> step) =>
        new Dictionary<string, object> { ["service"] = PortalPayload.StepService, ["data"] = new[] { step } };

    public async Task PlanAsync(DossierEventPlan plan, CancellationToken ct)
    {
        if (!options.Value.Configured) return;
        var e = plan.Event;
        var read = await PortalViews.ReadAsync(plan.Db, e.Code, ct, links);
        if (read is null) return;
        var p = e.Payload;
        if (e.Topic == DossierOutbox.ReorganisedTopic)
        {
            plan.Add("dvcqg:hoso", HoSoTopic, Target, HoSoEnvelope(PortalPayload.HoSo(read.View, e.At, read.Dossier.Status), true));
            return;
        }
        if (e.Topic != DossierOutbox.StatusTopic || Int(p, "status") is not { } reached || !Enum.IsDefined((DossierStatus)reached)) return;
        var status = (DossierStatus)reached;
        var from = Int(p, "fromStatus");
        // An event written before the payload named its action (issue 16) is found among the dossier's events by instant and status.
        var recorded = read.Dossier.Events.Where(x => x.At == e.At && x.ToStatus == status).OrderBy(x => x.Id).LastOrDefault();
        var first = from is null && (p.TryGetProperty("fromStatus", out _) || recorded?.FromStatus is null);
        // A dossier the portal pushed is already the portal's: even its first HoSo is an update under the portal's code.
        if (first || from != reached)
            plan.Add("dvcqg:hoso", HoSoTopic, Target, HoSoEnvelope(PortalPayload.HoSo(read.View, e.At, status),
                updating: !first || read.Dossier.Origin == DossierOrigin.Portal));
        var action = Text(p, "action") is { } code ? DossierEventActions.Parse(code) : recorded?.Action ?? DossierEventAction.Receive;
        var step = read.StepOf(e.At, action, status, Text(p, "actor") ?? recorded?.ActorName ?? "", Int(p, "actorUserId") ?? recorded?.ActorUserId,
            Text(p, "step") ?? recorded?.StepName, Int(p, "stepIndex") ?? recorded?.StepIndex, Instant(p, "stepStartedAt") ?? recorded?.StepStartedAt,
            Instant(p, "stepDueAt") ?? recorded?.StepDueAt, Text(p, "note") ?? recorded?.Note);
        plan.Add("dvcqg:step", StepTopic, Target, StepEnvelope(PortalPayload.Step(read.View, step)));
    }

    private static int? Int(JsonElement p, string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
    private static string? Text(JsonElement p, string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    private static DateTimeOffset? Instant(JsonElement p, string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetDateTimeOffset() : null;
}
