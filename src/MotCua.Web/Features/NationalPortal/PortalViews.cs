using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.NationalPortal;
using MotCua.Domain.Payments;

namespace MotCua.Web.Features.NationalPortal;

/// <summary>A dossier's sync view with what its progress steps need besides: each officer's title, agency and whether they
/// are the one-stop desk's, each agency's name by id, and the people's committee each commune's one-stop unit stands for.</summary>
public sealed record PortalDossier(DossierSyncView View, Dossier Dossier, IReadOnlyDictionary<int, PortalOfficer> Officers,
    IReadOnlyDictionary<int, string> Agencies, IReadOnlyDictionary<int, string> Committees)
{
    /// <summary>The progress step of an event as the portal's QuaTrinhXuLy takes it: the officer's title, the department of
    /// the process step (else the officer's agency, else the unit holding the dossier). A commune's one-stop unit is named as
    /// its people's committee for a step one of the commune's own officers did (appraisal, approval, a supplement asked
    /// while resolving); its desk officer acts for the one-stop unit (third trial LOW 7).</summary>
    public SyncStep StepOf(DateTimeOffset at, DossierEventAction action, DossierStatus status, string actor, int? actorUserId, string? step,
        int? stepIndex, DateTimeOffset? stepStartedAt, DateTimeOffset? stepDueAt, string? note)
    {
        var officer = actorUserId is { } id && Officers.TryGetValue(id, out var o) ? o : null;
        var agencyId = stepIndex is { } i && i < Dossier.Process.Count && Agencies.ContainsKey(Dossier.Process[i].AgencyId) ? Dossier.Process[i].AgencyId
            : officer?.AgencyId;
        var department = agencyId is not { } unit ? View.HandlingUnitAsOf(at, status)
            : officer is { Desk: false } && Committees.TryGetValue(unit, out var committee) ? committee
            : Agencies[unit];
        return new SyncStep(at, action, status, actor, officer?.Title, department, step, stepStartedAt, stepDueAt, note);
    }
}

/// <summary>An officer who acted on the dossier: the portal's title (<see cref="PortalViews.TitleOf"/>), their agency, and
/// whether they are a receiving officer (the one-stop desk).</summary>
public sealed record PortalOfficer(string? Title, int? AgencyId, bool Desk);

