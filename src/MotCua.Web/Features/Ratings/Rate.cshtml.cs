using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using MotCua.Domain.Ratings;
using MotCua.Web.Features.Lookup;

namespace MotCua.Web.Features.Ratings;

/// <summary>
/// /danh-gia?ma=&amp;t=&amp;kenh=: the applicant's rating form (no script; the eight criteria as radio groups, the overall
/// verdict, a comment), opened by the dossier's code and rating token from Mẫu 01's QR, the SMS or e-mail link, the
/// lookup page or typed at the kiosk. It posts to itself and records through <see cref="RatingStore"/> as the API does;
/// an unknown code and a wrong token read the same. An officer's cookie or an API key is refused before anything else
/// (<see cref="RatingCallerFilterAttribute"/>).
/// </summary>
[EnableRateLimiting(LookupEndpoints.RateLimitPolicy)]
[RatingCallerFilter]
public sealed class RateModel(RatingStore store) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "ma")] public string? Code { get; set; }
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }
    /// <summary>The channel the link came from: <c>qr</c>, <c>sms</c>, <c>kiosk</c>; the web otherwise.</summary>
    [BindProperty(SupportsGet = true, Name = "kenh")] public string? Channel { get; set; }
    [BindProperty(Name = "tong")] public string? Overall { get; set; }
    [BindProperty(Name = "y-kien")] public string? Comment { get; set; }

    /// <summary>The answers chosen, by criterion number (posted as <c>tc1</c>..<c>tc8</c>).</summary>
    public Dictionary<string, int?> Answers { get; } = [];

    public RatableDossier? Dossier { get; private set; }
    /// <summary>Why the form is not shown (not found, rated, window closed), or null.</summary>
    public string? Refusal { get; private set; }
    public bool Rated { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Code) && string.IsNullOrWhiteSpace(Token)) return;
        await OpenAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        foreach (var (key, value) in RatingForm.Read(Request.Form).Answers) Answers[key] = value;
        // A refusal found before recording is the same refusal as the API's: 409 for a dossier rated or not open (docs/RATINGS.md).
        if (!await OpenAsync(ct))
        {
            if (Dossier is not null) Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        var channel = Rating.ChannelNames.ContainsKey(Channel ?? "") ? Channel : "web";
        var (rating, errors) = Rating.Check(Answers, Overall, Comment, channel);
        if (rating is null)
        {
            Errors = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var (outcome, window) = await store.RateAsync(Code, Token, rating, ct);
        Rated = outcome == RateOutcome.Rated;
        if (!Rated)
        {
            Refusal = outcome switch
            {
                RateOutcome.AlreadyRated => RatingEndpoints.AlreadyRatedText,
                RateOutcome.Busy => RatingEndpoints.BusyText,
                RateOutcome.NotFound => RatingEndpoints.NotFoundText,
                _ => RatingWindow.Explain(window, store.WindowDays),
            };
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        return Page();
    }

    private async Task<bool> OpenAsync(CancellationToken ct)
    {
        Dossier = await store.FindAsync(Code, Token, ct);
        Refusal = Dossier switch
        {
            null => RatingEndpoints.NotFoundText,
            { Rated: true } => RatingEndpoints.AlreadyRatedText,
            { Window: not RatingWindowState.Open } d => RatingWindow.Explain(d.Window, store.WindowDays),
            _ => null,
        };
        if (Dossier is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Refusal is null;
    }
}
