using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Messages;
using MotCua.Web.Features.Outbox;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Notifications;

/// <summary>
/// What a dossier's event tells the applicant (docs/MESSAGES.md §5): the event's action gives the
/// <see cref="NotificationEvent"/> (<see cref="NotificationRules.EventFor"/>); each channel the applicant agreed to at intake
/// and has not opted out of gets one outbox row (key <c>notify:{channel}</c>, so a re-expansion writes the same id) and one
/// <c>notifications</c> row with the same message id. SMS and Zalo planned in the quiet period wait for its end; an event
/// older than <see cref="NotificationOptions.StaleAfterHours"/> sends nothing. A dossier received with a fee due (an open
/// payment request of issue 14) is also sent the <see cref="NotificationEvent.PaymentRequested"/> message, its
/// <c>{soTien}</c> the amount ("15.000 đồng"); a financial obligation's <c>{soTien}</c> is its request's amount.
/// </summary>
public sealed class NotificationPlanner(INotificationRenderer renderer, IOptions<NotificationOptions> options, IConfiguration config) : IDossierEventPlanner
{
    private static readonly NotificationChannel[] Channels = [NotificationChannel.Sms, NotificationChannel.Zalo, NotificationChannel.Email];

    public async Task PlanAsync(DossierEventPlan plan, CancellationToken ct)
    {
        var e = plan.Event;
        if (e.Topic != DossierOutbox.StatusTopic || plan.Now - e.At > TimeSpan.FromHours(options.Value.StaleAfterHours)) return;
        if (!e.Payload.TryGetProperty("status", out var statusValue) || !statusValue.TryGetInt32(out var status)) return;
        var db = plan.Db;
        var dossier = await db.Dossiers.AsNoTracking().FirstOrDefaultAsync(d => d.Code == e.Code, ct);
        if (dossier is null || !Channels.Any(dossier.Notifications.Allows)) return;
        // The event the message was written for: same instant and status (a message's created_at is its event's instant).
        var recorded = await db.DossierEvents.AsNoTracking()
            .Where(x => x.DossierId == dossier.Id && x.At == e.At && x.ToStatus == (DossierStatus)status)
            .OrderByDescending(x => x.Id).FirstOrDefaultAsync(ct);
        if (recorded is null || NotificationRules.EventFor(recorded.Action, dossier.ResultKind) is not { } @event) return;

        var agency = await db.Agencies.AsNoTracking().Where(a => a.Id == dossier.ReceivingAgencyId).Select(a => a.Name).FirstAsync(ct);
        // Payment requests are the payments feature's rows, read here as the message needs them (newest first).
        var requests = await db.Database.SqlQuery<OpenRequest>($"""
            SELECT reason AS "Reason", amount_vnd AS "AmountVnd" FROM payment_requests
            WHERE dossier_id = {dossier.Id} AND status = 'open' ORDER BY id DESC
            """).ToListAsync(ct);
        var site = PublicAddress.Base(config);
        var values = new Dictionary<string, string>
        {
            ["maHoSo"] = dossier.Code,
            ["thuTuc"] = NotificationPlaceholders.ProcedureName(dossier.ProcedureName),
            ["hanTra"] = dossier.DueAt is { } due ? VietnamTime.ToVietnam(due).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "",
            // The amount of the dossier's open payment request (issue 14), else the officer's note of what is owed.
            ["soTien"] = Amount(requests.FirstOrDefault(r => r.Reason == (@event == NotificationEvent.Received ? "intake" : "financialObligation")))
                ?? dossier.ObligationNote ?? "",
            ["traCuu"] = $"{site}/tra-cuu?ma={Uri.EscapeDataString(dossier.Code)}",
            ["hoTen"] = dossier.Applicant.FullName,
            ["coQuan"] = agency,
            ["lyDo"] = Reason(@event, dossier, recorded),
            ["nhanKetQua"] = NotificationPlaceholders.ResultCollection(dossier.ResultDelivery, agency),
        };
        await PlanEventAsync(@event, "notify:");
        // A fee due at intake is asked for in a message of its own, after the receipt's (docs/FEES.md).
        if (@event == NotificationEvent.Received && requests.Any(r => r.Reason == "intake"))
            await PlanEventAsync(NotificationEvent.PaymentRequested, "notify-payment:");

        async Task PlanEventAsync(NotificationEvent @event, string keyPrefix)
        {
            var eventName = JsonNamingPolicy.CamelCase.ConvertName(@event.ToString());
            foreach (var channel in Channels.Where(dossier.Notifications.Allows))
            {
                var recipient = channel == NotificationChannel.Email ? dossier.Applicant.Email : dossier.Applicant.Phone;
                if (string.IsNullOrWhiteSpace(recipient)) continue;
                // A landline (the API's default consent is SMS) takes no SMS or Zalo: nothing is planned rather than a dead letter.
                if (channel != NotificationChannel.Email && MobileNumber.International(recipient) is null) continue;
                var target = Target(channel);
                var link = await OptOutLinkAsync(db, dossier.Code, target, plan.Now, ct);
                if (link.OptedOutAt is not null) continue;
                var channelValues = new Dictionary<string, string>(values) { ["huyNhan"] = $"{site}/thong-bao/huy/{link.Token}" };
                if (await renderer.RenderAsync(@event, channel, channelValues, ct) is not { } text) continue;
                object payload = channel switch
                {
                    NotificationChannel.Email => new EmailPayload(recipient, dossier.Applicant.FullName, text.Subject ?? $"Hồ sơ {dossier.Code}", text.Body, null, dossier.Code),
                    NotificationChannel.Zalo => new ZaloPayload(recipient, text.ZnsTemplateId ?? "motcua." + eventName, text.ZnsData ?? channelValues, text.Body, dossier.Code),
                    _ => new SmsPayload(recipient, text.Body, dossier.Code),
                };
                var notBefore = QuietHours.Holds(channel) ? options.Value.Quiet.NotBefore(plan.Now) : plan.Now;
                var message = plan.Add(keyPrefix + target, target, target, payload, notBefore);
                db.Notifications.Add(new Notification
                {
                    MessageId = message.MessageId,
                    DossierCode = dossier.Code,
                    Channel = target,
                    Event = eventName,
                    Recipient = recipient,
                    Subject = text.Subject,
                    Body = text.Body,
                    Segments = text.Segments,
                    TemplateId = text.TemplateId,
                    TemplateVersion = text.TemplateVersion,
                    CreatedAt = plan.Now,
                });
            }
        }
    }

