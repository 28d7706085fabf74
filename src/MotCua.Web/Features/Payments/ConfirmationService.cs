using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Domain.Receipts;
using MotCua.Web.Features.Calendar;
using MotCua.Web.Features.Shared;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Payments;

/// <summary>
/// Money received, as a partner's callback or the accountant states it: for a request (<see cref="RequestId"/>, the
/// accountant) or by the dossier code in <see cref="Purpose"/> (a callback); <see cref="AmountVnd"/> integer VND &gt; 0;
/// <see cref="Method"/> <c>cash</c>, <c>transfer</c> or <c>online</c>; <see cref="PartnerId"/> and
/// <see cref="TransactionId"/> together or neither; <see cref="Raw"/> the callback's body as JSON text;
/// <see cref="PaidAtStated"/> false when the accountant left the paid time out and <see cref="PaidAt"/> is the moment of
/// confirmation (then a repeat is recognised without it: <see cref="PaymentMatching.UnstatedResendWindow"/>);
/// <see cref="CreditedAccount"/> the account number (digits) a partner says it credited, null when not stated (then the
/// money is taken as credited to the unit's account, as before brief fees39).
/// </summary>
public sealed record IncomingPayment(long? RequestId, string? Purpose, long AmountVnd, string Method, DateTimeOffset PaidAt, string? PayerName,
    int? PartnerId, string? TransactionId, string? Raw, bool PaidAtStated = true, string? CreditedAccount = null);

/// <summary>A recorded payment as the API answers it (the callback's replays answer the same): its flag (null when it
/// settled its request), whether the accountant resolved it and accepted it, its receipt when one was issued, and the
/// account the partner said it credited (digits; null when not stated). <see cref="HeldById"/> and <see cref="HeldBy"/>: the
/// unit (id, name) whose collection account that is, when it is another unit's than the dossier's (brief fees40b: that unit
/// holds the money, refunds it or notes what it did; <see cref="PaymentMatching.HeldElsewhereRefusal"/>); null otherwise.</summary>
public sealed record PaymentView(long Id, string? DossierCode, long? RequestId, long AmountVnd, string Method, DateTimeOffset PaidAt,
    DateTimeOffset RecordedAt, string? PayerName, string? Flag, bool Resolved, bool? Accepted, string? FlagNote, long? ReceiptId, string? ReceiptNumber,
    string? CreditedAccount = null, int? HeldById = null, string? HeldBy = null);

/// <summary>A partner's callback that repeated a transaction id with other facts (<see cref="Fields"/>, camelCase) than the
/// payment first recorded under it: answered 409, kept in <c>payment_replay_conflicts</c> for the accountant.</summary>
public sealed class ReplayConflictException(long paymentId, IReadOnlyList<string> fields)
    : Exception($"Mã giao dịch đã được dùng cho khoản tiền số {paymentId} với nội dung khác ({string.Join(", ", fields)}).")
{
    /// <summary>The payment first recorded under the transaction id.</summary>
    public long PaymentId { get; } = paymentId;

    /// <summary>The fields that differ (<see cref="PaymentMatching.ReplayConflicts"/>).</summary>
    public IReadOnlyList<string> Fields { get; } = fields;
}

/// <summary>A conflicting replay as /ke-toan lists it: the first payment (its dossier, amount), the partner's transaction
/// id, what differed and what the repeat said (amount VND, purpose, paid at), and when it came.</summary>
public sealed record ReplayConflictView(long Id, long PaymentId, string? DossierCode, string Partner, string TransactionId, IReadOnlyList<string> Fields,
    long FirstAmountVnd, long AmountVnd, string? Purpose, DateTimeOffset PaidAt, DateTimeOffset ReceivedAt);

/// <summary>A payment that settled its request (or an accepted flag) and still has money that may be refunded, with its
/// valid receipt (null when cancelled and not yet replaced, or a levy's): what /ke-toan lists under "Khoản đã thu" for a
/// receipt's cancellation or a refund. <see cref="RefundableVnd"/> is <see cref="PaymentRefunds.Refundable"/>, the rule the
/// refund's POST applies; <see cref="Held"/> is <see cref="PaymentRefunds.Held"/>, why nothing is refundable while the
/// part it paid of what was due is held (a dossier processed or decided; the page then offers no form and says why).
/// <see cref="KeptVnd"/>: of an accepted overpayment, the fee kept under its receipt (VND; 0 otherwise), so the page says
/// only the excess went back rather than "all refunded" (while <see cref="Held"/> is <see cref="PaymentRefunds.KeptHeld"/>);
/// with nothing refundable and nothing held it was refunded in full, one wording (fees38a).</summary>
public sealed record SettledPaymentView(long PaymentId, string DossierCode, long AmountVnd, string Method, DateTimeOffset PaidAt, string? PayerName,
    long? ReceiptId, string? ReceiptNumber, long RefundableVnd, string? Held = null, long KeptVnd = 0);

/// <summary>An open payment request of a unit as the accountant's page lists it.</summary>
public sealed record OpenRequestView(long Id, string DossierCode, string Reason, long AmountVnd, string Purpose, DateTimeOffset CreatedAt);

/// <summary>
/// Records money received with <see cref="PaymentMatching.Decide"/>, the one rule for callbacks and the accountant
/// (docs/FEES.md "### Confirmation"). In one transaction: the payment row; on an exact match (or when the accountant
/// accepts a flag) the request marked paid at the payment's instant, the financial-obligation pause of a dossier in
/// status 6 ended at that instant (<see cref="Dossier.PaymentReceived"/>, whose event and outbox message are saved with
/// it) and the receipt issued (<see cref="IPaymentReceipts"/>). A callback is idempotent by (partner, transaction id):
/// the dossier's requests are locked before the rule reads them and the insert does nothing on a conflict, so replays,
/// sequential or at once, find the first payment and answer it.
/// </summary>
public sealed class ConfirmationService(MotCuaDb db, CalendarStore calendars, IPaymentReceipts receipts, TimeProvider clock, IConfiguration config)
{
    /// <summary>A callback received more than this after its payment is flagged late (<c>Motcua:Payments:LateAfterHours</c>,
    /// default 72 hours: a weekend's batch is not late, a week is).</summary>
    public TimeSpan LateAfter => TimeSpan.FromHours(config.GetValue("Motcua:Payments:LateAfterHours", 72.0));

