using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MotCua.Data;

/// <summary>
/// A property stored as one jsonb value (a list of steps, pauses, documents, an e-form's answers, an internal process).
/// </summary>
/// <remarks>
/// Change tracking compares such a value by its JSON and keeps a deep copy as its snapshot, so that an item added to a
/// list or a field changed inside it is saved like a replaced list. Without the comparer EF compares references and
/// silently drops an in-place edit (and warns, <c>CoreEventId.CollectionWithoutComparer</c>, which the app makes an error
/// in Development: <see cref="ModelWarnings"/>). The cost is one serialisation per tracked load and per save.
/// </remarks>
public static class JsonColumns
{
    /// <summary>Maps the property to a jsonb column, serialised with <paramref name="options"/> (default: <see cref="MotCuaDb.Json"/>).</summary>
    public static PropertyBuilder<T> IsJson<T>(this PropertyBuilder<T> property, JsonSerializerOptions? options = null)
    {
        options ??= MotCuaDb.Json;
        return property.HasColumnType("jsonb").HasConversion(
            new ValueConverter<T, string>(v => JsonSerializer.Serialize(v, options), v => JsonSerializer.Deserialize<T>(v, options)!),
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, options) == JsonSerializer.Serialize(b, options),
                v => JsonSerializer.Serialize(v, options).GetHashCode(),
                v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, options), options)!));
    }
}
