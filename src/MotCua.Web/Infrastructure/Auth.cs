using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using MotCua.Data;
using MotCua.Domain.Dossiers;

namespace MotCua.Web.Infrastructure;

/// <summary>The authorization policies: <c>api</c> for officers and systems, <c>api-client</c> for systems only, <c>admin</c>.</summary>
public static class Policies
{
    public const string Api = "api";
    public const string ApiClient = "api-client";
    public const string Admin = "admin";
    /// <summary>Systems granted <see cref="Grants.PortalPush"/>: the National Portal pushing dossiers and feedback.</summary>
    public const string PortalPush = "grant:" + Grants.PortalPush;
    /// <summary>Systems granted <see cref="Grants.MonitoringIngest"/>: a ministry's system sending dossiers for monitoring.</summary>
    public const string MonitoringIngest = "grant:" + Grants.MonitoringIngest;
    /// <summary>Issue 17: a citizen signed in with the citizens' own cookie scheme (<see cref="CitizenAuth"/>); no officer
    /// cookie or API key satisfies it, and it guards only the citizens' pages under <c>/cong-dan</c>.</summary>
    public const string Citizen = "citizen";
}

/// <summary>What an integrated system may do beyond submitting dossiers (<c>api_client_grants.grant_name</c>, migration 0063),
/// granted by the administrator; carried as <see cref="Claims.Grant"/> claims of the key's identity.</summary>
public static class Grants
{
    public const string PortalPush = "portal-push";
    public const string MonitoringIngest = "monitoring-ingest";
}

/// <summary>What the sign-in cookie or API key says about the caller: user, system, agency, and the officer the Domain sees.</summary>
public static class Claims
{
    public const string UserId = "motcua:user";
    public const string ClientId = "motcua:client";
    public const string AgencyId = "motcua:agency";
    /// <summary>An integrated system's granted unit for reports (api_clients.report_agency_id); absent when it has none.</summary>
    public const string ReportAgencyId = "motcua:report-agency";
    /// <summary>One grant of an integrated system (<see cref="Grants"/>); one claim per grant.</summary>
    public const string Grant = "motcua:grant";
    /// <summary>The account's security stamp at sign-in (users.security_stamp), for checking sessions against it.</summary>
    public const string SecurityStamp = "motcua:stamp";
    /// <summary>Issue 17: a citizen account's id (<c>citizens.id</c>); only the citizen scheme issues it.</summary>
    public const string CitizenId = "motcua:citizen";
    /// <summary>The signed-in citizen's CCCD (12 digits).</summary>
    public const string CitizenIdNumber = "motcua:citizen-id-number";
    /// <summary>How the citizen proved themselves (<see cref="MotCua.Domain.Identity.CitizenAssurance"/> as its number).</summary>
    public const string CitizenAssurance = "motcua:citizen-assurance";
    /// <summary>The phone or e-mail a citizen's one-time code was sent to; absent after VNeID.</summary>
    public const string CodeSentTo = "motcua:code-sent-to";
    /// <summary>When the citizen signed in (UTC, round-trip format): the session ends <see cref="CitizenAuth.Absolute"/> after.</summary>
    public const string SignedInAt = "motcua:signed-in-at";

    public static int? UserIdOf(ClaimsPrincipal user) => IntClaim(user, UserId);
    public static int? ClientIdOf(ClaimsPrincipal user) => IntClaim(user, ClientId);
    public static int? AgencyIdOf(ClaimsPrincipal user) => IntClaim(user, AgencyId);
    public static int? ReportAgencyIdOf(ClaimsPrincipal user) => IntClaim(user, ReportAgencyId);

    public static Actor ActorOf(ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.Name) ?? "?", UserIdOf(user), ClientIdOf(user), CitizenIdOf(user));

    /// <summary>The citizen account (<c>citizens.id</c>) of a principal the citizen scheme authenticated; null otherwise, even
    /// when the claim is present on another identity (only <see cref="CitizenAuth.Scheme"/> issues it).</summary>
    public static long? CitizenIdOf(ClaimsPrincipal user) =>
        user.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType == CitizenAuth.Scheme)?.FindFirst(CitizenId) is { } claim
        && long.TryParse(claim.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The signed-in citizen as the access rule sees them (<see cref="MotCua.Domain.Identity.CitizenAccess"/>): account,
    /// CCCD, assurance and where a one-time code went; null unless the citizen scheme authenticated <paramref name="user"/>.</summary>
    public static MotCua.Domain.Identity.SignedInCitizen? CitizenOf(ClaimsPrincipal user) =>
        CitizenIdOf(user) is { } id && user.FindFirstValue(CitizenIdNumber) is { Length: 12 } idNumber
        && int.TryParse(user.FindFirstValue(CitizenAssurance), out var assurance)
        && Enum.IsDefined((MotCua.Domain.Identity.CitizenAssurance)assurance)
            ? new MotCua.Domain.Identity.SignedInCitizen(id, idNumber, (MotCua.Domain.Identity.CitizenAssurance)assurance, user.FindFirstValue(CodeSentTo))
            : null;

    /// <summary>The sign-in role as the Domain knows it; null for integrated systems and unknown roles.</summary>
    public static OfficerRole? RoleOf(ClaimsPrincipal user) => RoleOf(user.FindFirstValue(ClaimTypes.Role));

    /// <summary>A stored role name (users.role, <see cref="Roles"/>) as the Domain knows it; null for unknown ones.</summary>
    public static OfficerRole? RoleOf(string? role) => role switch
    {
        Roles.ReceivingOfficer => OfficerRole.ReceivingOfficer,
        Roles.Specialist => OfficerRole.Specialist,
        Roles.DepartmentHead => OfficerRole.DepartmentHead,
        Roles.Leader => OfficerRole.Leader,
        Roles.Accountant => OfficerRole.Accountant,
        Roles.Admin => OfficerRole.Admin,
        Roles.Inspector => OfficerRole.Inspector,
        _ => null,
    };

    /// <summary>The signed-in officer as the Domain knows them; null for integrated systems and unknown roles.</summary>
    public static Officer? OfficerOf(ClaimsPrincipal user) =>
        UserIdOf(user) is not null && RoleOf(user) is { } role ? new Officer(ActorOf(user), role, AgencyIdOf(user)) : null;

    private static int? IntClaim(ClaimsPrincipal user, string type) =>
        int.TryParse(user.FindFirstValue(type), out var value) ? value : null;
}

