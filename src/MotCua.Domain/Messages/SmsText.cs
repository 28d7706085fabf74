using System.Globalization;
using System.Text;

namespace MotCua.Domain.Messages;

/// <summary>How an SMS is encoded on the air: GSM 03.38 7-bit (160 characters a segment) or UCS-2 (70).</summary>
public enum SmsEncoding
{
    /// <summary>Every character is in the GSM 03.38 basic set or its extension table.</summary>
    Gsm7,
    /// <summary>At least one character is not (any Vietnamese letter with a mark: ă, ơ, ư, đ, every tone).</summary>
    Ucs2,
}

/// <summary>
/// The size of an SMS: its encoding, its length in the encoding's units (septets for GSM-7, UTF-16 code units for
/// UCS-2) and the segments a phone network bills. One segment holds 160 septets or 70 UCS-2 units; a longer text is
/// split into parts that each lose 7 septets / 3 units to the concatenation header (153 / 67).
/// </summary>
public sealed record SmsSize(SmsEncoding Encoding, int Units, int Segments)
{
    /// <summary>The units one segment holds for this encoding when the text is sent alone.</summary>
    public int SingleLimit => Encoding == SmsEncoding.Gsm7 ? SmsText.GsmSingle : SmsText.UcsSingle;
}

/// <summary>
/// SMS text rules (GSM 03.38, 3GPP TS 23.038 and TS 23.040): which alphabet a text needs, how many segments it takes,
/// and the Vietnamese text without diacritics that a template may choose so that a message fits 160-character segments
/// (with diacritics every segment holds only 70).
/// </summary>
public static class SmsText
{
    /// <summary>Septets in a single GSM-7 message.</summary>
    public const int GsmSingle = 160;
    /// <summary>Septets in each part of a multipart GSM-7 message (160 less the 7 of the concatenation header).</summary>
    public const int GsmPart = 153;
    /// <summary>UTF-16 code units in a single UCS-2 message.</summary>
    public const int UcsSingle = 70;
    /// <summary>UTF-16 code units in each part of a multipart UCS-2 message.</summary>
    public const int UcsPart = 67;

    // GSM 03.38 default alphabet, the 128 positions in order (0x1B, the escape to the extension table, is not a character).
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // The extension table: each is sent as the escape and itself, two septets.
    private const string Extension = "\f^{}\\[~]|€";

    /// <summary>Whether <paramref name="c"/> is in the GSM 03.38 basic set (one septet).</summary>
    public static bool IsGsmBasic(char c) => c != '\u001B' && Basic.Contains(c);

    /// <summary>Whether <paramref name="c"/> is in the GSM 03.38 extension table (two septets).</summary>
    public static bool IsGsmExtension(char c) => Extension.Contains(c);

    /// <summary>
    /// The encoding, length and segments of <paramref name="text"/>. GSM-7 when every character is in the basic set or the
    /// extension table (those count two septets), UCS-2 otherwise. Parts are filled the way handsets fill them: an
    /// extension character's two septets, or a surrogate pair's two units (an emoji), are never split between parts, so
    /// a part may hold one unit less. The empty text takes no segment.
    /// </summary>
    public static SmsSize Measure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var gsm = text.All(c => IsGsmBasic(c) || IsGsmExtension(c));
        var sizes = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (gsm) sizes.Add(IsGsmExtension(text[i]) ? 2 : 1);
            else if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { sizes.Add(2); i++; }
            else sizes.Add(1);
        }
        var units = sizes.Sum();
        var (single, part) = gsm ? (GsmSingle, GsmPart) : (UcsSingle, UcsPart);
        if (units == 0) return new(gsm ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2, 0, 0);
        if (units <= single) return new(gsm ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2, units, 1);
        int segments = 1, filled = 0;
        foreach (var size in sizes)
        {
            if (filled + size > part) { segments++; filled = 0; }
            filled += size;
        }
        return new(gsm ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2, units, segments);
    }

    /// <summary>
    /// Vietnamese without diacritics, as SMS brandname messages are commonly sent: every tone and vowel mark dropped
    /// (ắ → a, ờ → o, ữ → u, Ệ → E), đ → d and Đ → D; case, spacing and punctuation stay as they are (unlike the search
    /// folding of <c>SearchText</c>, which lower-cases and splits words). Marks on other letters go too (é → e); letters
    /// the decomposition cannot reach stay.
    /// </summary>
    public static string WithoutDiacritics(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var plain = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
            plain.Append(c switch { 'đ' => 'd', 'Đ' or 'Ð' => 'D', _ => c });
        }
        return plain.ToString().Normalize(NormalizationForm.FormC);
    }
}
