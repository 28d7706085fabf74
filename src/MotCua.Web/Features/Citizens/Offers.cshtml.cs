using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MotCua.Web.Features.Citizens;

/// <summary>
/// <c>/cong-dan/nop</c> (anyone; issue 17, piece B): the agencies that offer procedures online, then, with <c>?co-quan=</c>,
/// that agency's procedures offered online (<see cref="OnlineOffers"/>), each linking its submission page (which asks the
/// citizen to sign in). <c>?q=</c> searches names without regard to diacritics ("khai sinh" finds "Đăng ký khai sinh").
/// </summary>
public sealed class OffersModel(OnlineOffers offers) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "co-quan")] public string? AgencyCode { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }

    public IReadOnlyList<OfferingAgency> Agencies { get; private set; } = [];
    public string? AgencyName { get; private set; }
    public IReadOnlyList<OnlineProcedure> Procedures { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Query = Query is { Length: > 100 } typed ? typed[..100] : Query;
        if (string.IsNullOrWhiteSpace(AgencyCode))
        {
            Agencies = await offers.AgenciesAsync(Query, ct);
            return Page();
        }
        if (await offers.ProceduresAsync(AgencyCode.Trim(), Query, ct) is not { } found) return NotFound();
        (AgencyName, Procedures) = found;
        return Page();
    }
}
