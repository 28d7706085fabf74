using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// The demo certificate authority, the deployment's own certificate (what an agency issues as a unit is signed with it)
/// and the personal demo certificates the CA gives officers in demo mode. Kept in <c>signing_keys</c> (migration 0020):
/// each certificate in clear, each private key sealed with the <see cref="DeploymentKey"/>, so that the database or a
/// backup of it alone signs nothing; created once, so signatures stay verifiable across restarts and instances.
/// </summary>
public sealed class DemoSigning(IServiceScopeFactory scopes, DeploymentKey deploymentKey, TimeProvider clock)
{
    public const string CaSubject = "CN=MotCua Demo CA, O=MotCua (thử nghiệm), C=VN";
    public const string SignerSubject = "CN=Hệ thống MotCua - chữ ký số thử nghiệm, O=MotCua (thử nghiệm), C=VN";
    /// <summary>What the deployment key seals a private key for (<see cref="DeploymentKey.Seal"/>), followed by ":" and
    /// the certificate's thumbprint: the seal binds the key to its certificate, so a certificate put in the database by
    /// someone without the deployment key is not one this deployment vouches for.</summary>
    public const string SealPurpose = "signing-key";

    // Validity from 2020 to 2045: the demo runs with test clocks set in the past.
    private static readonly DateTimeOffset From = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private (SigningKey Ca, SigningKey System)? _rows;
    private X509Certificate2? _signer;

    /// <summary>The deployment's certificate with its private key, opened with the deployment key.</summary>
    /// <exception cref="SigningKeyUnavailableException">The key was sealed with another deployment key, or altered.</exception>
    public async Task<X509Certificate2> SystemSignerAsync(CancellationToken ct)
    {
        if (_signer is { } signer) return signer;
        var (_, row) = await RowsAsync(ct);
        return _signer = Open(row);
    }

    /// <summary>The demo CA's certificate (no private key); the caller disposes it.</summary>
    public async Task<X509Certificate2> DemoCaAsync(CancellationToken ct)
    {
        var (ca, _) = await RowsAsync(ct);
        return X509CertificateLoader.LoadCertificate(ca.Certificate);
    }

    /// <summary>Opens a stored key: the certificate with its private key.</summary>
    /// <exception cref="SigningKeyUnavailableException">The key was sealed with another deployment key, or altered.</exception>
    public X509Certificate2 Open(SigningKey row)
    {
        ArgumentNullException.ThrowIfNull(row);
        byte[] pkcs12;
        try
        {
            pkcs12 = deploymentKey.Open(row.SealedKey, PurposeOf(row.Thumbprint));
        }
        catch (CryptographicException)
        {
            throw new SigningKeyUnavailableException(
                $"Không mở được khóa ký số \"{row.Subject}\": khóa triển khai hiện tại (mã {deploymentKey.Id}) không phải khóa đã niêm phong nó " +
                $"(mã {row.SealedBy}). Khôi phục tệp khóa triển khai của hệ thống này, hoặc nhập lại chứng thư số.");
        }
        return X509CertificateLoader.LoadPkcs12(pkcs12, null, X509KeyStorageFlags.Exportable);
    }

    /// <summary>A row holding <paramref name="withKey"/> (a certificate with its private key): the certificate in clear,
    /// the key sealed with the deployment key.</summary>
    public SigningKey Seal(X509Certificate2 withKey, string purpose, string source, int? userId, int? createdBy)
    {
        ArgumentNullException.ThrowIfNull(withKey);
        if (!withKey.HasPrivateKey) throw new ArgumentException("The certificate carries no private key.", nameof(withKey));
        var thumbprint = ThumbprintOf(withKey);
        return new SigningKey
        {
            Purpose = purpose, Source = source, UserId = userId, CreatedBy = createdBy, CreatedAt = clock.GetUtcNow(),
            Certificate = withKey.RawData, SealedKey = deploymentKey.Seal(withKey.Export(X509ContentType.Pkcs12), PurposeOf(thumbprint)), SealedBy = deploymentKey.Id,
            Subject = withKey.Subject, Issuer = withKey.Issuer, SerialNumber = withKey.SerialNumber, Thumbprint = thumbprint,
            NotBefore = withKey.NotBefore.ToUniversalTime(), NotAfter = withKey.NotAfter.ToUniversalTime(),
        };
    }

    /// <summary>
    /// Whether this deployment signs with <paramref name="signer"/>: a key of <c>signing_keys</c> holds that certificate,
    /// its seal opens with this deployment key for that certificate (so the row was not written by someone with only the
    /// database), and it was not revoked before <paramref name="signedAt"/> (the time the signature claims).
    /// </summary>
    public async Task<bool> VouchesForAsync(X509Certificate2 signer, DateTimeOffset? signedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var thumbprint = ThumbprintOf(signer);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var rows = await db.Set<SigningKey>().AsNoTracking().Where(k => k.Thumbprint == thumbprint).ToListAsync(ct);
        return rows.Any(row =>
        {
            if (row.RevokedAt is { } revoked && !(signedAt < revoked)) return false;
            try
            {
                CryptographicOperations.ZeroMemory(deploymentKey.Open(row.SealedKey, PurposeOf(thumbprint)));
                return true;
            }
            catch (CryptographicException)
            {
                return false;
            }
        });
    }

