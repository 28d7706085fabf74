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
    /// <summary>For dates of birth: the person must be at least this many full years old on the day the form is checked
    /// (Vietnam time), e.g. 20 for the husband and 18 for the wife (Luật Hôn nhân và gia đình 2014 Điều 8 khoản 1 điểm a:
    /// nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi); null for no such rule. 1–150.</summary>
    public int? MinAgeYears { get; init; }
    /// <summary>The name of a date field of the same form this value may not come after: a date not after that date, a
    /// number (a year, e.g. a parent's năm sinh) not after that date's year nor the current year (Vietnam time). Checked
    /// only when both values are valid; null for no such rule.</summary>
    public string? NotAfter { get; init; }
    /// <summary>The name of another field of the same form whose answer makes this one required (a parent's particulars
    /// once the parent's name is given); null for no such rule.</summary>
    public string? RequiredWith { get; init; }
    /// <summary>The repeated group the field belongs to (e.g. "banChinh", the originals of a copy request, Thông tư
    /// 01/2020/TT-BTP Điều 4): the fields of one group are asked together once per row, 1 to <see cref="EForm.MaxGroupRows"/>
    /// rows, and stored as "banChinh[0].tenBanChinh", "banChinh[1].tenBanChinh" … (<see cref="EForm.RowKey"/>); null for
    /// a field asked once.</summary>
    public string? Group { get; init; }
}

/// <summary>Checks submitted e-form values against the procedure's fields. Values arrive as text, as forms post them.</summary>
public static partial class EForm
{
    public const int MaxFields = 100;
    public const int MaxLabelLength = 200;

    /// <summary>The most rows a repeated group takes (the originals of one copy request): a bound, so one request cannot
    /// take a book's numbers without end.</summary>
    public const int MaxGroupRows = 20;

    /// <summary>The key a repeated group's value is stored and named under: "banChinh[2].soBanSao" (row from 0). Problems
    /// of the API name it after "formData." as every e-form field.</summary>
    public static string RowKey(string group, int row, string name) => $"{group}[{row.ToString(CultureInfo.InvariantCulture)}].{name}";

    [GeneratedRegex(@"^(?<group>[A-Za-z][A-Za-z0-9_]{0,49})\[(?<row>[0-9]{1,3})\]\.(?<name>[A-Za-z][A-Za-z0-9_]{0,49})$")]
    private static partial Regex RowKeyPattern();

