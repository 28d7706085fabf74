using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Administration;
using MotCua.Domain.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Admin;

/// <summary>An account as the administrator enters it. <see cref="Password"/> is the initial password, on create only;
/// an update replaces full name, role, agency, e-mail and phone (the user name stays).</summary>
/// <summary>An account as the administrator enters it; <see cref="Position"/> (chức vụ, printed under the signature of the
/// documents the officer signs) keeps its current value when left out.</summary>
public sealed record UserRequest(string? UserName, string? FullName, string? Role, string? AgencyCode, string? Email, string? Phone, string? Password = null,
    string? Position = null);

public sealed record PasswordRequest(string? Password);

public sealed record OwnPasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record UserView(string UserName, string FullName, string Role, string RoleName, string? AgencyCode, string? AgencyName,
    string? Email, string? Phone, bool Active, DateTimeOffset? DeactivatedAt, DateTimeOffset CreatedAt, DateTimeOffset? PasswordChangedAt, string? Position = null);

public sealed record UserOutcome(UserView? User, IDictionary<string, string[]>? Errors = null, string? NotFound = null);

/// <summary>
/// Officers' accounts: listed, created with a password that meets <see cref="PasswordPolicy"/>, changed, deactivated and
/// reactivated, their passwords reset; and anyone's own password change. Every change is audited; a change of password,
/// role, agency or activity gives the account a new security stamp.
/// </summary>
public sealed class UserAdministration(MotCuaDb db, TimeProvider clock, Sessions sessions, SignInThrottle throttle)
{
    public const int PageSize = 50;

    public static string RoleName(string role) => AccountRules.Roles.TryGetValue(role, out var r) ? r.Vietnamese() : role;

    public async Task<(IReadOnlyList<UserView> Items, int Total)> ListAsync(string? q, string? agencyCode, string? role, int page, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        var typed = q?.Trim() ?? "";
        if (typed.Length > 0) query = query.Where(u => MotCuaDb.Unaccent(u.FullName).Contains(MotCuaDb.Unaccent(typed)) || u.UserName.Contains(typed.ToLower()));
        if (!string.IsNullOrWhiteSpace(agencyCode)) query = query.Where(u => db.Agencies.Any(a => a.Id == u.AgencyId && a.Code == agencyCode.Trim()));
        if (!string.IsNullOrWhiteSpace(role)) query = query.Where(u => u.Role == role);
        var total = await query.CountAsync(ct);
        var users = await query.OrderBy(u => u.DeactivatedAt != null).ThenBy(u => u.UserName)
            .Skip((Paging.Clamp(page) - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return (await ViewsAsync(users, ct), total);
    }

    public async Task<UserView?> FindAsync(string userName, CancellationToken ct) =>
        await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName.Trim(), ct) is { } user ? (await ViewsAsync([user], ct))[0] : null;

    public async Task<UserOutcome> CreateAsync(UserRequest request, ClaimsPrincipal admin, CancellationToken ct)
    {
        var userName = AgencyAdministration.Clean(request.UserName).ToLowerInvariant();
        var (draft, agencyId, errors) = await CheckAsync(request, userName, null, ct);
        if (PasswordPolicy.Check(request.Password, userName) is { } weak) errors.TryAdd("password", [weak]);
        if (errors.Count > 0) return new UserOutcome(null, errors);
        var now = clock.GetUtcNow();
        var user = new User
        {
            UserName = draft.UserName, FullName = draft.FullName, Role = draft.Role, AgencyId = agencyId, Email = draft.Email, Phone = draft.Phone, Position = draft.Position,
            PasswordHash = "", CreatedAt = now, PasswordChangedAt = now,
        };
        user.PasswordHash = Passwords.Hash(user, request.Password!);
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        await AuditAsync(admin, "admin.user.create", user, null, ct);
        return new UserOutcome((await ViewsAsync([user], ct))[0]);
    }

    public async Task<UserOutcome> UpdateAsync(string userName, UserRequest request, ClaimsPrincipal admin, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName.Trim(), ct);
        if (user is null) return NotFound(userName);
        var (draft, agencyId, errors) = await CheckAsync(request, user.UserName, user, ct);
        if (user.Role == Roles.Admin && draft.Role != Roles.Admin && user.DeactivatedAt is null && !await OtherActiveAdminAsync(user, ct))
            errors.TryAdd("role", ["Đây là quản trị viên cuối cùng đang hoạt động; hãy cấp quyền quản trị cho người khác trước."]);
        if (errors.Count > 0) return new UserOutcome(null, errors);
        var before = (await ViewsAsync([user], ct))[0];
        if (user.Role != draft.Role || user.AgencyId != agencyId) user.SecurityStamp = User.NewSecurityStamp();
        user.FullName = draft.FullName;
        user.Role = draft.Role;
        user.AgencyId = agencyId;
        user.Email = draft.Email;
        user.Phone = draft.Phone;
        user.Position = draft.Position;
        var after = (await ViewsAsync([user], ct))[0];
        if (after == before) return new UserOutcome(after);
        await AuditAsync(admin, "admin.user.update", user, before, ct);
        return new UserOutcome(after);
    }

