using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MotCua.Domain.Catalog;

namespace MotCua.Web.Features.Intake;

/// <summary>
/// Reads an e-form's values (<c>formData</c>: field name → value) as text whether the client wrote a value as a string or
/// as a JSON number (<c>"soTrang": 5</c> and <c>"soTrang": "5"</c> are the same count; the eighth trial of issue 14 found
/// numbers refused). A number keeps its JSON text as written; <c>null</c> stays null; true/false and objects are refused
/// with a <see cref="JsonException"/> whose path names the field (a 422 naming <c>formData.soTrang</c>).
/// A repeated group's rows may come as an array of objects, <c>"banChinh": [{"tenBanChinh": "…", "soBanSao": 2}]</c>:
/// each cell is stored under the Domain's row key (<see cref="EForm.RowKey"/>, <c>banChinh[0].soBanSao</c>), the same
/// values as the flat keys, so <see cref="EForm.Validate"/> reads, checks and names them one way
/// (<c>formData.banChinh[2].soBanSao</c>). A row that is not an object, a cell that is not text or a number, or a cell
/// sent both in the array and as a flat key is refused naming it.
/// </summary>
public sealed class FormValuesConverter : JsonConverter<IReadOnlyDictionary<string, string?>>
{
    public override IReadOnlyDictionary<string, string?> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Dữ liệu biểu mẫu phải là một đối tượng JSON (tên trường → giá trị).");
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var text = (JsonConverter<string>)options.GetConverter(typeof(string));
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                ReadRows(ref reader, name, values, text, options);
                continue;
            }
            Put(values, name, Value(ref reader, name, text, options));
        }
        return values;
    }

    // The rows of a repeated group, "banChinh": [{…}, {…}], stored as the flat keys banChinh[0].tenBanChinh ….
    private static void ReadRows(ref Utf8JsonReader reader, string group, Dictionary<string, string?> values, JsonConverter<string> text, JsonSerializerOptions options)
    {
        for (var row = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; row++)
        {
            var at = $"{group}[{row.ToString(CultureInfo.InvariantCulture)}]";
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new JsonOptions.TextConverter.Refused($"Mỗi dòng của nhóm '{group}' phải là một đối tượng JSON (tên trường → giá trị).", "$.formData." + at);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = EForm.RowKey(group, row, reader.GetString()!);
                reader.Read();
                Put(values, name, Value(ref reader, name, text, options));
            }
        }
    }

    // A cell given twice (in the array and as the flat key) is refused rather than one silently winning.
    private static void Put(Dictionary<string, string?> values, string name, string? value)
    {
        if (name.Contains('[', StringComparison.Ordinal) && values.ContainsKey(name))
            throw new JsonOptions.TextConverter.Refused($"Trường biểu mẫu '{name}' được gửi hai lần (trong mảng và theo tên).", "$.formData." + name);
        values[name] = value;
    }

    private static string? Value(ref Utf8JsonReader reader, string name, JsonConverter<string> text, JsonSerializerOptions options)
    {
        try
        {
            return reader.TokenType switch
            {
                // Through the app's string converter (JsonOptions.TextConverter): its UTF-8, control-character and
                // length checks hold for the e-form's values as for every other string.
                JsonTokenType.String => text.Read(ref reader, typeof(string), options),
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
                JsonTokenType.Null => null,
                _ => throw new JsonException($"Giá trị của trường biểu mẫu '{name}' phải là chữ hoặc số."),
            };
        }
        catch (JsonException refused) when (refused.Path is null)
        {
            // The serializer would name formData alone; the 422 names the field (formData.noiSinh, formData.banChinh[2].soBanSao).
            throw new JsonOptions.TextConverter.Refused(refused.Message, "$.formData." + name);
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string?> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, text) in value) writer.WriteString(name, text);
        writer.WriteEndObject();
    }
}
