using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Domain.Reports;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Reports;

/// <summary>
/// /bao-cao/tong-quan: the leaders' and the inspector's dashboard (docs/REPORTS.md §7), the figures of
/// <see cref="DashboardReads"/> as charts drawn on the server (inline SVG, no script) each followed by a table of the same
/// figures for screen readers. The unit is chosen from a list (a leader: their unit and those under it; the inspector and
/// the administrator: every receiving unit and the province), the dates typed dd/MM/yyyy. <c>thu-tuc=tat-ca</c> shows
/// every procedure instead of the <see cref="TopProcedures"/> with most dossiers resolved. Who may: <see cref="ReportAccess"/>.
/// </summary>
public sealed class DashboardPageModel(MotCuaDb db, DashboardReads reads) : PageModel
{
    /// <summary>Procedures shown unless all are asked for.</summary>
    public const int TopProcedures = 10;

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "thu-tuc")] public string? Procedures { get; set; }

    /// <summary>The units the officer may choose from.</summary>
    public IReadOnlyList<Agency> Choices { get; private set; } = [];
    public DashboardView? View { get; private set; }
    /// <summary>A value not understood, in Vietnamese.</summary>
    public string? Error { get; private set; }
    public bool AllProcedures => Procedures == "tat-ca";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ReportReaders.OfAsync(db, User, ct) is not { } reader) return StatusCode(StatusCodes.Status403Forbidden);
        Choices = await ReportReaders.ChoicesAsync(db, reader, ct);
        var request = await reads.ResolveAsync(User, Agency, From, To, ct);
        if (request.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        From ??= request.From.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        To ??= request.To.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        if (request.Problem is not null)
        {
            Error = request.Message;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        View = await reads.BuildAsync(request, ct);
        Agency = View.AgencyCode;
        return Page();
    }

    /// <summary>A Vietnam date as the page prints it, dd/MM/yyyy (the JSON keeps ISO dates).</summary>
    public static string Day(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>An instant as the page prints it, HH:mm dd/MM/yyyy in Vietnam time.</summary>
    public static string Instant(DateTimeOffset at) => Domain.Calendar.VietnamTime.ToVietnam(at).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>A count as officers read it: vi-VN digit groups ("1.234").</summary>
    public static string Number(long n) => n.ToString("N0", Vi);

    /// <summary>A rate 0–1 as a percentage with one decimal, vi-VN ("87,5%"), or "—" when there is none.</summary>
    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.#", Vi) + "%" : "—";

    /// <summary>Working hours with one decimal, vi-VN.</summary>
    public static string Hours(double hours) => hours.ToString("0.0", Vi);
}
