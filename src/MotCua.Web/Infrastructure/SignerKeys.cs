using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Calendar;

namespace MotCua.Web.Infrastructure;

/// <summary>Whether the deployment runs with demo data (<c>Motcua:Demo</c>): then an officer who must sign and has no
/// certificate gets one from the demo CA instead of being refused.</summary>
public sealed record SigningMode(bool Demo);

/// <summary>What an officer's certificate in use shows the administrator.</summary>
public sealed record SignerKeyView(string Subject, string Issuer, string SerialNumber, string Thumbprint, DateTimeOffset NotBefore,
    DateTimeOffset NotAfter, string Source, DateTimeOffset CreatedAt);

/// <summary>An import's answer: the certificate now in use, or a Vietnamese message (nothing stored).</summary>
public sealed record SignerKeyImport(SignerKeyView? Key, string? Error);

/// <summary>
/// Officers' personal signing keys (purpose "officer" in <c>signing_keys</c>): the administrator imports an officer's
/// PFX/P12, replaces or revokes it; a result is signed with the key of the leader who decided it. Scoped: it uses the
/// request's <see cref="MotCuaDb"/>.
/// </summary>
public sealed class SignerKeys(MotCuaDb db, DemoSigning signing, TimeProvider clock, SigningMode mode)
{
    /// <summary>Largest PFX accepted: a certificate, its key and a chain of a few CAs take a few kilobytes.</summary>
    public const int MaxFileBytes = 256 * 1024;

    /// <summary>The refusal of a file over <see cref="MaxFileBytes"/>.</summary>
    public static readonly string TooLarge = $"Tệp chứng thư số không được quá {MaxFileBytes / 1024} KB.";

