namespace MotCua.Domain.Messages;

/// <summary>
/// The channels the applicant agreed, at intake, to be told about their dossier by (Nghị định 13/2023/NĐ-CP: personal data
/// are used for the purpose consented to). SMS and Zalo go to the applicant's phone, e-mail to their address; an opt-out
/// later withdraws one channel for one dossier (<c>notification_opt_outs</c>) without changing this record.
/// </summary>
public sealed record NotificationConsent(bool Sms, bool Zalo, bool Email)
{
    /// <summary>No channel: a dossier recorded before consent was asked (migration 0027) is told nothing.</summary>
    public static readonly NotificationConsent None = new(false, false, false);

    /// <summary>
    /// What intake assumes when the applicant was not asked (an API client that sends no <c>notifications</c>): SMS only,
    /// since every dossier carries a phone number and an SMS is what the desk would tick; never e-mail or Zalo unasked.
    /// </summary>
    public static readonly NotificationConsent Default = new(true, false, false);

    /// <summary>Whether the applicant agreed to <paramref name="channel"/>.</summary>
    public bool Allows(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Sms => Sms,
        NotificationChannel.Zalo => Zalo,
        NotificationChannel.Email => Email,
        _ => false,
    };
}
