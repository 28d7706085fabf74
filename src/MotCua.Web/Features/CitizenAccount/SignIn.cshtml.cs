using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using MotCua.Domain.Calendar;
using MotCua.Domain.Identity;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.CitizenAccount;

/// <summary>The one-time code form's fields and their errors (Vietnamese), shared by the sign-in page and VNeID's failure
/// pages.</summary>
public sealed class CodeRequestForm
{
    public string? IdNumber { get; set; }
    public string? Destination { get; set; }
    public string ReturnUrl { get; set; } = CitizenReturn.Home;
    public string? IdNumberError { get; set; }
    public string? DestinationError { get; set; }
}

/// <summary>
/// <c>/cong-dan/dang-nhap</c>: a citizen signs in (issue 17, piece A; docs/SECURITY.md "Citizen sign-in"): through VNeID when
/// <c>Motcua:VneId</c> is configured, and always with a one-time code: CCCD and a mobile number or an e-mail address; the
/// code is sent (<see cref="CitizenCodes"/>) and the browser goes to <c>/cong-dan/dang-nhap/ma</c> to type it. The answer is
/// the same whether or not the CCCD or the destination is known. No script; the citizens' layout.
/// </summary>
public sealed class SignInModel(CitizenCodes codes, IOptions<VneIdOptions> vneId, TimeProvider clock) : PageModel
{
    [BindProperty] public string? IdNumber { get; set; }
    [BindProperty] public string? Destination { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>The form's values and errors as the partial shows them.</summary>
    public CodeRequestForm Form { get; private set; } = new();

    /// <summary>A refusal that is not about one field (too many codes, a lock), in Vietnamese.</summary>
    public string? Problem { get; private set; }

    /// <summary>Whether VNeID is offered here.</summary>
    public bool VneIdEnabled => vneId.Value.Configured;

    /// <summary>The VNeID button's address, carrying where to return.</summary>
    public string VneIdHref => "/cong-dan/dang-nhap/vneid" + (CitizenReturn.Safe(ReturnUrl) is var to && to != CitizenReturn.Home ? "?returnUrl=" + Uri.EscapeDataString(to) : "");

    /// <summary>The citizen already signed in on this browser, if any.</summary>
    public string? SignedInAs { get; private set; }

    public async Task OnGetAsync()
    {
        Form = new CodeRequestForm { ReturnUrl = CitizenReturn.Safe(ReturnUrl) };
        await SignedInAsync();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(VietnamTime.Offset).DateTime);
        Form = new CodeRequestForm
        {
            IdNumber = IdNumber?.Trim(), Destination = Destination?.Trim(), ReturnUrl = CitizenReturn.Safe(ReturnUrl),
            IdNumberError = OneTimeCode.IdNumberProblem(IdNumber, today), DestinationError = OneTimeCode.DestinationProblem(Destination),
        };
        if (Form.IdNumberError is not null || Form.DestinationError is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await SignedInAsync();
            return Page();
        }
        var destination = OneTimeCode.Destination(Destination)!;
        switch (await codes.RequestAsync(Form.IdNumber!, destination, HttpContext.Connection.RemoteIpAddress, ct))
        {
            case CodeRequest.Sent sent:
                new PendingCode(sent.CodeId, Form.IdNumber!, destination, Form.ReturnUrl).Write(HttpContext);
                return RedirectToPage("/CitizenAccount/Code");
            case CodeRequest.Refused refused:
                Problem = refused.Message;
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await SignedInAsync();
                return Page();
            default:
                throw new InvalidOperationException("Kết quả gửi mã không rõ.");
        }
    }

    private async Task SignedInAsync()
    {
        var result = await HttpContext.AuthenticateAsync(CitizenAuth.Scheme);
        if (result.Succeeded && result.Principal is { } citizen && Claims.CitizenIdOf(citizen) is not null) SignedInAs = citizen.Identity?.Name;
    }
}
