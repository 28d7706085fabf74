using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Identity;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// The citizens' sign-in session (issue 17, piece 0; docs/SECURITY.md "Citizens' session"): a cookie scheme of its own,
/// <see cref="Scheme"/>, separate from the officers' in every respect: its cookie (<see cref="CookieName"/>) is sent only
/// under <see cref="Path"/>, it is sealed with its own data-protection purpose (the scheme's name), and only
/// <see cref="Policies.Citizen"/> reads it, so an officer's cookie never opens a citizen's page and a citizen's cookie never
/// opens an officer's page or the API. HttpOnly, SameSite=Lax, Secure when the request is https (always with
/// <c>Motcua:RequireHttps</c>, SECURITY §7), 30 minutes sliding (<c>Motcua:CitizenSignIn:SessionMinutes</c>) within 8 hours
/// from sign-in, whatever the activity. Every request checks the account's security stamp (<c>citizens.security_stamp</c>),
/// so a sign-out (<see cref="CitizenSignIn.SignOutAsync"/>) ends every session of the account at once.
/// </summary>
public static class CitizenAuth
{
    /// <summary>The scheme's name; also the data-protection purpose of its cookie.</summary>
    public const string Scheme = "Citizen";

    /// <summary>The cookie's name (the officers' is <c>motcua</c>).</summary>
    public const string CookieName = "motcua.cd";

    /// <summary>Where the cookie is sent: the citizens' pages and nothing else.</summary>
    public const string Path = "/cong-dan";

    /// <summary>Where a citizen who is not signed in is sent (the sign-in pages are piece A's).</summary>
    public const string SignInPath = "/cong-dan/dang-nhap";

    /// <summary>The cookie of a one-time-code sign-in waiting for its code, sent only under <see cref="SignInPath"/>
    /// (Features/CitizenAccount/PendingCode.cs; named here so the kiosk's end can delete it).</summary>
    public const string PendingCodeCookieName = "motcua.cdma";

    /// <summary>The longest a session lives from its sign-in, however active [choice: the design's 8 hours, §4].</summary>
    public static readonly TimeSpan Absolute = TimeSpan.FromHours(8);

    /// <summary>Registers the scheme on <paramref name="authentication"/>; the sliding lifetime comes from
    /// <c>Motcua:CitizenSignIn:SessionMinutes</c> (default 30).</summary>
    public static AuthenticationBuilder AddCitizenCookie(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var minutes = configuration.GetValue("Motcua:CitizenSignIn:SessionMinutes", 30);
        if (minutes is < 1 or > 480)
            throw new InvalidOperationException($"Motcua:CitizenSignIn:SessionMinutes phải từ 1 đến 480 phút (đang là {minutes}).");
        var secure = configuration.GetValue("Motcua:RequireHttps", false) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        return authentication.AddCookie(Scheme, o =>
        {
            o.LoginPath = SignInPath;
            o.AccessDeniedPath = SignInPath;
            o.LogoutPath = "/cong-dan/dang-xuat";
            o.Cookie.Name = CookieName;
            o.Cookie.Path = Path;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secure;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(minutes);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ValidateAsync;
            // The citizens' API (piece B) answers 401 problem+json rather than a redirect to a page.
            o.Events.OnRedirectToLogin = context =>
            {
                if (!context.Request.Path.StartsWithSegments(Path + "/api"))
                {
                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                }
                return context.Response.HasStarted ? Task.CompletedTask
                    : Problems.Write(context.HttpContext, StatusCodes.Status401Unauthorized, "Chưa đăng nhập", "Vui lòng đăng nhập tài khoản công dân.");
            };
        });
    }

    /// <summary>Adds <see cref="Policies.Citizen"/>: the citizen scheme alone, a citizen account's claim required.</summary>
    public static AuthorizationBuilder AddCitizenPolicy(this AuthorizationBuilder authorization) =>
        authorization.AddPolicy(Policies.Citizen, p => p.AddAuthenticationSchemes(Scheme).RequireClaim(Claims.CitizenId));

