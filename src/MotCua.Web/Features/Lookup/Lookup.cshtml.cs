using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Npgsql;

namespace MotCua.Web.Features.Lookup;

[EnableRateLimiting(LookupEndpoints.RateLimitPolicy)]
public sealed class LookupModel([FromKeyedServices(LookupEndpoints.Pool)] NpgsqlDataSource data) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "ma")]
    public string? Code { get; set; }

    public PublicDossier? Dossier { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Code)) Dossier = await LookupEndpoints.FindAsync(data, Code, ct);
    }
}
