using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MotCua.Web.Features.Intake;

/// <summary>
/// Reads an e-form's values (<c>formData</c>: field name → value) as text whether the client wrote a value as a string or
/// as a JSON number (<c>"soTrang": 5</c> and <c>"soTrang": "5"</c> are the same count; the eighth trial of issue 14 found
/// numbers refused). A number keeps its JSON text as written; <c>null</c> stays null; true/false, arrays and objects
/// are refused with a <see cref="JsonException"/> whose path names the field (a 422 naming <c>formData.soTrang</c>).
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
            try
            {
                values[name] = reader.TokenType switch
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
                // The serializer would name formData alone; the 422 names the field (formData.noiSinh).
                throw new JsonOptions.TextConverter.Refused(refused.Message, "$.formData." + name);
            }
        }
        return values;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string?> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, text) in value) writer.WriteString(name, text);
        writer.WriteEndObject();
    }
}
