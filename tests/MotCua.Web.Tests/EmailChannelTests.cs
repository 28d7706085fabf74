using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using MotCua.Data;
using MotCua.Web.Features.Outbox;
using Npgsql;
using Xunit.Abstractions;
using static MotCua.Web.Tests.Waiting;

namespace MotCua.Web.Tests;

/// <summary>
/// The e-mail channel (issue 13, docs/MESSAGES.md §2) against a real SMTP server (<see cref="SmtpServer"/>, aiosmtpd):
/// an outbox e-mail arrives with its Message-ID and its Vietnamese text intact; a 4xx is retried and a 5xx dead-lettered
/// with the server's words; a server that is down fails the attempt and the message leaves when it is back.
/// </summary>
public class EmailChannelTests(ITestOutputHelper output)
{
    private const string Domain = "hue.gov.vn";

    private static MotCuaApp App(SmtpServer smtp, int connections = 2)
    {
        var app = new MotCuaApp();
        app.Settings["Motcua:Outbox:Enabled"] = "true";
        app.Settings["Motcua:Outbox:PollMilliseconds"] = "50";
        app.Settings["Motcua:Outbox:MaxAttempts"] = "3";
        smtp.Configure(app);
        app.Settings["Motcua:Smtp:Connections"] = connections.ToString();
        return app;
    }

