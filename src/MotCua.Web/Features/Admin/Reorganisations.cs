using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Administration;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Admin;

/// <summary>
/// A merger or a split as the administrator asks for it: <see cref="Kind"/> "merger" or "split", the old units'
/// codes (<see cref="From"/>) and the successors' (<see cref="To"/>), the day it took effect and the decision. For a split,
/// choices by hand: dossier code → successor code, procedure code → successor codes, user name → successor code.
/// </summary>
public sealed record ReorganisationBody(
    string? Kind, IReadOnlyList<string>? From, IReadOnlyList<string>? To, DateOnly? EffectiveOn, string? LegalBasis,
    IReadOnlyDictionary<string, string>? Dossiers = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? Adoptions = null,
    IReadOnlyDictionary<string, string>? Officers = null);

public sealed record MovedDossier(string Code, string To, bool ByHand, bool KeepsAssignee);

public sealed record MovedAdoption(string From, string ProcedureCode, string To, string Outcome, bool ByHand);

public sealed record MovedOfficer(string UserName, string From, string To, bool ByHand);

/// <summary>What a reorganisation did (or, previewed, would do): every dossier, adoption and officer with where it went.</summary>
public sealed record ReorganisationReport(
    long? Id, string Kind, DateOnly EffectiveOn, string LegalBasis, IReadOnlyList<string> From, IReadOnlyList<string> To,
    IReadOnlyList<MovedDossier> Dossiers, IReadOnlyList<MovedAdoption> Adoptions, IReadOnlyList<MovedOfficer> Officers);

public sealed record ReorganisationOutcome(ReorganisationReport? Report, IDictionary<string, string[]>? Errors = null, string? NotFound = null,
    string? Conflict = null, bool Replayed = false);

