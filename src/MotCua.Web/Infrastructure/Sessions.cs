using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using MotCua.Data;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// Officers' sign-in sessions (issue 12, item 1). A cookie says who signed in, with which role, agency and security stamp
/// (users.security_stamp); on every request <see cref="ValidateAsync"/> checks that an account of THIS database still
/// matches it: it exists, is active, and has the same stamp, role and agency. A cookie minted by another deployment, or
/// for an account since deactivated, moved, demoted or whose password changed, is rejected and deleted. The account is
/// read at most every <see cref="CacheFor"/> per instance; changes made through this app evict it at once
/// (<see cref="Forget"/>), other instances see them within <see cref="CacheFor"/>.
/// </summary>
public sealed class Sessions(IMemoryCache cache)
{
    /// <summary>How long an instance trusts what it last read of an account: 30 seconds.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private sealed record Account(string Stamp, string Role, int? AgencyId, bool Active);

    private static (string, int) Key(int userId) => ("session-account", userId);

    /// <summary>The cookie principal of an account as it is now: name, role, user id (also as the name identifier, which
    /// binds antiforgery tokens to the account rather than to every claim), security stamp and agency.</summary>
    public static ClaimsPrincipal PrincipalOf(User user)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, user.FullName),
            new(ClaimTypes.Role, user.Role),
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(Claims.UserId, user.Id.ToString()),
            new(Claims.SecurityStamp, user.SecurityStamp),
        ];
        if (user.AgencyId is { } agency) claims.Add(new Claim(Claims.AgencyId, agency.ToString()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>True when a sign-in cookie (not an API key) authenticated <paramref name="user"/>.</summary>
    public static bool FromCookie(ClaimsPrincipal user) =>
        user.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme);

    /// <summary>The cookie handler's <c>OnValidatePrincipal</c>: rejects the principal and deletes the cookie unless this
    /// database's account still matches it. A rejected request is then treated as anonymous (API 401, pages to /dang-nhap).</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var account = principal is not null && Claims.UserIdOf(principal) is { } id
            ? await context.HttpContext.RequestServices.GetRequiredService<Sessions>().AccountAsync(id, context.HttpContext)
            : null;
        if (account is { Active: true } && principal is not null
            && account.Stamp == principal.FindFirstValue(Claims.SecurityStamp)
            && account.Role == principal.FindFirstValue(ClaimTypes.Role)
            && account.AgencyId == Claims.AgencyIdOf(principal))
            return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Drops what this instance remembers of an account; call it after committing a change to the account.</summary>
    public void Forget(int userId) => cache.Remove(Key(userId));

    /// <summary>Ends every session of the account (sign-out, password change): a new security stamp, remembered at once.</summary>
    public async Task EndAllAsync(MotCuaDb db, int userId, CancellationToken ct)
    {
        var stamp = User.NewSecurityStamp();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, stamp), ct);
        Forget(userId);
    }

    /// <summary>Gives the current browser a cookie with the account's new stamp, so that a password change ends the
    /// officer's other sessions but not the one they changed it in.</summary>
    public async Task RenewAsync(HttpContext http, CancellationToken ct)
    {
        if (Claims.UserIdOf(http.User) is not { } id || !FromCookie(http.User)) return;
        var user = await http.RequestServices.GetRequiredService<MotCuaDb>().Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return;
        Forget(id);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalOf(user));
    }

    // An account that does not exist is remembered too (null), so that a foreign cookie replayed in a loop costs one
    // query per CacheFor, not one per request.
    private async Task<Account?> AccountAsync(int userId, HttpContext http)
    {
        if (cache.TryGetValue(Key(userId), out Account? known)) return known;
        var db = http.RequestServices.GetRequiredService<MotCuaDb>();
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new Account(u.SecurityStamp, u.Role, u.AgencyId, u.DeactivatedAt == null)).FirstOrDefaultAsync(http.RequestAborted);
        cache.Set(Key(userId), account, CacheFor);
        return account;
    }
}
