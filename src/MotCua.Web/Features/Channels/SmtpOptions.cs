namespace MotCua.Web.Features.Channels;

/// <summary>
/// The province's SMTP server (configuration section <c>Motcua:Smtp</c>, docs/MESSAGES.md §2). The <c>email</c> target
/// exists only when <see cref="Host"/> is set; without it e-mails are dead-lettered as a channel not configured here.
/// </summary>
public sealed class SmtpOptions
{
    /// <summary>The server's host name or address, e.g. <c>mail.hue.gov.vn</c>.</summary>
    public string? Host { get; set; }

    /// <summary>The server's port: 587 for submission with STARTTLS, 465 for TLS on connect, 25 between servers.</summary>
    public int Port { get; set; } = 587;

    /// <summary>How the connection is protected.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The account to authenticate as; no authentication when empty.</summary>
    public string? User { get; set; }

    /// <summary>The account's password, when given here rather than in <see cref="PasswordFile"/>.</summary>
    public string? Password { get; set; }

    /// <summary>A file holding the password (one line; a trailing line break is ignored), so that it stays out of the
    /// configuration; wins over <see cref="Password"/>.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The sender's address, e.g. <c>motcua@hue.gov.vn</c>.</summary>
    public string? FromAddress { get; set; }

    /// <summary>The sender's display name, e.g. "Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế".</summary>
    public string FromName { get; set; } = "Trung tâm Phục vụ hành chính công";

    /// <summary>The domain after the <c>@</c> of each <c>Message-ID</c> (<c>&lt;{outbox message id}@{domain}&gt;</c>);
    /// the domain of <see cref="FromAddress"/> when empty.</summary>
    public string? MessageIdDomain { get; set; }

    /// <summary>Connections kept open to the server at once: a message takes an idle one or opens one, up to this many
    /// (an SMTP connection carries one message at a time).</summary>
    public int Connections { get; set; } = 4;

    /// <summary>How long one connection, command or reply may take before the attempt fails, in seconds; below the outbox
    /// worker's time-out so that the server's silence is reported as such.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>How long an idle connection is reused, in seconds; an older one is closed and a fresh one opened, since
    /// servers drop idle sessions (aiosmtpd and Postfix after 300 s) without the client noticing until it writes.</summary>
    public double IdleSeconds { get; set; } = 30;
}

/// <summary>How the SMTP connection is protected (MailKit's <c>SecureSocketOptions</c> of the same names).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain TCP: a server on the same machine or a closed network only.</summary>
    None,

    /// <summary>Plain TCP upgraded by STARTTLS, which the server must offer (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}