    /// <summary>True when the citizen scheme (not an officer's cookie or an API key) authenticated <paramref name="user"/>.</summary>
    public static bool FromCitizenCookie(ClaimsPrincipal user) =>
        user.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == Scheme);

    /// <summary>The name of a citizen whose name is not known (a one-time-code account that submitted nothing yet): what
    /// the dossier's events record as the actor; never a greeting's name (trial17b 9).</summary>
    public const string Unnamed = "Công dân";

    /// <summary>The cookie principal of a citizen account: name, account id (also as the name identifier, which binds
    /// antiforgery tokens to the account), CCCD, assurance, where a one-time code went (null for VNeID), the account's
    /// security stamp and the sign-in instant (UTC, round-trip format) that bounds the session to <see cref="Absolute"/>.
    /// The name is the account's (VNeID's, verified), else <paramref name="givenName"/> (<see cref="CitizenSignIn.GivenNameAsync"/>),
    /// else <see cref="Unnamed"/>.</summary>
    public static ClaimsPrincipal PrincipalOf(Citizen citizen, CitizenAssurance assurance, string? codeSentTo, DateTimeOffset signedInAt, string? givenName = null)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, citizen.FullName is { Length: > 0 } name ? name : givenName is { Length: > 0 } given ? given : Unnamed),
            new(ClaimTypes.NameIdentifier, "citizen:" + citizen.Id.ToString(CultureInfo.InvariantCulture)),
            new(Claims.CitizenId, citizen.Id.ToString(CultureInfo.InvariantCulture)),
            new(Claims.CitizenIdNumber, citizen.IdNumber),
            new(Claims.CitizenAssurance, ((int)assurance).ToString(CultureInfo.InvariantCulture)),
            new(Claims.SecurityStamp, citizen.SecurityStamp),
            new(Claims.SignedInAt, signedInAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
        ];
        if (codeSentTo is { Length: > 0 }) claims.Add(new Claim(Claims.CodeSentTo, codeSentTo));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    /// <summary>The cookie handler's <c>OnValidatePrincipal</c>: rejects the principal and deletes the cookie unless the
    /// account of THIS database still exists with the same stamp and the sign-in is younger than <see cref="Absolute"/>.
    /// A rejected request is anonymous to the citizen pages (redirected to <see cref="SignInPath"/>).</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (principal is not null && Claims.CitizenIdOf(principal) is { } id
            && DateTimeOffset.TryParse(principal.FindFirstValue(Claims.SignedInAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var signedInAt)
            && now - signedInAt < Absolute)
        {
            var db = context.HttpContext.RequestServices.GetRequiredService<MotCuaDb>();
            var stamp = await db.Citizens.AsNoTracking().Where(c => c.Id == id).Select(c => c.SecurityStamp).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
            if (stamp is not null && stamp == principal.FindFirstValue(Claims.SecurityStamp)) return;
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Scheme);
    }
}

