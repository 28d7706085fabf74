using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Citizens;

/// <summary>One line of "Hồ sơ của tôi": code, procedure, status in words, due date (Vietnam time) and the badges that ask
/// the citizen to act: a supplement awaited (status 5), a result to fetch (9, 10), a rating invited (window open).</summary>
public sealed record MyDossier(string Code, string Procedure, DossierStatus Status, DateTimeOffset SubmittedAt, DateTimeOffset? DueAt,
    bool NeedsSupplement, bool HasResult, bool RatingInvited);

/// <summary>
/// <c>/cong-dan</c>: the citizens' home (issue 17). Open to anyone: it says what a citizen can do on MotCua and links the
/// public lookup and the online submission (<c>/cong-dan/nop</c>). A citizen signed in with the citizens' scheme sees
/// their own dossiers (<see cref="CitizenAccess"/>: submitted by the account, or theirs by a proven CCCD), newest first,
/// <see cref="PageSize"/> a page (<c>?trang=</c>). The officers' cookie is not read here.
/// </summary>
public sealed class IndexModel(CitizenDossierRead read) : PageModel
{
    /// <summary>Dossiers per page.</summary>
    public const int PageSize = 20;

    /// <summary>True when a citizen is signed in on this browser.</summary>
    public bool SignedIn { get; private set; }

    /// <summary>The signed-in citizen's name when it is known (VNeID's, or given on their own submission); null otherwise,
    /// and the greeting is then neutral (trial17b 9: never "Xin chào Công dân.").</summary>
    public string? CitizenName { get; private set; }

    public IReadOnlyList<MyDossier> Dossiers { get; private set; } = [];
    public int PageNumber { get; private set; } = 1;
    public int Pages { get; private set; } = 1;
    public int Total { get; private set; }

    public async Task OnGetAsync(int trang = 1, CancellationToken ct = default)
    {
        var result = await HttpContext.AuthenticateAsync(CitizenAuth.Scheme);
        if (!result.Succeeded || result.Principal is not { } principal || Claims.CitizenOf(principal) is not { } citizen) return;
        SignedIn = true;
        CitizenName = principal.Identity?.Name is { Length: > 0 } name && name != CitizenAuth.Unnamed ? name : null;
        var mine = await read.MineAsync(citizen, ct);
        Total = mine.Count;
        Pages = Math.Max(1, (Total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(trang, 1, Pages);
        Dossiers = [.. mine.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
    }
}
