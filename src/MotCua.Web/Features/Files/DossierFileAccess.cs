using System.Security.Claims;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Dossiers;

namespace MotCua.Web.Features.Files;

/// <summary>
/// Who may fetch a dossier's files (issue 17, design §2 "Serving"): exactly who may read the dossier. Every file route asks
/// here and answers 404 (not 403) when refused, so that a file id says nothing of the dossier behind it.
/// </summary>
public static class DossierFileAccess
{
    /// <summary>
    /// Whether <paramref name="user"/> may read <paramref name="dossier"/> (loaded with its events) and so its files: an
    /// officer by the Domain's visibility and an integrated system for the dossiers it submitted
    /// (<see cref="DossierAccess.CanRead"/>). This is the one place the citizen scheme plugs in: a signed-in citizen
    /// (<c>Claims.CitizenIdOf</c>) reads by <c>CitizenAccess.CanRead(citizen, dossier)</c>, which needs the citizen's row,
    /// hence the asynchronous signature.
    /// </summary>
    public static Task<bool> CanReadAsync(ClaimsPrincipal user, Dossier dossier, CancellationToken ct) =>
        Task.FromResult(DossierAccess.CanRead(user, dossier));
}
