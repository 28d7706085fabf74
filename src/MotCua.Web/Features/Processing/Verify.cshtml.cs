using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MotCua.Web.Features.Processing;

/// <summary>/xac-thuc: anyone may check that a result PDF was signed by the system and not changed since.</summary>
[AllowAnonymous]
[RequestSizeLimit(ProcessingEndpoints.VerifyLimit + 64 * 1024)]
public sealed class VerifyModel(DemoSigning signing) : PageModel
{
    public ProcessingEndpoints.SignatureView? Result { get; private set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task OnPostAsync(IFormFile? tep, CancellationToken ct)
    {
        if (tep is null || tep.Length is 0 or > ProcessingEndpoints.VerifyLimit)
        {
            Error = "Chọn tệp PDF kết quả (tối đa 10 MB).";
            return;
        }
        using var content = new MemoryStream();
        await tep.CopyToAsync(content, ct);
        Result = await ProcessingEndpoints.CheckAsync(content.ToArray(), signing, ct);
    }
}
