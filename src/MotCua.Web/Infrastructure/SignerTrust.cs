using System.Security.Cryptography.X509Certificates;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// Whether a signer's certificate is recognised by a certification authority the deployment trusts (issue 12, trial
/// finding 4): its chain must reach a certificate of <c>Motcua:TrustedRootsFile</c> (PEM: the roots, or intermediates, of
/// the authorities the province recognises, e.g. the national root of Vietnamese digital signature services) or, in demo
/// mode, the demo CA. A self-signed certificate is never recognised: it vouches only for itself. Imports are not refused
/// (an agency may test with its own certificate first); the administrator's page and every verification say which it is.
/// Revocation is not checked online (offline deployments; the validity dates and MotCua's own revocation are).
/// </summary>
public sealed class SignerTrust(DemoSigning signing, SigningMode mode, X509Certificate2Collection roots)
{
    /// <summary>The label of a self-signed certificate.</summary>
    public const string SelfSigned = "Tự ký (không được tổ chức chứng thực công nhận)";

    /// <summary>The label of a certificate whose chain reaches no trusted authority.</summary>
    public const string Unrecognised = "Không được tổ chức chứng thực tin cậy nào đã cấu hình công nhận (Motcua:TrustedRootsFile)";

    /// <summary>The authorities of <c>Motcua:TrustedRootsFile</c> (PEM, any number of certificates); none when not set.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The file holds something that is not a certificate.</exception>
    public static X509Certificate2Collection LoadRoots(IConfiguration config)
    {
        var roots = new X509Certificate2Collection();
        if (config["Motcua:TrustedRootsFile"] is { Length: > 0 } path) roots.ImportFromPemFile(path);
        return roots;
    }

    /// <summary>Whether <paramref name="certificate"/> is recognised, and a Vietnamese label saying so (who vouches for it,
    /// or <see cref="SelfSigned"/>, or <see cref="Unrecognised"/>).</summary>
    public async Task<(bool Recognised, string Label)> CheckAsync(X509Certificate2 certificate, CancellationToken ct)
    {
        if (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData)) return (false, SelfSigned);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        // A signature stays attributable after its certificate expires; validity is checked where it matters (signing).
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        using var demoCa = mode.Demo ? await signing.DemoCaAsync(ct) : null;
        if (demoCa is not null) chain.ChainPolicy.CustomTrustStore.Add(demoCa);
        if (chain.ChainPolicy.CustomTrustStore.Count == 0 || !chain.Build(certificate)) return (false, Unrecognised);
        var anchor = chain.ChainElements[^1].Certificate;
        var name = anchor.GetNameInfo(X509NameType.SimpleName, false);
        return (true, demoCa is not null && anchor.RawData.AsSpan().SequenceEqual(demoCa.RawData)
            ? $"Được chứng thực bởi {name} (tổ chức chứng thực thử nghiệm của chế độ trình diễn)"
            : $"Được chứng thực bởi {name}");
    }
}
