using System.IO.Compression;
using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.ResponseCompression;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// What the app does at its edge, where a province puts it behind a reverse proxy and citizens reach it over a commune
/// link (issue 12, items 10 and 11; docs/SECURITY.md section 7):
/// <list type="bullet">
/// <item>the client's address and scheme are taken from X-Forwarded-For/-Proto only when the connection comes from a
/// proxy listed in <c>Motcua:TrustedProxies</c> (addresses or CIDR networks separated by commas; none by default, so
/// a client cannot choose the address the lookup limit counts it under);</item>
/// <item>cookies are <c>Secure</c> when the request is https, always with <c>Motcua:RequireHttps=true</c>, which also
/// redirects http to https (port <c>Motcua:HttpsPort</c>, 443 by default) and sends HSTS for
/// <c>Motcua:HstsMaxAgeDays</c> days (365 by default);</item>
/// <item>every response carries the Content-Security-Policy (scripts and styles from the app only; style attributes
/// allowed), frame-ancestors 'none' and X-Frame-Options DENY, X-Content-Type-Options nosniff, Referrer-Policy
/// same-origin (lookup URLs carry dossier codes), and no Server header;</item>
/// <item>responses are compressed with Brotli or gzip, https included (see <see cref="AddEdge"/> on BREACH), and static
/// files linked with their content's hash are cached for a year;</item>
/// <item>answers to a signed-in officer or citizen are not stored (<see cref="NotStoredWhenSignedIn"/>).</item>
/// </list>
/// </summary>
public static class Edge
{
    /// <summary>
    /// The trusted proxies from <c>Motcua:TrustedProxies</c>: "10.0.0.5, 192.168.10.0/24, ::1". Raises
    /// <see cref="InvalidOperationException"/> (the app does not start) on an entry that is neither an address nor a
    /// network, rather than trusting less or more than the operator wrote.
    /// </summary>
    public static IReadOnlyList<IPNetwork> TrustedProxies(IConfiguration configuration)
    {
        var text = configuration["Motcua:TrustedProxies"] ?? "";
        var networks = new List<IPNetwork>();
        foreach (var entry in text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(entry, out var network)) networks.Add(network);
            else if (IPAddress.TryParse(entry, out var address)) networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            else throw new InvalidOperationException($"Motcua:TrustedProxies: '{entry}' không phải địa chỉ IP hay dải mạng (CIDR).");
        }
        return networks;
    }

    /// <summary>
    /// Registers the edge's services. Compression is on for https too: the secrets a page carries are not BREACH's
    /// prey, since the antiforgery token in a page is encrypted anew (random IV) for every response and the session
    /// cookie is never in a body, and the session cookie is SameSite=Lax, so another site cannot make an officer's
    /// browser send the many credentialed sub-requests the attack needs.
    /// </summary>
    public static void AddEdge(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Loopback is trusted by default; here only what the operator lists is.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var network in TrustedProxies(configuration)) o.KnownIPNetworks.Add(network);
            // Every hop is checked against the list, so a chain of trusted proxies is walked to the first one that is not.
            o.ForwardLimit = null;
        });
        var requireHttps = configuration.GetValue("Motcua:RequireHttps", false);
        var policy = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        builder.Services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(
            Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme, o => o.Cookie.SecurePolicy = policy);
        builder.Services.PostConfigure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(o => o.Cookie.SecurePolicy = policy);
        if (requireHttps)
        {
            builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(configuration.GetValue("Motcua:HstsMaxAgeDays", 365)));
            // Behind a proxy the app listens on http only and cannot tell the public https port: 443 unless configured.
            builder.Services.AddHttpsRedirection(o => o.HttpsPort = configuration.GetValue("Motcua:HttpsPort", 443));
        }

        // Files are linked with asp-append-version (?v= the content's hash): such a URL names one content for ever and
        // is cached for a year; the few linked without it (the icons) for a day. MapStaticAssets would serve
        // fingerprinted, precompressed files, but its precompressed variants exist only in a published folder, and
        // run.sh runs the build in the project folder, where it answered them with empty bodies.
        builder.Services.Configure<StaticFileOptions>(o => o.OnPrepareResponse = file =>
            file.Context.Response.Headers.CacheControl = file.Context.Request.Query.ContainsKey("v")
                ? "public, max-age=31536000, immutable"
                : "public, max-age=86400");

        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/problem+json", "image/svg+xml", "image/x-icon"];
        });
        // A page is made once and crosses a slow link: the better ratio is worth the few milliseconds.
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
    }

    /// <summary>The edge's middleware, first in the pipeline so that every answer, errors included, goes through it.</summary>
    public static void UseEdge(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Configuration.GetValue("Motcua:RequireHttps", false))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseSecurityHeaders(new HeaderPolicyCollection()
            .AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                csp.AddScriptSrc().Self();
                csp.AddStyleSrc().Self();
                // Pages still carry style attributes for layout; they cannot run script, and with images from the app
                // only they cannot send anything out either. Style elements stay refused.
                csp.AddStyleSrcAttr().UnsafeInline();
                csp.AddImgSrc().Self().Data();
                csp.AddFontSrc().Self();
                csp.AddConnectSrc().Self();
                csp.AddFormAction().Self();
                csp.AddBaseUri().Self();
                csp.AddObjectSrc().None();
                csp.AddFrameAncestors().None();
            })
            .AddFrameOptionsDeny()
            .AddContentTypeOptionsNoSniff()
            .AddReferrerPolicySameOrigin()
            .RemoveServerHeader());
        app.UseResponseCompression();
        app.Use(NotStoredWhenSignedIn);
    }

    /// <summary>
    /// An answer to a request that carries a session cookie (an officer's, <see cref="OfficerCookie"/>, or a citizen's,
    /// <see cref="CitizenAuth.CookieName"/>) is <c>Cache-Control: no-store</c> unless its handler said otherwise: a desk
    /// computer or the centre's kiosk is shared, and the browser's Back after signing out must not show the previous
    /// person's pages from its cache (fresh trial 17u H2; Nghị định 13/2023/NĐ-CP on personal data). Public answers, the
    /// static files among them, keep their own caching.
    /// </summary>
    public static Task NotStoredWhenSignedIn(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        if (http.Request.Cookies.ContainsKey(OfficerCookie) || http.Request.Cookies.ContainsKey(CitizenAuth.CookieName))
            http.Response.OnStarting(() =>
            {
                if (!http.Response.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.CacheControl)) http.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
        return next(http);
    }

    /// <summary>The officers' session cookie (the default cookie scheme, Program.cs).</summary>
    public const string OfficerCookie = "motcua";
}