    /// <summary>The officer's key in use (not revoked), whatever its validity; null when none.</summary>
    public Task<SigningKey?> InUseAsync(int userId, CancellationToken ct) =>
        db.Set<SigningKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Purpose == SigningKey.Officer && k.UserId == userId && k.RevokedAt == null, ct);

    /// <summary>What the administration page shows of the officer's key in use; null when none.</summary>
    public async Task<SignerKeyView?> ViewAsync(int userId, CancellationToken ct) => await InUseAsync(userId, ct) is { } key ? View(key) : null;

    /// <summary>
    /// Null when the officer can sign now: a key in use that is valid today; in demo mode one is issued by the demo CA
    /// when there is none. Otherwise why not, in Vietnamese, for the officer's answer. Checks validity, not the deployment
    /// key: a key that does not open fails when signing, with its own message.
    /// </summary>
    public async Task<string?> RefusalAsync(int? userId, CancellationToken ct) =>
        (await UsableAsync(userId, ct)).Refusal;

    /// <summary>The officer's certificate with its private key, for signing now.</summary>
    /// <exception cref="SigningKeyUnavailableException">No usable key (<see cref="RefusalAsync"/>'s message), or the key
    /// does not open with this deployment's key.</exception>
    public async Task<X509Certificate2> CertificateOfAsync(int? userId, CancellationToken ct)
    {
        var (key, refusal) = await UsableAsync(userId, ct);
        return key is null ? throw new SigningKeyUnavailableException(refusal!) : signing.Open(key);
    }

    private async Task<(SigningKey? Key, string? Refusal)> UsableAsync(int? userId, CancellationToken ct)
    {
        if (userId is not { } id) return (null, "Người thực hiện không phải cán bộ có tài khoản nên không có chứng thư số để ký kết quả.");
        var key = await InUseAsync(id, ct);
        var now = clock.GetUtcNow();
        if (key is not null && key.NotBefore <= now && now <= key.NotAfter) return (key, null);
        if (mode.Demo && key is null) return (await signing.IssueDemoAsync(id, ct), null);
        var name = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.FullName).FirstOrDefaultAsync(ct);
        return (null, key is null
            ? $"{name} chưa có chứng thư số để ký kết quả. Quản trị viên nhập chứng thư số (tệp PFX/P12) của người ký tại trang tài khoản của họ, rồi thực hiện lại."
            : $"Chứng thư số của {name} {(now < key.NotBefore ? "chưa có hiệu lực" : "đã hết hạn")} (hiệu lực {Day(key.NotBefore)}–{Day(key.NotAfter)}). Quản trị viên nhập chứng thư số mới rồi thực hiện lại.");
    }

    /// <summary>
    /// Imports a PFX/P12 with its password as the officer's key in use, replacing (revoking) the one before, in one
    /// transaction with an audit entry. Refused, with nothing stored: an empty or oversized file, a wrong password or a
    /// file that is not PKCS#12, no private key, a certificate not valid today, a Key Usage without Digital Signature or
    /// Non-Repudiation, a key that is neither RSA nor ECDSA (what <c>PdfSignature</c> signs with), an account that signs
    /// nothing (administrator, inspector) or is deactivated.
    /// </summary>
    public async Task<SignerKeyImport> ImportAsync(int userId, byte[]? file, string? password, ClaimsPrincipal by, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new ArgumentException($"No user {userId}.", nameof(userId));
        if (user.Role is Roles.Admin or Roles.Inspector || user.DeactivatedAt is not null)
            return Refused("Chỉ cán bộ đang hoạt động và ký văn bản (lãnh đạo, cán bộ của cơ quan) mới được gán chứng thư số.");
        if (file is not { Length: > 0 }) return Refused("Chọn tệp chứng thư số (.pfx hoặc .p12).");
        if (file.Length > MaxFileBytes) return Refused(TooLarge);
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12Collection(file, password ?? "", X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException)
        {
            return Refused("Không mở được tệp: sai mật khẩu, hoặc tệp không phải chứng thư số dạng PFX/P12.");
        }
        try
        {
            var certificate = all.FirstOrDefault(c => c.HasPrivateKey);
            if (certificate is null) return Refused("Tệp không chứa khóa bí mật của chứng thư số; cần tệp PFX/P12 xuất kèm khóa bí mật.");
            var now = clock.GetUtcNow();
            if (certificate.NotAfter.ToUniversalTime() < now) return Refused($"Chứng thư số đã hết hạn ngày {Day(certificate.NotAfter)}.");
            if (certificate.NotBefore.ToUniversalTime() > now) return Refused($"Chứng thư số chưa có hiệu lực (từ ngày {Day(certificate.NotBefore)}).");
            if (certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } usage
                && (usage.KeyUsages & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) == 0)
                return Refused("Chứng thư số không được phép dùng để ký số (mục Key Usage thiếu Digital Signature).");
            if (!HasSupportedKey(certificate)) return Refused("Khóa của chứng thư số không phải RSA hoặc ECDSA; hệ thống chỉ ký được bằng hai loại khóa này.");

            var row = signing.Seal(certificate, SigningKey.Officer, SigningKey.Imported, userId, Claims.UserIdOf(by));
            var strategy = db.Database.CreateExecutionStrategy();
            try
            {
                await strategy.ExecuteAsync(async () =>
                {
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    var replaced = await RevokeInUseAsync(userId, Claims.UserIdOf(by), now, ct);
                    // Saved first: the unique index on keys in use must see the old one gone before the new one comes.
                    await db.SaveChangesAsync(ct);
                    db.Add(row);
                    Audit(by, "admin.signing-key.import", user.UserName, now, new { row.Subject, row.Issuer, row.SerialNumber, row.Thumbprint, replaced });
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                });
            }
            catch (DbUpdateException)
            {
                // Two imports for one signer at once: the unique index let the first one in.
                db.ChangeTracker.Clear();
                return Refused("Chứng thư số của người này vừa được thay đổi; tải lại trang để xem rồi thực hiện lại.");
            }
            return new SignerKeyImport(View(row), null);
        }
        finally
        {
            foreach (var c in all) c.Dispose();
        }
    }

    /// <summary>Revokes the officer's key in use (kept, so what it signed stays attributable); false when there was none.
    /// Outside demo mode the officer cannot approve a result until a new one is imported.</summary>
    public async Task<bool> RevokeAsync(int userId, ClaimsPrincipal by, CancellationToken ct)
    {
        var userName = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.UserName).FirstAsync(ct);
        var now = clock.GetUtcNow();
        var revoked = await RevokeInUseAsync(userId, Claims.UserIdOf(by), now, ct);
        if (revoked is null) return false;
        Audit(by, "admin.signing-key.revoke", userName, now, new { thumbprint = revoked });
        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task<string?> RevokeInUseAsync(int userId, int? by, DateTimeOffset now, CancellationToken ct)
    {
        var key = await db.Set<SigningKey>().FirstOrDefaultAsync(k => k.Purpose == SigningKey.Officer && k.UserId == userId && k.RevokedAt == null, ct);
        if (key is null) return null;
        key.RevokedAt = now;
        key.RevokedBy = by;
        return key.Thumbprint;
    }

    private void Audit(ClaimsPrincipal by, string action, string userName, DateTimeOffset now, object details) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = Claims.UserIdOf(by), Action = action, Subject = $"user:{userName}",
            Details = JsonSerializer.SerializeToDocument(details, MotCuaDb.Json),
        });

    private static bool HasSupportedKey(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is not null) return true;
        using var ecdsa = certificate.GetECDsaPrivateKey();
        return ecdsa is not null;
    }

    private static SignerKeyImport Refused(string message) => new(null, message);

    private static SignerKeyView View(SigningKey k) => new(k.Subject, k.Issuer, k.SerialNumber, k.Thumbprint, k.NotBefore, k.NotAfter, k.Source, k.CreatedAt);

    private static string Day(DateTimeOffset at) => VietnamTime.ToVietnam(at).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Day(DateTime at) => Day(new DateTimeOffset(at.ToUniversalTime()));
}