    /// <summary>
    /// The rows of <paramref name="group"/> in stored values (dossiers.form_data), in row order, each by field name: the
    /// rows stored as <see cref="RowKey"/>; a dossier stored before the group existed (its fields under their own names,
    /// as the copy e-form asked one original until session 23) reads as one row of those names. Empty when neither is
    /// present.
    /// </summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Rows(IReadOnlyDictionary<string, string>? values, string group, IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (values is null) return [];
        var rows = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var (key, value) in values)
            if (RowKeyPattern().Match(key) is { Success: true } m && m.Groups["group"].Value == group && names.Contains(m.Groups["name"].Value))
            {
                var row = int.Parse(m.Groups["row"].Value, CultureInfo.InvariantCulture);
                if (!rows.TryGetValue(row, out var cells)) rows[row] = cells = [];
                cells[m.Groups["name"].Value] = value;
            }
        if (rows.Count > 0) return [.. rows.Values];
        var flat = names.Where(values.ContainsKey).ToDictionary(n => n, n => values[n]);
        return flat.Count > 0 ? [flat] : [];
    }

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
            if (field.MinAgeYears is { } minAge)
            {
                if (field.Type != EFormFieldType.Date) Add("minAgeYears", "Chỉ trường ngày (ngày sinh) mới có điều kiện tuổi tối thiểu.");
                else if (minAge is < 1 or > 150) Add("minAgeYears", "Tuổi tối thiểu phải từ 1 đến 150.");
            }
            if (field.NotAfter is { Length: > 0 } notAfter)
            {
                if (field.Type is not (EFormFieldType.Date or EFormFieldType.Number)) Add("notAfter", "Chỉ trường ngày hoặc số (năm) mới có điều kiện \"không sau ngày của trường\".");
                else if (notAfter == field.Name || !fields.Any(f => f.Name == notAfter && f.Type == EFormFieldType.Date))
                    Add("notAfter", $"\"{notAfter}\" không phải mã của một trường ngày khác trong biểu mẫu.");
            }
            if (field.RequiredWith is { Length: > 0 } requiredWith && (requiredWith == field.Name || fields.All(f => f.Name != requiredWith)))
                Add("requiredWith", $"\"{requiredWith}\" không phải mã của một trường khác trong biểu mẫu.");
            if (field.Group is { Length: > 0 } group)
            {
                if (!FieldName().IsMatch(group)) Add("group", "Mã nhóm lặp gồm chữ cái không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ cái (ví dụ: banChinh).");
                else if (fields.Any(f => f.Name == group)) Add("group", $"Mã nhóm lặp \"{group}\" trùng mã một trường.");
                // The rules between two fields compare single values; a row's field has one value per row.
                if (field.NotAfter is { Length: > 0 } || field.RequiredWith is { Length: > 0 })
                    Add("group", "Trường trong nhóm lặp không dùng điều kiện theo trường khác (không sau ngày của trường, bắt buộc khi đã nhập trường).");
            }
            if (new[] { field.NotAfter, field.RequiredWith }.Any(other => other is { Length: > 0 } && fields.Any(f => f.Name == other && f.Group is { Length: > 0 })))
                Add(field.NotAfter is { Length: > 0 } n && fields.Any(f => f.Name == n && f.Group is { Length: > 0 }) ? "notAfter" : "requiredWith",
                    "Không dùng một trường trong nhóm lặp làm điều kiện của trường khác.");
        }
        return problems;
    }

    /// <summary>
    /// The values cleaned (trimmed, NFC, dates as yyyy-MM-dd, numbers invariant, checkboxes "true"/"false") and, per
    /// field name, every problem in Vietnamese. Values for names the form does not declare are problems too: the
    /// dossier stores only what the procedure asks for (Nghị định 13/2023: collect what is needed).
    /// A repeated group (<see cref="EFormField.Group"/>) is sent as rows, "banChinh[0].tenBanChinh" …, or, as before the
    /// group existed, as one row under the fields' own names; it is stored as rows numbered from 0 in the order sent,
    /// a row left wholly blank dropped when another row is filled (the desk's spare row). Its problems are named as sent
    /// ("banChinh[2].soBanSao", or "soBanSao" for the one-row shape); more than <see cref="MaxGroupRows"/> rows, or both
    /// shapes at once, is a problem named by the group.
    /// </summary>
    public static (IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string[]> Errors) Validate(
        IReadOnlyList<EFormField> fields, IReadOnlyDictionary<string, string?> submitted, DateOnly today)
    {
        var values = new Dictionary<string, string>();
        var errors = new Dictionary<string, string[]>();
        var single = fields.Where(f => f.Group is not { Length: > 0 }).ToList();
        var groups = fields.Where(f => f.Group is { Length: > 0 }).GroupBy(f => f.Group!).ToList();
        // Each submitted row of a group, by the row number sent.
        var sentRows = new Dictionary<string, SortedDictionary<int, Dictionary<string, string?>>>();
        foreach (var (name, raw) in submitted)
        {
            if (single.Any(f => f.Name == name) || groups.Any(g => g.Any(f => f.Name == name))) continue;
            if (RowKeyPattern().Match(name) is { Success: true } m && groups.FirstOrDefault(g => g.Key == m.Groups["group"].Value) is { } group
                && group.Any(f => f.Name == m.Groups["name"].Value))
            {
                var row = int.Parse(m.Groups["row"].Value, CultureInfo.InvariantCulture);
                if (!sentRows.TryGetValue(group.Key, out var rows)) sentRows[group.Key] = rows = [];
                if (!rows.TryGetValue(row, out var cells)) rows[row] = cells = [];
                cells[m.Groups["name"].Value] = raw;
                continue;
            }
            errors[name] = [$"Biểu mẫu của thủ tục không có trường \"{name}\"."];
        }

        foreach (var field in single)
        {
            var raw = submitted.TryGetValue(field.Name, out var v) ? v : null;
            if (Clean(field, raw, today, out var value) is { } problem) errors[field.Name] = [problem];
            if (value is not null) values[field.Name] = value;
        }

        foreach (var group in groups)
        {
            var flat = group.Where(f => submitted.ContainsKey(f.Name)).Select(f => f.Name).ToList();
            var rows = sentRows.GetValueOrDefault(group.Key);
            if (rows is not null && flat.Count > 0)
            {
                errors[group.Key] = [$"Gửi các dòng của nhóm \"{group.Key}\" theo dạng {RowKey(group.Key, 0, group.First().Name)}, không kèm trường \"{flat[0]}\"."];
                continue;
            }
            // (the name a problem is given under, the values by field name) for each row, in the order sent.
            List<(Func<string, string> Named, Dictionary<string, string?> Cells)> sent = rows is null
                ? [(name => name, group.ToDictionary(f => f.Name, f => submitted.GetValueOrDefault(f.Name)))]
                : [.. rows.Select(r => ((Func<string, string>)(name => RowKey(group.Key, r.Key, name)), r.Value))];
            var filled = sent.Where(r => r.Cells.Values.Any(raw => !Blank(raw))).ToList();
            sent = filled.Count > 0 ? filled : [.. sent.Take(1)];
            if (sent.Count > MaxGroupRows)
            {
                errors[group.Key] = [$"Tờ khai nhận tối đa {MaxGroupRows} dòng \"{group.First().Label}\"; tách thành nhiều hồ sơ."];
                continue;
            }
            for (var row = 0; row < sent.Count; row++)
            {
                var (named, cells) = sent[row];
                foreach (var field in group)
                {
                    if (Clean(field, cells.GetValueOrDefault(field.Name), today, out var value) is { } problem) errors[named(field.Name)] = [problem];
                    if (value is not null) values[RowKey(group.Key, row, field.Name)] = value;
                }
            }
        }
        foreach (var field in single.Where(f => !errors.ContainsKey(f.Name)))
            if (Related(field, fields, values, today) is { } problem) errors[field.Name] = [problem];
        return (values, errors);
    }

    // A row's value that leaves the row blank when every value is (an unticked box counts as blank).
    private static bool Blank(string? raw) => string.IsNullOrWhiteSpace(raw) || raw.Trim() == "false";

    // One value checked and cleaned on its own: the problem in Vietnamese or null, and the clean value (null when absent
    // or invalid; a checkbox is always "true" or "false").
    private static string? Clean(EFormField field, string? submitted, DateOnly today, out string? value)
    {
        value = null;
        var raw = submitted?.Trim().Normalize();
        if (field.Type == EFormFieldType.Checkbox)
        {
            var isChecked = raw is "true" or "on" or "1";
            value = isChecked ? "true" : "false";
            return field.Required && !isChecked ? $"Vui lòng đánh dấu \"{field.Label}\"." : null;
        }
        if (string.IsNullOrEmpty(raw)) return field.Required ? $"Vui lòng nhập \"{field.Label}\"." : null;
        // Issue 12, item 8: a value is an answer to one question, not a document (1 MB was stored before this bound).
        if (raw.Length > TypedText.MaxFormValue) return $"\"{field.Label}\": {TypedText.Problem(raw, multiLine: true, TypedText.MaxFormValue)}";
        string? clean = null;
        var problem = field.Type switch
        {
            EFormFieldType.Number => decimal.TryParse(raw.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                ? Keep(number.ToString(CultureInfo.InvariantCulture))
                : $"\"{field.Label}\" phải là một số.",
            // Typed as dd/mm/yyyy (VietnameseDate): "15062024" is refused, never re-read as another date.
            EFormFieldType.Date => VietnameseDate.Parse(raw, field.Label) switch
            {
                ({ } date, _) when field.NotAfterToday && date > today => $"\"{field.Label}\" không được sau ngày hôm nay.",
                ({ } date, _) when field.MinAgeYears is { } minAge && date > today.AddYears(-minAge) =>
                    $"\"{field.Label}\": phải từ đủ {minAge} tuổi, tức sinh từ ngày {today.AddYears(-minAge):dd/MM/yyyy} trở về trước.",
                ({ } date, _) => Keep(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                (null, var error) => error,
            },
            EFormFieldType.Select => field.Options.Contains(raw) ? Keep(raw) : $"\"{field.Label}\" phải là một trong: {string.Join(", ", field.Options)}.",
            _ => Keep(raw),
        };
        if (problem is not null) return problem;
        if (field.Pattern is { Length: > 0 } pattern && !PatternMatches(pattern, clean!))
            return field.PatternMessage ?? $"\"{field.Label}\" không đúng định dạng.";
        value = clean;
        return null;

        string? Keep(string v)
        {
            clean = v;
            return null;
        }
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