    /// <summary>Records <paramref name="incoming"/> confirmed by <paramref name="by"/> (the accountant, with their user id;
    /// or the partner acting as the receiving unit's accountant); answers the payment, the first one for a replayed
    /// callback. When the context already has a transaction open (a dossier the National Portal pushed paid online: its
    /// payment commits with the dossier or not at all), the payment is written in it and the caller commits.</summary>
    /// <exception cref="DossierStateException">The Domain refused to end the pause (not expected after the rule matched).</exception>
    public async Task<PaymentView> RecordAsync(IncomingPayment incoming, Func<int, Officer> by, int? confirmedBy, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (incoming.PartnerId is { } known && await FindAsync(known, incoming.TransactionId!, ct) is { } replay) return await ReplayAsync(replay, incoming, now, ct);
        // Only a partner's callback (a transaction id) can lose the insert's race, and callbacks never come inside another
        // transaction: a joined one is never rolled back here.
        if (db.Database.CurrentTransaction is not null && incoming.PartnerId is not null)
            throw new InvalidOperationException("A partner's callback is recorded in a transaction of its own.");
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var dossierId = incoming.RequestId is { } requestId
            ? await ScalarAsync<long?>("SELECT dossier_id FROM payment_requests WHERE id = $1", ct, requestId)
            : await DossierNamedAsync(incoming.Purpose, ct);
        Dossier? dossier = null;
        var requests = new List<RequestState>();
        if (dossierId is { } id)
        {
            requests = await RequestsAsync(id, ct);
            dossier = await db.Dossiers.Include(d => d.Events.OrderBy(e => e.Id)).FirstAsync(d => d.Id == id, ct);
        }
        // The accountant's confirmation sent again (a retry, a double submission; ten at once in the fourteenth trial made
        // nine duplicates to refund): decided in turn under the requests' lock, it answers the payment already recorded.
        // Without a stated paid time each repeat's "now" differs, so the paid time is not compared then, over the shorter
        // window (fresh trial of 4 December 2026: the page's default made the second cash confirmation a duplicate).
        if (incoming.PartnerId is null && confirmedBy is { } accountant && incoming.RequestId is { } named && await ScalarAsync<long?>("""
                SELECT id FROM payments WHERE partner_id IS NULL AND request_id = $1 AND amount_vnd = $2 AND method = $3 AND (paid_at = $4 OR NOT $7)
                    AND confirmed_by = $5 AND recorded_at >= $6
                    -- Once the accountant dealt with the first (an accepted part-payment), the same amount again is the next
                    -- part, not the first sent again (trial14r HIGH 1: the second 1,000 of a 2,000 fee was answered with
                    -- the first and never booked).
                    AND flag_resolved_at IS NULL AND NOT coalesce(flag_accepted, false)
                ORDER BY id LIMIT 1
                """, ct, named, incoming.AmountVnd, incoming.Method, incoming.PaidAt.ToUniversalTime(), accountant,
                now - (incoming.PaidAtStated ? PaymentMatching.ResendWindow : PaymentMatching.UnstatedResendWindow), incoming.PaidAtStated) is { } sent)
        {
            if (transaction is not null) await transaction.CommitAsync(ct);
            return (await ViewAsync(sent, ct))!;
        }
        // Money the partner credited to an account that is not an active collection account of the dossier's unit is not
        // known to be the unit's (brief fees39): flagged for the accountant, never settled.
        var creditedElsewhere = dossier is not null && incoming.CreditedAccount is { } credited && await ScalarAsync<long?>(
            "SELECT id FROM collection_accounts WHERE agency_id = $1 AND active AND account_number = $2 LIMIT 1", ct, dossier.ReceivingAgencyId, credited) is null;
        var match = PaymentMatching.Decide(dossier, requests, incoming.AmountVnd, incoming.PaidAt, now,
            incoming.PartnerId is null ? null : LateAfter, incoming.RequestId, incoming.Purpose, creditedElsewhere);
        // The account is another unit's, active or past (and never the dossier's unit's own): that unit holds the money
        // (trial14u MEDIUM 5). An account no unit has, or more than one has, leaves it with the dossier's unit to check.
        var heldBy = creditedElsewhere && match.Flag == PaymentFlag.CreditedElsewhere ? await ScalarAsync<int?>("""
            SELECT min(c.agency_id) FROM collection_accounts c
            WHERE c.account_number = $2 AND c.agency_id <> $1
              AND NOT EXISTS (SELECT 1 FROM collection_accounts o WHERE o.agency_id = $1 AND o.account_number = $2)
            HAVING count(DISTINCT c.agency_id) = 1
            """, ct, dossier!.ReceivingAgencyId, incoming.CreditedAccount) : null;
        var paymentId = await ScalarAsync<long?>("""
            INSERT INTO payments (request_id, dossier_id, amount_vnd, method, partner_id, partner_transaction_id, purpose, payer_name,
                paid_at, recorded_at, confirmed_by, flag, raw, credited_account, held_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            ON CONFLICT (partner_id, partner_transaction_id) DO NOTHING RETURNING id
            """, ct, match.RequestId, dossierId, incoming.AmountVnd, incoming.Method, incoming.PartnerId, incoming.TransactionId,
            incoming.Purpose, incoming.PayerName, incoming.PaidAt.ToUniversalTime(), now, confirmedBy, match.Flag?.Code(),
            incoming.Raw is null ? null : new NpgsqlParameter { Value = incoming.Raw, NpgsqlDbType = NpgsqlDbType.Jsonb }, incoming.CreditedAccount, heldBy);
        if (paymentId is not { } payment)
        {
            // A replay that arrived together with the first: that one committed the payment meanwhile.
            await transaction!.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await ReplayAsync((await FindAsync(incoming.PartnerId!.Value, incoming.TransactionId!, ct))!, incoming, now, ct);
        }
        if (match.Settles)
            await SettleAsync(payment, match.RequestId!.Value, dossier!, by(dossier!.ReceivingAgencyId), incoming.PaidAt, confirmedBy, now, ct, match.Others,
                bankTime: incoming.PartnerId is not null);
        if (transaction is not null) await transaction.CommitAsync(ct);
        return (await ViewAsync(payment, ct))!;
    }