    /// <summary>Deactivates (<paramref name="active"/> false) or reactivates an account; doing it twice changes nothing more.</summary>
    public async Task<UserOutcome> SetActiveAsync(string userName, bool active, ClaimsPrincipal admin, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName.Trim(), ct);
        if (user is null) return NotFound(userName);
        if (active == (user.DeactivatedAt is null)) return new UserOutcome((await ViewsAsync([user], ct))[0]);
        if (!active && user.Id == Claims.UserIdOf(admin))
            return Invalid("userName", "Không thể tự ngừng tài khoản của chính mình.");
        if (!active && user.Role == Roles.Admin && !await OtherActiveAdminAsync(user, ct))
            return Invalid("userName", "Đây là quản trị viên cuối cùng đang hoạt động; không thể ngừng tài khoản này.");
        if (active && user.AgencyId is { } agency && await db.Agencies.AnyAsync(a => a.Id == agency && a.EndedOn != null, ct))
            return Invalid("agencyCode", "Cơ quan của tài khoản đã chấm dứt hoạt động; chuyển tài khoản sang đơn vị kế thừa trước khi mở lại.");
        var before = (await ViewsAsync([user], ct))[0];
        user.DeactivatedAt = active ? null : clock.GetUtcNow();
        user.SecurityStamp = User.NewSecurityStamp();
        await AuditAsync(admin, active ? "admin.user.reactivate" : "admin.user.deactivate", user, before, ct);
        return new UserOutcome((await ViewsAsync([user], ct))[0]);
    }

    public async Task<UserOutcome> ResetPasswordAsync(string userName, string? password, ClaimsPrincipal admin, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName.Trim(), ct);
        if (user is null) return NotFound(userName);
        if (PasswordPolicy.Check(password, user.UserName) is { } weak) return Invalid("password", weak);
        SetPassword(user, password!);
        await AuditAsync(admin, "admin.user.reset-password", user, null, ct);
        // The officer locked out by wrong guesses can sign in with the new password at once.
        await throttle.ClearAsync(user.UserName, ct);
        return new UserOutcome((await ViewsAsync([user], ct))[0]);
    }

    /// <summary>The signed-in officer changes their own password: the current one must be right and the new one meet the policy and differ.
    /// The current password is checked under <see cref="SignInThrottle"/> as a sign-in is, from <paramref name="client"/>
    /// (the request's address); a locked account or address is refused with the lock's end in <c>currentPassword</c>.</summary>
    public async Task<UserOutcome> ChangeOwnPasswordAsync(ClaimsPrincipal me, OwnPasswordRequest request, System.Net.IPAddress? client, CancellationToken ct)
    {
        var user = Claims.UserIdOf(me) is { } id ? await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.DeactivatedAt == null, ct) : null;
        if (user is null) return Invalid("currentPassword", "Chỉ tài khoản cán bộ đang hoạt động mới đổi được mật khẩu.");
        // The current password is checked under the sign-in throttle (same counts, same locks): otherwise a session left
        // open, or a stolen cookie, could guess the password here without ever being locked.
        if (await throttle.LockedUntilAsync(user.UserName, client, ct) is { } until)
            return Invalid("currentPassword", SignInThrottle.LockMessage(until));
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.CurrentPassword)) errors["currentPassword"] = ["Nhập mật khẩu hiện tại."];
        else if (!Passwords.Verify(user, request.CurrentPassword))
        {
            await throttle.FailedAsync(user.UserName, client, ct);
            errors["currentPassword"] = ["Mật khẩu hiện tại không đúng."];
        }
        else await throttle.SucceededAsync(user.UserName, ct);
        if (PasswordPolicy.Check(request.NewPassword, user.UserName) is { } weak) errors["newPassword"] = [weak];
        else if (request.NewPassword == request.CurrentPassword) errors["newPassword"] = ["Mật khẩu mới phải khác mật khẩu hiện tại."];
        if (errors.Count > 0) return new UserOutcome(null, errors);
        SetPassword(user, request.NewPassword!);
        await AuditAsync(me, "account.password.change", user, null, ct);
        return new UserOutcome((await ViewsAsync([user], ct))[0]);
    }

    private void SetPassword(User user, string password)
    {
        user.PasswordHash = Passwords.Hash(user, password);
        user.PasswordChangedAt = clock.GetUtcNow();
        user.SecurityStamp = User.NewSecurityStamp();
    }

    private Task<bool> OtherActiveAdminAsync(User user, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id != user.Id && u.Role == Roles.Admin && u.DeactivatedAt == null, ct);

    private async Task<(AccountDraft Draft, int? AgencyId, Dictionary<string, string[]> Errors)> CheckAsync(UserRequest request, string userName, User? self, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var agencyCode = AgencyAdministration.Optional(request.AgencyCode)?.ToUpperInvariant();
        var agency = agencyCode is null ? null : await db.Agencies.AsNoTracking().Where(a => a.Code == agencyCode).Select(a => new { a.Id, a.EndedOn }).FirstOrDefaultAsync(ct);
        if (agencyCode is not null && agency is null) errors["agencyCode"] = [$"Không tìm thấy cơ quan có mã '{agencyCode}'."];
        var draft = new AccountDraft(userName, AgencyAdministration.Clean(request.FullName), AgencyAdministration.Clean(request.Role), agency?.Id,
            AgencyAdministration.Optional(request.Email), AgencyAdministration.Optional(request.Phone)?.Replace(" ", ""),
            request.Position is null ? self?.Position : AgencyAdministration.Optional(request.Position));
        var taken = self is null && await db.Users.AnyAsync(u => u.UserName == userName, ct);
        // Keeping an account where it is, even at an ended unit, is not a new assignment there.
        bool? active = agency is null ? null : agency.EndedOn is null || self?.AgencyId == agency.Id;
        foreach (var (field, message) in AccountRules.Check(draft, active, taken)) errors.TryAdd(field, [message]);
        return (draft, agency?.Id, errors);
    }

    private async Task AuditAsync(ClaimsPrincipal who, string action, User user, UserView? before, CancellationToken ct)
    {
        var after = (await ViewsAsync([user], ct))[0];
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow(), UserId = Claims.UserIdOf(who), Action = action, Subject = $"user:{user.UserName}",
            Details = JsonSerializer.SerializeToDocument(new { before, after }, MotCuaDb.Json),
        });
        await db.SaveChangesAsync(ct);
        // Every change of an account passes here: this instance checks its sessions against the new state at once.
        sessions.Forget(user.Id);
    }

    private async Task<IReadOnlyList<UserView>> ViewsAsync(IReadOnlyList<User> users, CancellationToken ct)
    {
        var ids = users.Where(u => u.AgencyId is not null).Select(u => u.AgencyId!.Value).Distinct().ToArray();
        var agencies = await db.Agencies.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        return [.. users.Select(u =>
        {
            var agency = u.AgencyId is { } id ? agencies[id] : null;
            return new UserView(u.UserName, u.FullName, u.Role, RoleName(u.Role), agency?.Code, agency?.Name, u.Email, u.Phone,
                u.DeactivatedAt is null, u.DeactivatedAt, u.CreatedAt, u.PasswordChangedAt, u.Position);
        })];
    }

    private static UserOutcome NotFound(string userName) => new(null, NotFound: $"Không tìm thấy tài khoản '{Problems.Echo(userName)}'.");

    private static UserOutcome Invalid(string field, string message) => new(null, new Dictionary<string, string[]> { [field] = [message] });
}
