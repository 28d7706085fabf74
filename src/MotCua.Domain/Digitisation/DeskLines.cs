using MotCua.Domain.Catalog;
using MotCua.Domain.Identity;

namespace MotCua.Domain.Digitisation;

/// <summary>
/// The document lines the desk's intake form asks about, numbered as the form posts them (<c>Documents[i]</c>), the one
/// list the intake page, its digitisation panel (checklist, scans by line, "Dùng lại") and the reuse action all read
/// (trial 17v HIGH 1 and 2: the panel numbered only the lines to hand over while the form also listed a shown paper of a
/// reusable kind, so every flag and every reused file after such a line fell on the next row). In list order: every
/// document to hand over, and a document only shown (xuất trình để đối chiếu, <see cref="RequiredDocument.MustPresentOnly"/>)
/// when it is of a reusable kind (<see cref="ReusableDocuments.KindOf"/>: the residence paper of the civil-status
/// procedures, which the population lookup marks not needed and the dossier records reused). Headings, notes and other
/// shown papers are checked at the desk, not listed.
/// </summary>
public static class DeskLines
{
    /// <summary>Whether the desk form lists <paramref name="line"/> as a document row (see the type).</summary>
    public static bool Asks(RequiredDocument line, IReadOnlyList<ReusableKind> kinds) =>
        line.Kind == DocumentLineKind.Document && (!line.MustPresentOnly || ReusableDocuments.KindOf(line.Name, kinds) is not null);

    /// <summary>The form's rows of <paramref name="procedure"/>: element <c>i</c> is the index into
    /// <see cref="ProcedureSpec.Documents"/> of the line posted as <c>Documents[i]</c>.</summary>
    public static IReadOnlyList<int> Of(ProcedureSpec procedure, IReadOnlyList<ReusableKind> kinds) =>
        [.. Enumerable.Range(0, procedure.Documents.Count).Where(i => Asks(procedure.Documents[i], kinds))];
}
