using System.Globalization;

namespace MotCua.Web.Features.Admin;

/// <summary>What the administration pages share beyond a form's errors: accessible error hints and Vietnamese dates.</summary>
public abstract class AdminPage : FormPage
{
    /// <summary>"true" for aria-invalid when the field has an error; null leaves the attribute out.</summary>
    public string? AriaInvalid(string field) => Error(field) is null ? null : "true";

    /// <summary>The id of the field's error line for aria-describedby, when it has one.</summary>
    public string? DescribedBy(string field, string inputId) => Error(field) is null ? null : inputId + "-error";

    /// <summary>A date typed the Vietnamese way, dd/mm/yyyy; null (with an error under <paramref name="field"/>) when it is not one.</summary>
    protected DateOnly? ParseDate(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), ["dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        Errors[field] = ["Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 01/07/2025."];
        return null;
    }

    /// <summary>Page and domain errors together; the first one keeps its field.</summary>
    protected void Merge(IDictionary<string, string[]>? errors)
    {
        if (errors is null) return;
        foreach (var (field, messages) in errors) Errors.TryAdd(field, messages);
    }
}
