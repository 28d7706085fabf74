using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Catalog.Admin;

/// <summary>
/// Correcting how a procedure's document list was read from the catalogue: each line's text, kind (document,
/// heading, note), counts, form, condition and group; lines added, removed and reordered. Saving adds a procedure
/// version (the desk reads the current one; dossiers keep theirs) and an audit entry; the catalogue's list stays
/// beside the correction, and a re-import keeps the correction (see <see cref="DocumentListCorrection"/>).
/// It belongs to the procedure, not to one agency's adoption: the documents are set for every agency by the decision
/// announcing the procedure, so one correction serves each adopting agency.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class DocumentsModel(MotCuaDb db, TimeProvider clock) : PageModel
{
    /// <summary>One line as the form posts it; counts are text so that a non-number gets a message rather than a silent 0.</summary>
    public sealed class LineRow
    {
        public string? Name { get; set; }
        public DocumentLineKind Kind { get; set; }
        public string? Originals { get; set; } = "1";
        public string? Copies { get; set; } = "0";
        public bool MustPresentOnly { get; set; }
        public string? Form { get; set; }
        public string? Condition { get; set; }
        public string? Group { get; set; }

        public static LineRow Of(RequiredDocument d) => new()
        {
            Name = d.Name, Kind = d.Kind, Originals = d.Originals.ToString(CultureInfo.InvariantCulture), Copies = d.Copies.ToString(CultureInfo.InvariantCulture),
            MustPresentOnly = d.MustPresentOnly, Form = d.Form, Condition = d.Condition, Group = d.Group,
        };
    }

    [BindProperty] public List<LineRow> Lines { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "daluu")] public int? SavedVersion { get; set; }

    public ProcedureSpec Current { get; private set; } = null!;
    public int CurrentVersion { get; private set; }
    /// <summary>Messages by "i.member" (e.g. "2.originals"), "" for the whole list.</summary>
    public Dictionary<string, string> Errors { get; } = [];
    public bool NothingChanged { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct)) return NotFound();
        Lines = Current.Documents.Select(LineRow.Of).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, string? op, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct)) return NotFound();
        if (RowOperation.TryApply(op, Lines)) return Page();

        var lines = Read();
        foreach (var problem in DocumentList.Problems(lines)) Errors.TryAdd(Key(problem.Line, problem.Member), problem.Message);
        if (Errors.Count > 0) return Page();
        var edited = DocumentList.Corrected(Current, lines);
        if (!ProcedureEditing.Differs(Current, edited))
        {
            NothingChanged = true;
            return Page();
        }
        var version = await ProcedureEditing.SaveAsync(db, edited, Claims.UserIdOf(User), clock.GetUtcNow(), ct);
        return Redirect($"/quan-tri/thu-tuc/{Current.Code}/thanh-phan-ho-so?daluu={version}");
    }

    /// <summary>The posted lines as documents; a count that is not a whole number is an error beside it.</summary>
    private List<RequiredDocument> Read()
    {
        var lines = new List<RequiredDocument>();
        for (var i = 0; i < Lines.Count; i++)
        {
            var row = Lines[i];
            lines.Add(new RequiredDocument(RowOperation.Text(row.Name) ?? "", Count(i, "originals", row.Originals), Count(i, "copies", row.Copies), RowOperation.Text(row.Form), row.MustPresentOnly)
            {
                Kind = row.Kind, Condition = RowOperation.Text(row.Condition), Group = RowOperation.Text(row.Group),
            });
        }
        return lines;

        int Count(int line, string member, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return 0;
            if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)) return count;
            Errors.TryAdd(Key(line, member), "Số bản phải là số nguyên không âm.");
            return 0;
        }
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        if (await ProcedureSpecs.LoadCurrentAsync(db, code, ct) is not { } loaded) return false;
        (Current, CurrentVersion) = loaded;
        return true;
    }

    public static string Key(int line, string member) => line < 0 ? "" : $"{line}.{member}";

    public string? Error(int line, string member) => Errors.TryGetValue(Key(line, member), out var message) ? message : null;

    public static string KindName(DocumentLineKind kind) => kind switch
    {
        DocumentLineKind.Heading => "Tiêu đề",
        DocumentLineKind.Note => "Ghi chú",
        _ => "Giấy tờ",
    };
}