    private static string PurposeOf(string thumbprint) => $"{SealPurpose}:{thumbprint}";

    /// <summary>SHA-256 of the certificate's DER, lowercase hex (<see cref="SigningKey.Thumbprint"/>).</summary>
    public static string ThumbprintOf(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    /// <summary>
    /// Demo mode: the officer's personal certificate from the demo CA (CN = their full name, with their user name),
    /// stored sealed in a transaction of its own and returned; when another request issued one first, that one.
    /// </summary>
    /// <exception cref="SigningKeyUnavailableException">The CA key was sealed with another deployment key.</exception>
    public async Task<SigningKey> IssueDemoAsync(int userId, CancellationToken ct)
    {
        var (caRow, _) = await RowsAsync(ct);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, ct);
        using var ca = Open(caRow);
        using var key = RSA.Create(2048);
        var name = new X500DistinguishedNameBuilder();
        name.AddCountryOrRegion("VN");
        name.AddOrganizationName("MotCua (thử nghiệm)");
        name.AddOrganizationalUnitName(user.UserName);
        name.AddCommonName(user.FullName);
        using var issued = Issue(name.Build(), key, ca);
        using var withKey = issued.CopyWithPrivateKey(key);
        var row = Seal(withKey, SigningKey.Officer, SigningKey.Demo, userId, createdBy: null);
        db.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
            return row;
        }
        catch (DbUpdateException)
        {
            // Another request issued one first (one key in use per signer): theirs.
            return await db.Set<SigningKey>().AsNoTracking().FirstAsync(k => k.UserId == userId && k.RevokedAt == null, ct);
        }
    }

    /// <summary>
    /// Seals the demo keys migration 0005 stored in clear (<c>signing_certificates</c>) into <c>signing_keys</c> and
    /// deletes them, in one transaction; run at start, before anything signs. Returns how many were sealed (0 once done).
    /// Rows locked FOR UPDATE: a second instance starting at the same time waits, then finds nothing left.
    /// </summary>
    public static async Task<int> SealLegacyAsync(IServiceProvider services, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
        var signing = scope.ServiceProvider.GetRequiredService<DemoSigning>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var clear = await db.Set<SigningCertificate>().FromSql($"SELECT * FROM signing_certificates FOR UPDATE").ToListAsync(ct);
        if (clear.Count == 0) return 0;
        var inUse = await db.Set<SigningKey>().Where(k => k.RevokedAt == null).Select(k => k.Purpose).ToListAsync(ct);
        foreach (var row in clear)
        {
            var purpose = row.Name == "ca" ? SigningKey.Ca : SigningKey.System;
            if (inUse.Contains(purpose)) continue;
            using var certificate = X509CertificateLoader.LoadPkcs12(row.Pkcs12, null, X509KeyStorageFlags.Exportable);
            db.Add(signing.Seal(certificate, purpose, SigningKey.Demo, userId: null, createdBy: null));
        }
        db.RemoveRange(clear);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return clear.Count;
    }

    private async Task<(SigningKey Ca, SigningKey System)> RowsAsync(CancellationToken ct)
    {
        if (_rows is { } loaded) return loaded;
        await _loading.WaitAsync(ct);
        try
        {
            if (_rows is { } again) return again;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var rows = await InUseAsync(db, ct);
            if (rows.Count < 2)
            {
                db.AddRange(Create().Where(r => !rows.ContainsKey(r.Purpose)));
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    // Another instance created them first: use theirs.
                    db.ChangeTracker.Clear();
                }
                rows = await InUseAsync(db, ct);
            }
            var result = (rows[SigningKey.Ca], rows[SigningKey.System]);
            _rows = result;
            return result;
        }
        finally
        {
            _loading.Release();
        }
    }

    private static Task<Dictionary<string, SigningKey>> InUseAsync(MotCuaDb db, CancellationToken ct) =>
        db.Set<SigningKey>().AsNoTracking().Where(k => (k.Purpose == SigningKey.Ca || k.Purpose == SigningKey.System) && k.RevokedAt == null)
            .ToDictionaryAsync(k => k.Purpose, ct);

    private IEnumerable<SigningKey> Create()
    {
        using var caKey = RSA.Create(3072);
        var caRequest = new CertificateRequest(CaSubject, caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(From, From.AddYears(25));
        using var key = RSA.Create(2048);
        using var issued = Issue(new X500DistinguishedName(SignerSubject), key, ca);
        using var signer = issued.CopyWithPrivateKey(key);
        return [Seal(ca, SigningKey.Ca, SigningKey.Demo, null, null), Seal(signer, SigningKey.System, SigningKey.Demo, null, null)];
    }

    // A signing certificate under the demo CA, valid from 2020 for 20 years.
    private static X509Certificate2 Issue(X500DistinguishedName subject, RSA key, X509Certificate2 ca)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        return request.Create(ca, From, From.AddYears(20), RandomNumberGenerator.GetBytes(16));
    }
}

/// <summary>A signature cannot be made: the signer has no usable certificate, or its key does not open with this
/// deployment's key. The message is Vietnamese and says what to do; the API answers 409 problem+json with it.</summary>
public sealed class SigningKeyUnavailableException(string message) : InvalidOperationException(message);
