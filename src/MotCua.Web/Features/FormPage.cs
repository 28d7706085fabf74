using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MotCua.Web.Features;

/// <summary>A page with a form: the errors of the last post keyed by field (the API's names where the page mirrors an
/// endpoint), each shown beside its field.</summary>
public abstract class FormPage : PageModel
{
    public IDictionary<string, string[]> Errors { get; protected set; } = new Dictionary<string, string[]>();

    /// <summary>The field's messages as one line, or null when it has none.</summary>
    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>
    /// A value the model binder could not read ("abc" typed for a number) arrives in <see cref="Errors"/> before the
    /// handler runs, keyed by the property in camel case as the pages key their fields ("Fee" → <c>fee</c>), with the
    /// Vietnamese message of <see cref="VietnameseBindingMessages"/>; so it is shown beside its field and a handler that
    /// stops on any error changes nothing (trial of issue 14: "The field Fee must be a number.").
    /// </summary>
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (key, entry) in ModelState)
        {
            // Only a value typed and unreadable: a field left out is each handler's to judge (MVC also marks a missing
            // non-nullable property invalid, which on a GET page with an empty form is no error at all).
            if (entry.ValidationState != ModelValidationState.Invalid || entry.Errors.Count == 0 || string.IsNullOrEmpty(entry.AttemptedValue)) continue;
            var field = key.Length == 0 ? key : char.ToLowerInvariant(key[0]) + key[1..];
            Errors.TryAdd(field, [.. entry.Errors.Select(e => string.IsNullOrEmpty(e.ErrorMessage) ? VietnameseBindingMessages.Invalid : e.ErrorMessage)]);
        }
        base.OnPageHandlerExecuting(context);
    }
}

/// <summary>
/// The model binder's and the client validation's messages in Vietnamese for every page (ASP.NET Core's defaults are
/// English: "The field Fee must be a number.", "The value 'x' is not valid for Fee."). They name no field: each page shows
/// the message beside its field's Vietnamese label.
/// </summary>
public static class VietnameseBindingMessages
{
    /// <summary>A value that could not be read, without an attempted value to quote.</summary>
    public const string Invalid = "Giá trị không hợp lệ.";

    /// <summary>Sets every accessor of <paramref name="provider"/>.</summary>
    public static void Apply(DefaultModelBindingMessageProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        provider.SetValueMustBeANumberAccessor(_ => "Giá trị phải là một số.");
        provider.SetAttemptedValueIsInvalidAccessor((value, _) => $"Giá trị \"{value}\" không hợp lệ.");
        provider.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"Giá trị \"{value}\" không hợp lệ.");
        provider.SetUnknownValueIsInvalidAccessor(_ => Invalid);
        provider.SetNonPropertyUnknownValueIsInvalidAccessor(() => Invalid);
        provider.SetValueIsInvalidAccessor(value => $"Giá trị \"{value}\" không hợp lệ.");
        provider.SetValueMustNotBeNullAccessor(_ => "Chưa nhập giá trị.");
        provider.SetNonPropertyValueMustBeANumberAccessor(() => "Giá trị phải là một số.");
        provider.SetMissingBindRequiredValueAccessor(_ => "Chưa nhập giá trị.");
        provider.SetMissingKeyOrValueAccessor(() => "Chưa nhập giá trị.");
        provider.SetMissingRequestBodyRequiredValueAccessor(() => "Yêu cầu không có nội dung.");
    }
}
