using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Processing;

/// <summary>/xac-thuc: anyone may check that a result PDF was signed by the system and not changed since.</summary>
[AllowAnonymous]
[EnableRateLimiting(Lookup.LookupEndpoints.RateLimitPolicy)]
[RequestSizeLimit(ProcessingEndpoints.VerifyLimit + 64 * 1024)]
public sealed class VerifyModel(DemoSigning signing, SignerTrust trust, [FromKeyedServices(Lookup.LookupEndpoints.Pool)] NpgsqlDataSource data) : PageModel
{
    /// <summary>The dossier named by the QR code on a result: its official record is shown beside the check.</summary>
    [BindProperty(SupportsGet = true, Name = "ma")]
    public string? Code { get; set; }

    public Lookup.PublicDossier? Record { get; private set; }
    public ProcessingEndpoints.SignatureView? Result { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Code)) Record = await Lookup.LookupEndpoints.FindAsync(data, Code, ct);
    }

    public async Task OnPostAsync(IFormFile? tep, CancellationToken ct)
    {
        if (tep is null || tep.Length is 0 or > ProcessingEndpoints.VerifyLimit)
        {
            Error = "Chọn tệp PDF kết quả (tối đa 10 MB).";
            return;
        }
        using var content = new MemoryStream();
        await tep.CopyToAsync(content, ct);
        Result = await ProcessingEndpoints.CheckAsync(content.ToArray(), signing, trust, ct);
        // The record beside the verdict: the dossier the QR code named, else the one the signed document names.
        if (string.IsNullOrWhiteSpace(Code)) Code = Result.DossierCode;
        if (!string.IsNullOrWhiteSpace(Code)) Record = await Lookup.LookupEndpoints.FindAsync(data, Code, ct);
    }

    /// <summary>The uploaded document names another dossier than the page was opened for.</summary>
    public bool NamesAnotherDossier => Result?.DossierCode is { } signed && Code is { Length: > 0 } code
        && !string.Equals(signed, code.Trim(), StringComparison.OrdinalIgnoreCase);
}
