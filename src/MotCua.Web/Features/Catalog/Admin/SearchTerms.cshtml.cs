using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Catalog.Admin;

/// <summary>
/// The everyday terms the catalogue search expands: list, add, edit, remove (through <see cref="Catalog.SearchTerms"/>,
/// the same rules and audit as the API), and try a query to see how it is read and what it finds.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class SearchTermsModel(MotCuaDb db, TimeProvider clock) : FormPage
{
    public IReadOnlyList<SearchTermView> Terms { get; private set; } = [];

    /// <summary>The term being edited (?sua=id), or null when the form adds one.</summary>
    [BindProperty(SupportsGet = true, Name = "sua")] public int? EditId { get; set; }
    [BindProperty] public string? Phrase { get; set; }
    [BindProperty] public string? Expansion { get; set; }
    [BindProperty] public string? Topic { get; set; }

    /// <summary>A query to try (?thu=…): its readings and its first results.</summary>
    [BindProperty(SupportsGet = true, Name = "thu")] public string? Trial { get; set; }
    public IReadOnlyList<string> TrialReadings { get; private set; } = [];
    public IReadOnlyList<ProcedureSummary> TrialResults { get; private set; } = [];

    public string? Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? daluu, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (EditId is { } id)
        {
            if (Terms.FirstOrDefault(t => t.Id == id) is not { } term) return NotFound();
            (Phrase, Expansion, Topic) = (term.Phrase, term.Expansion, term.Topic);
        }
        Saved = daluu;
        if (!string.IsNullOrWhiteSpace(Trial))
        {
            TrialReadings = SearchQuery.Readings(Trial, await Catalog.SearchTerms.LoadAsync(db, ct)).Select(r => string.Join(' ', r)).ToList();
            TrialResults = await CatalogEndpoints.SearchAsync(db, Trial, null, 5, ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var outcome = await Catalog.SearchTerms.SaveAsync(db, EditId, new SearchTermRequest(Phrase, Expansion, Topic), Claims.UserIdOf(User), clock.GetUtcNow(), ct);
        if (outcome.NotFound) return NotFound();
        if (outcome.Errors is { } errors)
        {
            Errors = errors;
            await LoadAsync(ct);
            return Page();
        }
        return Redirect($"/quan-tri/thu-tuc/tu-thong-dung?daluu={Uri.EscapeDataString($"Đã lưu: “{outcome.Term!.Phrase}” → “{outcome.Term.Expansion}”.")}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        if (!await Catalog.SearchTerms.DeleteAsync(db, id, Claims.UserIdOf(User), clock.GetUtcNow(), ct)) return NotFound();
        return Redirect($"/quan-tri/thu-tuc/tu-thong-dung?daluu={Uri.EscapeDataString("Đã xóa một cách nói thường dùng.")}");
    }

    private async Task LoadAsync(CancellationToken ct) => Terms = await Catalog.SearchTerms.ListAsync(db, ct);
}