    // An e-mail written to the outbox as a planner writes it, due at the app's clock; returns (row id, message id).
    private static async Task<(long Id, Guid MessageId)> WriteAsync(MotCuaApp app, EmailPayload email)
    {
        await app.ScalarAsync("SELECT 1");
        var messageId = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO outbox (topic, payload, created_at, message_id, target, ordering_key, next_attempt_at)
            VALUES ('email', $1::jsonb, $2, $3, 'email', $4, $2) RETURNING id
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(email, MotCuaDb.Json) });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = app.Clock.Now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = messageId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"email:{email.To}" });
        return ((long)(await command.ExecuteScalarAsync())!, messageId);
    }

    private static EmailPayload Plain(string to, string subject = "Thông báo") => new(to, null, subject, "Nội dung thông báo.", null, null);

    private static async Task<List<(int Attempt, string Outcome, string Answer)>> AttemptsAsync(MotCuaApp app, long id)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT attempt, outcome, answer FROM outbox_attempts WHERE outbox_id = {id} ORDER BY attempt", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var attempts = new List<(int, string, string)>();
        while (await reader.ReadAsync()) attempts.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        return attempts;
    }

    [Fact]
    public async Task A_vietnamese_email_from_the_outbox_arrives_with_its_message_id_and_exact_text()
    {
        using var smtp = new SmtpServer(user: "motcua", password: "mật-khẩu-thử");
        using var app = App(smtp);
        var passwordFile = Path.Combine(smtp.Folder, "..", $"{Path.GetFileName(smtp.Folder)}.password");
        await File.WriteAllTextAsync(passwordFile, "mật-khẩu-thử\n");
        app.Settings["Motcua:Smtp:User"] = "motcua";
        app.Settings["Motcua:Smtp:PasswordFile"] = passwordFile;
        try
        {
            const string subject = "Hồ sơ 000.00.00.H57-251117-0001 đã được tiếp nhận";
            const string text = "Kính gửi ông Nguyễn Văn Ấn,\n\nTrung tâm Phục vụ hành chính công đã tiếp nhận hồ sơ "
                + "\"Đăng ký khai sinh\" của ông lúc 09:00 ngày 17/11/2025. Ngày hẹn trả kết quả: 19/11/2025.\n"
                + "Tra cứu: https://motcua.hue.gov.vn/tra-cuu?ma=000.00.00.H57-251117-0001\n";
            const string html = "<p>Kính gửi ông <b>Nguyễn Văn Ấn</b>,</p><p>Hồ sơ đã được tiếp nhận; hẹn trả ngày 19/11/2025.</p>";
            var (id, messageId) = await WriteAsync(app, new EmailPayload("nguyen.van.an@example.vn", "Nguyễn Văn Ấn", subject, text, html, "000.00.00.H57-251117-0001"));
            await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE id = {id} AND delivered_at IS NOT NULL") == 1, "thư đã gửi");

            var received = Assert.Single(smtp.Messages());
            Assert.Equal($"{messageId:D}@{Domain}", received.MessageId);
            Assert.Equal(subject, received.Subject);
            Assert.Equal(text, received.TextBody?.ReplaceLineEndings("\n"));
            Assert.Equal(html, received.HtmlBody?.ReplaceLineEndings("\n").TrimEnd('\n'));
            Assert.Equal(("Nguyễn Văn Ấn", "nguyen.van.an@example.vn"), (received.To.Mailboxes.Single().Name, received.To.Mailboxes.Single().Address));
            Assert.Equal("Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế", received.From.Mailboxes.Single().Name);
            Assert.Equal("motcua@hue.gov.vn", received.From.Mailboxes.Single().Address);
            Assert.Equal("auto-generated", received.Headers["Auto-Submitted"]);
            // On the wire the headers are 7-bit: the subject as RFC 2047 encoded words in UTF-8.
            var raw = smtp.Raw($"{messageId:D}@{Domain}");
            Assert.Matches(new Regex(@"^Subject: =\?utf-8\?[bq]\?", RegexOptions.Multiline | RegexOptions.IgnoreCase), raw);
            var attempt = Assert.Single(await AttemptsAsync(app, id));
            Assert.Equal("delivered", attempt.Outcome);
            Assert.StartsWith("250 2.0.0 Ok: queued as", attempt.Answer);
            output.WriteLine($"Thư {messageId} đến máy chủ SMTP: {attempt.Answer}; tiêu đề \"{received.Subject}\".");

            // A hundred more at once through the pool of two connections, each a session reused (no new log-in per message).
            await app.ScalarAsync($"""
                INSERT INTO outbox (topic, payload, created_at, message_id, target, ordering_key, next_attempt_at)
                SELECT 'email', jsonb_build_object('to', 'cong.dan.' || n || '@example.vn', 'subject', 'Thông báo số ' || n, 'text', 'Nội dung thông báo.'),
                       '{app.Clock.Now.ToUniversalTime():O}', gen_random_uuid(), 'email', 'email:' || n, '{app.Clock.Now.ToUniversalTime():O}'
                FROM generate_series(1, 100) n
                """);
            var clock = Stopwatch.StartNew();
            await Until(async () => await app.ScalarAsync("SELECT count(*) FROM outbox WHERE target = 'email' AND delivered_at IS NULL") == 0, "100 thư đã gửi");
            clock.Stop();
            Assert.Equal(101, smtp.Messages().Count);
            var sessions = await app.ScalarAsync("SELECT count(DISTINCT substring(answer FROM 'in session (\\d+)')) FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id WHERE o.target = 'email'");
            Assert.InRange(sessions, 1, 2);
            output.WriteLine($"100 e-mail qua {sessions} kết nối SMTP (có đăng nhập) trong {clock.ElapsedMilliseconds} ms: {100_000.0 / clock.ElapsedMilliseconds:0} thư/giây (máy chủ thử là Python, đo cả chu kỳ hỏi 50 ms của bộ gửi).");
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    [Fact]
    public async Task A_temporary_refusal_is_retried_and_a_permanent_one_dead_lettered_with_the_servers_answer()
    {
        using var smtp = new SmtpServer();
        // One connection: the refusals and the deliveries share a session, which must survive each refusal.
        using var app = App(smtp, connections: 1);
        var (refused, _) = await WriteAsync(app, Plain("fail-5xx@example.vn"));
        var (later, laterId) = await WriteAsync(app, Plain("retry-2@example.vn"));
        var (never, _) = await WriteAsync(app, Plain("fail-4xx@example.vn"));
        var (fine, _) = await WriteAsync(app, Plain("binh.thuong@example.vn"));

        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE id = {refused} AND dead_at IS NOT NULL") == 1, "thư bị từ chối vào danh sách thất bại");
        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE id = {fine} AND delivered_at IS NOT NULL") == 1, "thư bình thường đã gửi");
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE id = {refused} AND attempts = 1 AND last_error = '550 5.1.1 Mailbox unavailable: fail-5xx@example.vn'"));
        await Until(async () => (await AttemptsAsync(app, later)).Count == 1 && (await AttemptsAsync(app, never)).Count == 1, "lần gửi thứ nhất");

        app.Clock.Now = app.Clock.Now.AddSeconds(40);
        await Until(async () => (await AttemptsAsync(app, later)).Count == 2 && (await AttemptsAsync(app, never)).Count == 2, "lần gửi thứ hai");
        app.Clock.Now = app.Clock.Now.AddSeconds(80);
        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE id = {later} AND delivered_at IS NOT NULL") == 1, "thư tạm hoãn đã gửi ở lần thứ ba");
        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE id = {never} AND dead_at IS NOT NULL") == 1, "thư luôn bị hoãn vào danh sách thất bại sau 3 lần");

        var laterAttempts = await AttemptsAsync(app, later);
        var neverAttempts = await AttemptsAsync(app, never);
        foreach (var (name, attempts) in new[] { ("retry-2", laterAttempts), ("fail-4xx", neverAttempts), ("fail-5xx", await AttemptsAsync(app, refused)) })
            foreach (var a in attempts) output.WriteLine($"{name} lần {a.Attempt}: {a.Outcome} — {a.Answer}");
        Assert.Equal(["failed", "failed", "delivered"], laterAttempts.Select(a => a.Outcome));
        Assert.All(laterAttempts.Take(2), a => Assert.Equal("451 4.3.0 Try again later: retry-2@example.vn", a.Answer));
        // Delivered on the session opened for the first message: no refusal cost the connection.
        Assert.EndsWith("in session 1", laterAttempts[2].Answer);
        Assert.Equal(["failed", "failed", "failed"], neverAttempts.Select(a => a.Outcome));
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE id = {never} AND last_error = '451 4.3.0 Mailbox temporarily unavailable: fail-4xx@example.vn'"));
        // The server holds the two messages it accepted, each once.
        var received = smtp.Messages();
        Assert.Equal(["binh.thuong@example.vn", "retry-2@example.vn"], received.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.Contains(received, m => m.MessageId == $"{laterId:D}@{Domain}");
    }

    [Fact]
    public async Task A_server_that_is_down_fails_the_attempt_and_the_email_leaves_when_it_is_back()
    {
        using var smtp = new SmtpServer();
        using var app = App(smtp);
        // A first e-mail leaves its session idle in the pool; the server then goes down under it.
        var (first, _) = await WriteAsync(app, Plain("truoc@example.vn"));
        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE id = {first} AND delivered_at IS NOT NULL") == 1, "thư đầu đã gửi");
        smtp.Stop();

        var (id, messageId) = await WriteAsync(app, Plain("sau@example.vn", "Hồ sơ đã có kết quả"));
        await Until(async () => (await AttemptsAsync(app, id)).Count == 1, "lần gửi khi máy chủ tắt");
        var down = Assert.Single(await AttemptsAsync(app, id));
        output.WriteLine($"Máy chủ SMTP tắt: {down.Outcome} — {down.Answer}");
        Assert.Equal("failed", down.Outcome);
        Assert.StartsWith($"Không gửi được qua máy chủ SMTP 127.0.0.1:{smtp.Port}: ", down.Answer);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE id = {id} AND (delivered_at IS NOT NULL OR dead_at IS NOT NULL)"));

        smtp.Start();
        app.Clock.Now = app.Clock.Now.AddSeconds(40);
        await Until(async () => await app.ScalarAsync($"SELECT count(*) FROM outbox WHERE id = {id} AND delivered_at IS NOT NULL") == 1, "thư đã gửi khi máy chủ chạy lại");
        var attempts = await AttemptsAsync(app, id);
        Assert.Equal(["failed", "delivered"], attempts.Select(a => a.Outcome));
        output.WriteLine($"Máy chủ SMTP chạy lại: {attempts[1].Outcome} — {attempts[1].Answer}");
        var arrived = Assert.Single(smtp.Messages(), m => m.MessageId == $"{messageId:D}@{Domain}");
        Assert.Equal("Hồ sơ đã có kết quả", arrived.Subject);
    }
}
