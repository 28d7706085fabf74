using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// The demo certificate authority and the certificate result PDFs are signed with. Created once and kept in the database,
/// so signatures stay verifiable across restarts; a real deployment signs with the agency's own certificate instead.
/// </summary>
public sealed class DemoSigning(IServiceScopeFactory scopes)
{
    public const string CaSubject = "CN=MotCua Demo CA, O=MotCua (thử nghiệm), C=VN";
    public const string SignerSubject = "CN=Hệ thống MotCua - chữ ký số thử nghiệm, O=MotCua (thử nghiệm), C=VN";

    private readonly SemaphoreSlim _loading = new(1, 1);
    private (X509Certificate2 Ca, X509Certificate2 Signer)? _certificates;

    public async Task<(X509Certificate2 Ca, X509Certificate2 Signer)> CertificatesAsync(CancellationToken ct)
    {
        if (_certificates is { } loaded) return loaded;
        await _loading.WaitAsync(ct);
        try
        {
            if (_certificates is { } again) return again;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var rows = await db.Set<SigningCertificate>().AsNoTracking().ToDictionaryAsync(c => c.Name, c => c.Pkcs12, ct);
            if (rows.Count < 2)
            {
                rows = Create();
                db.Set<SigningCertificate>().AddRange(rows.Select(r => new SigningCertificate { Name = r.Key, Pkcs12 = r.Value, CreatedAt = DateTimeOffset.UtcNow }));
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    // Another instance created them first: use theirs.
                    db.ChangeTracker.Clear();
                    rows = await db.Set<SigningCertificate>().AsNoTracking().ToDictionaryAsync(c => c.Name, c => c.Pkcs12, ct);
                }
            }
            var result = (Load(rows["ca"]), Load(rows["signer"]));
            _certificates = result;
            return result;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Whether the certificate chains up to the demo CA (revocation is not checked: the demo CA publishes no CRL).</summary>
    public static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static X509Certificate2 Load(byte[] pkcs12) => X509CertificateLoader.LoadPkcs12(pkcs12, null, X509KeyStorageFlags.Exportable);

    // Validity from 2020 to 2045: the demo runs with test clocks set in the past.
    private static Dictionary<string, byte[]> Create()
    {
        var from = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var caKey = RSA.Create(3072);
        var caRequest = new CertificateRequest(CaSubject, caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(from, from.AddYears(25));

        using var key = RSA.Create(2048);
        var request = new CertificateRequest(SignerSubject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var issued = request.Create(ca, from, from.AddYears(20), RandomNumberGenerator.GetBytes(16));
        using var signer = issued.CopyWithPrivateKey(key);
        return new() { ["ca"] = ca.Export(X509ContentType.Pkcs12), ["signer"] = signer.Export(X509ContentType.Pkcs12) };
    }
}
