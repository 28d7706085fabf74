using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;

namespace MotCua.Web.Features.Admin;

/// <summary>
/// /quan-tri/don-vi/sap-xep: a merger or split in two steps. "Xem trước" shows where every open dossier, adoption and
/// officer would go by the rule (nothing is written); for a split the administrator may choose another successor for
/// any of them; "Thực hiện" carries it out in one transaction and shows the report.
/// </summary>
public sealed class ReorganiseModel(Reorganisations reorganisations, MotCuaDb db) : AdminPage
{
    public const string Dossier = "dossier";
    public const string Adoption = "adoption";
    public const string Officer = "officer";

    public sealed class Choice
    {
        public string? Kind { get; set; }
        public string? Key { get; set; }
        /// <summary>A successor's code, or empty for the rule's choice.</summary>
        public string? Target { get; set; }
    }

    [BindProperty] public string Kind { get; set; } = "merger";
    [BindProperty] public List<string> From { get; set; } = [];
    [BindProperty] public List<string> To { get; set; } = [];
    [BindProperty] public string? EffectiveOn { get; set; }
    [BindProperty] public string? LegalBasis { get; set; }
    [BindProperty] public List<Choice> Choices { get; set; } = [];

    public IReadOnlyList<Agency> Active { get; private set; } = [];
    public ReorganisationReport? Report { get; private set; }
    public bool Done { get; private set; }
    public bool Replayed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        await RunAsync(preview: true, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostExecuteAsync(CancellationToken ct)
    {
        await RunAsync(preview: false, ct);
        return Page();
    }

    /// <summary>The administrator's choice for one item, or "" for the rule.</summary>
    public string ChoiceFor(string kind, string key) => Choices.FirstOrDefault(c => c.Kind == kind && c.Key == key)?.Target ?? "";

    public string NameOf(string code) => Active.FirstOrDefault(a => a.Code == code)?.Name ?? code;

    private async Task RunAsync(bool preview, CancellationToken ct)
    {
        var effective = ParseDate(EffectiveOn, "effectiveOn");
        IEnumerable<Choice> Chosen(string kind) => Choices.Where(c => c.Kind == kind && !string.IsNullOrWhiteSpace(c.Key) && !string.IsNullOrWhiteSpace(c.Target));
        var body = new ReorganisationBody(Kind, From, To, effective, LegalBasis,
            Chosen(Dossier).ToDictionary(c => c.Key!, c => c.Target!),
            Chosen(Adoption).ToDictionary(c => c.Key!, c => (IReadOnlyList<string>)[c.Target!]),
            Chosen(Officer).ToDictionary(c => c.Key!, c => c.Target!));
        // A date that did not parse goes as missing, so the other fields are checked too and nothing is written.
        var outcome = await reorganisations.ExecuteAsync(body, User, preview || Errors.Count > 0, ct);
        Merge(outcome.Errors);
        if (outcome.Conflict is { } conflict) Errors["from"] = [conflict];
        if (Errors.Count == 0)
        {
            Report = outcome.Report;
            Done = !preview;
            Replayed = outcome.Replayed;
        }
        await LoadAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        // Units ended by this very reorganisation stay listed, so the report can name them.
        var involved = From.Concat(To).ToArray();
        Active = await db.Agencies.AsNoTracking().Where(a => a.EndedOn == null || involved.Contains(a.Code))
            .OrderBy(a => a.Kind).ThenBy(a => a.Code).ToListAsync(ct);
    }
}
