using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MotCua.Domain.Catalog;

/// <summary>
/// The JSON shape of procedure specs (the seed sample, API payloads): web defaults (camelCase), enums as camelCase
/// strings, Vietnamese written as is rather than \u-escaped (relaxed escaping: fine for files and API bodies, not for
/// pasting into HTML), indented.
/// </summary>
public static class ProcedureCatalogJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
