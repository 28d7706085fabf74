using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Domain.Catalog;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Catalog.Admin;

/// <summary>
/// The e-form editor: per field its label, key, type, whether it is required, the options of a list, a pattern with
/// its message, help text, for dates "not after today", the rules between two fields (not after another date field,
/// required once another field is answered), the repeated group a field belongs to (one row per original); fields added, removed and reordered; a preview that
/// follows the typing (htmx posts the form to <c>?handler=Preview</c>). The rules are <see cref="EForm.Problems"/>;
/// saving adds a procedure version like any other correction. The raw JSON stays on the procedure page as an advanced
/// option.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class EFormEditorModel(MotCuaDb db, TimeProvider clock) : PageModel
{
    /// <summary>One field as the form posts it; options one per line.</summary>
    public sealed class FieldRow
    {
        public string? Name { get; set; }
        public string? Label { get; set; }
        public EFormFieldType Type { get; set; }
        public bool Required { get; set; }
        public string? Options { get; set; }
        public string? Pattern { get; set; }
        public string? PatternMessage { get; set; }
        public string? Help { get; set; }
        public bool NotAfterToday { get; set; }
        /// <summary>The minimum age in full years (<see cref="EFormField.MinAgeYears"/>) as typed; text that is not a whole
        /// number is kept as 0, which the form's check refuses by name.</summary>
        public string? MinAgeYears { get; set; }
        public string? NotAfter { get; set; }
        public string? RequiredWith { get; set; }
        /// <summary>The repeated group's key (<see cref="EFormField.Group"/>), empty for a field asked once.</summary>
        public string? Group { get; set; }

        public static FieldRow Of(EFormField f) => new()
        {
            Name = f.Name, Label = f.Label, Type = f.Type, Required = f.Required, Options = string.Join('\n', f.Options),
            Pattern = f.Pattern, PatternMessage = f.PatternMessage, Help = f.Help, NotAfterToday = f.NotAfterToday,
            MinAgeYears = f.MinAgeYears?.ToString(CultureInfo.InvariantCulture), NotAfter = f.NotAfter, RequiredWith = f.RequiredWith, Group = f.Group,
        };

        public EFormField ToField() => new(RowOperation.Text(Name) ?? "", RowOperation.Text(Label) ?? "", Type, Required)
        {
            Options = (Options ?? "").Split('\n').Select(RowOperation.Text).OfType<string>().ToList(),
            Pattern = RowOperation.Text(Pattern), PatternMessage = RowOperation.Text(PatternMessage), Help = RowOperation.Text(Help),
            NotAfterToday = NotAfterToday,
            MinAgeYears = RowOperation.Text(MinAgeYears) is { } age ? int.TryParse(age, NumberStyles.None, CultureInfo.InvariantCulture, out var years) ? years : 0 : null,
            NotAfter = RowOperation.Text(NotAfter), RequiredWith = RowOperation.Text(RequiredWith),
            Group = RowOperation.Text(Group),
        };
    }

    [BindProperty] public List<FieldRow> Fields { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "daluu")] public int? SavedVersion { get; set; }

    public ProcedureSpec Current { get; private set; } = null!;
    public int CurrentVersion { get; private set; }
    /// <summary>Messages by "i.member" (e.g. "0.options"), "" for the whole form.</summary>
    public Dictionary<string, string> Errors { get; } = [];
    public bool NothingChanged { get; private set; }

    public IReadOnlyList<EFormField> Preview => Fields.Select(f => f.ToField()).Where(f => f.Label.Length > 0).ToList();

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct)) return NotFound();
        Fields = Current.FormFields.Select(FieldRow.Of).ToList();
        return Page();
    }

    public PartialViewResult OnPostPreview() => Partial("_EFormPreview", Preview);

    public async Task<IActionResult> OnPostAsync(string code, string? op, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct)) return NotFound();
        if (RowOperation.TryApply(op, Fields)) return Page();

        var fields = Fields.Select(f => f.ToField()).ToList();
        foreach (var problem in EForm.Problems(fields)) Errors.TryAdd(DocumentsModel.Key(problem.Line, problem.Member), problem.Message);
        if (Errors.Count > 0) return Page();
        var edited = Current with { FormFields = fields };
        if (!ProcedureEditing.Differs(Current, edited))
        {
            NothingChanged = true;
            return Page();
        }
        var version = await ProcedureEditing.SaveAsync(db, edited, Claims.UserIdOf(User), clock.GetUtcNow(), ct);
        return Redirect($"/quan-tri/thu-tuc/{Current.Code}/bieu-mau?daluu={version}");
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        if (await ProcedureSpecs.LoadCurrentAsync(db, code, ct) is not { } loaded) return false;
        (Current, CurrentVersion) = loaded;
        return true;
    }

    public string? Error(int line, string member) => Errors.TryGetValue(DocumentsModel.Key(line, member), out var message) ? message : null;

    public static string TypeName(EFormFieldType type) => type switch
    {
        EFormFieldType.Number => "Số",
        EFormFieldType.Date => "Ngày",
        EFormFieldType.Select => "Danh sách chọn",
        EFormFieldType.Checkbox => "Ô đánh dấu",
        _ => "Văn bản",
    };
}
