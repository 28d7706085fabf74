using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Domain.Reports;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Reports;

/// <summary>
/// /bao-cao/chi-so-766: the 766 index of a month for the leader's unit, or for the province or any unit (inspector,
/// administrator): the five groups and their indicators with formula, inputs and points; each figure opens the rows
/// behind it. Counted when the page is asked for.
/// </summary>
[Authorize]
public sealed class Index766PageModel(MotCuaDb db, NpgsqlDataSource data, TimeProvider clock, IConfiguration configuration) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "agency")] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true, Name = "month")] public string? Month { get; set; }
    /// <summary>The series' first and last month (yyyy-MM), when the month-by-month table is asked for.</summary>
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    /// <summary>The index month by month from <see cref="From"/> to <see cref="To"/>, when asked for.</summary>
    public IReadOnlyList<Index766View> Series { get; private set; } = [];

    public Index766Scope? Scope { get; private set; }
    public Index766Result? Result { get; private set; }
    public IReadOnlyDictionary<Index766Input, long> Counts { get; private set; } = new Dictionary<Index766Input, long>();
    public DateTimeOffset ComputedAt { get; private set; }
    /// <summary>A value not understood, in Vietnamese.</summary>
    public string? Error { get; private set; }
    /// <summary>The agencies the reader may choose (empty for a leader of a unit with none under it).</summary>
    public IReadOnlyList<(string Code, string Name)> Agencies { get; private set; } = [];
    /// <summary>Whether "Toàn tỉnh" is offered: the inspector, the administrator and the province centre's leader.</summary>
    public bool ProvinceOffered { get; private set; }
    /// <summary>The months offered: the current one and the 35 before it.</summary>
    public IReadOnlyList<Index766Month> Months { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ReportReaders.OfAsync(db, User, ct) is not { } reader) return StatusCode(StatusCodes.Status403Forbidden);
        ComputedAt = clock.GetUtcNow();
        var current = Index766Month.Of(ComputedAt);
        Months = [.. Enumerable.Range(0, 36).Select(i => Index766Month.Of(current.Start.AddMonths(-i)))];
        ProvinceOffered = reader.Province;
        Agencies = [.. (await ReportReaders.ChoicesAsync(db, reader, ct)).Where(a => a.ReceivesDossiers).OrderBy(a => a.Code).Select(a => (a.Code, a.Name))];
        if (!reader.EveryUnit && Agencies.Count < 2) Agencies = [];
        var (scope, refusal) = await Index766Reads.ResolveAsync(db, User, Agency, Month, ComputedAt, ct);
        if (refusal is { Field: null }) return StatusCode(StatusCodes.Status403Forbidden);
        if (refusal is not null)
        {
            // The API's rule and status (422), with its message in Vietnamese (trial defect 8: a future month answered 200).
            Error = refusal.Message;
            Response.StatusCode = refusal.Status;
            return Page();
        }
        Scope = scope;
        Month = scope!.Month.ToString();
        Agency = scope.Agency?.Code;
        (Result, Counts) = await Index766Reads.ScoreAsync(data, scope, ComputedAt, Index766Reads.RatingWindowDays(configuration), ct);
        if (!string.IsNullOrWhiteSpace(From) || !string.IsNullOrWhiteSpace(To))
        {
            var (series, wrong) = await Index766Endpoints.SeriesAsync(data, scope, From, To, ComputedAt, Index766Reads.RatingWindowDays(configuration), ct);
            if (wrong is not null)
            {
                Error = wrong.Message;
                Response.StatusCode = wrong.Status;
            }
            Series = series;
        }
        return Page();
    }
}
