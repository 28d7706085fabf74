using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Catalog;

namespace MotCua.Web.Features.Citizens;

/// <summary>An agency a citizen may submit to online: its code, name and how many procedures it offers online.</summary>
public sealed record OfferingAgency(string Code, string Name, int Procedures);

/// <summary>A procedure an agency offers online: code, name, its online level (toàn trình / một phần).</summary>
public sealed record OnlineProcedure(string Code, string Name, OnlineLevel Level);

/// <summary>What a citizen submits to: the operating agency, its adoption, and the current version of the procedure,
/// which publishes online (<see cref="Dossier.CheckOfferedOnline"/>).</summary>
public sealed record OnlineOffer(Agency Agency, AgencyProcedure Adoption, ProcedureSpec Spec, int Version);

/// <summary>
/// Which procedures are offered online, and where (issue 17, piece B, docs/CITIZENS.md): the adoptions of operating
/// agencies (receiving dossiers, not ended by a reorganisation) whose current procedure version publishes the online
/// channel (<see cref="ProcedureSpec.PublishedChannels"/>: online level partial or full, or an online row; Nghị định
/// 42/2022/NĐ-CP). One rule for the catalogue page, the e-form and the submission, so a procedure absent from the list
/// is also refused at submission (422 <c>procedureCode</c>). Search folds diacritics (<see cref="SearchText.Fold"/>), the
/// same folding as the catalogue's search.
/// </summary>
public sealed class OnlineOffers(MotCuaDb db)
{
    /// <summary>The operating agencies that offer at least one procedure online, by name; <paramref name="query"/> (any
    /// diacritics) keeps those whose name contains it.</summary>
    public async Task<IReadOnlyList<OfferingAgency>> AgenciesAsync(string? query, CancellationToken ct)
    {
        var adoptions = await OperatingAdoptionsAsync(null, ct);
        var online = await OnlineCodesAsync(adoptions.Select(a => a.ProcedureCode).Distinct().ToArray(), ct);
        var folded = SearchText.Fold(query);
        return [.. adoptions.Where(a => online.ContainsKey(a.ProcedureCode)).GroupBy(a => (a.AgencyCode, a.AgencyName))
            .Where(g => folded.Length == 0 || SearchText.Fold(g.Key.AgencyName).Contains(folded, StringComparison.Ordinal))
            .Select(g => new OfferingAgency(g.Key.AgencyCode, g.Key.AgencyName, g.Count()))
            .OrderBy(a => a.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"), false))];
    }

    /// <summary>The procedures <paramref name="agencyCode"/> offers online, by name, filtered by <paramref name="query"/>
    /// as <see cref="AgenciesAsync"/>; null when the agency is unknown or does not operate.</summary>
    public async Task<(string AgencyName, IReadOnlyList<OnlineProcedure> Procedures)?> ProceduresAsync(string agencyCode, string? query, CancellationToken ct)
    {
        var adoptions = await OperatingAdoptionsAsync(agencyCode, ct);
        if (adoptions.Count == 0)
            return await db.Agencies.AsNoTracking().Where(a => a.Code == agencyCode && a.ReceivesDossiers && a.EndedOn == null).Select(a => a.Name).FirstOrDefaultAsync(ct)
                is { } name ? (name, []) : null;
        var online = await OnlineCodesAsync(adoptions.Select(a => a.ProcedureCode).ToArray(), ct);
        var folded = SearchText.Fold(query);
        return (adoptions[0].AgencyName, [.. online.Values
            .Where(s => folded.Length == 0 || SearchText.Fold(s.Name).Contains(folded, StringComparison.Ordinal) || s.Code.Contains(query!.Trim(), StringComparison.Ordinal))
            .OrderBy(s => s.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"), false))
            .Select(s => new OnlineProcedure(s.Code, s.Name, s.OnlineLevel))]);
    }

    /// <summary>The offer a citizen submits to, or the refusal keyed as the API keys it: <c>agencyCode</c> (unknown or not
    /// operating) or <c>procedureCode</c> (not adopted there, or not offered online).</summary>
    public async Task<(OnlineOffer? Offer, string? Field, string? Message)> OfferAsync(string agencyCode, string procedureCode, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == agencyCode && a.ReceivesDossiers && a.EndedOn == null, ct);
        if (agency is null) return (null, "agencyCode", $"Không tìm thấy cơ quan tiếp nhận hồ sơ có mã '{Problems.Echo(agencyCode)}'.");
        var adoption = await db.AgencyProcedures.AsNoTracking().FirstOrDefaultAsync(a => a.AgencyId == agency.Id && a.ProcedureCode == procedureCode, ct);
        var current = adoption is null ? null : await ProcedureSpecs.LoadCurrentAsync(db, procedureCode, ct);
        if (adoption is null || current is not { } found) return (null, "procedureCode", $"{agency.Name} không tiếp nhận thủ tục {procedureCode}.");
        if (Dossier.CheckOfferedOnline(found.Spec) is { } notOnline) return (null, "procedureCode", notOnline);
        return (new OnlineOffer(agency, adoption, found.Spec, found.Version), null, null);
    }

    private async Task<List<(string AgencyCode, string AgencyName, string ProcedureCode)>> OperatingAdoptionsAsync(string? agencyCode, CancellationToken ct)
    {
        var rows = await db.AgencyProcedures.AsNoTracking()
            .Join(db.Agencies.Where(a => a.ReceivesDossiers && a.EndedOn == null && (agencyCode == null || a.Code == agencyCode)), p => p.AgencyId, a => a.Id,
                (p, a) => new { a.Code, a.Name, p.ProcedureCode })
            .ToListAsync(ct);
        return [.. rows.Select(r => (r.Code, r.Name, r.ProcedureCode))];
    }

    private async Task<Dictionary<string, ProcedureSpec>> OnlineCodesAsync(string[] codes, CancellationToken ct) =>
        (await ProcedureSpecs.LoadCurrentAsync(db, codes, ct)).Where(s => Dossier.CheckOfferedOnline(s.Value) is null).ToDictionary(s => s.Key, s => s.Value);
}
