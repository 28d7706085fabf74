using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.Web.Features;

namespace MotCua.Web;

/// <summary>
/// Reads a request's JSON body with <see cref="JsonOptions.Api"/> for the endpoints that read it themselves (intake
/// hashes the bytes; processing actions take an empty body as <c>{}</c>). A body that is not JSON at all (cut short, broken
/// syntax) is a 400 naming "body"; a body over <see cref="MaxBytes"/>, declared or sent in chunks, a 413 naming "body";
/// anything else unreadable a 422 naming EVERY such field at once (<see cref="ErrorsOf"/>), as every other invalid input
/// is (docs/API.md): "days[3].date" for a wrong type, "body" for an empty body or a JSON <c>null</c>.
/// </summary>
public static class JsonBody
{
    /// <summary>1 MiB: a dossier with a hundred documents is a few kilobytes; more is a mistake or an attack.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>The request read, or the problem to answer instead; <see cref="Bytes"/> is the body as sent.</summary>
    public sealed record Read<T>(T? Value, ReadOnlyMemory<byte> Bytes, IResult? Problem) where T : class
    {
        /// <summary>True when the body was over <see cref="MaxBytes"/> and not read: <see cref="Bytes"/> is then empty, so a
        /// caller that checks a signature over the bytes answers the 413 first (trial 14v LOW 2).</summary>
        public bool Oversized { get; init; }

        /// <summary>For a body with fields of the wrong type (a 422), every such field by its path.</summary>
        public Dictionary<string, string[]>? Errors { get; init; }

        /// <summary>For such a body, the rest of it read with those fields set aside (<see cref="ErrorsOf(Type, ReadOnlySpan{byte}, JsonException, out object?)"/>),
        /// so an endpoint can check what else is wrong and name it in the same answer; null when it could not be read even so.</summary>
        public T? SetAside { get; init; }

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
        if (request.ContentLength > MaxBytes) return new(null, default, TooLarge()) { Oversized = true };
        var buffer = new MemoryStream();
        var block = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(block, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return new(null, default, TooLarge()) { Oversized = true };
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
            var errors = ErrorsOf(typeof(T), bytes.Span, e, out var rest);
            return new(null, bytes, Problems.Validation(errors)) { Errors = errors, SetAside = rest as T };
        }
    }

    /// <summary>The most fields one answer names: a body of a thousand wrong fields costs a thousand reads otherwise.</summary>
    public const int MaxErrors = 50;

    /// <summary>
    /// Every field of <paramref name="json"/> (syntactically valid JSON) that cannot be read as <paramref name="type"/>, keyed
    /// by its JSON path as the client wrote it ("documents[2].reused"), starting with <paramref name="first"/>, where the
    /// serializer stopped (issue 16 trial: one 422 named only the first wrong type, the client fixed it and met the next).
    /// System.Text.Json stops at its first error, so the field it named is set aside in a copy of the document (its type's
    /// default: JSON null for a reference or nullable type, 0/false/… for a value type; removed when the request has no such
    /// field or the default is refused too) and the copy read again, until it reads or <see cref="MaxErrors"/> are named.
    /// A field only the set-aside made missing (a required one) is not named: the client sent it.
    /// </summary>
    public static Dictionary<string, string[]> ErrorsOf(Type type, ReadOnlySpan<byte> json, JsonException first) => ErrorsOf(type, json, first, out _);

