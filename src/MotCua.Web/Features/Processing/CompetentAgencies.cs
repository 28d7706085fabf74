using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Documents;
using MotCua.Domain.Dossiers;

namespace MotCua.Web.Features.Processing;

/// <summary>
/// The competent agency of a dossier as the forms name it (<see cref="CompetentAgency.Of"/>; docs/PROCESSING.md §6): its
/// agency row (whose head and number series issue Mẫu 04 and the result notice), the name printed on the control slip,
/// the register and the stop notice, and its letterhead.
/// </summary>
/// <param name="Agency">The agency row: the agency of the approval step, or the receiving point before transfer; for a
/// commune's unit, a copy standing for the people's committee (symbol "UBND" in numbers, same id for the series).</param>
/// <param name="Name">A commune's one-stop unit stands for its people's committee ("Ủy ban nhân dân phường Thuận Hóa"),
/// which is the competent agency of a commune procedure resolved in its premises; any other row is named as it is.</param>
/// <param name="Letterhead">The row's letterhead; for a commune's unit, the people's committee's own (no superior line).</param>
/// <param name="Known">False before transfer: no process is fixed yet, so no competent agency is named.</param>
/// <param name="Committee">Whether the agency is a people's committee, whose head signs "TM. ỦY BAN NHÂN DÂN" / "CHỦ
/// TỊCH" and whose deputies "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" (Nghị định 30/2020/NĐ-CP Phụ lục I, ô 7a; collective leadership).</param>
public sealed record CompetentAgencyInfo(Agency Agency, string Name, Letterhead Letterhead, bool Known, bool Committee)
{
    /// <summary>The head signs: the committee's chairman (the row's head, who leads the commune's unit in the data), or
    /// the agency's head (<see cref="IssuedForms.HeadOf"/>).</summary>
    public Signatory Head() => Committee ? new Signatory("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", Agency.HeadName) : IssuedForms.HeadOf(Agency);

    /// <summary>The officer <paramref name="fullName"/> signs for the agency: the head as <see cref="Head"/>, anyone else
    /// "KT. {head}" over their position (<see cref="IssuedForms.Of"/>; for a committee "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH").</summary>
    public Signatory SignedBy(string fullName, string? position) =>
        string.Equals(fullName.Trim(), Agency.HeadName.Trim(), StringComparison.Ordinal) ? Head()
        : Committee ? new Signatory("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", fullName)
        : IssuedForms.Of(Agency, fullName, position);
}

/// <summary>Reads the competent agency of dossiers for the forms of this slice (Mẫu 04–07, the result notice), once.</summary>
public static class CompetentAgencies
{
    /// <summary>Reads the competent agency of <paramref name="dossier"/>; before transfer, the receiving point with <c>Known</c> false.</summary>
    public static async Task<CompetentAgencyInfo> OfAsync(MotCuaDb db, Dossier dossier, CancellationToken ct)
    {
        var id = CompetentAgency.Of(dossier);
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == (id ?? dossier.ReceivingAgencyId), ct);
        var letterhead = Letterheads.Of(agency);
        if (await CommitteeNameAsync(db, agency, ct) is { } committee)
        {
            var asCommittee = new Agency
            {
                Id = agency.Id, Code = agency.Code, Name = committee, SuperiorName = "", Kind = agency.Kind, ProvinceCode = agency.ProvinceCode,
                CommuneCode = agency.CommuneCode, PlaceName = agency.PlaceName, HeadName = agency.HeadName, HeadTitle = "Chủ tịch", Symbol = "UBND",
            };
            return new CompetentAgencyInfo(asCommittee, committee, letterhead with { SuperiorAgencyName = "", UnitName = committee }, id is not null, Committee: true);
        }
        return new CompetentAgencyInfo(agency, agency.Name, letterhead, id is not null, Committee: false);
    }

    /// <summary>The names of many agencies as the competent agency (the register's column), by id.</summary>
    public static async Task<Dictionary<int, string>> NamesAsync(MotCuaDb db, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var agencies = await db.Agencies.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(ct);
        var names = new Dictionary<int, string>();
        foreach (var agency in agencies) names[agency.Id] = await CommitteeNameAsync(db, agency, ct) ?? agency.Name;
        return names;
    }

    /// <summary>The name of the people's committee a commune's one-stop unit belongs to ("Ủy ban nhân dân phường Thuận
    /// Hóa"), which resolves the commune's procedures and keeps its civil-status and authentication books; null for any
    /// other agency.</summary>
    public static async Task<string?> CommitteeNameAsync(MotCuaDb db, Agency agency, CancellationToken ct)
    {
        if (agency.Kind != AgencyKinds.Commune || agency.CommuneCode is not { } code) return null;
        var commune = await db.Communes.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, ct);
        return commune is null ? null : "Ủy ban nhân dân " + char.ToLowerInvariant(commune.Name[0]) + commune.Name[1..];
    }
}
