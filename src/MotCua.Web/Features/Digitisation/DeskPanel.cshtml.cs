using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Primitives;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Domain.Digitisation;
using MotCua.Web.Features.PopulationRegistry;
using MotCua.Web.Infrastructure;
using Npgsql;

namespace MotCua.Web.Features.Digitisation;

/// <summary>
/// htmx from the desk form (<c>/tiep-nhan</c>, host <c>#so-hoa</c>, posting the whole form with its antiforgery token on
/// load and 2 s after a change; every 3 s while a scan is being read): the digitisation panel
/// (<see cref="DeskDigitisation"/>). [choice] A POST that reads nothing but the form: a GET carried the fields in its
/// query, and 1.013225 (53 lines) with two scans a line was over the 4,096-character request target (414). A GET with the
/// same fields in the query still answers, for a plain reload of the panel's address. Receiving officers only (403 otherwise). Reads what the officer staged, the OCR rows and the applicant's earlier files; offering
/// earlier files writes an audit row (<c>dossier.list</c>, subject <c>desk:reuse</c>, the codes offered). A line the list
/// exempts when the population database holds its data is not flagged missing once the form's lookup token shows the
/// applicant was found there (<see cref="CitizenLookups.Verifies"/>); the desk asks for the panel again after each lookup.
/// </summary>
public sealed class DeskPanelModel(MotCuaDb db, NpgsqlDataSource data, CitizenLookups citizens, TimeProvider clock) : PageModel
{
    /// <summary>Why the panel is not shown (not a receiving officer), or null.</summary>
    public string? NotPermitted { get; private set; }

    /// <summary>The officer's staged scans (and reused references) the form names, by form line.</summary>
    public IReadOnlyList<DeskDigitisation.Scan> Scans { get; private set; } = [];

    /// <summary>
    /// The scans whose OCR candidates are not offered to fill the applicant's fields (trial17u LOW 7: a Giấy chứng sinh
    /// on 1.001193's line offered its "Số định danh" for the applicant's CCCD): those on a line about another person
    /// (<see cref="DocumentSubject.IsAboutAnotherPerson"/>) and those that are themselves such a paper.
    /// </summary>
    public IReadOnlySet<long> NotTheApplicants { get; private set; } = new HashSet<long>();

    /// <summary>The checklist of the procedure's lines, numbered as the form numbers them; empty before a procedure is chosen.</summary>
    public IReadOnlyList<(int FormIndex, ChecklistLine Line)> Checklist { get; private set; } = [];

    /// <summary>The applicant's earlier files <see cref="ReuseRule"/> matches, by form line (the newest first).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<ReusableFile>> Reusable { get; private set; } = new Dictionary<int, IReadOnlyList<ReusableFile>>();

    /// <summary>Whether a scan is still being read (then the panel asks again every 3 s).</summary>
    public bool Pending => Scans.Any(s => s.ReusedFromCode is null && s.State is 1 or 2);

    /// <summary>The panel for the intake form's fields in the query (a plain reload).</summary>
    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PanelAsync(Request.Query, ct);

    /// <summary>The panel for the intake form as posted by htmx (the whole form).</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct) => await PanelAsync(await Request.ReadFormAsync(ct), ct);

    private async Task<IActionResult> PanelAsync(IEnumerable<KeyValuePair<string, StringValues>> form, CancellationToken ct)
    {
        var fields = form.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        string Field(string name) => fields.TryGetValue(name, out var value) ? value.ToString() : "";
        if (DeskDigitisation.NotAtDesk(User) is { } refused)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            NotPermitted = refused;
            return Page();
        }
        var (staged, received) = DeskDigitisation.FormLines(fields);
        Scans = await DeskDigitisation.ScansAsync(data, Claims.UserIdOf(User)!.Value, staged, clock.GetUtcNow(), ct);
        NotTheApplicants = Scans.Where(s => s.IsPaperAboutAnotherPerson).Select(s => s.Id).ToHashSet();
        if (await DeskDigitisation.SpecAsync(db, User, Field("thutuc"), ct) is not { } spec) return Page();

