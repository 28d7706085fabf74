using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Catalog;
using MotCua.Web.Features.Queue;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Kiosk;

/// <summary>One procedure received at the kiosk's centre, as a tile: code, name and the centre's time limit (or the
/// catalogue's for direct submission), null when neither is published.</summary>
public sealed record KioskProcedure(string Code, string Name, string? TimeLimit);

/// <summary>
/// /kiosk/thu-tuc: the kiosk's procedure browser in the kiosk's touch layout (issue 17, docs/CITIZENS.md "Queue and
/// kiosk"): the fields of the procedures the kiosk's centre receives as large tiles (<c>linh-vuc=</c>), a field's
/// procedures, a search box (<c>q=</c>, the catalogue's search, the centre's procedures first), and one procedure
/// (<c>ma=</c>): the documents to bring with their originals, copies and form, the fee and the time limit at the centre
/// (the centre's own when it set them at adoption, else the catalogue's for direct submission). A browser that is no
/// enrolled kiosk has no centre: it gets the search over the whole catalogue. An unknown <c>ma=</c> is a 404 page.
/// </summary>
public sealed class ProceduresModel(MotCuaDb db, QueueStore store, KioskMode kiosks) : PageModel
{
    /// <summary>The most procedures a field or a search lists on one screen.</summary>
    public const int Shown = 30;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true, Name = "linh-vuc")] public string? Field { get; set; }
    [BindProperty(SupportsGet = true, Name = "ma")] public string? Code { get; set; }

    /// <summary>The kiosk's centre, or null on a browser that is no enrolled kiosk.</summary>
    public QueueCentre? Centre { get; private set; }
    /// <summary>The fields of the centre's procedures with their counts, by name.</summary>
    public IReadOnlyList<(string Field, int Count)> Fields { get; private set; } = [];
    /// <summary>The procedures of <see cref="Field"/> or of the search.</summary>
    public IReadOnlyList<KioskProcedure> Procedures { get; private set; } = [];
    /// <summary>The procedure of <see cref="Code"/>, or null.</summary>
    public ProcedureDetail? Detail { get; private set; }
    /// <summary>The centre's adoption of <see cref="Detail"/>, or null.</summary>
    public AgencyProcedure? Adoption { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (kiosks.DeviceOf(HttpContext) is { } device && await store.DeviceActiveAsync(device.DeviceId, device.AgencyId, ct))
            Centre = await store.CentreAsync(device.AgencyId, ct);
        if (!string.IsNullOrWhiteSpace(Code))
        {
            if (await CatalogEndpoints.DetailAsync(db, Code.Trim(), ct) is not { } detail) return NotFound();
            Detail = detail;
            if (Centre is not null)
                Adoption = await db.AgencyProcedures.AsNoTracking().FirstOrDefaultAsync(a => a.AgencyId == Centre.Id && a.ProcedureCode == detail.Code, ct);
            return Page();
        }
        if (!string.IsNullOrWhiteSpace(Query))
        {
            var page = await CatalogEndpoints.SearchPageAsync(db, new CatalogQuery(Query.Trim(), AgencyId: Centre?.Id), 1, Shown, ct);
            Procedures = page.Items.Select(p => new KioskProcedure(p.Code, p.Name, p.TimeLimit)).ToList();
            return Page();
        }
        if (Centre is null) return Page();
        var adopted = await db.AgencyProcedures.AsNoTracking().Where(a => a.AgencyId == Centre.Id)
            .Join(db.Procedures.AsNoTracking(), a => a.ProcedureCode, p => p.Code, (a, p) => new { p.Code, p.Name, p.Field, a })
            .ToListAsync(ct);
        Fields = adopted.GroupBy(x => x.Field).Where(g => g.Key.Length > 0).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).ToList();
        if (!string.IsNullOrWhiteSpace(Field))
        {
            var inField = adopted.Where(x => x.Field == Field).OrderBy(x => x.Name, StringComparer.Ordinal).Take(Shown).ToList();
            var specs = await ProcedureSpecs.LoadCurrentAsync(db, inField.Select(x => x.Code).ToArray(), ct);
            Procedures = inField.Select(x => new KioskProcedure(x.Code, x.Name,
                x.a.TimeLimit?.ToString() ?? (specs.TryGetValue(x.Code, out var spec) ? ProcedureSpecs.DirectTimeLimit(spec)?.ToString() : null))).ToList();
        }
        return Page();
    }

    /// <summary>The terms of direct submission (at the centre), else the first published.</summary>
    public ChannelTerms? DirectTerms => Detail?.Procedure.Channels.FirstOrDefault(c => c.Channel == Channel.Direct) ?? Detail?.Procedure.Channels.FirstOrDefault();

    /// <summary>The fee as the centre charges it: the local fee set at adoption, else the catalogue's for direct submission.</summary>
    public string FeeText => Adoption?.FeeText is { Length: > 0 } text ? text
        : Adoption?.Fee is { } fee ? string.Format(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"), "{0:N0} đồng", fee)
        : DirectTerms is { } terms ? DetailModel.Fee(terms) : "Chưa công bố";

    /// <summary>
    /// Where "Nộp hồ sơ tại ki-ốt" leads for <see cref="Detail"/>: the citizens' sign-in, returning to that procedure's
    /// online form at the centre (trial17u LOW 13: it led to the bare sign-in, and the citizen searched again); null when
    /// the centre does not receive the procedure or its current version publishes no online channel (the submission would
    /// be refused "không được cung cấp trực tuyến"), when the page offers only "Lấy số". [choice] The centre's adoption
    /// and the published channels are read here, not through the citizens' OnlineOffers (the kiosk slice does not
    /// depend on Citizens); the centre is an operating agency by being a kiosk's.
    /// </summary>
    public string? SubmitHref => Centre is { } centre && Adoption is not null && Detail is { } detail && detail.Procedure.PublishedChannels.Contains(Channel.Online)
        ? "/cong-dan/dang-nhap?kiosk=1&returnUrl=" + Uri.EscapeDataString($"/cong-dan/nop/{Uri.EscapeDataString(centre.Code)}/{Uri.EscapeDataString(detail.Code)}")
        : null;

    /// <summary>The time limit at the centre: the one set at adoption, else the catalogue's for direct submission.</summary>
    public string TimeText => Adoption?.TimeLimit?.ToString() ?? (DirectTerms is { } terms ? DetailModel.Time(terms) : "Chưa công bố");
}
