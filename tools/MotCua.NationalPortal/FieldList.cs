using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MotCua.NationalPortal;

/// <summary>One key of the field list: whether it must be present, its code list, whether it is a date-time
/// (<c>format yyyyMMddHHmmss</c>, or a name starting with <c>Ngay</c> [choice]), a list with its item keys, or a list of
/// lists inside an item.</summary>
public sealed record FieldSpec(string Name, bool Required, IReadOnlySet<string>? Values, bool Instant, bool Digits,
    IReadOnlyList<FieldSpec>? Items, bool Array)
{
    public bool IsList => Array || Items is not null;
}

/// <summary>
/// The portal's field list (dvcqg_dossier_sync_fields.json, loaded at start from <c>Portal:FieldList</c>) turned into the
/// checks the simulator makes on every HoSo and QuaTrinhXuLy: every <c>required: true</c> and "tandan only" key present,
/// no key outside the list, every scalar a JSON string, date-times 14 digits of a real date, codes in their lists, lists
/// with their item keys. The same file generates MotCua's tests, so the two cannot drift apart.
/// </summary>
public sealed partial class FieldList
{
    public IReadOnlyList<FieldSpec> HoSo { get; }
    public IReadOnlyList<FieldSpec> Step { get; }
    public IReadOnlyDictionary<string, string> Statuses { get; }

    public FieldList(JsonObject list)
    {
        Statuses = list["TrangThaiHoSo"]!.AsObject().Where(p => !p.Key.StartsWith('_')).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        HoSo = Section(list["HoSo"]!.AsObject());
        Step = Section(list.First(p => p.Key.StartsWith("QuaTrinhXuLy", StringComparison.Ordinal)).Value!.AsObject());
    }

    public static FieldList Load(string path) => new(JsonNode.Parse(File.ReadAllText(path))!.AsObject());

    private List<FieldSpec> Section(JsonObject section) => [.. section.Select(p => Spec(p.Key, p.Value!.AsObject()))];

    private FieldSpec Spec(string name, JsonObject spec)
    {
        var required = spec["required"] is JsonValue r && (r.TryGetValue<bool>(out var b) ? b : r.GetValue<string>() == "tandan only");
        IReadOnlySet<string>? values = spec["values"] is JsonObject v ? v.Select(p => p.Key).ToHashSet()
            : spec["values_ref"]?.GetValue<string>() == "TrangThaiHoSo" ? Statuses.Keys.ToHashSet() : null;
        var instant = spec["format"]?.GetValue<string>() == "yyyyMMddHHmmss" || name.StartsWith("Ngay", StringComparison.Ordinal);
        List<FieldSpec>? items = spec["item"] is JsonObject item ? [.. item.Select(p => ItemSpec(p.Key, p.Value!.GetValue<string>()))] : null;
        return new FieldSpec(name, required, values, instant, false, items, spec["type"]?.GetValue<string>() == "array");
    }

    // An item key's description says what it holds: "0/1", "0/1/2", "'False'/'True' or 0/1", "int", "amount as string",
    // "array …"; a key named Ngay… is a date-time. Item keys are all present in both implementations, so all are required.
    private static FieldSpec ItemSpec(string name, string description)
    {
        if (description.StartsWith("array", StringComparison.Ordinal)) return new FieldSpec(name, true, null, false, false, null, true);
        IReadOnlySet<string>? values = CodeList().IsMatch(description) ? description.Split('/').ToHashSet()
            : description.StartsWith("'False'/'True'", StringComparison.Ordinal) ? new HashSet<string> { "False", "True", "0", "1" } : null;
        var digits = description is "int" or "amount as string";
        return new FieldSpec(name, true, values, name.StartsWith("Ngay", StringComparison.Ordinal), digits, null, false);
    }

    /// <summary>Every problem of <paramref name="value"/> against <paramref name="specs"/>, named by path
    /// (<c>TaiLieuNop[0].DuocSoHoa: giá trị '2' không thuộc 0, 1</c>); empty when it is well-formed.</summary>
    public static List<string> Check(JsonObject value, IReadOnlyList<FieldSpec> specs, string prefix = "")
    {
        var problems = new List<string>();
        var known = specs.Select(s => s.Name).ToHashSet();
        foreach (var extra in value.Select(p => p.Key).Where(k => !known.Contains(k)))
            problems.Add($"{prefix}{extra}: trường không có trong danh mục trường đồng bộ");
        foreach (var spec in specs)
        {
            var path = prefix + spec.Name;
            if (!value.TryGetPropertyValue(spec.Name, out var node))
            {
                if (spec.Required) problems.Add($"{path}: thiếu trường bắt buộc");
                continue;
            }
            if (spec.IsList)
            {
                if (node is not JsonArray array) { problems.Add($"{path}: phải là một danh sách"); continue; }
                if (spec.Items is null) continue;
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject item) problems.AddRange(Check(item, spec.Items, $"{path}[{i}]."));
                    else problems.Add($"{path}[{i}]: phải là một đối tượng");
                }
                continue;
            }
            if (node is not JsonValue scalar || !scalar.TryGetValue<string>(out var text)) { problems.Add($"{path}: phải là chuỗi ký tự"); continue; }
            if (spec.Required && text.Length == 0 && !spec.Instant && spec.Values is null && prefix.Length == 0 && spec.Name != "SoGiayToChuHoSo")
                problems.Add($"{path}: không được để trống");
            if (spec.Instant && text.Length > 0 && !IsInstant(text)) problems.Add($"{path}: '{text}' không đúng định dạng yyyyMMddHHmmss");
            if (spec.Instant && spec.Required && prefix.Length == 0 && text.Length == 0) problems.Add($"{path}: không được để trống");
            if (spec.Values is { } codes && (text.Length > 0 || spec.Required) && !codes.Contains(text))
                problems.Add($"{path}: giá trị '{text}' không thuộc {string.Join(", ", codes.Order(StringComparer.Ordinal))}");
            if (spec.Digits && text.Length > 0 && !text.All(char.IsAsciiDigit)) problems.Add($"{path}: '{text}' phải là số nguyên");
        }
        return problems;
    }

    /// <summary>14 digits of a real date-time.</summary>
    public static bool IsInstant(string text) =>
        text.Length == 14 && DateTime.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    [GeneratedRegex(@"^\d(/\d)+$")]
    private static partial Regex CodeList();
}
