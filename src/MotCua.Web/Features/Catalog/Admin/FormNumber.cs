using System.Globalization;

namespace MotCua.Web.Features.Catalog.Admin;

/// <summary>
/// Numbers as browsers post them from type=number inputs: always with a dot. Model binding would read them in the
/// request culture, where vi-VN takes the dot for a thousands separator ("0.5" became 5), so the pages bind text.
/// Inputs that show these numbers take step="any": an allowance of 1/16 of a day (0.0625) is exact and must post back
/// unchanged, which neither a rounded display nor a coarser step allows.
/// </summary>
public static class FormNumber
{
    public static bool TryParse(string? text, out decimal? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed)) return false;
        value = parsed;
        return true;
    }

    /// <summary>The exact value, without trailing zeros ("0.0625", "2.5", "8"); "" for null.</summary>
    public static string Format(decimal? value) => value?.ToString("0.############################", CultureInfo.InvariantCulture) ?? "";
}
