using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using MotCua.Web.Features.Lookup;
using Npgsql;

namespace MotCua.Web.Features.Kiosk;

/// <summary>/kiosk/tra-cuu: one autofocused input; the receipt's QR read by a keyboard-wedge scanner types the lookup
/// address and Enter, read for its code and rating token (<see cref="LookupResult.Typed"/>) [choice: no camera script]. The result is the public lookup's (<see cref="LookupResult"/>, the same partial as
/// <c>/tra-cuu</c>) shown inside the kiosk's full-screen layout: it used to send the kiosk to the citizens' page, out of
/// the touch layout (trial 30 LOW 7). Held to the public lookup's rate limit, as that page is.</summary>
[EnableRateLimiting(LookupEndpoints.RateLimitPolicy)]
public sealed class LookupModel([FromKeyedServices(LookupEndpoints.Pool)] NpgsqlDataSource data) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "ma")] public string? Code { get; set; }

    /// <summary>What the lookup found; empty before a code is typed.</summary>
    public LookupResult Result { get; private set; } = new(null, null, [], null);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (code, token) = LookupResult.Typed(Code, null);
        Result = await LookupResult.ReadAsync(data, code, token, ct);
    }
}