        var formLines = await DeskDigitisation.FormLineIndexesAsync(db, spec, ct);
        NotTheApplicants = Scans.Where(s => s.IsPaperAboutAnotherPerson
            || s.DocumentIndex >= 0 && s.DocumentIndex < formLines.Count && DocumentSubject.IsAboutAnotherPerson(spec.Documents[formLines[s.DocumentIndex]].Name))
            .Select(s => s.Id).ToHashSet();
        var idNumber = Field("IdNumber");
        var earlier = await DeskDigitisation.EarlierFilesAsync(data, idNumber, Claims.AgencyIdOf(User) ?? 0, ct);
        var reusable = new Dictionary<int, IReadOnlyList<ReusableFile>>();
        var reusedLines = Scans.Where(s => s.ReusedFromCode is not null).Select(s => s.DocumentIndex).ToHashSet();
        for (var i = 0; i < formLines.Count; i++)
            if (earlier.Where(f => ReuseRule.Matches(f, spec.Documents[formLines[i]], null, idNumber)).ToList() is { Count: > 0 } matches)
                reusable[i] = matches;
        Reusable = reusable;
        if (reusable.Count > 0) await AuditOfferAsync([.. reusable.Values.SelectMany(f => f).Select(f => f.DossierCode).Distinct()], ct);

        // A line is provided when ticked or scanned; it shows "↺ dùng lại" when the officer reused a file for it, or
        // when a file may be reused and nothing is attached yet (Dùng lại then offers it).
        var provided = formLines.Select((listIndex, i) => (listIndex, i))
            .Where(x => (received.Contains(x.i) || Scans.Any(s => s.DocumentIndex == x.i)) && !reusedLines.Contains(x.i))
            .Select(x => x.listIndex).ToHashSet();
        var from = formLines.Select((listIndex, i) => (listIndex, i))
            .Select(x => (x.listIndex, Code: Scans.FirstOrDefault(s => s.DocumentIndex == x.i && s.ReusedFromCode is not null)?.ReusedFromCode
                ?? (reusable.TryGetValue(x.i, out var m) && !provided.Contains(x.listIndex) ? m[0].DossierCode : null)))
            .Where(x => x.Code is not null).ToDictionary(x => x.listIndex, x => x.Code!);
        var byList = formLines.Select((listIndex, i) => (listIndex, i)).ToDictionary(x => x.listIndex, x => x.i);
        // The desk's channel as chosen on the form (direct or postal), direct when the panel is asked without it.
        var channel = MotCua.Domain.Dossiers.Channels.Parse(Field("Channel")) ?? MotCua.Domain.Dossiers.Channel.Direct;
        var verified = citizens.Verifies(Field("VerificationToken"), idNumber, Field("FullName"), Claims.AgencyIdOf(User));
        Checklist = [.. DocumentChecklist.Compare(spec, channel, provided, from, verified).Select(l => (byList[l.Index], l))];
        return Page();
    }

    // Offering an earlier file shows that the applicant has other dossiers (their codes and document names): a read of
    // personal data (Nghị định 13/2023/NĐ-CP, Điều 26), written as the audit middleware writes a list.
    private async Task AuditOfferAsync(IReadOnlyList<string> codes, CancellationToken ct)
    {
        await using var command = data.CreateCommand("""
            INSERT INTO audit_log (at, user_id, action, subject, details, client_address, endpoint)
            VALUES ($1, $2, 'dossier.list', 'desk:reuse', $3, $4, $5)
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Claims.UserIdOf(User)!.Value });
        command.Parameters.Add(new NpgsqlParameter<string>
        {
            TypedValue = JsonSerializer.Serialize(new { fields = new[] { PersonalFields.Documents }, codes }), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)HttpContext.Connection.RemoteIpAddress?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Request.Method + " /tiep-nhan/so-hoa" });
        await command.ExecuteNonQueryAsync(ct);
    }
}
