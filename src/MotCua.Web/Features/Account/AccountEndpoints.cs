using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using MotCua.Data;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Account;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Signing out ends every session of the account (a new security stamp), not only this browser's: a copy of the
        // cookie taken earlier stops working too. The antiforgery token is checked by CrossSiteRequests.
        app.MapPost("/dang-xuat", async (HttpContext http, MotCuaDb db, Sessions sessions, CancellationToken ct) =>
        {
            if (Sessions.FromCookie(http.User) && Claims.UserIdOf(http.User) is { } id) await sessions.EndAllAsync(db, id, ct);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/");
        }).ExcludeFromDescription();
    }
}
