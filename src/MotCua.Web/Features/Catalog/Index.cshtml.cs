using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;

namespace MotCua.Web.Features.Catalog;

/// <summary>The public catalogue: search without diacritics, browse by field and level, twenty to a page.</summary>
public sealed class IndexModel(MotCuaDb db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true, Name = "linhvuc")] public string? Field { get; set; }
    [BindProperty(SupportsGet = true, Name = "cap")] public string? Level { get; set; }
    [BindProperty(SupportsGet = true, Name = "trang")] public int PageNumber { get; set; } = 1;

    public static readonly (string Value, string Name)[] Levels = [("bo", "Cấp bộ"), ("tinh", "Cấp tỉnh"), ("xa", "Cấp xã"), ("khac", "Cơ quan khác")];

    public IReadOnlyList<(string Field, int Count)> Fields { get; private set; } = [];
    public CatalogPage Results { get; private set; } = new([], 0, 1, CatalogEndpoints.PageSize);
    public int PageCount => Math.Max(1, (Results.Total + Results.PageSize - 1) / Results.PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var fields = await db.Procedures.AsNoTracking().GroupBy(p => p.Field)
            .Select(g => new { g.Key, Count = g.Count() }).OrderBy(g => g.Key).ToListAsync(ct);
        Fields = fields.Where(f => f.Key.Length > 0).Select(f => (f.Key, f.Count)).ToList();
        var field = string.IsNullOrWhiteSpace(Field) ? null : Field;
        // An officer signed in sees the procedures their agency receives first among equally relevant ones.
        Results = await CatalogEndpoints.SearchPageAsync(db, new CatalogQuery(Query, field, CatalogEndpoints.ParseLevel(Level), Infrastructure.Claims.AgencyIdOf(User)),
            Math.Max(PageNumber, 1), CatalogEndpoints.PageSize, ct);
    }

    /// <summary>This listing's address with another page number.</summary>
    public string PageUrl(int page) => "/thu-tuc" + QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = Query, ["linhvuc"] = Field, ["cap"] = Level, ["trang"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();
}
