using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using MotCua.Domain.Calendar;
using MotCua.Domain.Text;

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
    /// <summary>The name of a date field of the same form this value may not come after: a date not after that date, a
    /// number (a year, e.g. a parent's năm sinh) not after that date's year nor the current year (Vietnam time). Checked
    /// only when both values are valid; null for no such rule.</summary>
    public string? NotAfter { get; init; }
    /// <summary>The name of another field of the same form whose answer makes this one required (a parent's particulars
    /// once the parent's name is given); null for no such rule.</summary>
    public string? RequiredWith { get; init; }
}

/// <summary>Checks submitted e-form values against the procedure's fields. Values arrive as text, as forms post them.</summary>
public static partial class EForm
{
    public const int MaxFields = 100;
    public const int MaxLabelLength = 200;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,49}$")]
    private static partial Regex FieldName();

    /// <summary>
    /// Every problem of a declared form, each beside its member (name, label, options, pattern, notAfterToday), in
    /// Vietnamese: the rules an administrator's form must meet before <see cref="Validate"/> can check answers with it.
    /// Names are the keys answers are stored under (dossiers.form_data), so they are ASCII identifiers and unique.
    /// </summary>
    public static IReadOnlyList<LineProblem> Problems(IReadOnlyList<EFormField> fields)
    {
        var problems = new List<LineProblem>();
        if (fields.Count > MaxFields) problems.Add(new(-1, "", $"Biểu mẫu không quá {MaxFields} trường."));
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            void Add(string member, string message) => problems.Add(new(i, member, message));
            if (string.IsNullOrWhiteSpace(field.Name)) Add("name", "Vui lòng nhập mã trường.");
            else if (!FieldName().IsMatch(field.Name))
                Add("name", "Mã trường gồm chữ cái không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ cái, không quá 50 ký tự (ví dụ: hoTenTre).");
            else if (fields.Take(i).ToList().FindIndex(f => f.Name == field.Name) is >= 0 and var first)
                Add("name", $"Mã trường \"{field.Name}\" đã dùng cho trường {first + 1}.");
            if (string.IsNullOrWhiteSpace(field.Label)) Add("label", "Vui lòng nhập nhãn của trường.");
            else if (field.Label.Length > MaxLabelLength) Add("label", $"Nhãn không quá {MaxLabelLength} ký tự.");
            if (!Enum.IsDefined(field.Type)) Add("type", "Kiểu trường phải là văn bản, số, ngày, danh sách chọn hoặc ô đánh dấu.");
            if (field.Type == EFormFieldType.Select)
            {
                if (field.Options.Count == 0) Add("options", "Danh sách chọn cần ít nhất một lựa chọn.");
                else if (field.Options.Any(string.IsNullOrWhiteSpace)) Add("options", "Lựa chọn không được để trống.");
                else if (field.Options.Distinct().Count() != field.Options.Count) Add("options", "Các lựa chọn không được trùng nhau.");
            }
            else if (field.Options.Count > 0) Add("options", "Chỉ trường kiểu danh sách chọn mới có các lựa chọn.");
            if (field.Pattern is { Length: > 0 } pattern)
            {
                if (field.Type is not (EFormFieldType.Text or EFormFieldType.Number)) Add("pattern", "Chỉ trường văn bản hoặc số mới có mẫu kiểm tra.");
                else
                {
                    // Linear-time matching (NonBacktracking) refuses back-references, lookarounds and atomic groups:
                    // a pattern that needs them could make one typed value take seconds.
                    try { _ = new Regex(pattern, RegexOptions.NonBacktracking); }
                    catch (NotSupportedException)
                    {
                        Add("pattern", "Mẫu kiểm tra không được dùng tham chiếu ngược, nhìn trước/nhìn sau hoặc nhóm nguyên tử.");
                    }
                    catch (ArgumentException) { Add("pattern", "Mẫu kiểm tra không phải biểu thức chính quy hợp lệ."); }
                }
            }
            else if (!string.IsNullOrWhiteSpace(field.PatternMessage)) Add("patternMessage", "Thông báo khi sai mẫu chỉ dùng khi có mẫu kiểm tra.");
            if (field.NotAfterToday && field.Type != EFormFieldType.Date) Add("notAfterToday", "Chỉ trường ngày mới có điều kiện \"không sau hôm nay\".");
            if (field.NotAfter is { Length: > 0 } notAfter)
            {
                if (field.Type is not (EFormFieldType.Date or EFormFieldType.Number)) Add("notAfter", "Chỉ trường ngày hoặc số (năm) mới có điều kiện \"không sau ngày của trường\".");
                else if (notAfter == field.Name || !fields.Any(f => f.Name == notAfter && f.Type == EFormFieldType.Date))
                    Add("notAfter", $"\"{notAfter}\" không phải mã của một trường ngày khác trong biểu mẫu.");
            }
            if (field.RequiredWith is { Length: > 0 } requiredWith && (requiredWith == field.Name || fields.All(f => f.Name != requiredWith)))
                Add("requiredWith", $"\"{requiredWith}\" không phải mã của một trường khác trong biểu mẫu.");
        }
        return problems;
    }

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
            // Issue 12, item 8: a value is an answer to one question, not a document (1 MB was stored before this bound).
            if (raw.Length > TypedText.MaxFormValue)
            {
                errors[field.Name] = [$"\"{field.Label}\": {TypedText.Problem(raw, multiLine: true, TypedText.MaxFormValue)}"];
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
            if (field.Pattern is { Length: > 0 } pattern && !PatternMatches(pattern, values[field.Name]))
                errors[field.Name] = [field.PatternMessage ?? $"\"{field.Label}\" không đúng định dạng."];

            string? Clean(string value)
            {
                values[field.Name] = value;
                return null;
            }
        }
        foreach (var field in fields.Where(f => !errors.ContainsKey(f.Name)))
            if (Related(field, fields, values, today) is { } problem) errors[field.Name] = [problem];
        return (values, errors);
    }

    // The rules between two fields (RequiredWith, NotAfter), once each value is clean on its own: a rule whose other
    // field is missing or invalid says nothing, that field carries its own error.
    private static string? Related(EFormField field, IReadOnlyList<EFormField> fields, Dictionary<string, string> values, DateOnly today)
    {
        var has = values.TryGetValue(field.Name, out var value) && !(field.Type == EFormFieldType.Checkbox && value == "false");
        if (!has && field.RequiredWith is { } with && values.TryGetValue(with, out var other) && other is not ("" or "false"))
            return $"Vui lòng nhập \"{field.Label}\".";
        if (!has || field.NotAfter is not { } limitName) return null;
        var limitLabel = fields.FirstOrDefault(f => f.Name == limitName)?.Label ?? limitName;
        var limit = values.TryGetValue(limitName, out var iso) && DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        if (field.Type == EFormFieldType.Number)
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return $"\"{field.Label}\" phải là một năm, ví dụ 1990.";
            if (year > today.Year) return $"\"{field.Label}\" không được sau năm nay ({today.Year}).";
            return limit is { } l && year > l.Year ? $"\"{field.Label}\" không được sau năm của \"{limitLabel}\" ({l.Year})." : null;
        }
        return limit is { } date && DateOnly.ParseExact(value!, "yyyy-MM-dd", CultureInfo.InvariantCulture) > date
            ? $"\"{field.Label}\" không được sau \"{limitLabel}\" ({date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)})." : null;
    }

    // A field's pattern matched in linear time (NonBacktracking), so no input can make it slow and no timeout is
    // needed. A 100 ms match timeout fired on the simplest pattern when the machine was busy (load bench, 1 December
    // 2026) and the intake answered 500; the engine's own guarantee replaces the wall clock. Patterns are few (one per
    // e-form field) and building one costs far more than matching, so each is built once.
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    private static bool PatternMatches(string pattern, string value)
    {
        try { return Patterns.GetOrAdd(pattern, static p => Anchored(p)).IsMatch(value); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    // A pattern stored before definitions were required to be linear-time (Problems) keeps its backtracking engine,
    // bounded by a generous timeout so that a pathological one cannot hold a request: the value is then refused as not
    // matching, never a 500.
    private static Regex Anchored(string pattern)
    {
        try { return new Regex($"^(?:{pattern})$", RegexOptions.NonBacktracking); }
        catch (NotSupportedException) { return new Regex($"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromSeconds(2)); }
    }
}
