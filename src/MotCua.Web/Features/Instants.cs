using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using MotCua.Domain.Calendar;

namespace MotCua.Web.Features;

/// <summary>
/// Every instant the API reads goes through <see cref="VietnamTime.TryParseApiInstant"/> (the offset required), and
/// every instant it writes is at +07:00, whatever offset it was stored or computed with (timestamptz comes back as UTC).
/// </summary>
public sealed class InstantJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (VietnamTime.TryParseApiInstant(text, out var instant)) return instant;
        throw new JsonException(VietnamTime.IsApiInstantOutOfRange(text) ? VietnamTime.ApiInstantRange : VietnamTime.ApiInstantFormat);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(VietnamTime.ToVietnam(value).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
}

/// <summary>The same rule for instants posted by pages (a date-time field carries no offset): Vietnam time.</summary>
public sealed class InstantModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext context)
    {
        var value = context.ValueProvider.GetValue(context.ModelName);
        if (value == ValueProviderResult.None || string.IsNullOrWhiteSpace(value.FirstValue)) return Task.CompletedTask;
        context.ModelState.SetModelValue(context.ModelName, value);
        if (VietnamTime.TryParseInstant(value.FirstValue, out var instant)) context.Result = ModelBindingResult.Success(instant);
        else context.ModelState.TryAddModelError(context.ModelName, VietnamTime.InstantFormat);
        return Task.CompletedTask;
    }

    public sealed class Provider : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
            context.Metadata.UnderlyingOrModelType == typeof(DateTimeOffset) ? new InstantModelBinder() : null;
    }
}
