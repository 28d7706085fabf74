using System.Globalization;
using System.Text.RegularExpressions;
using MotCua.Domain.Calendar;

namespace MotCua.Domain.Catalog;

public enum EFormFieldType
{
    Text,
    Number,
    Date,
    Select,
    Checkbox,
}

/// <summary>
/// One field of a procedure's e-form. <see cref="Name"/> is the key the value is stored under (dossiers.form_data);
/// <see cref="Pattern"/> is a .NET regular expression the whole text value must match; <see cref="Options"/> lists
/// the values a select accepts.
/// </summary>
public sealed record EFormField(string Name, string Label, EFormFieldType Type, bool Required = false)
{
    public string? Pattern { get; init; }
    /// <summary>Shown when <see cref="Pattern"/> does not match ("Nhập đúng 12 chữ số").</summary>
    public string? PatternMessage { get; init; }
    public IReadOnlyList<string> Options { get; init; } = [];
    public string? Help { get; init; }
    /// <summary>For dates: the date may not lie in the future (a date of birth).</summary>
    public bool NotAfterToday { get; init; }
}

/// <summary>Checks submitted e-form values against the procedure's fields. Values arrive as text, as forms post them.</summary>
public static class EForm
{
    /// <summary>
    /// The values cleaned (trimmed, NFC, dates as yyyy-MM-dd, numbers invariant, checkboxes "true"/"false") and, per
    /// field name, every problem in Vietnamese. Values for names the form does not declare are problems too: the
    /// dossier stores only what the procedure asks for (Nghị định 13/2023: collect what is needed).
    /// </summary>
    public static (IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string[]> Errors) Validate(
        IReadOnlyList<EFormField> fields, IReadOnlyDictionary<string, string?> submitted, DateOnly today)
    {
        var values = new Dictionary<string, string>();
        var errors = new Dictionary<string, string[]>();
        foreach (var name in submitted.Keys.Where(k => fields.All(f => f.Name != k)))
            errors[name] = [$"Biểu mẫu của thủ tục không có trường \"{name}\"."];

        foreach (var field in fields)
        {
            var raw = submitted.TryGetValue(field.Name, out var v) ? v?.Trim().Normalize() : null;
            if (field.Type == EFormFieldType.Checkbox)
            {
                var isChecked = raw is "true" or "on" or "1";
                if (field.Required && !isChecked) errors[field.Name] = [$"Vui lòng đánh dấu \"{field.Label}\"."];
                values[field.Name] = isChecked ? "true" : "false";
                continue;
            }
            if (string.IsNullOrEmpty(raw))
            {
                if (field.Required) errors[field.Name] = [$"Vui lòng nhập \"{field.Label}\"."];
                continue;
            }
            var problem = field.Type switch
            {
                EFormFieldType.Number => decimal.TryParse(raw.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                    ? Clean(number.ToString(CultureInfo.InvariantCulture))
                    : $"\"{field.Label}\" phải là một số.",
                // Typed as dd/mm/yyyy (VietnameseDate): "15062024" is refused, never re-read as another date.
                EFormFieldType.Date => VietnameseDate.Parse(raw, field.Label) switch
                {
                    ({ } date, _) when field.NotAfterToday && date > today => $"\"{field.Label}\" không được sau ngày hôm nay.",
                    ({ } date, _) => Clean(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    (null, var error) => error,
                },
                EFormFieldType.Select => field.Options.Contains(raw) ? Clean(raw) : $"\"{field.Label}\" phải là một trong: {string.Join(", ", field.Options)}.",
                _ => Clean(raw),
            };
            if (problem is not null) { errors[field.Name] = [problem]; continue; }
            if (field.Pattern is { Length: > 0 } pattern && !Regex.IsMatch(values[field.Name], $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromMilliseconds(100)))
                errors[field.Name] = [field.PatternMessage ?? $"\"{field.Label}\" không đúng định dạng."];

            string? Clean(string value)
            {
                values[field.Name] = value;
                return null;
            }
        }
        return (values, errors);
    }
}
