using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Domain.Identity;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.CitizenAccount;

/// <summary>
/// <c>/cong-dan/dang-nhap/vneid/xong?code&amp;state</c> (or <c>?error&amp;state</c>): VNeID sends the browser back here.
/// Proven (<see cref="VneIdSignIns.CompleteAsync"/>): the citizen is signed in with assurance
/// <see cref="CitizenAssurance.VneId"/> and goes to the return path kept at the start. Otherwise the page says why
/// ("Bạn đã hủy đăng nhập", "Không kết nối được VNeID, hãy nhận mã qua tin nhắn", an invalid or refused answer) and offers
/// the one-time code form, which works whatever VNeID does.
/// </summary>
public sealed class VneIdDoneModel(VneIdSignIns signIns, CitizenSignIn signIn) : PageModel
{
    public string Message { get; private set; } = "";

    public bool Unreachable { get; private set; }

    public CodeRequestForm Form { get; } = new();

    public async Task<IActionResult> OnGetAsync(string? code, string? state, string? error, CancellationToken ct)
    {
        Request.Cookies.TryGetValue(VneIdSignIns.StateCookie, out var browserState);
        Response.Cookies.Delete(VneIdSignIns.StateCookie, new CookieOptions { Path = VneIdSignIns.CallbackPath });
        switch (await signIns.CompleteAsync(state, code, error, browserState, VneIdStartModel.CallbackUri(HttpContext), ct))
        {
            case VneIdOutcome.SignedIn signedIn:
                await signIn.SignInAsync(HttpContext, signedIn.CitizenId, CitizenAssurance.VneId, null, ct);
                return LocalRedirect(signedIn.ReturnTo);
            case VneIdOutcome.Failed failed:
                Message = failed.Message;
                Unreachable = failed.Unreachable;
                return Page();
            default:
                throw new InvalidOperationException("Kết quả đăng nhập VNeID không rõ.");
        }
    }
}
