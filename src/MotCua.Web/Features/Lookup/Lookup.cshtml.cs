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

    /// <summary>Issue 17: the rating token, present only in the applicant's own link (Mẫu 01's QR, the closing message);
    /// the page shows "Đánh giá" only with it and never shows a token it was not given.</summary>
    [BindProperty(SupportsGet = true, Name = "t")]
    public string? RatingToken { get; set; }

    public PublicDossier? Dossier { get; private set; }

    /// <summary>Issue 14: the dossier's open payment requests (amount, QR, the unit's account; nothing personal).</summary>
    public IReadOnlyList<MotCua.Web.Features.Payments.PublicPaymentRequest> Payments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Code)) Dossier = await LookupEndpoints.FindAsync(data, Code, ct);
        if (Dossier is not null) Payments = await MotCua.Web.Features.Payments.RequestsRead.OpenByCodeAsync(data, Dossier.Code, ct);
    }
}
