using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Outbox;
using Npgsql;

namespace MotCua.Web.Features.Webhooks;

/// <summary>
/// The body of a webhook delivery (JSON, camelCase; docs/MESSAGES.md §8): the message id (also in
/// <c>X-MotCua-Message-Id</c>; the same on every attempt), the event's topic and instant, the dossier's code, for
/// <c>dossier.status</c> the status it reached (national code and name), the procedure's code, the receiving agency's
/// code, and for <c>dossier.reorganised</c> the successor agency's code and the reorganisation's id. Nothing about the
/// applicant: a receiver that needs more asks the API with its own key, under its own access rules.
/// </summary>
public sealed record WebhookPayload(Guid MessageId, string Event, DateTimeOffset OccurredAt, string Code, int? Status, string? StatusName,
    string? ProcedureCode, string? AgencyCode, string? SuccessorAgencyCode, long? Reorganisation);

/// <summary>
/// Gives a dossier's event to every active subscription that asked for it (topic, and its status and agency filters):
/// one message on target <c>webhook:{id}</c> per subscription, key <c>webhook:{id}</c>, ordered per subscription and dossier
/// (<c>webhook:{id}:{code}</c>), so a dossier's events reach a receiver in the order they happened and one receiver's
/// trouble holds back no other.
/// </summary>
public sealed class WebhookPlanner : IDossierEventPlanner
{
    public async Task PlanAsync(DossierEventPlan plan, CancellationToken ct)
    {
        var e = plan.Event;
        var connection = (NpgsqlConnection)plan.Db.Database.GetDbConnection();
        // The subscriptions and the dossier in one statement, in the expansion's transaction (no subscription: no row).
        await using var command = new NpgsqlCommand("""
            SELECT s.id, s.statuses, s.agency_code, d.procedure_code, a.code
            FROM webhook_subscriptions s
            LEFT JOIN dossiers d ON d.code = $2
            LEFT JOIN agencies a ON a.id = d.receiving_agency_id
            WHERE s.active AND $1 = ANY (s.events)
            ORDER BY s.id
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Topic });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Code });
        var subscribers = new List<(int Id, int[]? Statuses, string? Agency)>();
        string? procedure = null, agency = null;
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                subscribers.Add((reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<int[]>(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
                procedure = reader.IsDBNull(3) ? null : reader.GetString(3);
                agency = reader.IsDBNull(4) ? null : reader.GetString(4);
            }
        if (subscribers.Count == 0) return;

        var payload = e.Payload;
        int? status = e.Topic == DossierOutbox.StatusTopic && payload.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null;
        if (payload.TryGetProperty("procedureCode", out var p) && p.ValueKind == JsonValueKind.String) procedure = p.GetString();
        var successor = e.Topic == DossierOutbox.ReorganisedTopic && payload.TryGetProperty("agencyCode", out var a) ? a.GetString() : null;
        long? reorganisation = payload.TryGetProperty("reorganisation", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt64() : null;
        foreach (var (id, statuses, agencyFilter) in subscribers)
        {
            if (status is { } reached && statuses is not null && !statuses.Contains(reached)) continue;
            if (agencyFilter is not null && agencyFilter != agency && agencyFilter != successor) continue;
            var target = WebhookTarget.TargetOf(id);
            var body = new WebhookPayload(DossierEventPlan.Derive(e.MessageId, target), e.Topic, e.At, e.Code, status,
                status is { } code && Enum.IsDefined((DossierStatus)code) ? ((DossierStatus)code).Vietnamese() : null, procedure, agency, successor, reorganisation);
            plan.Add(target, e.Topic, target, body, orderingKey: $"{target}:{e.Code}");
        }
    }
}
