using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Dossiers;

/// <summary>
/// /ho-so: the dossiers the signed-in officer may read (<see cref="DossierAccess.Visible"/>: their agency's, the ones they
/// handled, every dossier for the inspector), newest first, a page at a time, found by code (or portal code), applicant name (with or
/// without diacritics), CCCD or phone.
/// </summary>
[PersonalData(PersonalFields.FullName)]
public sealed class IndexModel(MotCuaDb db, PersonalDataReads reads) : PageModel
{
    public const int PageSize = 25;

    public sealed record Row(string Code, string ProcedureName, string Applicant, Channel Channel, DossierStatus Status, DateTimeOffset SubmittedAt, DateTimeOffset? DueAt);

    [BindProperty(SupportsGet = true, Name = "trang")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "trangthai")]
    public int? StatusFilter { get; set; }

    /// <summary>A dossier code or a portal code (or its beginning), an applicant's name, a CCCD (12 digits, 9 for an old ID card) or a phone number.</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public bool Inspecting { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Claims.OfficerOf(User) is not { } officer) return;
        Inspecting = officer.Role == OfficerRole.Inspector;
        var query = Find(DossierAccess.Visible(db.Dossiers.AsNoTracking(), officer), Search);
        if (StatusFilter is { } status) query = query.Where(d => d.Status == (DossierStatus)status);
        Total = await query.CountAsync(ct);
        PageNumber = Paging.Clamp(PageNumber);
        Rows = await query.OrderByDescending(d => d.SubmittedAt).ThenByDescending(d => d.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(d => new Row(d.Code, d.ProcedureName, d.Applicant.FullName, d.Channel, d.Status, d.SubmittedAt, d.DueAt))
            .ToListAsync(ct);
        reads.Listed("ho-so", Rows.Select(r => r.Code));
    }

    /// <summary>
    /// What a search text means: 9 to 12 digits (spaces and dots allowed) is a CCCD or a phone number, compared exactly;
    /// text with a dot or a hyphen is the beginning of a dossier code, ours or the National Portal's (a pushed dossier's
    /// <c>MaHoSo</c>); anything else is part of the applicant's name,
    /// compared without diacritics through the indexed <c>f_unaccent</c> (migration 0010).
    /// </summary>
    public static IQueryable<Dossier> Find(IQueryable<Dossier> dossiers, string? search)
    {
        var text = search?.Normalize(NormalizationForm.FormC).Trim();
        if (string.IsNullOrEmpty(text)) return dossiers;
        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        if (digits.Length is >= 9 and <= 12 && text.All(c => char.IsAsciiDigit(c) || c is ' ' or '.' || char.IsWhiteSpace(c)))
            return dossiers.Where(d => d.Applicant.IdNumber == digits || d.Applicant.Phone == digits);
        if (text.Contains('.') || text.Contains('-'))
        {
            // A dossier the National Portal pushed is known to its citizen by the portal's code only (third trial LOW 4).
            var code = Escape(text.ToUpperInvariant());
            return dossiers.Where(d => EF.Functions.Like(d.Code, code + "%") || EF.Functions.Like(d.PortalCode!, code + "%"));
        }
        var name = "%" + Escape(string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))) + "%";
        return dossiers.Where(d => EF.Functions.Like(MotCuaDb.Unaccent(d.Applicant.FullName), MotCuaDb.Unaccent(name)));
    }

    private static string Escape(string pattern) => pattern.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
