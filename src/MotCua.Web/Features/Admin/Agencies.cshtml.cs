using Microsoft.AspNetCore.Mvc;
using MotCua.Domain.Administration;

namespace MotCua.Web.Features.Admin;

/// <summary>/quan-tri/don-vi: the province's agencies, searched by name or code without diacritics, filtered by level.</summary>
public sealed class AgenciesModel(AgencyAdministration agencies) : AdminPage
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true, Name = "cap")] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "trang")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AgencyListItem> Items { get; private set; } = [];
    public int Total { get; private set; }
    public static IReadOnlyList<string> Kinds => AgencyKind.All;

    public async Task OnGetAsync(CancellationToken ct) => (Items, Total) = await agencies.ListAsync(Query, Kind, PageNumber, ct);
}