/// <summary>
/// Carries out <see cref="Reorganisation.Plan"/> in one transaction: moves the open dossiers (each records an event,
/// keeps its code), the adoptions and the officers, points internal processes and child agencies at the successor,
/// ends the old units with a version each, and writes the report and an audit entry. Asking again for the same
/// reorganisation answers with the first report and changes nothing.
/// </summary>
public sealed class Reorganisations(MotCuaDb db, AgencyAdministration agencies, TimeProvider clock, Sessions sessions)
{
    public async Task<ReorganisationOutcome> ExecuteAsync(ReorganisationBody body, ClaimsPrincipal user, bool preview, CancellationToken ct)
    {
        try
        {
            return await RunAsync(body, user, preview, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // An officer changed one of the dossiers meanwhile; the transaction rolled back and nothing moved.
            return new ReorganisationOutcome(null, Conflict: "Một hồ sơ của đơn vị vừa được cán bộ khác cập nhật; chưa có gì thay đổi, hãy thực hiện lại.");
        }
    }

    private async Task<ReorganisationOutcome> RunAsync(ReorganisationBody body, ClaimsPrincipal user, bool preview, CancellationToken ct)
    {
        ReorganisationKind? kind = body.Kind?.Trim().ToLowerInvariant() switch
        {
            "merger" or "sap-nhap" => ReorganisationKind.Merger,
            "split" or "chia-tach" => ReorganisationKind.Split,
            _ => null,
        };
        if (kind is null) return Invalid("kind", "Chọn hình thức sắp xếp: sáp nhập (merger) hoặc chia tách (split).");
        var fromCodes = Codes(body.From);
        var toCodes = Codes(body.To);
        if (fromCodes.Count == 0) return Invalid("from", "Chọn đơn vị cũ.");
        if (toCodes.Count == 0) return Invalid("to", "Chọn đơn vị kế thừa.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two administrators reorganising the same units: the second waits here and then finds the first one's result.
        var all = fromCodes.Concat(toCodes).Distinct().Order(StringComparer.Ordinal).ToArray();
        var locked = await db.Agencies.FromSql($"SELECT * FROM agencies WHERE code = ANY({all}) ORDER BY code FOR UPDATE").ToListAsync(ct);
        if (all.FirstOrDefault(c => locked.All(a => a.Code != c)) is { } missing)
            return Invalid(fromCodes.Contains(missing) ? "from" : "to", $"Không tìm thấy cơ quan có mã '{missing}'.");
        var from = fromCodes.Select(c => locked.Single(a => a.Code == c)).ToList();
        var to = toCodes.Select(c => locked.Single(a => a.Code == c)).ToList();
        var fromIds = from.Select(a => a.Id).ToArray();

        if (from.All(a => a.EndedBy is not null) && from.Select(a => a.EndedBy).Distinct().Count() == 1)
        {
            var done = await db.Set<ReorganisationRecord>().AsNoTracking().SingleAsync(r => r.Id == from[0].EndedBy, ct);
            if (done.Kind == Stored(kind.Value) && done.FromAgencyIds.Order().SequenceEqual(fromIds.Order())
                && done.ToAgencyIds.Order().SequenceEqual(to.Select(a => a.Id).Order()))
                return new ReorganisationOutcome(done.Report.Deserialize<ReorganisationReport>(MotCuaDb.Json)! with { Id = done.Id }, Replayed: true);
        }
        if (from.FirstOrDefault(a => a.EndedOn is not null) is { } ended)
            return new ReorganisationOutcome(null, Conflict: $"{ended.Name} đã chấm dứt hoạt động từ ngày {ended.EndedOn:dd/MM/yyyy} trong một lần sắp xếp khác.");

        var communes = await db.Communes.Where(c => to.Select(a => a.CommuneCode).Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.Name, ct);
        ReorganisedUnit Unit(Agency a) => new(a.Id, a.Code, a.Name, a.Kind, a.ReceivesDossiers, a.EndedOn,
            a.CommuneCode is { } c && communes.TryGetValue(c, out var name) ? name : null);

        var dossierIds = await OpenDossierIdsAsync(fromIds, ct);
        var dossiers = await db.Dossiers.Include(d => d.Events.OrderBy(e => e.Id)).Where(d => dossierIds.Contains(d.Id)).OrderBy(d => d.Id).ToListAsync(ct);
        var successorIds = to.Select(a => a.Id).ToArray();
        var adoptions = await db.AgencyProcedures.AsNoTracking().Where(a => fromIds.Contains(a.AgencyId) || successorIds.Contains(a.AgencyId))
            .Select(a => new AdoptionRef(a.AgencyId, a.ProcedureCode)).ToListAsync(ct);
        var officers = await db.Users.Where(u => u.AgencyId != null && fromIds.Contains(u.AgencyId.Value)).OrderBy(u => u.UserName).ToListAsync(ct);
        var byCode = locked.ToDictionary(a => a.Code, a => a.Id);
        int Successor(string code) => byCode.TryGetValue(code.Trim().ToUpperInvariant(), out var id) ? id : 0;

        var request = new ReorganisationRequest(kind.Value, [.. from.Select(Unit)], [.. to.Select(Unit)], body.EffectiveOn, AgencyAdministration.Clean(body.LegalBasis),
            (body.Dossiers ?? new Dictionary<string, string>()).ToDictionary(p => p.Key.Trim().ToUpperInvariant(), p => Successor(p.Value)),
            (body.Adoptions ?? new Dictionary<string, IReadOnlyList<string>>()).ToDictionary(p => p.Key.Trim(), p => (IReadOnlyList<int>)[.. p.Value.Select(Successor)]),
            (body.Officers ?? new Dictionary<string, string>()).ToDictionary(p => p.Key.Trim(), p => Successor(p.Value)));
        var (plan, errors) = Reorganisation.Plan(request,
            [.. dossiers.Select(d => new OpenDossierRef(d.Id, d.Code, d.Applicant.Address, d.AssigneeUserId))],
            adoptions, [.. officers.Select(o => new OfficerRef(o.Id, o.UserName, o.AgencyId!.Value))], VietnamTime.DateOf(clock.GetUtcNow()));
        if (plan is null) return new ReorganisationOutcome(null, errors.ToDictionary(e => e.Key, e => new[] { e.Value }));

        var names = locked.ToDictionary(a => a.Id);
        var report = new ReorganisationReport(null, Stored(plan.Kind), plan.EffectiveOn, plan.LegalBasis, fromCodes, toCodes,
            [.. plan.Dossiers.Select(m => new MovedDossier(m.Code, names[m.To].Code, m.ByHand, m.KeepsAssignee))],
            [.. plan.Adoptions.Select(m => new MovedAdoption(names[m.From].Code, m.ProcedureCode, names[m.To].Code, m.Kind.ToString(), m.ByHand))],
            [.. plan.Officers.Select(m => new MovedOfficer(m.UserName, names[m.From].Code, names[m.To].Code, m.ByHand))]);
        if (preview) return new ReorganisationOutcome(report);

        var now = clock.GetUtcNow();
        var record = new ReorganisationRecord
        {
            Kind = report.Kind, EffectiveOn = plan.EffectiveOn, LegalBasis = plan.LegalBasis, FromAgencyIds = fromIds, ToAgencyIds = successorIds,
            Report = JsonSerializer.SerializeToDocument(report, MotCuaDb.Json), CreatedAt = now, UserId = Claims.UserIdOf(user),
        };
        db.Add(record);
        await db.SaveChangesAsync(ct);
        report = report with { Id = record.Id };

        var actor = Claims.ActorOf(user);
        var fromNames = from.Select(a => a.Name).ToList();
        foreach (var move in plan.Dossiers)
        {
            var dossier = dossiers.Single(d => d.Id == move.Id);
            var line = fromIds.Contains(dossier.ReceivingAgencyId) && dossier.RegisterNumber is not null
                ? await RegisterCounters.NextAsync(db, move.To, dossier.RegisterYear!.Value, ct)
                : (int?)null;
            dossier.MoveToSuccessor(fromIds, move.To, line, move.KeepsAssignee,
                Reorganisation.MoveNote(plan.Kind, fromNames, names[move.To].Name, plan.EffectiveOn, plan.LegalBasis), actor, now);
            db.Outbox.Add(DossierOutbox.Reorganised(dossier, dossier.Events[^1], names[move.To].Code, record.Id));
        }
        // Copies first, from the old row; then the old row itself moves to its first taker.
        foreach (var move in plan.Adoptions.Where(m => m.Kind == AdoptionMoveKind.Copied))
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO agency_procedures
                SELECT (jsonb_populate_record(ap, jsonb_build_object('agency_id', {move.To}))).* FROM agency_procedures ap
                WHERE ap.agency_id = {move.From} AND ap.procedure_code = {move.ProcedureCode}
                """, ct);
        foreach (var move in plan.Adoptions.Where(m => m.Kind == AdoptionMoveKind.Moved))
            await db.Database.ExecuteSqlAsync($"UPDATE agency_procedures SET agency_id = {move.To} WHERE agency_id = {move.From} AND procedure_code = {move.ProcedureCode}", ct);
        // Internal processes anywhere in the province that send a step to an old unit now send it to its successor.
        var successorCodes = from.ToDictionary(a => a.Code, _ => names[plan.PrincipalSuccessor].Code);
        var oldCodes = from.Select(a => a.Code).ToArray();
        var naming = await db.AgencyProcedures.FromSql($"""
            SELECT * FROM agency_procedures
            WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(process -> 'steps', '[]') || coalesce(process_draft -> 'steps', '[]')) s
                          WHERE s ->> 'agencyCode' = ANY({oldCodes}))
            """).ToListAsync(ct);
        foreach (var adoption in naming)
        {
            if (adoption.Process is { } process) adoption.Process = Reorganisation.Retarget(process, successorCodes);
            if (adoption.ProcessDraft is { } draft) adoption.ProcessDraft = Reorganisation.Retarget(draft, successorCodes);
        }
        foreach (var move in plan.Officers)
        {
            var officer = officers.Single(o => o.Id == move.UserId);
            officer.AgencyId = move.To;
            officer.SecurityStamp = Data.User.NewSecurityStamp();
        }
        await db.Agencies.Where(a => a.ParentId != null && fromIds.Contains(a.ParentId.Value))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ParentId, plan.PrincipalSuccessor), ct);
        await db.SaveChangesAsync(ct);

        foreach (var old in from)
        {
            var before = await agencies.SnapshotAsync(old, ct);
            old.EndedOn = plan.EffectiveOn;
            old.EndedBy = record.Id;
            old.ReceivesDossiers = false;
            await db.SaveChangesAsync(ct);
            await agencies.RecordAsync(old, plan.EffectiveOn,
                $"{plan.Kind.Vietnamese()} vào {string.Join(", ", to.Select(a => a.Name))}; {plan.LegalBasis}", "admin.agency.end", before, user, ct);
        }
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = Claims.UserIdOf(user), Action = "admin.reorganisation", Subject = $"reorganisation:{record.Id}",
            Details = JsonSerializer.SerializeToDocument(report, MotCuaDb.Json),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        // Moved officers have a new agency and stamp: their sessions end here at once (Sessions).
        foreach (var move in plan.Officers) sessions.Forget(move.UserId);
        return new ReorganisationOutcome(report);
    }

    /// <summary>Open dossiers naming an old unit in any role: receiving point, holder, resolving agency, a step or a co-agency task.</summary>
    private async Task<List<long>> OpenDossierIdsAsync(int[] ids, CancellationToken ct)
    {
        var closed = DossierStatuses.Closed.Select(s => (short)s).ToArray();
        return await db.Database.SqlQuery<long>($"""
        SELECT d.id AS "Value" FROM dossiers d
        WHERE d.status <> ALL ({closed})
          AND (d.receiving_agency_id = ANY({ids}) OR d.current_agency_id = ANY({ids}) OR d.resolving_agency_id = ANY({ids})
               OR d.open_task_agency_ids && {ids}
               OR EXISTS (SELECT 1 FROM jsonb_array_elements(d.process || d.co_agency_tasks) s WHERE (s ->> 'agencyId')::int = ANY({ids})))
        """).ToListAsync(ct);
    }

    private static string Stored(ReorganisationKind kind) => kind == ReorganisationKind.Merger ? "merger" : "split";

    private static List<string> Codes(IReadOnlyList<string>? codes) =>
        codes is null ? [] : [.. codes.Where(c => !string.IsNullOrWhiteSpace(c)).Select(AgencyCode.Normalize).Distinct()];

    private static ReorganisationOutcome Invalid(string field, string message) => new(null, new Dictionary<string, string[]> { [field] = [message] });
}
