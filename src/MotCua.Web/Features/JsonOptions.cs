using System.Text.Json;
using System.Text.Json.Serialization;
using MotCua.Domain.Text;

namespace MotCua.Web.Features;

/// <summary>
/// The one reading of JSON the API accepts (issue 12, item 8), used by <see cref="JsonBody"/> and by the framework's own
/// binding alike (<see cref="Strict"/>): a key given twice, a field the request does not have, a string that is not
/// valid UTF-8, holds a control character (<see cref="TypedText"/>) or runs past <see cref="TypedText.MaxLength"/>, and an
/// enum given as a number are refused with 422 naming the field, never read as something else.
/// </summary>
public static class JsonOptions
{
    /// <summary>The bodies the endpoints read themselves (<see cref="JsonBody"/>: the accountant's confirmation, the
    /// partner's callback, the processing actions with the obligation's amount): <see cref="Strict"/>, as the framework's
    /// binding reads the others.</summary>
    public static readonly JsonSerializerOptions Api = Strict(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Makes <paramref name="options"/> the API's reading of JSON (camelCase enums as names, instants as
    /// <see cref="InstantJsonConverter"/> reads them, strings as <see cref="TextConverter"/> reads them, whole numbers as
    /// <see cref="WholeNumberConverter"/> reads them). The OpenAPI generator describes a type read by a custom converter as
    /// any value; <see cref="WholeNumberSchemaAsync"/> gives ids and amounts back their integer type.</summary>
    public static JsonSerializerOptions Strict(JsonSerializerOptions options)
    {
        options.AllowDuplicateProperties = false;
        // JsonSerializerDefaults.Web reads "50000" (a string) as the number 50000: a partner's amountVnd sent as text, or
        // "1e3", would be taken as money; numbers are read only as JSON numbers, a string for one is a wrong type (422).
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // A number for an enum would be stored as is (timeLimitUnit 99 or 32768); only the names are read.
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new InstantJsonConverter());
        options.Converters.Add(new TextConverter());
        // Whole numbers may carry a zero fraction (trial14r LOW 2), in every body: a refund's or an attachment's amount
        // too, which the framework binds.
        options.Converters.Add(new WholeNumberConverter());
        return options;
    }

    /// <summary>An OpenAPI schema transformer: a <c>long</c> (ids, amounts in VND), which <see cref="WholeNumberConverter"/>
    /// reads, is described as <c>integer</c>, format <c>int64</c> (nullable when the property is <c>long?</c>), as the
    /// generator would describe it without the converter; so are the items of a list of them.</summary>
    public static Task WholeNumberSchemaAsync(Microsoft.OpenApi.OpenApiSchema schema, Microsoft.AspNetCore.OpenApi.OpenApiSchemaTransformerContext context,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        Describe(schema, context.JsonTypeInfo.Type);
        // A list's items read by the converter are left out altogether; they are described afresh.
        if (context.JsonTypeInfo.ElementType is { } element && (element == typeof(long) || element == typeof(long?)))
        {
            var items = schema.Items as Microsoft.OpenApi.OpenApiSchema ?? new Microsoft.OpenApi.OpenApiSchema();
            Describe(items, element);
            schema.Items = items;
        }
        return Task.CompletedTask;

        static void Describe(Microsoft.OpenApi.OpenApiSchema schema, Type type)
        {
            if (type != typeof(long) && type != typeof(long?)) return;
            schema.Type = type == typeof(long) ? Microsoft.OpenApi.JsonSchemaType.Integer : Microsoft.OpenApi.JsonSchemaType.Integer | Microsoft.OpenApi.JsonSchemaType.Null;
            schema.Format = "int64";
        }
    }

