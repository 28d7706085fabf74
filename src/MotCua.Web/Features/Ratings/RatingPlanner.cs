using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using Microsoft.Extensions.Options;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Messages;
using MotCua.Domain.Ratings;
using MotCua.Web.Features.Outbox;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Ratings;

/// <summary>
/// Sends the applicant the rating link when a dossier is returned, stopped or refused (<see cref="RatingWindow.Closing"/>):
/// by SMS (one GSM-7 segment, <see cref="RatingInvitation.Sms"/>) and by e-mail, each only where the applicant agreed to
/// the channel at intake and has not opted out of it; an SMS planned in the quiet hours waits for their end. Key
/// <c>rating:{target}</c>, so an event expanded again writes the same message. Off with Motcua:Ratings:InviteBySms=false.
/// The link is <c>/danh-gia?ma=&amp;t=&amp;kenh=sms|email</c> with the own link's token (<see cref="RatingStore.OwnTokenOf"/>),
/// which reaches only the applicant's own phone or address. Topic <see cref="InvitationTopic"/>: one no longer of use when
/// it would leave (the dossier rated for good meanwhile) is skipped (<see cref="RatingInvitationSkip"/>).
/// </summary>
public sealed class RatingPlanner(RatingStore ratings, IOptions<RatingOptions> options, IConfiguration config) : IDossierEventPlanner
{
    /// <summary>The outbox topic of the invitations, by SMS and by e-mail: what <see cref="RatingInvitationSkip"/> checks
    /// before one leaves.</summary>
    public const string InvitationTopic = "rating.invitation";

    public async Task PlanAsync(DossierEventPlan plan, CancellationToken ct)
    {
        var e = plan.Event;
        // The applicant's notifications' settings (Motcua:Notifications, docs/MESSAGES.md), read here rather than through
        // the Notifications slice: an event older than StaleAfterHours sends nothing; SMS waits for the quiet hours' end.
        var staleAfter = config.GetValue("Motcua:Notifications:StaleAfterHours", 24);
        var quiet = QuietHours.Parse(config["Motcua:Notifications:QuietHours"] ?? "21:00-07:00") ?? QuietHours.Default;
        if (!options.Value.InviteBySms || e.Topic != DossierOutbox.StatusTopic || plan.Now - e.At > TimeSpan.FromHours(staleAfter)) return;
        if (!e.Payload.TryGetProperty("status", out var statusValue) || !statusValue.TryGetInt32(out var status)
            || !RatingWindow.Closing.ContainsKey((DossierStatus)status)) return;
        var db = plan.Db;
        var dossier = await db.Dossiers.AsNoTracking().FirstOrDefaultAsync(d => d.Code == e.Code, ct);
        if (dossier is null || dossier.Status != (DossierStatus)status) return;
        var site = PublicAddress.Base(config);
        // The own link (RatingProof.OwnLink), not the printed code: a rating from this message replaces one made with a slip
        // someone else saw.
        var token = ratings.OwnTokenOf(dossier.Id);
        string Link(string channel) => $"{site}/danh-gia?ma={Uri.EscapeDataString(dossier.Code)}&t={token}&kenh={channel}";
        var optedOut = await db.Database.SqlQuery<string>($"""
            SELECT channel AS "Value" FROM notification_opt_outs WHERE dossier_code = {dossier.Code} AND opted_out_at IS NOT NULL
            """).ToListAsync(ct);

        if (dossier.Notifications.Allows(NotificationChannel.Sms) && MobileNumber.International(dossier.Applicant.Phone) is not null
            && !optedOut.Contains(ChannelMessages.SmsTarget)
            && (RatingInvitation.Sms(dossier.Code, Link("sms")) ?? RatingInvitation.Sms(dossier.Code, $"{site}/danh-gia?ma={Uri.EscapeDataString(dossier.Code)}&t={token}")) is { } sms)
        {
            plan.Add("rating:" + ChannelMessages.SmsTarget, InvitationTopic, ChannelMessages.SmsTarget,
                new SmsPayload(dossier.Applicant.Phone, sms, dossier.Code), quiet.NotBefore(plan.Now));
        }
        if (dossier.Notifications.Allows(NotificationChannel.Email) && dossier.Applicant.Email is { Length: > 0 } email
            && !optedOut.Contains(ChannelMessages.EmailTarget))
        {
            var link = Link("email");
            plan.Add("rating:" + ChannelMessages.EmailTarget, InvitationTopic, ChannelMessages.EmailTarget,
                new EmailPayload(email, dossier.Applicant.FullName, $"Mời đánh giá việc giải quyết hồ sơ {dossier.Code}",
                    RatingInvitation.Text(dossier.Code, link) + "\n\nMã đánh giá: " + token + "\nÝ kiến của ông/bà được giữ kín.", null, dossier.Code));
        }
    }
}
