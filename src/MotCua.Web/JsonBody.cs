using System.Text.Json;
using MotCua.Web.Features;

namespace MotCua.Web;

/// <summary>
/// Reads a request's JSON body with <see cref="JsonOptions.Api"/> for the endpoints that read it themselves (intake
/// hashes the bytes; processing actions take an empty body as <c>{}</c>). A body that is not JSON at all (cut short, broken
/// syntax) is a 400 naming "body"; a body over <see cref="MaxBytes"/>, declared or sent in chunks, a 413 naming "body";
/// anything else unreadable a 422 naming the field, as every other invalid input is (docs/API.md): "days[3].date" for a
/// wrong type, "body" for an empty body or a JSON <c>null</c>.
/// </summary>
public static class JsonBody
{
    /// <summary>1 MiB: a dossier with a hundred documents is a few kilobytes; more is a mistake or an attack.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>The request read, or the problem to answer instead; <see cref="Bytes"/> is the body as sent.</summary>
    public sealed record Read<T>(T? Value, ReadOnlyMemory<byte> Bytes, IResult? Problem) where T : class
    {
        /// <summary>The top-level fields the body names (as the reader matches them: case-insensitive), so that a partial
        /// update can tell a field left out (unchanged) from one sent as null (back to the default).</summary>
        public IReadOnlySet<string> Given => FieldsOf(Bytes.Span);
    }

    /// <summary>The names of the top-level object's properties in <paramref name="json"/> (already read successfully).</summary>
    public static IReadOnlySet<string> FieldsOf(ReadOnlySpan<byte> json)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (json.Trim(" \t\r\n"u8).IsEmpty) return names;
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1) names.Add(reader.GetString()!);
        return names;
    }

    /// <param name="empty">The JSON an empty body stands for (e.g. <c>{}</c>), or null when a body is required.</param>
    public static async Task<Read<T>> ReadAsync<T>(HttpRequest request, CancellationToken ct, string? empty = null) where T : class
    {
        if (request.ContentLength > MaxBytes) return new(null, default, TooLarge());
        var buffer = new MemoryStream();
        var block = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(block, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return new(null, default, TooLarge());
            buffer.Write(block, 0, read);
        }
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var blank = bytes.Span.Trim(" \t\r\n"u8).IsEmpty;
        if (blank && empty is null) return new(null, bytes, Missing());
        try
        {
            var value = blank ? JsonSerializer.Deserialize<T>(empty!, JsonOptions.Api) : JsonSerializer.Deserialize<T>(bytes.Span, JsonOptions.Api);
            return value is null ? new(null, bytes, Missing()) : new(value, bytes, null);
        }
        catch (JsonException e) when (JsonOptions.IsSyntax(e))
        {
            return new(null, bytes, Problems.Field("body", JsonOptions.MessageOf(e), StatusCodes.Status400BadRequest));
        }
        catch (JsonException e)
        {
            return new(null, bytes, Problems.Field(JsonOptions.FieldOf(e.Path), JsonOptions.MessageOf(e)));
        }
    }

    // New each time: the problem's instance and traceId are filled per request.
    private static IResult Missing() => Problems.Field("body", "Thiếu nội dung yêu cầu (JSON).");
    private static IResult TooLarge() => Problems.Field("body", $"Nội dung yêu cầu quá lớn (tối đa {MaxBytes / 1024 / 1024} MB).", StatusCodes.Status413PayloadTooLarge);
}
