using MotCua.Domain.Catalog;

namespace MotCua.Domain.Dossiers;

/// <summary>
/// The one rule on the length of a handed-in document's name. The catalogue's own names never block intake: a name the
/// procedure's published list holds (as adopted, headings included) is taken whatever its length, since the desk sends it
/// as published (sixth trial: 1.004362 could not be received because one published name is longer than the 6,000
/// characters then allowed to every name). Only a name the officer or an integrated system typed is held to
/// <see cref="MaxTyped"/>, which stops abuse of a free-text field.
/// </summary>
public static class DocumentNames
{
    /// <summary>The longest name, in characters, of a document that is not in the procedure's published list.</summary>
    public const int MaxTyped = 2_000;

    /// <summary>
    /// The Vietnamese problem with <paramref name="name"/> (trimmed, blank is the caller's own check), or null: a name of
    /// <paramref name="procedure"/>'s published documents (compared trimmed, ordinal) is accepted; any other longer than
    /// <see cref="MaxTyped"/> is refused. <paramref name="procedure"/> null (not found): every name is typed.
    /// </summary>
    public static string? Problem(string? name, ProcedureSpec? procedure)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var trimmed = name.Trim();
        if (trimmed.Length <= MaxTyped) return null;
        return procedure is not null && procedure.Documents.Any(d => string.Equals(d.Name.Trim(), trimmed, StringComparison.Ordinal))
            ? null
            : $"Tên giấy tờ tự nhập không quá {Text.TypedMoney.Format(MaxTyped)} ký tự (tên giấy tờ theo danh mục thủ tục không bị giới hạn).";
    }
}
