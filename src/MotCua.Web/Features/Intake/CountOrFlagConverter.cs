using System.Text.Json;
using System.Text.Json.Serialization;

namespace MotCua.Web.Features.Intake;

/// <summary>Accepts a document's originals as a count or as true/false (one original or none).</summary>
public sealed class CountOrFlagConverter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => 1,
        JsonTokenType.False => 0,
        JsonTokenType.Number when reader.TryGetInt32(out var count) => count,
        _ => throw new JsonException("Giá trị phải là số bản hoặc true/false."),
    };

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
