using System.Text.Json;
using System.Text.Json.Serialization;

namespace MotCua.Web.Features;

public static class JsonOptions
{
    public static readonly JsonSerializerOptions Api = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new InstantJsonConverter() },
    };

    /// <summary>What a client is told about JSON it sent that could not be read: the instant rule when an instant was
    /// unreadable, otherwise that a type or the syntax is wrong.</summary>
    public static string MessageOf(JsonException e) =>
        e.Message == MotCua.Domain.Calendar.VietnamTime.InstantFormat ? e.Message : "Nội dung JSON không hợp lệ: sai kiểu dữ liệu hoặc sai cú pháp.";

    /// <summary>"$.applicant.idNumber" → "applicant.idNumber", the field name a client sees in errors.</summary>
    public static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.TrimStart('$', '.');
}
