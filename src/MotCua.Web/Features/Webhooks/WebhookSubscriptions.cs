using System.Data.Common;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Webhooks;

/// <summary>
/// What a subscription asks for, as the administrator writes it (API body and page form): a name, the receiver's absolute
/// http or https URL, the topics (<c>dossier.status</c>, <c>dossier.reorganised</c>), optionally only some statuses
/// (national codes 1–10) and only one receiving agency (its code), and whether it is active (default true).
/// </summary>
public sealed record WebhookRequest(string? Name, string? Url, IReadOnlyList<string>? Events, IReadOnlyList<int>? Statuses, string? AgencyCode, bool? Active);

/// <summary>A subscription as shown (never its secret, except <see cref="CreatedWebhook"/> once).</summary>
public sealed record WebhookView(int Id, string Name, string Url, IReadOnlyList<string> Events, IReadOnlyList<int>? Statuses, string? AgencyCode,
    bool Active, string? DeactivatedReason, DateTimeOffset CreatedAt);

/// <summary>A new subscription with its signing secret, shown this once: MotCua keeps it only sealed.</summary>
public sealed record CreatedWebhook(WebhookView Subscription, string Secret);

/// <summary>What the delivery needs of a subscription: where, with which secret (opened), and whether it still runs.</summary>
public sealed record WebhookEndpoint(int Id, string Url, byte[] Secret, bool Active);

/// <summary>
/// The webhook subscriptions (migration 0029, docs/MESSAGES.md §8): listed, created with a fresh secret, changed and
/// deactivated by the administrator, each change written to the audit log. Plain SQL on the context's connection, in the
/// context's transaction, so a change and its audit entry are one commit.
/// </summary>
public sealed class WebhookSubscriptions(MotCuaDb db, DeploymentKey key, TimeProvider clock, WebhookTarget target)
{
    /// <summary>The purpose a secret is sealed for (<see cref="DeploymentKey.Seal"/>).</summary>
    public const string SecretPurpose = "webhook-secret";

    /// <summary>The topics a subscription may ask for.</summary>
    public static readonly IReadOnlyList<string> Topics = [DossierOutbox.StatusTopic, DossierOutbox.ReorganisedTopic];

    private const string Columns = "id, name, url, events, statuses, agency_code, active, deactivated_reason, created_at";

    /// <summary>Every subscription, newest first.</summary>
    public async Task<IReadOnlyList<WebhookView>> ListAsync(CancellationToken ct)
    {
        await using var command = await db.CommandAsync($"SELECT {Columns} FROM webhook_subscriptions ORDER BY id DESC", ct);
        return await ReadAsync(command, ct);
    }

    /// <summary>One subscription, or null.</summary>
    public async Task<WebhookView?> FindAsync(int id, CancellationToken ct)
    {
        await using var command = await db.CommandAsync($"SELECT {Columns} FROM webhook_subscriptions WHERE id = $1", ct, id);
        return (await ReadAsync(command, ct)).SingleOrDefault();
    }

