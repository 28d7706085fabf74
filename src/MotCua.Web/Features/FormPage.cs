using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MotCua.Web.Features;

/// <summary>A page with a form: the errors of the last post keyed by field (the API's names where the page mirrors an
/// endpoint), each shown beside its field.</summary>
public abstract class FormPage : PageModel
{
    public IDictionary<string, string[]> Errors { get; protected set; } = new Dictionary<string, string[]>();

    /// <summary>The field's messages as one line, or null when it has none.</summary>
    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
