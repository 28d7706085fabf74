using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Domain.Identity;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.CitizenAccount;

/// <summary>
/// <c>/cong-dan/dang-nhap/ma</c>: the citizen types the 6 digits sent to them (<see cref="PendingCode"/> says which code this
/// browser waits for). Right: the account of the CCCD is made if needed and signed in (<see cref="CitizenSignIn"/>, assurance
/// <see cref="CitizenAssurance.OneTimeCode"/>, the destination recorded as where the code went), then the browser goes to the
/// safe return path. Wrong: the tries left; over (expired, used, 5 wrong tries, locked): a new code is needed.
/// </summary>
public sealed class CodeModel(CitizenCodes codes, CitizenSignIn signIn) : PageModel
{
    [BindProperty] public string? Code { get; set; }

    /// <summary>The masked destination of the pending code; null when this browser waits for none.</summary>
    public string? SentTo { get; private set; }

    public string? CodeError { get; private set; }

    public string? Problem { get; private set; }

    public void OnGet() => SentTo = PendingCode.Read(HttpContext)?.Destination.Masked;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (PendingCode.Read(HttpContext) is not { } pending) return Page();
        SentTo = pending.Destination.Masked;
        if (OneTimeCode.Problem(Code) is { } shape)
        {
            CodeError = shape;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        switch (await codes.CheckAsync(pending.CodeId, pending.IdNumber, pending.Destination, Code, HttpContext.Connection.RemoteIpAddress, ct))
        {
            case CodeCheck.Right right:
                PendingCode.Clear(HttpContext);
                await signIn.SignInAsync(HttpContext, right.CitizenId, CitizenAssurance.OneTimeCode, pending.Destination.Address, ct);
                return LocalRedirect(pending.ReturnTo);
            case CodeCheck.Wrong wrong:
                CodeError = wrong.Message;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            case CodeCheck.Over over:
                PendingCode.Clear(HttpContext);
                SentTo = null;
                Problem = over.Message;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            default:
                throw new InvalidOperationException("Kết quả kiểm tra mã không rõ.");
        }
    }
}