    /// <summary>What a client is told about JSON it sent that could not be read: the instant rule when an instant was
    /// unreadable, the text rule when a string was refused, otherwise that a type or the syntax is wrong.</summary>
    public static string MessageOf(JsonException e) =>
        e.Message is MotCua.Domain.Calendar.VietnamTime.ApiInstantFormat or MotCua.Domain.Calendar.VietnamTime.InstantFormat or MotCua.Domain.Calendar.VietnamTime.ApiInstantRange
            || e is TextConverter.Refused or WholeNumberConverter.Refused ? e.Message
        : e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Trường này không có trong yêu cầu; xem tài liệu API."
        : e.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) ? "Trường này xuất hiện hơn một lần."
        : IsSyntax(e) ? "Nội dung không phải JSON hợp lệ (sai cú pháp hoặc bị cắt ngắn)."
        : "Nội dung JSON không hợp lệ: sai kiểu dữ liệu hoặc sai cú pháp.";

    /// <summary>Whether the body is not JSON at all (cut short, broken syntax): the serializer wraps the reader's own
    /// exception; a wrong type, an unknown or repeated field and a refused string carry none.</summary>
    public static bool IsSyntax(JsonException e) => e.InnerException is JsonException;

    /// <summary>"$.applicant.idNumber" → "applicant.idNumber", the field name a client sees in errors.</summary>
    public static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.TrimStart('$', '.');

    /// <summary>
    /// Whole numbers (amounts in đồng, ids) as a JSON number: an integer, or one written with a zero fraction
    /// ("1000000.0", "1e6"), which is the same number (trial14r LOW 2: a client serialising money as a double sent
    /// 1000000.0 and was told it was the wrong type); a non-zero fraction (1000000.5) is refused naming the field, never
    /// rounded. A string is still the wrong type (<see cref="JsonNumberHandling.Strict"/>).
    /// </summary>
    public sealed class WholeNumberConverter : JsonConverter<long>
    {
        /// <summary>A number refused for its fraction or size; its message is the Vietnamese reason.</summary>
        public sealed class Refused(string message) : JsonException(message);

        /// <summary>What a number with a fraction is told.</summary>
        public const string FractionMessage = "Phải là số nguyên (như 1000000 hoặc 1000000.0); phần thập phân khác 0 như 1000000.5 không được nhận.";

        public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.Number) throw new JsonException();
            if (reader.TryGetInt64(out var whole)) return whole;
            if (!reader.TryGetDecimal(out var value)) throw new Refused("Số quá lớn.");
            if (value != decimal.Truncate(value)) throw new Refused(FractionMessage);
            return value is >= long.MinValue and <= long.MaxValue ? (long)value : throw new Refused("Số quá lớn.");
        }

        public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    /// <summary>
    /// Strings as handed in: valid UTF-8 (System.Text.Json would otherwise put U+FFFD in place of bad bytes and go on),
    /// no control character but tab and line breaks, at most <see cref="TypedText.MaxLength"/> characters.
    /// </summary>
    public sealed class TextConverter : JsonConverter<string>
    {
        /// <summary>A string refused by the text rule; its message is the Vietnamese reason.</summary>
        public sealed class Refused : JsonException
        {
            public Refused(string message) : base(message) { }

            /// <summary>Refused at <paramref name="path"/> ("$.formData.noiSinh"): for a converter that reads several fields
            /// as one value (an e-form's values), where the serializer would name only the whole value.</summary>
            public Refused(string message, string path) : base(message, path, null, null) { }
        }

        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException();
            var valid = reader.HasValueSequence
                ? System.Text.Unicode.Utf8.IsValid(System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence))
                : System.Text.Unicode.Utf8.IsValid(reader.ValueSpan);
            if (!valid) throw new Refused("Chuỗi không phải UTF-8 hợp lệ.");
            string text;
            try { text = reader.GetString()!; }
            catch (InvalidOperationException) { throw new Refused(TypedText.ControlMessage); } // an escaped half surrogate
            return TypedText.Problem(text, multiLine: true) is { } problem ? throw new Refused(problem) : text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
