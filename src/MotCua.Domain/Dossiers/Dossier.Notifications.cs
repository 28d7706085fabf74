using MotCua.Domain.Messages;

namespace MotCua.Domain.Dossiers;

public sealed partial class Dossier
{
    /// <summary>The channels the applicant agreed to be told by (docs/MESSAGES.md §5); set at intake.</summary>
    public NotificationConsent Notifications { get; private set; } = NotificationConsent.None;

    /// <summary>Records the applicant's consent given at intake, before the dossier is stored.</summary>
    /// <exception cref="DossierStateException">The dossier is already stored (it has a code): consent is asked once.</exception>
    /// <exception cref="ArgumentException">E-mail is consented to without an e-mail address.</exception>
    public void AgreeToNotifications(NotificationConsent consent)
    {
        if (Code.Length > 0) throw new DossierStateException($"Hồ sơ {Code} đã được lưu; sự đồng ý nhận thông báo được hỏi khi tiếp nhận.", DossierRefusal.WrongState);
        if (consent.Email && string.IsNullOrWhiteSpace(Applicant.Email))
            throw new ArgumentException("Người nộp chưa có địa chỉ thư điện tử để nhận thông báo.", nameof(consent));
        Notifications = consent;
    }
}
