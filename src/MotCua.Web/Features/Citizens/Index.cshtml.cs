using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Citizens;

/// <summary>
/// <c>/cong-dan</c>: the citizens' home (issue 17, piece 0). Open to anyone: it says what a citizen can do on MotCua and
/// links the public lookup; a citizen signed in with the citizens' scheme is greeted by name. The list of their own
/// dossiers is piece B's. The officers' cookie is not read here (it would make an officer look signed in as a citizen).
/// </summary>
public sealed class IndexModel : PageModel
{
    /// <summary>The signed-in citizen's name; null when no citizen is signed in on this browser.</summary>
    public string? CitizenName { get; private set; }

    public async Task OnGetAsync()
    {
        var result = await HttpContext.AuthenticateAsync(CitizenAuth.Scheme);
        if (result.Succeeded && result.Principal is { } citizen && Claims.CitizenIdOf(citizen) is not null)
            CitizenName = citizen.Identity?.Name;
    }
}
