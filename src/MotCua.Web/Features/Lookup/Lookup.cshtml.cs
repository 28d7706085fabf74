using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Npgsql;

namespace MotCua.Web.Features.Lookup;

/// <summary>
/// What a public lookup shows (<c>_LookupResult.cshtml</c>, the lookup page's and the kiosk's): the code typed, the
/// dossier found (null when none or nothing typed), its open payment requests (issue 14: amount, QR, the unit's account;
/// nothing personal) and the rating token of the applicant's own link (issue 17: Mẫu 01's QR, the closing message; the
/// page shows "Đánh giá" only with it and never shows a token it was not given).
/// </summary>
public sealed record LookupResult(string? Code, PublicDossier? Dossier, IReadOnlyList<MotCua.Web.Features.Payments.PublicPaymentRequest> Payments, string? RatingToken)
{
    /// <summary>The lookup of <paramref name="code"/> on the public pool (<see cref="LookupEndpoints.Pool"/>); nothing
    /// read for an empty code.</summary>
    public static async Task<LookupResult> ReadAsync(NpgsqlDataSource data, string? code, string? ratingToken, CancellationToken ct)
    {
        var dossier = string.IsNullOrWhiteSpace(code) ? null : await LookupEndpoints.FindAsync(data, code, ct);
        IReadOnlyList<MotCua.Web.Features.Payments.PublicPaymentRequest> payments =
            dossier is null ? [] : await MotCua.Web.Features.Payments.RequestsRead.OpenByCodeAsync(data, dossier.Code, ct);
        return new(code, dossier, payments, ratingToken);
    }

    /// <summary>
    /// What was typed into a lookup box, read as a code and a rating token: a scanner reading Mẫu 01's QR types the whole
    /// lookup address (<c>https://…/tra-cuu?ma=…&amp;t=…</c>), which is read for its <c>ma</c> and <c>t</c> (fresh trial 17u
    /// M4: the kiosk answered "Không tìm thấy hồ sơ có mã http://…"); anything else is the code as typed, trimmed, with
    /// <paramref name="token"/> kept.
    /// </summary>
    public static (string? Code, string? Token) Typed(string? typed, string? token)
    {
        var text = typed?.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https")
            || !address.AbsolutePath.EndsWith("/tra-cuu", StringComparison.Ordinal))
            return (text, token);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(address.Query);
        return (query.TryGetValue("ma", out var code) ? code.ToString().Trim() : null,
            query.TryGetValue("t", out var scanned) && scanned.ToString().Length > 0 ? scanned.ToString() : token);
    }
}

[EnableRateLimiting(LookupEndpoints.RateLimitPolicy)]
public sealed class LookupModel([FromKeyedServices(LookupEndpoints.Pool)] NpgsqlDataSource data) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "ma")]
    public string? Code { get; set; }

    /// <summary>The rating token of the applicant's own link (<see cref="LookupResult.RatingToken"/>).</summary>
    [BindProperty(SupportsGet = true, Name = "t")]
    public string? RatingToken { get; set; }

    /// <summary>What the lookup found.</summary>
    public LookupResult Result { get; private set; } = new(null, null, [], null);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (code, token) = LookupResult.Typed(Code, RatingToken);
        Result = await LookupResult.ReadAsync(data, code, token, ct);
    }
}
