using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;

namespace MotCua.Web.Features.Dossiers;

/// <summary>
/// The one print of Mẫu 01 that carries the rating code (issue 17, HIGH A of the rat28 trials, docs/RATINGS.md "Who may
/// rate"): the slip the receiving desk prints as part of a desk intake, for the applicant standing at the counter. The
/// intake offers it (<c>intake_prints</c>, migration 0105) to the officer who received the dossier; that officer's first
/// print asked for as the intake's (<c>receipt.pdf?tiep-nhan=1</c>, the button of <c>/ho-so/{code}?moi=1</c>) within
/// <see cref="Lifetime"/> uses it. Every other print, by anyone, and every online, postal or API dossier, has no code:
/// those applicants get it by SMS or e-mail and on their citizen page.
/// </summary>
public static class IntakePrints
{
    /// <summary>How long after the intake its print may carry the code [choice: the applicant is still at the counter].</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>The query parameter that asks for the intake's print.</summary>
    public const string Parameter = "tiep-nhan";

    /// <summary>Offers the intake's print of <paramref name="dossier"/> to <paramref name="officerUserId"/> when it was
    /// received at the desk (channel direct). Once per dossier: a form posted again (the idempotent replay) offers nothing.</summary>
    public static async Task OfferAsync(MotCuaDb db, Dossier dossier, int officerUserId, DateTimeOffset now, CancellationToken ct)
    {
        if (dossier.Channel != Channel.Direct || dossier.ReceivedAt is null) return;
        // By code: the intake's answer carries the dossier as received, not necessarily its row id.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO intake_prints (dossier_id, user_id, created_at, expires_at)
            SELECT id, {officerUserId}, {now}, {now + Lifetime} FROM dossiers WHERE code = {dossier.Code}
            ON CONFLICT (dossier_id) DO NOTHING
            """, ct);
    }

    /// <summary>Uses the intake's print of <paramref name="dossierId"/> for <paramref name="officerUserId"/>: true once, for
    /// the officer it was offered to, unused and before it expires; false otherwise.</summary>
    public static async Task<bool> UseAsync(MotCuaDb db, long dossierId, int officerUserId, DateTimeOffset now, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            UPDATE intake_prints SET used_at = {now}
            WHERE dossier_id = {dossierId} AND user_id = {officerUserId} AND used_at IS NULL AND expires_at > {now}
            """, ct) == 1;
}
