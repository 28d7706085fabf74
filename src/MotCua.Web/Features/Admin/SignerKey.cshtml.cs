using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Admin;

/// <summary>
/// /quan-tri/nguoi-dung/{userName}/chung-thu: the signer's certificate. The administrator uploads the officer's PFX/P12
/// with its password (checked and stored sealed by <see cref="SignerKeys.ImportAsync"/>; a refusal stores nothing),
/// sees subject, issuer, serial and validity of the one in use, and replaces or revokes it.
/// </summary>
[RequestSizeLimit(SignerKeys.MaxFileBytes + 64 * 1024)]
public sealed class SignerKeyModel(SignerKeys keys, SignerTrust trust, MotCuaDb db) : AdminPage
{
    [FromRoute] public string UserName { get; set; } = "";

    public User Account { get; private set; } = null!;
    public SignerKeyView? Key { get; private set; }
    /// <summary>Who vouches for the key in use (<see cref="SignerTrust"/>), "Tự ký …" for a self-signed one.</summary>
    public string? Trust { get; private set; }
    public bool Recognised { get; private set; }
    public string? Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? daluu, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Saved = daluu switch
        {
            "nhap" => "Đã nhập chứng thư số; từ nay người này ký bằng chứng thư này.",
            "thuhoi" => "Đã thu hồi chứng thư số; người này không ký được kết quả cho đến khi có chứng thư mới.",
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? tep, string? matKhau, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (tep is { Length: > SignerKeys.MaxFileBytes })
        {
            Errors["file"] = [SignerKeys.TooLarge];
            return Page();
        }
        using var content = new MemoryStream();
        if (tep is not null) await tep.CopyToAsync(content, ct);
        var file = content.ToArray();
        var outcome = await keys.ImportAsync(Account.Id, file, matKhau, User, ct);
        if (outcome.Error is { } error)
        {
            Errors["file"] = [error];
            return Page();
        }
        return Redirect($"/quan-tri/nguoi-dung/{Uri.EscapeDataString(Account.UserName)}/chung-thu?daluu=nhap");
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!await keys.RevokeAsync(Account.Id, User, ct))
        {
            Errors["revoke"] = ["Người này không có chứng thư số đang dùng."];
            return Page();
        }
        return Redirect($"/quan-tri/nguoi-dung/{Uri.EscapeDataString(Account.UserName)}/chung-thu?daluu=thuhoi");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        // Model binding gives null for a blank route value ("/quan-tri/nguoi-dung/%20/chung-thu"): no such user.
        if (string.IsNullOrWhiteSpace(UserName)) return false;
        if (await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == UserName.Trim(), ct) is not { } user) return false;
        Account = user;
        Key = await keys.ViewAsync(user.Id, ct);
        if (await keys.InUseAsync(user.Id, ct) is { } row)
        {
            using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(row.Certificate);
            (Recognised, Trust) = await trust.CheckAsync(certificate, ct);
        }
        return true;
    }
}