public sealed class ApiKeyOptions : AuthenticationSchemeOptions;

/// <summary>Integrated systems authenticate with <c>X-Api-Key</c>; only its SHA-256 is stored.</summary>
public sealed class ApiKeyHandler(IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder, MotCuaDb db, IMemoryCache cache)
    : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.ToString() is not { Length: > 0 } key)
            return AuthenticateResult.NoResult();
        var hash = Hash(key);
        // Systems call many times a second; a revoked key stops working within a minute. Unknown keys are not cached.
        if (!cache.TryGetValue(("api-key", hash), out (int Id, string Name, int? ReportAgencyId, List<string> Grants) client))
        {
            var row = await db.ApiClients.AsNoTracking().Where(c => c.KeySha256 == hash).Select(c => new { c.Id, c.Name, c.ReportAgencyId }).FirstOrDefaultAsync();
            if (row is null) return AuthenticateResult.Fail("Khóa API không hợp lệ.");
            var grants = await db.Database.SqlQuery<string>($"SELECT grant_name AS \"Value\" FROM api_client_grants WHERE client_id = {row.Id}").ToListAsync();
            client = (row.Id, row.Name, row.ReportAgencyId, grants);
            cache.Set(("api-key", hash), client, TimeSpan.FromMinutes(1));
        }
        List<Claim> claims = [new Claim(ClaimTypes.Name, client.Name), new Claim(Claims.ClientId, client.Id.ToString())];
        if (client.ReportAgencyId is { } reports) claims.Add(new Claim(Claims.ReportAgencyId, reports.ToString()));
        claims.AddRange(client.Grants.Select(g => new Claim(Claims.Grant, g)));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    // A 403 of an API path says what the endpoint's policy needs, to whoever called: a known system is told the one grant
    // it lacks; a signed-in officer (this scheme answers first for the policies that accept both) is told the function is
    // the administrator's and their own role, not addressed as an integrated system (trial 16b LOW 6).
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Response.HasStarted || !Request.Path.StartsWithSegments("/api")
        ? base.HandleForbiddenAsync(properties)
        : Problems.Write(Context, StatusCodes.Status403Forbidden, "Không có quyền",
            ForbiddenDetail(Context.User, Context.GetEndpoint()?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>()
                .Select(a => a.Policy).LastOrDefault(p => p is not null)));

    /// <summary>Why <paramref name="user"/> may not call an endpoint under <paramref name="policy"/>, in Vietnamese.</summary>
    public static string ForbiddenDetail(ClaimsPrincipal user, string? policy)
    {
        if (Claims.OfficerOf(user) is { } officer)
            return policy == Policies.Admin
                ? $"Chức năng này dành cho quản trị hệ thống; bạn đăng nhập với vai trò {officer.Role.Vietnamese()}. Đề nghị quản trị hệ thống thực hiện."
                : $"Chức năng này dành cho hệ thống tích hợp (khóa API), không dành cho cán bộ đăng nhập; bạn đăng nhập với vai trò {officer.Role.Vietnamese()}.";
        return policy switch
        {
            Policies.Admin => "Chức năng này dành cho quản trị hệ thống đăng nhập; khóa API của hệ thống tích hợp không gọi được.",
            { } grant when grant.StartsWith("grant:", StringComparison.Ordinal)
                => $"Hệ thống tích hợp này chưa được cấp quyền '{grant["grant:".Length..]}' để gọi chức năng này; liên hệ quản trị hệ thống.",
            _ => "Hệ thống tích hợp này không được gọi chức năng này; liên hệ quản trị hệ thống.",
        };
    }

    // Pages under a policy that also accepts keys (the admin pages) are challenged by the cookie scheme too, which sends
    // a person to the sign-in form: the key scheme answers only API paths, or that redirect would fail on a started response.
    // A route for systems only (policies of this scheme alone, such as POST /api/v1/dossiers) called with an officer's
    // cookie: the officer is signed in, so "sign in" is no answer; they get 403 saying the route is for systems with an API
    // key (trial 30 LOW 4).
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Response.HasStarted || !Request.Path.StartsWithSegments("/api")) return;
        if (!Request.Headers.ContainsKey(Header)
            && await Context.AuthenticateAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme) is { Succeeded: true } cookie
            && Claims.OfficerOf(cookie.Principal) is not null)
        {
            await Problems.Write(Context, StatusCodes.Status403Forbidden, "Không có quyền", ForbiddenDetail(cookie.Principal, Policies.ApiClient));
            return;
        }
        await Problems.Write(Context, StatusCodes.Status401Unauthorized, "Chưa xác thực", "Cần khóa API hợp lệ trong tiêu đề X-Api-Key, hoặc đăng nhập.");
    }
}
