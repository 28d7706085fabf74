using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Domain.Identity;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.PopulationRegistry;

/// <summary>
/// htmx from the desk (/tiep-nhan): the "Tra cứu CSDL dân cư" button posts the CCCD and the purpose here and gets back
/// the result panel and, for a found citizen, the name and address fields filled (out-of-band swaps) with the
/// verification token, and each document line the citizen's data holds marked "Đã có trong kho dữ liệu — không yêu cầu
/// nộp" (the others cleared); otherwise a Vietnamese message, the fields left as the officer typed them ("chưa xác
/// thực") and no line marked. A found citizen's answer triggers <c>citizen-verified</c>, on which the desk's digitisation
/// panel reads the form again.
/// The receiving officer only; every lookup is in the audit log (<see cref="CitizenLookups"/>).
/// </summary>
public sealed class DeskLookupModel(CitizenLookups lookups) : PageModel
{
    [BindProperty] public string? IdNumber { get; set; }
    [BindProperty] public string? LookupPurpose { get; set; }
    [BindProperty] public string? FullName { get; set; }
    [BindProperty] public string? Address { get; set; }

    /// <summary>A document line of the desk as the lookup receives it: the reusable kind the desk found for it, or empty.</summary>
    public sealed class ReuseLine
    {
        public string? ReuseKind { get; set; }
    }

    /// <summary>The desk's document lines (<c>Documents[i].ReuseKind</c>), by index, to mark those the citizen holds.</summary>
    [BindProperty] public List<ReuseLine> Documents { get; set; } = [];

    /// <summary>The citizen's document standing for line <paramref name="i"/>, or null (not found, not held, not reusable).</summary>
    public CitizenDocument? ReusedOf(int i) =>
        Citizen is { } c && Documents.ElementAtOrDefault(i)?.ReuseKind is { Length: > 0 } kind ? c.Held.FirstOrDefault(d => d.Kind == kind) : null;

    /// <summary>The database's citizen, when found.</summary>
    public CitizenRecord? Citizen { get; private set; }
    public string? VerificationToken { get; private set; }
    /// <summary>What went wrong, in Vietnamese, when nothing was filled.</summary>
    public string? Message { get; private set; }
    /// <summary>The field the message is about (<c>IdNumber</c>, <c>LookupPurpose</c>), when it is one.</summary>
    public string? Field { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CitizenLookups.MayLookUp(User))
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            Message = "Chỉ cán bộ tiếp nhận mới được tra cứu CSDL quốc gia về dân cư.";
            return Page();
        }
        var result = await lookups.LookupAsync(new CitizenLookupRequest(IdNumber, LookupPurpose), User, HttpContext, ct);
        if (result.Errors is { } errors)
        {
            (Field, Message) = errors.TryGetValue("idNumber", out var id) ? ("IdNumber", id[0]) : ("LookupPurpose", errors["purpose"][0]);
            return Page();
        }
        switch (result.Answer)
        {
            case CitizenLookupAnswer.Found found:
                Citizen = found.Citizen;
                VerificationToken = result.VerificationToken;
                // The digitisation panel's checklist reads the token: an out-of-band swap fires no change for it to hear.
                Response.Headers["HX-Trigger"] = "citizen-verified";
                break;
            case CitizenLookupAnswer.NotFound:
                Message = $"Số định danh {IdNumber!.Trim()} không tồn tại trong CSDL dân cư. Kiểm tra lại số; nếu đúng, nhập tay thông tin người nộp (hồ sơ ghi \"chưa xác thực\").";
                break;
            case CitizenLookupAnswer.Unavailable down:
                Message = CitizenLookupAnswer.Message(down.Failure);
                break;
        }
        return Page();
    }
}
