using System.Globalization;
using System.Text;

namespace MotCua.Domain.Identity;

/// <summary>What the public may see of a person (Nghị định 13/2023: show the minimum).</summary>
public static class Masking
{
    /// <summary>"Nguyễn Văn An" → "N*** V** A*": the first letter of each word, at most three stars after it.</summary>
    public static string Name(string fullName)
    {
        var words = fullName.Normalize(NormalizationForm.FormC)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var masked = new StringBuilder();
        foreach (var word in words)
        {
            if (masked.Length > 0) masked.Append(' ');
            var letters = new StringInfo(word);
            masked.Append(letters.SubstringByTextElements(0, 1).ToUpperInvariant());
            masked.Append('*', Math.Min(letters.LengthInTextElements - 1, 3));
        }
        return masked.ToString();
    }

    /// <summary>"046095001234" → "046******234": a CCCD as a log shows it, the province code and the last three digits.</summary>
    public static string IdNumber(string idNumber) =>
        idNumber.Length <= 6 ? new string('*', idNumber.Length) : idNumber[..3] + new string('*', idNumber.Length - 6) + idNumber[^3..];
}
