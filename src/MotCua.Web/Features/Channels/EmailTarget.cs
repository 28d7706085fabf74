using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text.Json;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Web.Features.Outbox;

namespace MotCua.Web.Features.Channels;

/// <summary>
/// The <c>email</c> target: sends an <see cref="EmailPayload"/> through the province's SMTP server
/// (<see cref="SmtpOptions"/>) with MailKit, as a UTF-8 message (headers RFC 2047-encoded by MimeKit) with a plain-text
/// part and, when the payload has one, an HTML alternative. Its <c>Message-ID</c> is
/// <c>&lt;{outbox message id}@{domain}&gt;</c>, so a message sent twice after a crash is recognisably the same.
/// The server's answer decides the outcome (RFC 5321 §4.2.1): 2xx delivered; a 5xx to the sender, the recipient or the
/// message refused (dead-lettered, e.g. 550 mailbox unavailable); a 4xx, a refused or dropped connection, a failed
/// log-in or TLS handshake, or silence failed (retried), each with the server's own words.
/// Connections are pooled: an SMTP session carries one message at a time (MailKit's <see cref="SmtpClient"/> is not
/// thread-safe), so up to <see cref="SmtpOptions.Connections"/> are open at once and an idle one is reused for the next
/// message rather than paying the connection, EHLO, TLS and log-in again.
/// </summary>
public sealed class EmailTarget : IOutboxTarget, IDisposable
{
    private readonly SmtpOptions smtp;
    private readonly TimeProvider clock;
    private readonly string host;
    private readonly string? password;
    private readonly MailboxAddress from;
    private readonly string messageIdDomain;
    private readonly SemaphoreSlim slots;
    private readonly ConcurrentStack<(SmtpClient Client, long IdleSince)> idle = new();

    /// <summary>Reads the settings; the password file is read once, here.</summary>
    /// <exception cref="InvalidOperationException">The host or the sender's address is missing or not an address.</exception>
    /// <exception cref="IOException">The password file cannot be read.</exception>
    public EmailTarget(IOptions<SmtpOptions> options, TimeProvider clock)
    {
        smtp = options.Value;
        this.clock = clock;
        host = smtp.Host is { Length: > 0 } configured ? configured
            : throw new InvalidOperationException("Chưa cấu hình máy chủ gửi e-mail (Motcua:Smtp:Host).");
        if (!MailboxAddress.TryParse(smtp.FromAddress ?? "", out var sender) || sender.Domain is not { Length: > 0 })
            throw new InvalidOperationException($"Địa chỉ gửi e-mail (Motcua:Smtp:FromAddress) không hợp lệ: '{smtp.FromAddress}'.");
        from = new MailboxAddress(smtp.FromName, sender.Address);
        messageIdDomain = smtp.MessageIdDomain is { Length: > 0 } domain ? domain : sender.Domain;
        password = smtp.PasswordFile is { Length: > 0 } file ? File.ReadAllText(file).TrimEnd('\r', '\n') : smtp.Password;
        slots = new SemaphoreSlim(Math.Max(1, smtp.Connections));
    }

    /// <inheritdoc />
    public string Name => ChannelMessages.EmailTarget;

    /// <inheritdoc />
    public async Task<DeliveryOutcome> DeliverAsync(OutboxDelivery message, CancellationToken ct)
    {
        var (mime, problem) = Compose(message);
        if (mime is null) return DeliveryOutcome.Refused(problem!);
        await slots.WaitAsync(ct);
        SmtpClient? client = null;
        var keep = false;
        try
        {
            if (TakeIdle() is { } reused)
            {
                client = reused;
                try
                {
                    var answer = await client.SendAsync(mime, ct);
                    keep = true;
                    return DeliveryOutcome.Delivered($"250 {answer}");
                }
                catch (Exception e) when (e is IOException or ServiceNotConnectedException or SmtpProtocolException)
                {
                    // The server ended the idle session (a restart, its own idle limit): once more on a fresh one.
                    Close(client);
                    client = null;
                }
            }
            client = await ConnectAsync(ct);
            var sent = await client.SendAsync(mime, ct);
            keep = true;
            return DeliveryOutcome.Delivered($"250 {sent}");
        }
        catch (SmtpCommandException e)
        {
            // MailKit resets the transaction (RSET) after a refused command: the session stays usable.
            keep = client?.IsConnected == true;
            var answer = $"{(int)e.StatusCode} {e.Message}";
            return (int)e.StatusCode >= 500 && e.ErrorCode != SmtpErrorCode.UnexpectedStatusCode
                ? DeliveryOutcome.Refused(answer)
                : DeliveryOutcome.Failed(answer);
        }
        catch (AuthenticationException e)
        {
            return DeliveryOutcome.Failed($"Máy chủ SMTP {host} không nhận đăng nhập '{smtp.User}': {e.Message}");
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or SmtpProtocolException
                                      or ServiceNotConnectedException or SslHandshakeException or NotSupportedException)
        {
            return DeliveryOutcome.Failed($"Không gửi được qua máy chủ SMTP {host}:{smtp.Port}: {e.Message}");
        }
        finally
        {
            if (client is not null)
            {
                if (keep) idle.Push((client, Environment.TickCount64));
                else Close(client);
            }
            slots.Release();
        }
    }

    // The payload as a MIME message, or why it cannot be one (a refusal: no retry makes it readable).
    private (MimeMessage? Message, string? Problem) Compose(OutboxDelivery message)
    {
        EmailPayload? email;
        try
        {
            email = message.Payload.Deserialize<EmailPayload>(MotCuaDb.Json);
        }
        catch (JsonException e)
        {
            return (null, $"Nội dung thư không đọc được: {e.Message}");
        }
        if (email is not { To.Length: > 0, Subject: not null, Text: not null })
            return (null, "Thư thiếu người nhận, tiêu đề hoặc nội dung.");
        if (!MailboxAddress.TryParse(email.To, out var to) || to.Domain is not { Length: > 0 })
            return (null, $"Địa chỉ e-mail không hợp lệ: '{email.To}'.");
        var mime = new MimeMessage
        {
            MessageId = $"{message.MessageId:D}@{messageIdDomain}",
            Date = clock.GetUtcNow().ToOffset(VietnamTime.Offset),
            Subject = email.Subject,
            Body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html }.ToMessageBody(),
        };
        mime.From.Add(from);
        mime.To.Add(new MailboxAddress(email.ToName ?? to.Name, to.Address));
        // RFC 3834: a notice sent by software; mail systems send no out-of-office replies to it.
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        return (mime, null);
    }

    private SmtpClient? TakeIdle()
    {
        while (idle.TryPop(out var entry))
        {
            if (entry.Client.IsConnected && Environment.TickCount64 - entry.IdleSince < smtp.IdleSeconds * 1000) return entry.Client;
            Close(entry.Client);
        }
        return null;
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
        var client = new SmtpClient { Timeout = (int)(smtp.TimeoutSeconds * 1000) };
        try
        {
            var security = smtp.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(host, smtp.Port, security, ct);
            if (smtp.User is { Length: > 0 } user) await client.AuthenticateAsync(user, password ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    // Ends a session without waiting on a server that may be gone: QUIT is a courtesy, bounded by a second.
    private static void Close(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                client.Timeout = 1000;
                client.Disconnect(true);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or MailKit.ProtocolException or CommandException)
        {
            // The session is being dropped either way.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Closes the idle connections when the app stops.</summary>
    public void Dispose()
    {
        while (idle.TryPop(out var entry)) Close(entry.Client);
    }
}
