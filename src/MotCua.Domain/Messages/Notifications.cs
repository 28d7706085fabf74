namespace MotCua.Domain.Messages;

/// <summary>
/// What a citizen or a business is told about their dossier: the states the praised provinces send (Đồng Nai: received,
/// supplement requested, payment requested, financial obligation, refused, stopped, withdrawn, result ready, returned;
/// Khánh Hòa adds the apology and a warning before the appointment). Stored by name (camelCase) in
/// <c>notifications.event</c> and <c>notification_templates.event</c>.
/// </summary>
public enum NotificationEvent
{
    /// <summary>Received at the one-stop unit (status 2), with the appointment date.</summary>
    Received,
    /// <summary>Not received: the dossier was refused at intake (status 3) or refused on the merits.</summary>
    Refused,
    /// <summary>A supplement was requested (status 5).</summary>
    SupplementRequested,
    /// <summary>A fee or charge is to be paid before or at receipt (the fees issue's payment request).</summary>
    PaymentRequested,
    /// <summary>A financial obligation is to be fulfilled during processing (status 6, e.g. land).</summary>
    FinancialObligation,
    /// <summary>Processing was stopped (status 8).</summary>
    Stopped,
    /// <summary>The applicant's withdrawal was accepted (status 7 and its conclusion).</summary>
    Withdrawn,
    /// <summary>The dossier will be late: the apology letter (Mẫu 04) with the new appointment.</summary>
    Apology,
    /// <summary>The result is ready to be collected (status 9).</summary>
    ResultReady,
    /// <summary>The result was returned (status 10).</summary>
    Returned,
    /// <summary>A warning shortly before the appointment to collect the result.</summary>
    AppointmentReminder,
}

/// <summary>The channels a notification leaves by; stored by name (camelCase) in <c>notifications.channel</c>.</summary>
public enum NotificationChannel
{
    /// <summary>E-mail over SMTP.</summary>
    Email,
    /// <summary>SMS through the province's HTTP gateway (brandname).</summary>
    Sms,
    /// <summary>Zalo ZNS template message through Zalo's HTTP API.</summary>
    Zalo,
}
