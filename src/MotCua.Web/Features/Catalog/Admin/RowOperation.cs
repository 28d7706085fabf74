namespace MotCua.Web.Features.Catalog.Admin;

/// <summary>
/// The list editors' row buttons (document list, e-form): each posts the whole form with <c>op</c> = "add",
/// "remove:i", "up:i" or "down:i" and gets the page back with the rows rearranged, nothing saved. The same post
/// serves plain forms and htmx, which swaps only the list.
/// </summary>
public static class RowOperation
{
    /// <summary>Applies <paramref name="op"/> to <paramref name="rows"/>; false when it is not a row operation (e.g. "save"). An index out of range changes nothing.</summary>
    public static bool TryApply<T>(string? op, List<T> rows) where T : new()
    {
        if (op == "add")
        {
            rows.Add(new T());
            return true;
        }
        if (op?.Split(':') is not [var verb and ("remove" or "up" or "down"), var number] || !int.TryParse(number, out var i)) return false;
        if (i < 0 || i >= rows.Count) return true;
        var other = verb switch { "up" => i - 1, "down" => i + 1, _ => -1 };
        if (verb == "remove") rows.RemoveAt(i);
        else if (other >= 0 && other < rows.Count) (rows[i], rows[other]) = (rows[other], rows[i]);
        return true;
    }

    /// <summary>Text as posted from an input or textarea: trimmed, NFC, browser line breaks (CR LF) as LF; null when blank.</summary>
    public static string? Text(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Replace("\r\n", "\n").Trim().Normalize();
}