/// <summary>
/// Reads what the portal payloads of a dossier are built from (<see cref="DossierSyncView"/>): the dossier with its events,
/// the catalogue's field, the fee fixed at intake and whether it was paid online, the names of the agencies and the
/// titles of the officers who acted. Supplements are the dossier's supplement requests paired with the receipt that
/// answered each, with the due instants and supplied documents those two events keep; the result is the decision recorded at "result ready".
/// </summary>
public static class PortalViews
{
    /// <summary>The dossier <paramref name="code"/> as the portal should see it; null when there is none. With
    /// <paramref name="links"/>, each supplement carries the link to its Mẫu 02, the result the link to the electronic result
    /// (for a refusal on the merits, the notice of refusal), and a refusal at intake a document "Mẫu 03" with its link
    /// (docs/PORTAL.md "Links").</summary>
    public static async Task<PortalDossier?> ReadAsync(MotCuaDb db, string code, CancellationToken ct, PortalLinks? links = null)
    {
        var dossier = await db.Dossiers.AsNoTracking().Include(d => d.Events).SingleOrDefaultAsync(d => d.Code == code, ct);
        if (dossier is null) return null;
        var events = dossier.Events.OrderBy(e => e.At).ThenBy(e => e.Id).ToList();
        var field = await db.Procedures.AsNoTracking().Where(p => p.Code == dossier.ProcedureCode).Select(p => p.Field).SingleOrDefaultAsync(ct) ?? "";
        var fee = await db.DossierFees.AsNoTracking().SingleOrDefaultAsync(f => f.DossierId == dossier.Id, ct);
        // The dossier's payment requests, read once: the first paid instant, whether any is paid, and the obligations.
        var requests = await db.PaymentRequests.AsNoTracking().Where(p => p.DossierId == dossier.Id)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);
        var paidAt = requests.Where(p => p.Status == "paid").Min(p => p.PaidAt);
        var obligations = requests.Where(p => p.Reason == PaymentRequestReasons.FinancialObligation);
        var paid = requests.Any(p => p.Status == "paid");
        // Trial 16b HIGH 2: money the portal collected for a dossier the unit charges nothing for is recorded and flagged for
        // the accountant to refund (PortalInbound); the citizen did pay online, so the portal is told so.
        // The SQL orders and limits itself: read as a list, since a First composed over raw SQL made EF warn "First without
        // OrderBy" at every start of the demo (brief p16h item 7).
        var onlineUnrequested = !paid && fee is not { DueVnd: > 0 } ? (await db.Database.SqlQuery<DateTimeOffset>($"""
            SELECT paid_at AS "Value" FROM payments WHERE dossier_id = {dossier.Id} AND method = 'online' ORDER BY paid_at LIMIT 1
            """).ToListAsync(ct)).Cast<DateTimeOffset?>().FirstOrDefault() : null;
        // 1: the population registry at the desk; 2: VNeID, as the portal said when it pushed the dossier (migration 0063).
        var verification = (await db.Database.SqlQuery<short>($"SELECT method AS \"Value\" FROM dossier_applicant_verifications WHERE dossier_id = {dossier.Id} LIMIT 1")
            .ToListAsync(ct)).Cast<short?>().FirstOrDefault();
        // Sixteenth trial LOW 11h: a lookup whose name the officer then edited leaves no verification row, yet the population
        // database was consulted for this dossier: the officer who received it looked its applicant's CCCD up, found, within
        // the lookup token's life before the receipt (the audit row every lookup writes, CitizenLookups; the field list has
        // no flag for edited data, so the consultation is listed as it is).
        var receipt = events.FirstOrDefault(e => e.Action == DossierEventAction.Receive);
        var consulted = verification == 1 || (verification is null && receipt is { ActorUserId: { } receiver } && !string.IsNullOrEmpty(dossier.Applicant.IdNumber)
            && await db.Database.SqlQuery<int>($"""
                SELECT 1 AS "Value" FROM audit_log WHERE action = 'citizen.lookup' AND subject = {dossier.Applicant.IdNumber} AND user_id = {receiver}
                    AND details->>'outcome' = 'found' AND at BETWEEN {receipt.At.ToUniversalTime().AddMinutes(-LookupMinutes)} AND {receipt.At.ToUniversalTime()}
                """).AnyAsync(ct));
        var agencyIds = dossier.Process.Select(p => p.AgencyId).Append(dossier.CurrentAgencyId).Append(dossier.ReceivingAgencyId)
            .Concat(events.Where(e => e.HolderAgencyId is not null).Select(e => e.HolderAgencyId!.Value)).Distinct().ToList();
        var userIds = events.Where(e => e.ActorUserId is not null).Select(e => e.ActorUserId!.Value).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.Position, u.Role, u.AgencyId }).ToListAsync(ct);
        agencyIds.AddRange(users.Where(u => u.AgencyId is not null).Select(u => u.AgencyId!.Value));
        var agencies = await db.Agencies.AsNoTracking().Where(a => agencyIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var officers = users.ToDictionary(u => u.Id, u => new PortalOfficer(TitleOf(u.Position, u.Role), u.AgencyId is { } a && agencies.ContainsKey(a) ? a : null,
            MotCua.Web.Infrastructure.Claims.RoleOf(u.Role) == OfficerRole.ReceivingOfficer));
        var committees = new Dictionary<int, string>();
        foreach (var agency in await db.Agencies.AsNoTracking().Where(a => agencies.Keys.Contains(a.Id)).ToListAsync(ct))
            if (await Processing.CompetentAgencies.CommitteeNameAsync(db, agency, ct) is { } committee) committees[agency.Id] = committee;

        // Mẫu 02 of a supplement asked during processing is the notice written with the request, at its instant.
        var notices = await db.SupplementNotices.AsNoTracking().Where(n => n.DossierId == dossier.Id).Select(n => new { n.Id, n.CreatedAt }).ToListAsync(ct);
        var supplements = new List<SyncSupplement>();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Action != DossierEventAction.SupplementRequest) continue;
            var answer = events.Skip(i + 1).FirstOrDefault(e => e.Action is DossierEventAction.SupplementReceived or DossierEventAction.Stop or DossierEventAction.SupplementRequest);
            var received = answer?.Action == DossierEventAction.SupplementReceived ? answer : null;
            // Each event keeps the due instant it left the dossier with (migration 0085): the request the due before the
            // pause, the answer the new one after the restart, whatever happened later.
            supplements.Add(new SyncSupplement(events[i].Id, events[i].ActorName, events[i].Note ?? "", events[i].At, received?.ActorName, received?.At,
                events[i].DueAt, received?.DueAt,
                notices.FirstOrDefault(n => n.CreatedAt == events[i].At) is { } notice ? links?.For(PortalDocument.SupplementNotice, dossier.Code, notice.Id) : null)
            {
                Supplied = received?.SuppliedDocuments ?? [],
            });
        }
        var refusal = events.LastOrDefault(e => e.Action is DossierEventAction.Refuse or DossierEventAction.RefuseOnMerits);
        var stop = events.LastOrDefault(e => e.Action == DossierEventAction.Stop);
        var readyAt = dossier.ResultReadyAt;
        var view = new DossierSyncView
        {
            Code = dossier.Code,
            PortalCode = dossier.PortalCode,
            PortalAccountId = dossier.PortalAccountId,
            VneIdVerified = verification == 2,
            RegistryConsulted = consulted,
            ProcedureCode = dossier.ProcedureCode,
            ProcedureName = dossier.ProcedureName,
            // The adopted national catalogue carries the field's name only; it stands for the code [docs/PORTAL.md].
            FieldCode = field,
            FieldName = field,
            Channel = dossier.Channel,
            Applicant = dossier.Applicant,
            SubmittedAt = dossier.SubmittedAt,
            ReceivedAt = dossier.ReceivedAt,
            DueAt = dossier.DueAt,
            Dues = [.. events.Select(e => new SyncDue(e.At, e.DueAt))],
            HandlingAgency = agencies.GetValueOrDefault(dossier.CurrentAgencyId) ?? agencies.GetValueOrDefault(dossier.ReceivingAgencyId) ?? "",
            HandlingCommittee = committees.GetValueOrDefault(dossier.CurrentAgencyId),
            Holders = [.. events.Select(e => new SyncHolder(e.At, e.HolderAgencyId is { } holder ? agencies.GetValueOrDefault(holder) : null,
                e.HolderAgencyId is { } h ? committees.GetValueOrDefault(h) : null))],
            // A document a supplement's answer brought is dated by it; one added before that was kept (a portal re-push's)
            // is the one that answer names with its file.
            Documents = [.. dossier.Documents.Select((d, i) => new SyncDocument(i + 1, d.Name, null, d.FileUrl, d.Digitised, (int)d.Reused,
                d.SuppliedAt ?? (d.FileUrl is null ? null : events.FirstOrDefault(ev => ev.Action == DossierEventAction.SupplementReceived
                    && (ev.SuppliedDocuments ?? []).Any(sd => sd.Name == d.Name && sd.FileUrl == d.FileUrl))?.At)))],
            Fees = fee is null ? [] : Items(fee.Items),
            Obligations = [.. obligations.SelectMany(o => o.Items.RootElement.EnumerateArray()
                .Where(i => i.TryGetProperty("kind", out var kind) && kind.GetString() is ObligationKinds.Fee or ObligationKinds.Charge)
                .Select(i => new SyncObligation(Item(i), o.CreatedAt, o.CancelledAt,
                    // Met elsewhere (the treasury, the tax office) counts as met from the instant the officer recorded.
                    o.Status == PaymentRequests.PaidElsewhere ? o.RecordedPaidAt : o.PaidAt)))],
            Payment = paid || onlineUnrequested is not null ? FeePayment.PaidOnline : fee is { DueVnd: > 0 } ? FeePayment.Due : FeePayment.None,
            PaidAt = paidAt ?? onlineUnrequested,
            Supplements = supplements,
            // A refusal on the merits has a result too: the notice refusing it, signed by the leader who decided (the same
            // electronic result file, ProcessingEndpoints.ResultPdfAsync, the officer prints).
            Results = readyAt is { } ready && dossier.ResultKind == ResultKind.Approved
                ? [new SyncResult("1", $"Kết quả giải quyết: {dossier.ProcedureName}", ready, links?.For(PortalDocument.Result, dossier.Code))]
                : readyAt is { } refusedReady && dossier.ResultKind == ResultKind.Refused
                ? [new SyncResult("tu-choi", $"Thông báo từ chối giải quyết hồ sơ: {dossier.ProcedureName}", refusedReady, links?.For(PortalDocument.Result, dossier.Code))]
                : dossier.Status == DossierStatus.NotReceived && refusal is not null && links?.For(PortalDocument.Refusal, dossier.Code) is { } refusalLink
                    ? [new SyncResult("mau-03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)", refusal.At, refusalLink)]
                // A withdrawn or stopped dossier's notice goes back to an online applicant as Mẫu 03 does (fifth portal
                // trial LOW 7: the portal showed the stop with nothing to open).
                : dossier.Status == DossierStatus.Stopped && stop is not null && links?.For(PortalDocument.StopNotice, dossier.Code) is { } stopLink
                    ? [new SyncResult("mau-05", "Thông báo dừng giải quyết hồ sơ (Mẫu 05)", stop.At, stopLink)]
                    : [],
            ReturnedAt = dossier.ReturnedAt,
            ReturnMethod = dossier.ReturnMethod,
            ReturnedTo = dossier.ReturnedTo,
            FinishedAt = readyAt ?? stop?.At,
            RefusedAt = refusal?.At,
            Note = refusal is not null
                ? string.Join(" ", new[] { dossier.RefusalReason ?? refusal.Note, dossier.RefusalLegalBasis is { } basis ? $"(Căn cứ: {basis})" : null }.Where(t => t is not null))
                : dossier.StopReason ?? dossier.WithdrawalReason,
            WithdrawalReason = dossier.WithdrawalReason,
        };
        return new PortalDossier(view, dossier, officers, agencies, committees);
    }

    // The life of a lookup's verification token (CitizenLookups.TokenMinutes): a lookup older than that fed no intake.
    private const int LookupMinutes = 30;

    /// <summary>
    /// ChucDanh of a progress step: the officer's chức vụ as signer blocks print it ("Phó Chủ tịch"), else the role the
    /// officer acts in, capitalised ("Chuyên viên xử lý", "Cán bộ Bộ phận Một cửa"); null for a role MotCua does not know.
    /// Sixteenth trial LOW 11f: only leaders have a chức vụ, so every other step went with an empty title.
    /// </summary>
    public static string? TitleOf(string? position, string? role) =>
        !string.IsNullOrWhiteSpace(position) ? position.Trim()
        : MotCua.Web.Infrastructure.Claims.RoleOf(role) is { } known ? char.ToUpperInvariant(known.Vietnamese()[0]) + known.Vietnamese()[1..]
        : null;

    // dossier_fees.items: [{ name, kind: "fee"|"charge", amountVnd, publishedText, rule, quantity?, unit?, unitAmountVnd? }]
    // (migration 0032; the last three for an item by quantity, fifth round of issue 14).
    private static List<ChargedItem> Items(JsonDocument items) => [.. items.RootElement.EnumerateArray().Select(Item)];

    // One item of dossier_fees.items or of a financial obligation's payment_requests.items (name, kind, amountVnd).
    private static ChargedItem Item(JsonElement i) => new(
        i.GetProperty("name").GetString() ?? "",
        i.TryGetProperty("kind", out var k) && k.GetString() == "fee" ? FeeKind.Fee : FeeKind.Charge,
        i.TryGetProperty("amountVnd", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt64() : 0,
        i.TryGetProperty("publishedText", out var p) ? p.GetString() ?? "" : "",
        i.TryGetProperty("rule", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null,
        i.TryGetProperty("quantity", out var q) && q.ValueKind == JsonValueKind.Number ? q.GetInt32() : 1,
        i.TryGetProperty("unit", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null,
        i.TryGetProperty("unitAmountVnd", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt64() : null);
}
