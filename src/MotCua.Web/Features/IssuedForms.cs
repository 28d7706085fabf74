using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Documents;
using MotCua.Domain.Calendar;
using MotCua.Domain.Documents;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features;

/// <summary>
/// What every document MotCua serves goes through before it leaves: its number (one per document, kept forever), its
/// signer block, and its digital signature. Scoped: it uses the request's <see cref="MotCuaDb"/>.
/// </summary>
public sealed class IssuedForms(MotCuaDb db, DemoSigning signing, SignerKeys signers)
{
    /// <summary>
    /// The number of the document named <paramref name="key"/> (e.g. $"dossier:{id}:{kind}"), as printed after "Số:":
    /// "05/PXL-TTPVHCC". The first call takes the next serial of the issuer's series (<see cref="DocumentNumbers.Series"/>:
    /// kinds printed with the same symbol share one) for the year of <paramref name="issuedAt"/> in Vietnam time and keeps
    /// it; every later call returns the same number. Serials have no gaps and no twins: concurrent first issues of one key
    /// wait on a transaction-scoped lock, and the counter row serialises the series.
    /// </summary>
    public async Task<string> NumberAsync(Agency issuer, DocumentKind kind, string key, DateTimeOffset issuedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (await Existing(key, ct) is { } number) return number;

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);
            if (await Existing(key, ct) is { } issued) return issued;
            var year = VietnamTime.ToVietnam(issuedAt).Year;
            var series = DocumentNumbers.Series(kind, SymbolOf(issuer));
            var serial = (await db.Database.SqlQuery<int>($"""
                INSERT INTO document_counters AS c (agency_id, series, year, last_number) VALUES ({issuer.Id}, {series}, {year}, 1)
                ON CONFLICT (agency_id, series, year) DO UPDATE SET last_number = c.last_number + 1
                RETURNING last_number AS "Value"
                """).ToListAsync(ct)).Single();
            var formatted = DocumentNumbers.Format(serial, kind, SymbolOf(issuer));
            db.Add(new IssuedDocument
            {
                Key = key, AgencyId = issuer.Id, Kind = kind.ToString(), Series = series, Year = year, Serial = serial, Number = formatted, IssuedAt = issuedAt,
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return formatted;
        });
    }

    private Task<string?> Existing(string key, CancellationToken ct) =>
        db.Set<IssuedDocument>().AsNoTracking().Where(d => d.Key == key).Select(d => d.Number).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The signed file of the document named <paramref name="key"/> as first issued, or null when it has not been issued
    /// yet. A document that does not change once issued (a receipt, a notice, a letter, a record) is served from here on
    /// every reprint, so it stays the same file whatever changed since: a signer's title, the dossier's state.
    /// </summary>
    public Task<byte[]?> IssuedAsync(string key, CancellationToken ct) =>
        db.Set<IssuedDocument>().AsNoTracking().Where(d => d.Key == key).Select(d => d.Pdf).FirstOrDefaultAsync(ct);

    /// <summary>The agency's symbol in numbers: the one set by its administrator, or the initials of its name.</summary>
    public static string SymbolOf(Agency agency) =>
        string.IsNullOrWhiteSpace(agency.Symbol) ? DocumentNumbers.DefaultAgencySymbol(agency.Name) : agency.Symbol.Trim();

    /// <summary>
    /// Signs a rendered PDF with the deployment's signing certificate (see <see cref="DemoSigning"/>); the signature's
    /// reason names the document and <paramref name="subject"/> (the dossier code), its location and contact the issuer.
    /// With a <paramref name="key"/> (the one its number was taken under), the signed file is kept as the document's and
    /// returned; when another request kept one first, that one is returned, so every copy of a document is the same file.
    /// </summary>
    /// <exception cref="SigningKeyUnavailableException">The deployment's key does not open with this deployment key.</exception>
    public async Task<byte[]> SignAsync(byte[] pdf, DocumentKind kind, string subject, Agency issuer, CancellationToken ct, string? key = null) =>
        await KeepAsync(await SignWithAsync(await signing.SystemSignerAsync(ct), pdf, kind, subject, issuer), key, ct);

    /// <summary>
    /// As <see cref="SignAsync"/>, with the personal certificate of the officer <paramref name="officerId"/> (the leader
    /// who decided a result) instead of the deployment's (<see cref="SignerKeys.CertificateOfAsync"/>).
    /// </summary>
    /// <exception cref="SigningKeyUnavailableException">The officer has no valid certificate, or it does not open.</exception>
    public async Task<byte[]> SignAsOfficerAsync(int? officerId, byte[] pdf, DocumentKind kind, string subject, Agency issuer, CancellationToken ct, string? key = null)
    {
        using var certificate = await signers.CertificateOfAsync(officerId, ct);
        return await KeepAsync(await SignWithAsync(certificate, pdf, kind, subject, issuer), key, ct);
    }

    private static Task<byte[]> SignWithAsync(X509Certificate2 signer, byte[] pdf, DocumentKind kind, string subject, Agency issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return PdfSignature.SignAsync(pdf, signer, $"{kind.Title()} {subject}".Trim(), issuer.PlaceName, issuer.Name);
    }

    private async Task<byte[]> KeepAsync(byte[] signed, string? key, CancellationToken ct)
    {
        if (key is null) return signed;
        await db.Set<IssuedDocument>().Where(d => d.Key == key && d.Pdf == null).ExecuteUpdateAsync(u => u.SetProperty(d => d.Pdf, signed), ct);
        return await IssuedAsync(key, ct) ?? throw new InvalidOperationException($"Document {key} was signed before it was numbered.");
    }

    /// <summary>The head of the agency signs in their own name ("GIÁM ĐỐC" over the name set in the agency's administration).</summary>
    public static Signatory HeadOf(Agency agency)
    {
        ArgumentNullException.ThrowIfNull(agency);
        var (authority, title) = Signatories.Of(agency.HeadTitle, null, signerIsHead: true);
        return new Signatory(authority, title, agency.HeadName);
    }

    /// <summary>
    /// Someone of the agency signs: in their own name when their position is the head's title, "KT. {head's title}" over
    /// their position otherwise (a deputy), or under the head's title when they hold no position on record.
    /// </summary>
    public static Signatory Of(Agency agency, string fullName, string? position)
    {
        ArgumentNullException.ThrowIfNull(agency);
        var (authority, title) = Signatories.Of(agency.HeadTitle, position, signerIsHead: false);
        return new Signatory(authority, title, fullName);
    }
}
