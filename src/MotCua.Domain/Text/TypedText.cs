namespace MotCua.Domain.Text;

/// <summary>
/// What text a person or a system may hand in, anywhere: no control characters (U+0000–U+001F, U+007F–U+009F), except
/// tab and line breaks where several lines are allowed (notes, reasons, addresses typed in a text area), and no half of
/// a surrogate pair. PostgreSQL cannot store U+0000 in text at all, and the others only hide text from the officer who
/// reads it; neither belongs in a dossier.
/// </summary>
public static class TypedText
{
    /// <summary>The longest text any single value may carry, in characters, unless its own rule says less (a document
    /// name of the catalogue runs to 4,704 characters; an e-form value is held to <see cref="MaxFormValue"/>).</summary>
    public const int MaxLength = 10_000;

    /// <summary>A note, a reason or a finding an officer writes on a dossier: a few paragraphs.</summary>
    public const int MaxNote = 2_000;

    /// <summary>One value of a procedure's e-form.</summary>
    public const int MaxFormValue = 4_000;

    /// <summary>What the citizen or officer is told when a value holds a character it may not.</summary>
    public const string ControlMessage = "Có ký tự điều khiển hoặc ký tự không hợp lệ (ví dụ U+0000); vui lòng nhập lại bằng chữ thường.";

    /// <summary>Whether <paramref name="text"/> holds only characters that may be handed in; <paramref name="multiLine"/>
    /// allows tab, CR and LF.</summary>
    public static bool IsClean(ReadOnlySpan<char> text, bool multiLine)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && !(multiLine && c is '\t' or '\r' or '\n')) return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return false;
        }
        return true;
    }

    /// <summary>The Vietnamese reason a value of at most <paramref name="max"/> characters is refused, or null when it may
    /// be handed in.</summary>
    public static string? Problem(string? text, bool multiLine, int max = MaxLength) =>
        text is null ? null
        : !IsClean(text, multiLine) ? ControlMessage
        : text.Length > max ? $"Không quá {max.ToString("N0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', '.')} ký tự."
        : null;
}
