namespace MotCua.Domain.Catalog;

/// <summary>
/// A problem with one line of a list an administrator edits (a document of the list, a field of the e-form):
/// the line's index from 0 (-1 for the list as a whole), the member concerned (camelCase, as in the JSON) and the
/// message in Vietnamese, shown beside that member.
/// </summary>
public sealed record LineProblem(int Line, string Member, string Message);