    private sealed record OpenRequest(string Reason, long AmountVnd);

    private static string? Amount(OpenRequest? request) => request is null ? null : NotificationPlaceholders.Money(request.AmountVnd);

    /// <summary>The outbox target, and the name stored in <c>notifications.channel</c>, of a channel.</summary>
    public static string Target(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Email => ChannelMessages.EmailTarget,
        NotificationChannel.Zalo => ChannelMessages.ZaloTarget,
        _ => ChannelMessages.SmsTarget,
    };

    private static string Reason(NotificationEvent @event, Dossier d, DossierEvent recorded) => @event switch
    {
        // Refused at intake, or on the merits (told when the notice is ready): the leader's reasons.
        NotificationEvent.Refused => (recorded.Action == DossierEventAction.ResultReady ? d.ResultNote : d.RefusalReason) ?? recorded.Note ?? "",
        NotificationEvent.FinancialObligation => d.ObligationNote ?? recorded.Note ?? "",
        NotificationEvent.SupplementRequested => string.Join("; ", d.SupplementItems.Select(i => $"{i.Document} ({i.Reason})")),
        NotificationEvent.Stopped => d.StopReason ?? "",
        NotificationEvent.Withdrawn => d.WithdrawalReason ?? "",
        NotificationEvent.Apology => d.ExtensionReason ?? "",
        _ => "",
    };

    private sealed class OptOutLink
    {
        public required string Token { get; init; }
        public DateTimeOffset? OptedOutAt { get; init; }
    }

    // The dossier's link on the channel, made with its first message. One statement: the insert's row, or the one already
    // there (the SELECT does not see the insert, so exactly one of the two answers). A dossier's events are expanded one
    // at a time (ordering key dossier:{code}), so two inserts never race.
    private static async Task<OptOutLink> OptOutLinkAsync(MotCuaDb db, string code, string channel, DateTimeOffset now, CancellationToken ct)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(12));
        // Not composed (a data-modifying WITH must stay at the top level).
        return (await db.Database.SqlQuery<OptOutLink>($"""
            WITH made AS (
                INSERT INTO notification_opt_outs (dossier_code, channel, token, created_at) VALUES ({code}, {channel}, {token}, {now})
                ON CONFLICT (dossier_code, channel) DO NOTHING
                RETURNING token, opted_out_at)
            SELECT token AS "Token", opted_out_at AS "OptedOutAt" FROM made
            UNION ALL
            SELECT token, opted_out_at FROM notification_opt_outs WHERE dossier_code = {code} AND channel = {channel}
            """).ToListAsync(ct)).Single();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