/// <summary>
/// Issues and ends citizens' sessions for the sign-in pages (piece A: VNeID and one-time codes prove who the citizen is,
/// then call <see cref="SignInAsync"/>). Each sign-in and sign-out writes an <c>audit_log</c> row (actions
/// <c>citizen.sign-in</c> and <c>citizen.sign-out</c>, subject <c>citizen:{id}</c>, details the assurance and, for a code,
/// the channel only: the destination itself is personal data and stays out of the log).
/// </summary>
public sealed class CitizenSignIn(MotCuaDb db, NpgsqlDataSource data, TimeProvider clock)
{
    /// <summary>Signs in the citizen account <paramref name="citizenId"/> (a <c>citizens</c> row) on <paramref name="http"/>:
    /// records the sign-in instant on the row, writes the audit row and sets the <see cref="CitizenAuth.CookieName"/> cookie.
    /// <paramref name="codeSentTo"/> is the phone or e-mail the one-time code went to (required for
    /// <see cref="CitizenAssurance.OneTimeCode"/>, null for VNeID). Throws <see cref="InvalidOperationException"/> when the
    /// account does not exist or the code's destination is missing: a caller's mistake, never a citizen's input.</summary>
    public async Task SignInAsync(HttpContext http, long citizenId, CitizenAssurance assurance, string? codeSentTo, CancellationToken ct)
    {
        if (assurance == CitizenAssurance.OneTimeCode && string.IsNullOrWhiteSpace(codeSentTo))
            throw new InvalidOperationException("Đăng nhập bằng mã dùng một lần phải nêu số điện thoại hoặc thư điện tử đã nhận mã.");
        var now = clock.GetUtcNow();
        var citizen = await db.Citizens.FirstOrDefaultAsync(c => c.Id == citizenId, ct)
            ?? throw new InvalidOperationException($"Không có tài khoản công dân {citizenId}.");
        citizen.LastSignInAt = now;
        await db.SaveChangesAsync(ct);
        await AuditAsync(http, "citizen.sign-in", citizenId, new { assurance = assurance == CitizenAssurance.VneId ? "vneid" : "one-time-code",
            channel = assurance == CitizenAssurance.VneId ? null : codeSentTo!.Contains('@', StringComparison.Ordinal) ? "email" : "sms" }, ct);
        var given = citizen.FullName is { Length: > 0 } ? null : await GivenNameAsync(db, citizen, ct);
        await http.SignInAsync(CitizenAuth.Scheme, CitizenAuth.PrincipalOf(citizen, assurance, assurance == CitizenAssurance.VneId ? null : codeSentTo!.Trim(), now, given),
            new AuthenticationProperties { IsPersistent = false, IssuedUtc = now });
    }

    /// <summary>
    /// The name an account without a verified one (signed up by one-time code: SMS or e-mail prove a phone, not a person)
    /// gave for itself: the applicant's name of its latest dossier submitted from the account under the account's own
    /// CCCD (what an online submission carries), null when none. [choice] Not a dossier found by the CCCD alone: a one-time
    /// code does not prove the CCCD is the holder's, and a desk dossier under that number may name someone else; not a
    /// dossier the account submitted for another person (another CCCD).
    /// </summary>
    public static Task<string?> GivenNameAsync(MotCuaDb db, Citizen citizen, CancellationToken ct) =>
        db.Dossiers.AsNoTracking().Where(d => d.CitizenId == citizen.Id && d.Applicant.IdNumber == citizen.IdNumber)
            .OrderByDescending(d => d.SubmittedAt).ThenByDescending(d => d.Id).Select(d => (string?)d.Applicant.FullName).FirstOrDefaultAsync(ct);

    /// <summary>Ends every session of the signed-in citizen of <paramref name="http"/> (a new security stamp: the cookies of
    /// other devices stop working at their next request), writes the audit row and deletes this browser's cookie. Nothing
    /// but the cookie's deletion happens when no citizen is signed in.</summary>
    public async Task SignOutAsync(HttpContext http, CancellationToken ct)
    {
        var result = await http.AuthenticateAsync(CitizenAuth.Scheme);
        if (result.Principal is { } principal && Claims.CitizenIdOf(principal) is { } id)
        {
            await db.Citizens.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.SecurityStamp, NewSecurityStamp()), ct);
            await AuditAsync(http, "citizen.sign-out", id, new { }, ct);
        }
        await http.SignOutAsync(CitizenAuth.Scheme);
    }

    /// <summary>A fresh random security stamp (32 hex characters) for a new or signed-out account.</summary>
    public static string NewSecurityStamp() => Guid.NewGuid().ToString("N");

    private async Task AuditAsync(HttpContext http, string action, long citizenId, object details, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            INSERT INTO audit_log (at, user_id, api_client_id, action, subject, details, client_address, endpoint)
            VALUES ($1, NULL, NULL, $2, $3, $4, $5, $6)
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "citizen:" + citizenId.ToString(CultureInfo.InvariantCulture) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(details), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)http.Connection.RemoteIpAddress?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{http.Request.Method} {http.Request.Path.Value}" });
        await command.ExecuteNonQueryAsync(ct);
    }
}
