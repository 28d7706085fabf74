using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Dossiers;
using MotCua.Web.Features.Processing;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.NationalPortal;

/// <summary>The documents the portal may open by a link: Mẫu 02 (a supplement notice), Mẫu 03 (refusal), the result, Mẫu 05 (stop).</summary>
public enum PortalDocument
{
    /// <summary>Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (its supplement_notices id).</summary>
    SupplementNotice,
    /// <summary>Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ.</summary>
    Refusal,
    /// <summary>The electronic result (result notice).</summary>
    Result,
    /// <summary>Mẫu 05: Thông báo dừng giải quyết hồ sơ (a withdrawn or stopped dossier).</summary>
    StopNotice,
}

/// <summary>
/// Links the National Portal can open without an account (design §4.4, docs/PORTAL.md "Links"):
/// <c>{PublicBaseUrl}/cong-dvcqg/tep/{token}</c>, the token protected by ASP.NET Core Data Protection (purpose
/// <c>MotCua.PortalLinks</c>, the server's key ring) over the document, the dossier's code, the notice id and the expiry
/// (<see cref="PortalOptions.LinkDays"/> days, 30 by default, by the app's clock). A forged, altered or expired token reads
/// as nothing, and the page answers 404. No link is made while <see cref="PortalOptions.PublicBaseUrl"/> is unset.
/// </summary>
public sealed class PortalLinks(IDataProtectionProvider protection, IOptions<PortalOptions> options, TimeProvider clock)
{
    /// <summary>The path of the page, before the token.</summary>
    public const string Path = "/cong-dvcqg/tep/";

    private readonly IDataProtector protector = protection.CreateProtector("MotCua.PortalLinks");

    /// <summary>The link to <paramref name="document"/> of dossier <paramref name="code"/> (<paramref name="id"/> the
    /// supplement notice's for Mẫu 02), valid for <see cref="PortalOptions.LinkDays"/> from now; null when no public address is set.</summary>
    public string? For(PortalDocument document, string code, long? id = null)
    {
        if (options.Value.PublicBaseUrl is not { Length: > 0 } baseUrl) return null;
        var expires = clock.GetUtcNow().AddDays(options.Value.LinkDays).ToUnixTimeSeconds();
        var token = protector.Protect(string.Join('\n', (int)document, code, id?.ToString(CultureInfo.InvariantCulture) ?? "", expires.ToString(CultureInfo.InvariantCulture)));
        return baseUrl.TrimEnd('/') + Path + token;
    }

    /// <summary>What <paramref name="token"/> opens, or null when it is forged, altered or expired.</summary>
    public (PortalDocument Document, string Code, long? Id)? Read(string token)
    {
        string text;
        try { text = protector.Unprotect(token); }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
        var parts = text.Split('\n');
        if (parts.Length != 4 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var kind) || !Enum.IsDefined((PortalDocument)kind)
            || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var expires) || clock.GetUtcNow().ToUnixTimeSeconds() > expires)
            return null;
        return ((PortalDocument)kind, parts[1], long.TryParse(parts[2], CultureInfo.InvariantCulture, out var id) ? id : null);
    }

    public static void MapPortalLinkEndpoints(IEndpointRouteBuilder app)
    {
        app.MapGet(Path + "{token}", OpenAsync).AllowAnonymous().ExcludeFromDescription()
            .WithMetadata(new PersonalDataAttribute(PersonalFields.FullName, PersonalFields.IdNumber, PersonalFields.Address));
    }

    // The file, by the token alone: the portal shows it to the applicant who submitted there. Nothing else is readable.
    private static async Task<IResult> OpenAsync(string token, HttpContext http, PortalLinks links, MotCuaDb db, IssuedForms issued, PersonalDataReads reads, CancellationToken ct)
    {
        var notFound = Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy",
            detail: "Đường dẫn không đúng hoặc đã hết hạn; xin đường dẫn mới từ Cổng Dịch vụ công quốc gia.");
        if (token.Length > 2000 || links.Read(token) is not { } link) return notFound;
        var d = await db.Dossiers.AsNoTracking().Include(x => x.Events).FirstOrDefaultAsync(x => x.Code == link.Code, ct);
        if (d is null) return notFound;
        var notice = link.Document == PortalDocument.SupplementNotice
            ? await db.SupplementNotices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == link.Id && n.DossierId == d.Id, ct)
            : null;
        var pdf = link.Document switch
        {
            PortalDocument.Refusal when d.Status == DossierStatus.NotReceived => await DossierForms.RefusalAsync(db, issued, d, ct),
            PortalDocument.SupplementNotice when notice is not null => await DossierForms.SupplementAsync(db, issued, notice, ct),
            PortalDocument.Result => await ProcessingEndpoints.ResultPdfAsync(db, issued, d, http.Request, ct),
            PortalDocument.StopNotice => await ProcessingEndpoints.StopNoticePdfAsync(db, issued, d, ct),
            _ => null,
        };
        if (pdf is null) return notFound;
        // Audited as a read of the dossier by the portal (no signed-in reader: the token's holder).
        reads.Read(d.Code);
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(pdf, "application/pdf", link.Document switch
        {
            PortalDocument.Refusal => $"{d.Code}-mau-03-tu-choi.pdf",
            PortalDocument.SupplementNotice => $"{d.Code}-mau-02-bo-sung.pdf",
            PortalDocument.StopNotice => $"{d.Code}-mau-05-thong-bao-dung.pdf",
            _ => $"{d.Code}-ket-qua.pdf",
        });
    }
}
