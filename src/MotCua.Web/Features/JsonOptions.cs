using System.Text.Json;
using System.Text.Json.Serialization;

namespace MotCua.Web.Features;

public static class JsonOptions
{
    public static readonly JsonSerializerOptions Api = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>"$.applicant.idNumber" → "applicant.idNumber", the field name a client sees in errors.</summary>
    public static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.TrimStart('$', '.');
}
