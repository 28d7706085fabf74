using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MotCua.Data;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Text;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Catalog.Admin;

/// <summary>
/// Correcting a procedure: name, field, steps, conditions, results, legal basis, each channel's time and fee, and
/// the e-form as JSON (the advanced way; the e-form editor and the document-list correction have their own pages).
/// Saving adds a version; the list below shows every version and who made it.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class ProcedureModel(MotCuaDb db, TimeProvider clock) : PageModel
{
    public sealed class ChannelRow
    {
        public Channel Channel { get; set; }
        public string? TimeAmount { get; set; }
        public TimeUnit TimeUnit { get; set; }
        /// <summary>The channel's fee as typed, in đồng the Vietnamese way ("30.000"), read by <see cref="TypedMoney.ReadVnd"/>.</summary>
        public string? Fee { get; set; }
        public string? FeeText { get; set; }
        /// <summary>The administrator checked the unit against the published text: the import's doubt is cleared.</summary>
        public bool ConfirmTime { get; set; }
    }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Field { get; set; }
    [BindProperty] public string? Steps { get; set; }
    [BindProperty] public string? Conditions { get; set; }
    [BindProperty] public string? Results { get; set; }
    [BindProperty] public string? LegalBasis { get; set; }
    [BindProperty] public List<ChannelRow> Channels { get; set; } = [];
    [BindProperty] public string? FormFieldsJson { get; set; }

    public ProcedureSpec Current { get; private set; } = null!;
    public int CurrentVersion { get; private set; }
    public IReadOnlyList<ProcedureEditing.VersionRow> History { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = [];
    [BindProperty(SupportsGet = true, Name = "daluu")] public int? SavedVersion { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct)) return NotFound();
        Name = Current.Name;
        Field = Current.Field;
        Steps = Current.Steps;
        Conditions = Current.Conditions;
        Results = string.Join('\n', Current.Results);
        LegalBasis = string.Join('\n', Current.LegalBasis.Select(l => $"{l.Number} | {l.Title}"));
        Channels = Current.Channels.Select(c => new ChannelRow
        {
            Channel = c.Channel, TimeAmount = FormNumber.Format(c.TimeLimit?.Amount), TimeUnit = c.TimeLimit?.Unit ?? TimeUnit.WorkingDays,
            Fee = c.Fee is { } fee ? TypedMoney.Format((long)fee) : null, FeeText = c.FeeText,
        }).ToList();
        FormFieldsJson = Current.FormFields.Count == 0 ? "" : JsonSerializer.Serialize(Current.FormFields, ProcedureCatalogJson.Options);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct)) return NotFound();
        if (string.IsNullOrWhiteSpace(Name)) Errors["Name"] = "Vui lòng nhập tên thủ tục.";
        if (string.IsNullOrWhiteSpace(Field)) Errors["Field"] = "Vui lòng nhập lĩnh vực.";
        var formFields = ParseFormFields();
        // Each published channel takes the values posted for it; a channel the form did not post stays as it was.
        var channels = new List<ChannelTerms>();
        foreach (var published in Current.Channels)
        {
            if (Channels.FirstOrDefault(r => r.Channel == published.Channel) is not { } row)
            {
                channels.Add(published);
                continue;
            }
            if (!FormNumber.TryParse(row.TimeAmount, out var time)) Errors[$"Channels.{row.Channel}"] = "Thời hạn phải là một số.";
            else if (row.TimeUnit == TimeUnit.SameDay) time = 0;
            else if (time is <= 0) Errors[$"Channels.{row.Channel}"] = "Thời hạn phải lớn hơn 0.";
            else if (time is { } given && new TimeLimit(given, row.TimeUnit).Check() is { } badLimit) Errors[$"Channels.{row.Channel}"] = badLimit;
            var (fee, feeProblem) = TypedMoney.ReadVnd(row.Fee, $"Channels.{row.Channel}", "Phí, lệ phí");
            if (feeProblem is not null) Errors[feeProblem.Field] = feeProblem.Message;
            var limit = time is { } amount ? new TimeLimit(amount, row.TimeUnit) : (TimeLimit?)null;
            channels.Add(published with
            {
                TimeLimit = limit,
                // A corrected or confirmed limit is no longer an assumption of the import.
                TimeDoubt = row.ConfirmTime || limit != published.TimeLimit ? null : published.TimeDoubt,
                Fee = fee,
                FeeText = Text(row.FeeText) ?? "",
            });
        }
        if (Errors.Count > 0) return Page();

        var edited = Current with
        {
            Name = Text(Name)!,
            Field = Text(Field)!,
            Steps = Text(Steps),
            Conditions = Text(Conditions),
            Results = Lines(Results).ToList(),
            LegalBasis = Lines(LegalBasis).Select(l => l.Split('|', 2, StringSplitOptions.TrimEntries) is [var number, var title]
                ? new LegalDocument(number, title) : new LegalDocument("", l)).ToList(),
            Channels = channels,
            FormFields = formFields ?? Current.FormFields,
        };
        if (!ProcedureEditing.Differs(Current, edited))
        {
            Errors[""] = "Không có thay đổi nào để lưu.";
            return Page();
        }
        var version = await ProcedureEditing.SaveAsync(db, edited, Claims.UserIdOf(User), clock.GetUtcNow(), ct);
        return RedirectToPage(new { code, daluu = version });
    }

    // The advanced way to declare the e-form (the editor is /bieu-mau): the same rules, listed with their field numbers.
    private List<EFormField>? ParseFormFields()
    {
        if (string.IsNullOrWhiteSpace(FormFieldsJson)) return [];
        try
        {
            var fields = JsonSerializer.Deserialize<List<EFormField>>(FormFieldsJson, ProcedureCatalogJson.Options) ?? [];
            var problems = EForm.Problems(fields);
            if (problems.Count > 0)
                Errors["FormFieldsJson"] = string.Join(" ", problems.Select(p => p.Line < 0 ? p.Message : $"Trường {p.Line + 1} ({p.Member}): {p.Message}"));
            return fields;
        }
        catch (JsonException e)
        {
            Errors["FormFieldsJson"] = $"Biểu mẫu không đúng định dạng JSON: {e.Message}";
            return null;
        }
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        if (await ProcedureSpecs.LoadCurrentAsync(db, code, ct) is not { } loaded) return false;
        (Current, CurrentVersion) = loaded;
        History = await ProcedureEditing.HistoryAsync(db, code, ct);
        return true;
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().Normalize();

    private static IEnumerable<string> Lines(string? value) =>
        (value ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(l => l.Normalize());

    public string? Error(string key) => Errors.TryGetValue(key, out var message) ? message : null;

    public static string SourceName(string source) => source switch
    {
        "seed" => "Dữ liệu mẫu",
        "edit" => "Quản trị viên sửa",
        _ when source.StartsWith("import:", StringComparison.Ordinal) => $"Nhập danh mục #{source["import:".Length..]}",
        _ => source,
    };
}