    /// <summary><see cref="ErrorsOf(Type, ReadOnlySpan{byte}, JsonException)"/>, and <paramref name="rest"/> the copy that
    /// finally read, with every field named set aside (null when none did: <see cref="MaxErrors"/> reached, or a field the
    /// set-aside could not replace).</summary>
    public static Dictionary<string, string[]> ErrorsOf(Type type, ReadOnlySpan<byte> json, JsonException first, out object? rest)
    {
        rest = null;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { [JsonOptions.FieldOf(first.Path)] = [JsonOptions.MessageOf(first)] };
        try
        {
            var root = JsonNode.Parse(json);
            var (path, removing) = (first.Path, false);
            while (errors.Count < MaxErrors && root is not null && path is not null && SetAside(root, type, path, removing))
            {
                try
                {
                    rest = JsonSerializer.Deserialize(root.ToJsonString(), type, JsonOptions.Api);
                    break;
                }
                catch (JsonException e) when (!JsonOptions.IsSyntax(e))
                {
                    if (e.Path == path)
                    {
                        // The default was refused where the value was: remove the field instead, once.
                        if (removing) break;
                        removing = true;
                        continue;
                    }
                    // The whole body (a required field the set-aside removed): nothing more a client sent to name.
                    if (string.IsNullOrEmpty(e.Path) || e.Path == "$") break;
                    errors.TryAdd(JsonOptions.FieldOf(e.Path), [JsonOptions.MessageOf(e)]);
                    (path, removing) = (e.Path, false);
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or NotSupportedException or FormatException)
        {
            // A body the node reader takes otherwise than the serializer (a key given twice): the fields named so far stand.
        }
        return errors;
    }

    // Sets the value at path (as the serializer writes it: "$.documents[2].reused", "$['a b'][0]") to its type's default,
    // or removes it from its object; false when there is no such place.
    private static bool SetAside(JsonNode root, Type type, string path, bool remove)
    {
        var segments = Segments(path);
        if (segments is null or { Count: 0 }) return false;
        JsonNode? parent = root;
        Type? parentType = type;
        foreach (var segment in segments.Take(segments.Count - 1))
        {
            parent = segment switch
            {
                int index when parent is JsonArray array && index < array.Count => array[index],
                string name when parent is JsonObject o && KeyOf(o, name) is { } key => o[key],
                _ => null,
            };
            if (parent is null) return false;
            parentType = MemberType(parentType, segment);
        }
        var last = segments[^1];
        var memberType = remove ? null : MemberType(parentType, last);
        JsonNode? replacement = null;
        var replace = memberType is not null && (!memberType.IsValueType || Nullable.GetUnderlyingType(memberType) is not null
            || (replacement = JsonSerializer.SerializeToNode(Activator.CreateInstance(memberType), memberType, JsonOptions.Api)) is not null);
        switch (parent, last)
        {
            case (JsonArray array, int index) when index < array.Count:
                if (!replace) return false;
                array[index] = replacement;
                return true;
            case (JsonObject o, string name) when KeyOf(o, name) is { } key:
                if (replace) o[key] = replacement;
                else o.Remove(key);
                return true;
            default:
                return false;
        }
    }

    // The property as the serializer matched it (case-insensitive under JsonSerializerDefaults.Web).
    private static string? KeyOf(JsonObject o, string name) =>
        o.ContainsKey(name) ? name : o.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    // The declared type of a member of type (a property by its JSON name, a list's or a dictionary's element); null when
    // the request has no such member.
    private static Type? MemberType(Type? type, object segment)
    {
        if (type is null) return null;
        var info = JsonOptions.Api.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
        return (info.Kind, segment) switch
        {
            (System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Enumerable, int) => info.ElementType,
            (System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Dictionary, string) => info.ElementType,
            (System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object, string name) =>
                info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType,
            _ => null,
        };
    }

    // "$.a.b[2]['c d']" → ["a", "b", 2, "c d"]; null for a path this reading does not know.
    private static List<object>? Segments(string path)
    {
        if (!path.StartsWith('$')) return null;
        var segments = new List<object>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0) return null;
                segments.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)) return null;
                segments.Add(index);
                i = end + 1;
            }
            else return null;
        }
        return segments;
    }

    // New each time: the problem's instance and traceId are filled per request.
    private static IResult Missing() => Problems.Field("body", "Thiếu nội dung yêu cầu (JSON).");
    private static IResult TooLarge() => Problems.Field("body", $"Nội dung yêu cầu quá lớn (tối đa {MaxBytes / 1024 / 1024} MB).", StatusCodes.Status413PayloadTooLarge);
}