    // The working calendar of the dossier's receiving unit and its procedure's cut-off time: what the clock counts with.
    private async Task<(WorkingCalendar Calendar, TimeOnly? Cutoff)> CalendarOfAsync(Dossier dossier, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == dossier.ReceivingAgencyId, ct);
        var cutoff = await db.AgencyProcedures.AsNoTracking()
            .Where(a => a.AgencyId == agency.Id && a.ProcedureCode == dossier.ProcedureCode).Select(a => a.Cutoff).FirstOrDefaultAsync(ct);
        return (await calendars.ForAsync(agency, ct), cutoff);
    }

    /// <summary>The dossier a transfer's <paramref name="purpose"/> names (<see cref="PaymentMatching.DossierCodeIn"/>, or
    /// with the bank's punctuation stripped or spaced, <see cref="PaymentMatching.DossierCodeSpelledIn"/>), or null: no
    /// code, a code of no dossier, or one that could be two dossiers.</summary>
    public async Task<long?> DossierNamedAsync(string? purpose, CancellationToken ct)
    {
        if (PaymentMatching.DossierCodeIn(purpose) is { } code && await ScalarAsync<long?>("SELECT id FROM dossiers WHERE code = $1", ct, code) is { } exact)
            return exact;
        if (PaymentMatching.Compact(purpose).Length == 0) return null;
        // The codes the purpose could spell with each unit's code (a few hundred units), then those that exist, by the
        // code's unique index: never a scan of every dossier per callback.
        var agencies = await db.Agencies.AsNoTracking().Select(a => a.Code).ToListAsync(ct);
        var spelled = PaymentMatching.CodesSpelledIn(purpose, agencies).ToArray();
        if (spelled.Length == 0) return null;
        var codes = new List<string>();
        await using (var command = await db.CommandAsync("SELECT code FROM dossiers WHERE code = ANY($1)", ct, (object)spelled))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) codes.Add(reader.GetString(0));
        return PaymentMatching.DossierCodeSpelledIn(purpose, codes) is { } named
            ? await ScalarAsync<long?>("SELECT id FROM dossiers WHERE code = $1", ct, named)
            : null;
    }

    // A callback whose transaction id is already recorded: the first payment when it states the same facts; otherwise the
    // repeat is kept for the accountant (once per distinct body) and refused, never answered as if it were the first.
    private async Task<PaymentView> ReplayAsync(PaymentView first, IncomingPayment again, DateTimeOffset now, CancellationToken ct)
    {
        var fields = PaymentMatching.ReplayConflicts(
            new CallbackFacts(first.AmountVnd, await ScalarAsync<string>("SELECT purpose FROM payments WHERE id = $1", ct, first.Id), first.PaidAt, first.PayerName),
            new CallbackFacts(again.AmountVnd, again.Purpose, again.PaidAt, again.PayerName));
        if (fields.Count == 0) return first;
        await (await db.CommandAsync("""
            INSERT INTO payment_replay_conflicts (payment_id, partner_id, transaction_id, fields, amount_vnd, purpose, paid_at, payer_name, raw, received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING
            """, ct, first.Id, again.PartnerId, again.TransactionId, fields.ToArray(), again.AmountVnd, again.Purpose, again.PaidAt.ToUniversalTime(),
            again.PayerName, new NpgsqlParameter { Value = again.Raw ?? "{}", NpgsqlDbType = NpgsqlDbType.Jsonb }, now)).ExecuteNonQueryAsync(ct);
        throw new ReplayConflictException(first.Id, fields);
    }

    /// <summary>The conflicting replays not yet resolved of the payments of <paramref name="agencyId"/>'s dossiers and of the
    /// unmatched ones, oldest first.</summary>
    public async Task<List<ReplayConflictView>> OpenConflictsAsync(int agencyId, CancellationToken ct)
    {
        var list = new List<ReplayConflictView>();
        await using var command = await db.CommandAsync("""
            SELECT c.id, c.payment_id, d.code, t.title, c.transaction_id, c.fields, p.amount_vnd, c.amount_vnd, c.purpose, c.paid_at, c.received_at
            FROM payment_replay_conflicts c JOIN payments p ON p.id = c.payment_id JOIN payment_partners t ON t.id = c.partner_id
            LEFT JOIN dossiers d ON d.id = p.dossier_id
            WHERE c.resolved_at IS NULL AND (d.id IS NULL OR d.receiving_agency_id = $1) ORDER BY c.id
            """, ct, agencyId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            list.Add(new ReplayConflictView(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetFieldValue<string[]>(5), reader.GetInt64(6), reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10)));
        return list;
    }

    /// <summary>The accountant records how conflicting replay <paramref name="conflictId"/> was handled (<paramref name="note"/>,
    /// 1–1,000 characters: asked the bank, a second payment recorded by hand…): the status and message, 200 when noted, 404
    /// for another unit's or an unknown one, 409 when already noted. Audit <c>payment.replay-conflict</c>.</summary>
    public async Task<(int Status, string? Message)> ResolveConflictAsync(long conflictId, string note, Officer by, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        int? agency;
        bool resolved;
        await using (var read = await db.CommandAsync("""
            SELECT d.receiving_agency_id, c.resolved_at IS NOT NULL FROM payment_replay_conflicts c JOIN payments p ON p.id = c.payment_id
            LEFT JOIN dossiers d ON d.id = p.dossier_id WHERE c.id = $1 FOR UPDATE OF c
            """, ct, conflictId))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return (StatusCodes.Status404NotFound, $"Không có thông báo trùng mã giao dịch số {conflictId} của đơn vị bạn.");
            (agency, resolved) = (reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.GetBoolean(1));
        }
        if (!PaymentMatching.MayConfirm(by, agency)) return (StatusCodes.Status404NotFound, $"Không có thông báo trùng mã giao dịch số {conflictId} của đơn vị bạn.");
        if (resolved) return (StatusCodes.Status409Conflict, "Thông báo này đã được ghi chú xử lý.");
        var now = clock.GetUtcNow();
        await (await db.CommandAsync("UPDATE payment_replay_conflicts SET resolved_at = $2, resolved_by = $3, note = $4 WHERE id = $1",
            ct, conflictId, now, by.Actor.UserId, note)).ExecuteNonQueryAsync(ct);
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = by.Actor.UserId, Action = "payment.replay-conflict", Subject = $"replay-conflict:{conflictId}",
            Details = System.Text.Json.JsonSerializer.SerializeToDocument(new { Note = note }, MotCuaDb.Json),
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (StatusCodes.Status200OK, null);
    }

    /// <summary>Whether <paramref name="agencyId"/> has a tax code its receipts print (<c>receipt_series.tax_code</c>; the page
    /// warns when not, <see cref="TaxCode.MissingWarning"/>).</summary>
    public async Task<bool> HasTaxCodeAsync(int agencyId, CancellationToken ct) =>
        await ScalarAsync<string>("SELECT tax_code FROM receipt_series WHERE agency_id = $1", ct, agencyId) is not null;

    /// <summary>Page <paramref name="page"/> (1-based, <see cref="ListPageSize"/> a page, newest first) of the payments of
    /// <paramref name="agencyId"/>'s dossiers that settled their request or were accepted (an underpayment as a part), with
    /// their valid receipt and what may still be refunded, and how many there are in all (trial 14v LOW 9: the latest 100,
    /// each with two forms, made /ke-toan 19,000 px tall).</summary>
    public async Task<(List<SettledPaymentView> Page, int Total)> SettledAsync(int agencyId, int page, CancellationToken ct)
    {
        var total = await ScalarAsync<int>("""
            SELECT count(*)::int FROM payments p JOIN dossiers d ON d.id = p.dossier_id WHERE d.receiving_agency_id = $1 AND (p.flag IS NULL OR p.flag_accepted)
            """, ct, agencyId);
        var list = new List<SettledPaymentView>();
        await using var command = await db.CommandAsync($$"""
            SELECT p.id, d.code, p.amount_vnd, p.method, p.paid_at, p.payer_name, r.id, r.series, r.number,
                   coalesce((SELECT sum(f.amount_vnd) FROM payment_refunds f WHERE f.payment_id = p.id), 0)::bigint,
                   -- An accepted overpayment keeps its receipted fee (as Refunds reads it): its receipt is listed to cancel,
                   -- only the excess to refund.
                   ({{KeptSql}})::bigint,
                   d.id
            FROM payments p JOIN dossiers d ON d.id = p.dossier_id
            LEFT JOIN receipts r ON r.payment_id = p.id AND r.cancelled_at IS NULL
            WHERE d.receiving_agency_id = $1 AND (p.flag IS NULL OR p.flag_accepted)
            ORDER BY p.paid_at DESC, p.id DESC LIMIT $2 OFFSET $3
            """, ct, agencyId, ListPageSize, (Paging.Clamp(page) - 1) * ListPageSize);
        var rows = new List<(SettledPaymentView View, RefundablePayment Payment, long DossierId)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add((new SettledPaymentView(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetInt64(6),
                    reader.IsDBNull(6) ? null : ReceiptNumbering.Display(reader.GetString(7), reader.GetInt32(8)), 0, KeptVnd: reader.GetInt64(10)),
                    new RefundablePayment(reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt64(9), true, reader.GetInt64(10)),
                    reader.GetInt64(11)));
        // The refund's own rule (Refunds.RefundAsync, PaymentRefunds.DueVnd and Held): the page offers what the POST accepts.
        var ids = rows.Select(r => r.DossierId).Distinct().ToList();
        var states = (await db.Dossiers.AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync(ct)).ToDictionary(d => d.Id, PaymentRefunds.DossierOf);
        foreach (var (view, payment, dossier) in rows)
        {
            var held = payment with { Dossier = states[dossier] };
            list.Add(view with { RefundableVnd = PaymentRefunds.Refundable(held), Held = PaymentRefunds.Held(held) });
        }
        return (list, total);
    }

    /// <summary>
    /// The accountant resolves a flagged payment with <paramref name="note"/>: accepted, it counts as paid (its request, if
    /// still open, is settled at the payment's instant, the pause ends, the receipt is issued); otherwise the note records
    /// what was done. Null when the payment is unknown; a problem (409) when it has no open flag or cannot be accepted.
    /// </summary>
    public async Task<(PaymentView? View, string? Refusal)> ResolveAsync(long paymentId, bool accept, string note, Officer by, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var dossierId = await ScalarAsync<long?>("SELECT dossier_id FROM payments WHERE id = $1", ct, paymentId);
        // The dossier's requests first, in the order every confirmation takes its locks, then the payment.
        var requests = dossierId is { } locked ? await RequestsAsync(locked, ct) : [];
        PaymentFlag? flag;
        long? requestId;
        DateTimeOffset paidAt;
        long amount;
        string? purpose;
        bool namedByAccountant;
        DateTimeOffset recordedAt;
        await using (var read = await db.CommandAsync(
            "SELECT flag, flag_resolved_at IS NOT NULL, request_id, paid_at, amount_vnd, purpose, partner_id IS NULL AND attached_at IS NULL, recorded_at FROM payments WHERE id = $1 FOR UPDATE", ct, paymentId))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return (null, null);
            if (reader.IsDBNull(0) || reader.GetBoolean(1)) return (null, "Khoản tiền này không có cảnh báo nào đang chờ xử lý.");
            flag = PaymentMatching.FromCode(reader.GetString(0));
            requestId = reader.IsDBNull(2) ? null : reader.GetInt64(2);
            (paidAt, amount) = (reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt64(4));
            (purpose, namedByAccountant, recordedAt) = (reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetBoolean(6), reader.GetFieldValue<DateTimeOffset>(7));
        }
        if (await HeldElsewhereRefusalAsync(paymentId, by, accept, ct) is { } held) return (null, held);
        if (accept)
        {
            if (flag is { } raised && PaymentMatching.AcceptRefusal(raised, paidAt, recordedAt) is { } refused) return (null, refused);
            if (requestId is null || dossierId is null)
                return (null, "Khoản tiền chưa gắn với yêu cầu nộp phí của hồ sơ nào nên không ghi nhận là đã nộp được; ghi chú cách xử lý (ví dụ hoàn trả).");
            var dossier = await db.Dossiers.Include(d => d.Events.OrderBy(e => e.Id)).FirstAsync(d => d.Id == dossierId, ct);
            // The callback's rule again on the requests as they are now: paid meanwhile by other money, this is paid twice.
            var (match, refusal) = PaymentMatching.Recheck(dossier, requests, amount, paidAt, now, namedByAccountant ? requestId : null, purpose);
            // A refused acceptance changes nothing (trial14u MEDIUM 2: the refusal rewrote creditedElsewhere and
            // paidAtImplausible to duplicate, unaudited): the flag, the request and firstFlag stay as they were; the 409
            // says what the money now reads as, and the accountant refunds, attaches or notes it.
            if (refusal is not null) return (null, refusal);
            // Accepted: the request the money now pays (the sum of the open requests settles the oldest with the others; a
            // paid time before the request no longer counts against it) and the flag it now reads as.
            if (match.Flag is { } again && again != flag || match.RequestId != requestId)
                await (await db.CommandAsync("UPDATE payments SET flag = $2, request_id = $3 WHERE id = $1", ct, paymentId, (match.Flag ?? flag)?.Code(), match.RequestId))
                    .ExecuteNonQueryAsync(ct);
            // An underpayment accepted is a part-payment: receipted, the request left open for the rest (PaymentRequests.Remaining).
            await SettleAsync(paymentId, match.RequestId!.Value, dossier, by, paidAt, by.Actor.UserId, now, ct, match.Others, partial: match.Flag == PaymentFlag.Underpaid);
        }
        await (await db.CommandAsync("UPDATE payments SET flag_resolved_at = $2, flag_resolved_by = $3, flag_note = $4, flag_accepted = $5 WHERE id = $1",
            ct, paymentId, now, by.Actor.UserId, note, accept)).ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return (await ViewAsync(paymentId, ct), null);
    }

    /// <summary>Why <paramref name="by"/> may not act on payment <paramref name="paymentId"/> whose money another unit's
    /// collection account holds (<see cref="PaymentMatching.HeldElsewhereRefusal"/>, naming the units), or null: not held
    /// elsewhere, or the holder's accountant noting or refunding it.</summary>
    public async Task<string?> HeldElsewhereRefusalAsync(long paymentId, Officer by, bool accepting, CancellationToken ct)
    {
        await using var command = await db.CommandAsync("""
            SELECT p.held_by, h.name, coalesce(u.name, '') FROM payments p JOIN agencies h ON h.id = p.held_by
            LEFT JOIN dossiers d ON d.id = p.dossier_id LEFT JOIN agencies u ON u.id = d.receiving_agency_id WHERE p.id = $1
            """, ct, paymentId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? PaymentMatching.HeldElsewhereRefusal(by, reader.GetInt32(0), reader.GetString(1), reader.GetString(2), accepting) : null;
    }

    /// <summary>
    /// The accountant attaches payment <paramref name="paymentId"/>, unmatched or flagged on the wrong dossier and with no
    /// receipt, to the dossier of <paramref name="dossierCode"/> (read from the bank statement: the payer mistyped the
    /// code, or named a dossier already paid); the audit row keeps the dossier and flag it left. Under the dossier's request locks and the payment's,
    /// <see cref="PaymentMatching.AttachRefusal"/>, then <see cref="PaymentMatching.Decide"/> as for money that arrived with
    /// the code (amount, closed dossier, duplicate, paid-at; never late, the delay being the accountant's), the payment
    /// row updated with its dossier, request and new flag, settled with its receipt on an exact match, and an audit row
    /// <c>payment.attach</c>. The outcome: the payment, or the status (404, 409, 422 with the field) and message.
    /// </summary>
    public async Task<(PaymentView? View, int Status, string? Message, string? Field)> AttachAsync(long paymentId, string? dossierCode, string? note, Officer by,
        CancellationToken ct)
    {
        var code = dossierCode?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code) || !DossierCode.TryParse(code, out _, out _, out _))
            return (null, StatusCodes.Status422UnprocessableEntity, "Nhập mã hồ sơ đúng dạng, ví dụ 000.00.01.H46-251117-0001.", "dossierCode");
        if (note is { Length: > 1000 }) return (null, StatusCodes.Status422UnprocessableEntity, "Ghi chú không quá 1.000 ký tự.", "note");
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var dossier = await db.Dossiers.Include(d => d.Events.OrderBy(e => e.Id)).FirstOrDefaultAsync(d => d.Code == code, ct);
        if (dossier is null || !PaymentMatching.MayConfirm(by, dossier.ReceivingAgencyId))
            return (null, StatusCodes.Status422UnprocessableEntity, $"Không có hồ sơ mã {code} của đơn vị bạn.", "dossierCode");
        var requests = await RequestsAsync(dossier.Id, ct);
        long amount;
        DateTimeOffset paidAt;
        string? purpose, previousCode, previousFlag;
        await using (var read = await db.CommandAsync(
            """
            SELECT p.flag, EXISTS (SELECT 1 FROM receipts c WHERE c.payment_id = p.id),
                p.flag_resolved_at IS NOT NULL OR coalesce(p.flag_accepted, false) OR EXISTS (SELECT 1 FROM payment_refunds f WHERE f.payment_id = p.id),
                p.amount_vnd, p.paid_at, p.purpose, p.dossier_id, (SELECT code FROM dossiers WHERE id = p.dossier_id), p.flag,
                (SELECT receiving_agency_id FROM dossiers WHERE id = p.dossier_id)
            FROM payments p WHERE p.id = $1 FOR UPDATE OF p
            """, ct, paymentId))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            // Money on another unit's dossier is not this accountant's to move: answered as unknown, as elsewhere.
            if (!await reader.ReadAsync(ct) || !PaymentMatching.MayConfirm(by, reader.IsDBNull(9) ? null : reader.GetInt32(9)))
                return (null, StatusCodes.Status404NotFound, $"Không có khoản tiền số {paymentId}.", null);
            if (PaymentMatching.AttachRefusal(PaymentMatching.FromCode(reader.IsDBNull(0) ? null : reader.GetString(0)), reader.GetBoolean(1), reader.GetBoolean(2)) is { } refusal)
                return (null, StatusCodes.Status409Conflict, refusal, null);
            (amount, paidAt, purpose) = (reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetString(5));
            (previousCode, previousFlag) = (reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8));
        }
        // Money another unit's account holds is not the dossier unit's to move onto a fee (trial14u MEDIUM 5).
        if (await HeldElsewhereRefusalAsync(paymentId, by, true, ct) is { } held) return (null, StatusCodes.Status409Conflict, held, null);
        var match = PaymentMatching.Decide(dossier, requests, amount, paidAt, now, null, null, purpose);
        await (await db.CommandAsync("UPDATE payments SET dossier_id = $2, request_id = $3, flag = $4, attached_at = $5, attached_by = $6 WHERE id = $1",
            ct, paymentId, dossier.Id, match.RequestId, match.Flag?.Code(), now, by.Actor.UserId)).ExecuteNonQueryAsync(ct);
        if (match.Settles) await SettleAsync(paymentId, match.RequestId!.Value, dossier, by, paidAt, by.Actor.UserId, now, ct, match.Others);
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = by.Actor.UserId, Action = "payment.attach", Subject = $"payment:{paymentId}",
            Details = System.Text.Json.JsonSerializer.SerializeToDocument(new
            {
                DossierCode = code, match.RequestId, Flag = match.Flag?.Code(), Note = note?.Trim(),
                // A re-attachment keeps where the money was and why, so the move can be read back.
                From = previousCode is null ? null : new { DossierCode = previousCode, Flag = previousFlag },
            }, MotCuaDb.Json),
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (await ViewAsync(paymentId, ct), StatusCodes.Status200OK, null, null);
    }

    /// <summary>One payment as the API shows it, or null.</summary>
    public async Task<PaymentView?> ViewAsync(long paymentId, CancellationToken ct) => (await ViewsAsync("p.id = $1", ct, paymentId)).SingleOrDefault();

    /// <summary>The payments flagged and not yet resolved, of the dossiers received at <paramref name="agencyId"/>, those no
    /// dossier was found for, and another unit's dossiers' money credited to <paramref name="agencyId"/>'s account
    /// (<see cref="PaymentView.HeldById"/>: its statement shows the inflow), oldest first.</summary>
    public async Task<(List<PaymentView> Page, int Total)> OpenFlagsAsync(int agencyId, int page, CancellationToken ct)
    {
        const string Open = "p.flag IS NOT NULL AND p.flag_resolved_at IS NULL AND (d.id IS NULL OR d.receiving_agency_id = $1 OR p.held_by = $1)";
        var total = await ScalarAsync<int>($"SELECT count(*)::int FROM payments p LEFT JOIN dossiers d ON d.id = p.dossier_id WHERE {Open}", ct, agencyId);
        // Oldest first, as before: the longest waiting is dealt with first. Paged (trial 14v LOW 9).
        return (await ViewsAsync($"{Open} ORDER BY p.id LIMIT $2 OFFSET $3", ct, agencyId, ListPageSize, (Paging.Clamp(page) - 1) * ListPageSize), total);
    }

    /// <summary>Of the requests <paramref name="requestIds"/>, those the officer recorded paid elsewhere (the
    /// <c>payment-received</c> record, brief fees39), with who recorded it and when (UTC): /ke-toan says so beside money
    /// flagged against one (trial14u LOW 2), whatever the request's status since.</summary>
    public async Task<IReadOnlyDictionary<long, (string By, DateTimeOffset At)>> RecordedElsewhereAsync(IEnumerable<long?> requestIds, CancellationToken ct)
    {
        var map = new Dictionary<long, (string By, DateTimeOffset At)>();
        var ids = requestIds.OfType<long>().Distinct().ToArray();
        if (ids.Length == 0) return map;
        await using var command = await db.CommandAsync("""
            SELECT r.id, coalesce(u.full_name, ''), r.recorded_paid_at FROM payment_requests r LEFT JOIN users u ON u.id = r.recorded_paid_by
            WHERE r.id = ANY($1) AND r.recorded_paid_at IS NOT NULL
            """, ct, (object)ids);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) map[reader.GetInt64(0)] = (reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));
        return map;
    }

    /// <summary>The codes among <paramref name="codes"/> of dossiers closed since (<see cref="PaymentMatching.IsClosed"/>:
    /// refused, withdrawn, stopped): money flagged on them cannot be accepted (<see cref="ResolveAsync"/> rechecks and
    /// answers 409), so /ke-toan offers no accept button there (fourteenth trial, LOW 10).</summary>
    public async Task<IReadOnlySet<string>> ClosedDossiersAsync(IEnumerable<string?> codes, CancellationToken ct)
    {
        var wanted = codes.OfType<string>().Distinct().ToArray();
        if (wanted.Length == 0) return new HashSet<string>();
        var dossiers = await db.Dossiers.AsNoTracking().Where(d => wanted.Contains(d.Code)).ToListAsync(ct);
        return dossiers.Where(PaymentMatching.IsClosed).Select(d => d.Code).ToHashSet();
    }

    /// <summary>How many flagged and settled payments /ke-toan lists on a page of each (trial 14v LOW 9).</summary>
    public const int ListPageSize = 20;

    /// <summary>How many open requests /ke-toan lists on a page (fresh trial of 4 December 2026: all of them made the page
    /// 36,975 px tall).</summary>
    public const int OpenRequestsPageSize = 20;

    /// <summary>Page <paramref name="page"/> (1-based, <see cref="Paging.Clamp"/>) of the open payment requests of the
    /// dossiers received at <paramref name="agencyId"/>, <see cref="OpenRequestsPageSize"/> a page, newest first, each with
    /// what is left to pay (<see cref="PaymentRequests.Remaining"/>), and how many are open in all.</summary>
    public async Task<(List<OpenRequestView> Page, int Total)> OpenRequestsAsync(int agencyId, int page, CancellationToken ct)
    {
        var total = await ScalarAsync<int>("""
            SELECT count(*)::int FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE r.status = 'open' AND d.receiving_agency_id = $1
            """, ct, agencyId);
        var rows = await db.Database.SqlQueryRaw<OpenRequestView>($$"""
            SELECT r.id AS "Id", d.code AS "DossierCode", r.reason AS "Reason", greatest(r.amount_vnd - {{PartsPaid}}, 0) AS "AmountVnd", r.purpose AS "Purpose", r.created_at AS "CreatedAt"
            FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id
            WHERE r.status = 'open' AND d.receiving_agency_id = {0} ORDER BY r.created_at DESC, r.id DESC LIMIT {1} OFFSET {2}
            """, agencyId, OpenRequestsPageSize, (Paging.Clamp(page) - 1) * OpenRequestsPageSize).ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>The receiving agency of a payment's dossier (null for an unmatched payment) and the unit holding its money
    /// when another unit's account was credited (<see cref="PaymentView.HeldById"/>, else null), or the payment is unknown.</summary>
    public async Task<(bool Found, int? AgencyId, int? HeldBy)> AgencyOfPaymentAsync(long paymentId, CancellationToken ct)
    {
        await using var command = await db.CommandAsync("SELECT d.receiving_agency_id, p.held_by FROM payments p LEFT JOIN dossiers d ON d.id = p.dossier_id WHERE p.id = $1", ct, paymentId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (true, reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt32(1)) : (false, null, null);
    }

    /// <summary>Whether <paramref name="by"/> may reach payment's flag at all (else it is answered as unknown, 404): the
    /// accountant of its dossier's unit (<see cref="PaymentMatching.MayConfirm"/>) or of the unit holding its money.</summary>
    public static bool MayReach(Officer by, int? agencyId, int? heldBy) =>
        PaymentMatching.MayConfirm(by, agencyId) || heldBy is { } holder && PaymentMatching.MayConfirm(by, holder);

    /// <summary>When request <paramref name="requestId"/> was raised (UTC), or null when there is no such request: the
    /// accountant's paid-at may not be before it (<see cref="PaymentMatching.PaidAtProblem"/>).</summary>
    public async Task<DateTimeOffset?> RaisedAtAsync(long requestId, CancellationToken ct)
    {
        await using var command = await db.CommandAsync("SELECT created_at FROM payment_requests WHERE id = $1", ct, requestId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? reader.GetFieldValue<DateTimeOffset>(0) : null;
    }

    /// <summary>The receiving agency of a request's dossier, or null when there is no such request.</summary>
    public Task<int?> AgencyOfRequestAsync(long requestId, CancellationToken ct) =>
        ScalarAsync<int?>("SELECT d.receiving_agency_id FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE r.id = $1", ct, requestId);

    // Settles request <requestId> (and <others>, the dossier's other open requests the same money pays in full) with the
    // payment: the requests paid at its instant (a request the officer recorded paid elsewhere too: this money is its
    // payment, PaymentMatching.PaysRecorded), the pause ended once none of the requests it waits for is open
    // (PaymentRequestReasons.ObligationMetAt), one receipt listing every settled request's phí and lệ phí items. A partner's
    // time (<bankTime>) settling what a pause the officer already ended waited for moves that pause's end back to it
    // (Dossier.PaidBeforeRecorded, brief fees40a: one rule whichever of the two came first). Only a partner's time
    // [choice, fees39]: the accountant's typed time for cash is not a bank's record.
    private async Task SettleAsync(long paymentId, long requestId, Dossier dossier, Officer by, DateTimeOffset paidAt, int? issuedBy, DateTimeOffset now, CancellationToken ct,
        IReadOnlyList<long>? others = null, bool partial = false, bool bankTime = false)
    {
        long[] settled = [requestId, .. others ?? []];
        // The requests' item kinds in one read (the rows are already locked by RequestsAsync).
        var kinds = new Dictionary<long, List<string?>>();
        await using (var read = await db.CommandAsync(
            "SELECT r.id, i ->> 'kind' FROM payment_requests r LEFT JOIN LATERAL jsonb_array_elements(r.items) i ON true WHERE r.id = ANY($1)", ct, settled))
        await using (var reader = await read.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var list = kinds.TryGetValue(reader.GetInt64(0), out var known) ? known : kinds[reader.GetInt64(0)] = [];
                if (!reader.IsDBNull(1)) list.Add(reader.GetString(1));
            }
        if (!partial)
            // settled_by only when the money paid more than one request: the receipt and the refunds then read them all.
            // Never paid before it was raised (trial14u LOW 4, [choice]: the request's raising, not the confirmation's time): an
            // accepted paidAtImplausible payment keeps the bank's time on the payment, the request reads as paid when it could be.
            await (await db.CommandAsync("UPDATE payment_requests SET status = 'paid', paid_at = greatest($2, created_at), settled_by = $3 WHERE id = ANY($1) AND status IN ('open', 'paidElsewhere')", ct,
                settled, paidAt.ToUniversalTime(), settled.Length > 1 ? paymentId : null)).ExecuteNonQueryAsync(ct);
        if (!partial && dossier.Status == DossierStatus.AwaitingPayment && dossier.Pauses.LastOrDefault(p => p.To is null) is { } pause
            && PaymentRequestReasons.ObligationMetAt(pause.From, await ObligationRequestsAsync(dossier.Id, ct)) is { } metAt)
        {
            var (calendar, cutoff) = await CalendarOfAsync(dossier, ct);
            dossier.PaymentReceived($"đã nộp tiền lúc {VietnamTime.ToVietnam(metAt):HH:mm dd/MM/yyyy}", calendar, cutoff, by, now, metAt);
            await db.SaveChangesAsync(ct);
        }
        if (!partial && bankTime && dossier.Pauses.Any(p => p.Reason == PauseReason.Payment && p.To is not null))
        {
            var (calendar, cutoff) = await CalendarOfAsync(dossier, ct);
            if (dossier.PaidBeforeRecorded(await ObligationRequestsAsync(dossier.Id, ct), settled, calendar, cutoff, by.Actor, now)) await db.SaveChangesAsync(ct);
        }
        // A tax or land-use levy is proved by the treasury's voucher, not by a biên lai thu phí, lệ phí (ObligationKinds).
        if (kinds.Values.Any(ObligationKinds.IssuesFeeReceipt)) await receipts.IssueAsync(db, paymentId, issuedBy, ct);
    }

    private async Task<PaymentView?> FindAsync(int partnerId, string transactionId, CancellationToken ct) =>
        (await ViewsAsync("p.partner_id = $1 AND p.partner_transaction_id = $2", ct, partnerId, transactionId)).SingleOrDefault();

    /// <summary>
    /// SQL of what payment <c>p</c> paid of the requests it settled (integer VND, null when it settled none): of each
    /// request it settled (<c>payment_requests.settled_by</c> when it settled several, else its own <c>request_id</c>), what
    /// that request still owed when the money came, its amount less the parts other money paid of it earlier (accepted
    /// underpayments, <see cref="PartsPaid"/>). Sixteenth trial, HIGH 1: after a part-payment of 5,000 on a 25,000 fee, an
    /// accepted overpayment kept the fee's full 25,000 and 5,000 was neither receipted nor refundable.
    /// </summary>
    public const string SettledOwedSql = """
        (SELECT sum(greatest(s.amount_vnd - coalesce((SELECT sum(q.amount_vnd) FROM payments q
                    WHERE q.request_id = s.id AND q.id <> p.id AND q.flag = 'underpaid' AND q.flag_accepted), 0), 0))::bigint
         FROM payment_requests s WHERE s.settled_by = p.id OR s.id = p.request_id)
        """;

    /// <summary>
    /// SQL of what payment <c>p</c> keeps as paid when the accountant accepted it as an overpayment (integer VND; 0
    /// otherwise): what the requests it settled still owed (<see cref="SettledOwedSql"/>; a levy among them has no receipt
    /// line but its money is kept too). The rest is the excess to refund; once the dossier is closed without a result the
    /// kept fee is refundable too (<see cref="PaymentRefunds.DueVnd"/>).
    /// </summary>
    public const string KeptSql = "CASE WHEN p.flag = 'overpaid' AND p.flag_accepted THEN coalesce(" + SettledOwedSql + ", 0) ELSE 0 END";

    /// <summary>SQL of what was paid of request <c>r</c> in parts: its underpayments the accountant accepted (integer VND).</summary>
    public const string PartsPaid = MotCua.Web.Features.Fees.DossierFees.PartsPaidSql;

    // The dossier's requests not cancelled, as the financial-obligation pause reads them (PaymentRequestReasons.ObligationMetAt).
    private async Task<List<ObligationRequest>> ObligationRequestsAsync(long dossierId, CancellationToken ct) =>
        (await ObligationRequestsAsync(db, [dossierId], ct)).GetValueOrDefault(dossierId) ?? [];

    /// <summary>The requests not cancelled of each of <paramref name="dossierIds"/>, as the financial-obligation pause reads
    /// them (<see cref="PaymentRequestReasons.ObligationMetAt"/>).</summary>
    internal static async Task<Dictionary<long, List<ObligationRequest>>> ObligationRequestsAsync(MotCuaDb db, IReadOnlyCollection<long> dossierIds, CancellationToken ct)
    {
        var map = new Dictionary<long, List<ObligationRequest>>();
        await using var command = await db.CommandAsync(
            "SELECT dossier_id, reason, created_at, CASE WHEN status = 'paid' THEN coalesce(paid_at, created_at) WHEN status = 'paidElsewhere' THEN recorded_paid_at END, id FROM payment_requests WHERE dossier_id = ANY($1) AND status <> 'cancelled' ORDER BY id",
            ct, dossierIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var dossier = reader.GetInt64(0);
            if (!map.TryGetValue(dossier, out var list)) map[dossier] = list = [];
            list.Add(new ObligationRequest(reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt64(4)));
        }
        return map;
    }

    // The dossier's open and paid requests, locked until the transaction ends so that two confirmations decide in turn. A
    // request paid elsewhere (the officer's record) reads as paid, open only to the money that fits it
    // (PaymentMatching.PaysRecorded): other money for it is a duplicate for the accountant.
    private async Task<List<RequestState>> RequestsAsync(long dossierId, CancellationToken ct)
    {
        var list = new List<RequestState>();
        await using var command = await db.CommandAsync(
            $"SELECT r.id, r.amount_vnd, r.status IN ('paid', 'paidElsewhere'), r.created_at, r.purpose, {PartsPaid}, r.status = 'paidElsewhere' FROM payment_requests r WHERE r.dossier_id = $1 AND r.status <> 'cancelled' ORDER BY r.id FOR UPDATE OF r",
            ct, dossierId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        // An open request (and one paid elsewhere, whose record covers only what was left) is matched against what is left
        // after the parts already accepted.
        while (await reader.ReadAsync(ct))
            list.Add(new RequestState(reader.GetInt64(0), PaymentRequests.Remaining(reader.GetInt64(1), reader.GetInt64(5)), reader.GetBoolean(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4), reader.GetBoolean(6)));
        return list;
    }

    private async Task<List<PaymentView>> ViewsAsync(string where, CancellationToken ct, params object?[] parameters)
    {
        await using var command = await db.CommandAsync($"""
            SELECT p.id, d.code, p.request_id, p.amount_vnd, p.method, p.paid_at, p.recorded_at, p.payer_name, p.flag,
                p.flag_resolved_at IS NOT NULL, p.flag_accepted, p.flag_note, r.id, r.number, r.series, p.credited_account,
                p.held_by, (SELECT h.name FROM agencies h WHERE h.id = p.held_by)
            FROM payments p LEFT JOIN dossiers d ON d.id = p.dossier_id
            LEFT JOIN receipts r ON r.payment_id = p.id AND r.cancelled_at IS NULL
            WHERE {(where.Contains("ORDER BY", StringComparison.Ordinal) ? where : where + " ORDER BY p.id")}
            """, ct, parameters);
        var views = new List<PaymentView>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            views.Add(new PaymentView(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.GetInt64(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetBoolean(9),
                reader.IsDBNull(10) ? null : reader.GetBoolean(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetInt64(12), reader.IsDBNull(13) ? null : ReceiptNumbering.Display(reader.GetString(14), reader.GetInt32(13)),
                reader.IsDBNull(15) ? null : reader.GetString(15), reader.IsDBNull(16) ? null : reader.GetInt32(16), reader.IsDBNull(17) ? null : reader.GetString(17)));
        return views;
    }

    private async Task<T?> ScalarAsync<T>(string sql, CancellationToken ct, params object?[] parameters)
    {
        await using var command = await db.CommandAsync(sql, ct, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }
}