    /// <summary>
    /// Checks a request: errors by field (camelCase, Vietnamese), empty when it is valid. The URL must be absolute http or
    /// https (no other scheme: file:, ftp:, javascript:… are refused), without user information.
    /// </summary>
    public static Dictionary<string, string[]> Validate(WebhookRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name)) errors["name"] = ["Nhập tên của hệ thống nhận."];
        else if (request.Name.Trim().Length > 200) errors["name"] = ["Tên dài quá 200 ký tự."];
        if (string.IsNullOrWhiteSpace(request.Url)) errors["url"] = ["Nhập địa chỉ nhận (URL http hoặc https)."];
        else if (!Uri.TryCreate(request.Url.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
            errors["url"] = ["Địa chỉ nhận phải là URL tuyệt đối bắt đầu bằng http:// hoặc https://."];
        else if (url.UserInfo.Length > 0) errors["url"] = ["Địa chỉ nhận không được chứa tên đăng nhập hay mật khẩu."];
        else if (request.Url.Trim().Length > 2000) errors["url"] = ["Địa chỉ nhận dài quá 2.000 ký tự."];
        if (request.Events is not { Count: > 0 }) errors["events"] = [$"Chọn ít nhất một sự kiện: {string.Join(", ", Topics)}."];
        else if (request.Events.FirstOrDefault(e => !Topics.Contains(e)) is { } unknown)
            errors["events"] = [$"Sự kiện '{unknown}' không có; chọn trong: {string.Join(", ", Topics)}."];
        if (request.Statuses?.Where(s => !Enum.IsDefined((DossierStatus)s)).ToList() is { Count: > 0 } unknownStatuses)
            errors["statuses"] = [$"Trạng thái {unknownStatuses[0]} không có trong danh mục trạng thái hồ sơ (1–10)."];
        if (request.AgencyCode is { Length: > 35 }) errors["agencyCode"] = ["Mã cơ quan dài quá 35 ký tự."];
        return errors;
    }

    /// <summary>Creates a subscription with a fresh 32-byte secret (64 hex digits), returned this once; or the errors by field.</summary>
    public async Task<(CreatedWebhook? Created, Dictionary<string, string[]> Errors)> CreateAsync(WebhookRequest request, ClaimsPrincipal who, CancellationToken ct)
    {
        var errors = await CheckAsync(request, ct);
        if (errors.Count > 0) return (null, errors);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await using var command = await db.CommandAsync($"""
            INSERT INTO webhook_subscriptions (name, url, secret, events, statuses, agency_code, active, created_at, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {Columns}
            """, ct, request.Name!.Trim(), request.Url!.Trim(), key.Seal(Encoding.UTF8.GetBytes(secret), SecretPurpose), Distinct(request.Events!),
            Statuses(request), Agency(request), request.Active ?? true, now, (object?)Claims.UserIdOf(who) ?? DBNull.Value);
        var view = (await ReadAsync(command, ct)).Single();
        await AuditAsync("webhook.create", view, who, now, ct);
        await transaction.CommitAsync(ct);
        return (new CreatedWebhook(view, secret), errors);
    }

    /// <summary>Replaces a subscription's fields (the secret stays); null when there is none with that id, or the errors.</summary>
    public async Task<(WebhookView? Updated, Dictionary<string, string[]> Errors)> UpdateAsync(int id, WebhookRequest request, ClaimsPrincipal who, CancellationToken ct)
    {
        var errors = await CheckAsync(request, ct);
        if (errors.Count > 0) return (null, errors);
        var now = clock.GetUtcNow();
        var active = request.Active ?? true;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await using var command = await db.CommandAsync($"""
            UPDATE webhook_subscriptions SET name = $2, url = $3, events = $4, statuses = $5, agency_code = $6, active = $7,
                deactivated_reason = CASE WHEN $7 THEN NULL ELSE coalesce(deactivated_reason, 'Quản trị viên ngừng.') END
            WHERE id = $1 RETURNING {Columns}
            """, ct, id, request.Name!.Trim(), request.Url!.Trim(), Distinct(request.Events!), Statuses(request), Agency(request), active);
        var view = (await ReadAsync(command, ct)).SingleOrDefault();
        if (view is null) return (null, errors);
        await AuditAsync("webhook.update", view, who, now, ct);
        await transaction.CommitAsync(ct);
        target.Forget(id);
        return (view, errors);
    }

    /// <summary>Stops or restarts a subscription; null when there is none with that id. A stopped subscription is given no
    /// new events, and what was queued for it is dead-lettered when its turn comes (re-sendable after a restart).</summary>
    public async Task<WebhookView?> SetActiveAsync(int id, bool active, ClaimsPrincipal who, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await using var command = await db.CommandAsync($"""
            UPDATE webhook_subscriptions SET active = $2, deactivated_reason = CASE WHEN $2 THEN NULL ELSE 'Quản trị viên ngừng.' END
            WHERE id = $1 RETURNING {Columns}
            """, ct, id, active);
        var view = (await ReadAsync(command, ct)).SingleOrDefault();
        if (view is null) return null;
        await AuditAsync(active ? "webhook.reactivate" : "webhook.deactivate", view, who, now, ct);
        await transaction.CommitAsync(ct);
        target.Forget(id);
        return view;
    }

    private async Task<Dictionary<string, string[]>> CheckAsync(WebhookRequest request, CancellationToken ct)
    {
        var errors = Validate(request);
        if (!errors.ContainsKey("agencyCode") && Agency(request) is string code && !await db.Agencies.AnyAsync(a => a.Code == code, ct))
            errors["agencyCode"] = [$"Không có cơ quan mã '{code}'."];
        return errors;
    }

    private static string[] Distinct(IReadOnlyList<string> events) => [.. events.Distinct(StringComparer.Ordinal)];

    private static object Statuses(WebhookRequest request) => request.Statuses is { Count: > 0 } s ? s.Distinct().Order().ToArray() : DBNull.Value;

    private static object Agency(WebhookRequest request) => string.IsNullOrWhiteSpace(request.AgencyCode) ? DBNull.Value : request.AgencyCode.Trim();

    private async Task AuditAsync(string action, WebhookView view, ClaimsPrincipal who, DateTimeOffset now, CancellationToken ct)
    {
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = Claims.UserIdOf(who), Action = action, Subject = $"webhook:{view.Id}",
            Details = JsonSerializer.SerializeToDocument(new { view.Name, view.Url, view.Events, view.Statuses, view.AgencyCode, view.Active }, MotCuaDb.Json),
        });
        await db.SaveChangesAsync(ct);
    }

    private static async Task<IReadOnlyList<WebhookView>> ReadAsync(DbCommand command, CancellationToken ct)
    {
        var views = new List<WebhookView>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            views.Add(new WebhookView(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<int[]>(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetBoolean(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8)));
        return views;
    }
}
