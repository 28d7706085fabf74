using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Digitisation;

/// <summary>Where a document line of the published list stands at the desk.</summary>
public enum ChecklistState
{
    /// <summary>A scan or file is attached to the line (✓ có).</summary>
    Provided,
    /// <summary>Not attached, but an earlier digitised or result file of the applicant matches (↺ dùng lại từ hồ sơ …).</summary>
    Reusable,
    /// <summary>A line always required and nothing attached (✗ thiếu).</summary>
    Missing,
    /// <summary>A conditional line with nothing attached: the officer checks whether its case applies (kiểm tra điều kiện).</summary>
    CheckCondition,
    /// <summary>A line of another channel (<see cref="DocumentNeed.NotAsked"/> or <see cref="DocumentNeed.FilledByEForm"/> on
    /// the dossier's channel) with nothing attached: nothing is missing.</summary>
    NotAsked,
}

/// <summary>One line of the desk checklist: <paramref name="Index"/> into <see cref="ProcedureSpec.Documents"/>
/// (<c>dossier_files.document_index</c>), the line's name, whether it is always required, its state and, when
/// <see cref="ChecklistState.Reusable"/>, the dossier code the file would be reused from.</summary>
public sealed record ChecklistLine(int Index, string Name, bool Required, ChecklistState State, string? ReusableFrom);

/// <summary>
/// The desk's checklist of a procedure's document list (thành phần hồ sơ) against what is attached (Nghị định 61/2018/NĐ-CP,
/// Điều 19: the officer checks the documents before receiving). A line is missing when
/// <see cref="DocumentNeeds.ForApplicant"/> says it is required on the dossier's channel, the rule the citizen's online form
/// and API apply too: a paper-only declaration is not missing from an online dossier, nor the e-form from a desk one, nor a
/// line the list exempts when the population database holds its data once the officer's lookup found the applicant there
/// (docs/DOMAIN §10: data the state already holds is not asked again). Flags only: the officer decides [choice,
/// design §1.4]. Headings, notes and documents only shown (xuất trình) are left out.
/// </summary>
public static class DocumentChecklist
{
    /// <summary>
    /// Each document line to hand over, in list order, for a dossier submitted through <paramref name="channel"/>. <paramref name="provided"/>: line indexes with a file attached;
    /// <paramref name="reusable"/>: line index → dossier code of a file <see cref="ReuseRule.Matches"/> accepts;
    /// <paramref name="applicantVerified"/>: the applicant was found in the national population database by the officer's
    /// lookup (<see cref="DocumentNeeds.ForApplicant"/>).
    /// </summary>
    public static IReadOnlyList<ChecklistLine> Compare(ProcedureSpec procedure, Channel channel, IReadOnlySet<int> provided,
        IReadOnlyDictionary<int, string>? reusable = null, bool applicantVerified = false)
    {
        var lines = new List<ChecklistLine>();
        for (var i = 0; i < procedure.Documents.Count; i++)
        {
            var line = procedure.Documents[i];
            if (line.Kind != DocumentLineKind.Document || line.MustPresentOnly) continue;
            var from = reusable is not null && reusable.TryGetValue(i, out var code) ? code : null;
            var need = DocumentNeeds.ForApplicant(line, channel, applicantVerified).Need;
            var state = provided.Contains(i) ? ChecklistState.Provided
                : from is not null ? ChecklistState.Reusable
                : need switch
                {
                    DocumentNeed.Required => ChecklistState.Missing,
                    DocumentNeed.Conditional => ChecklistState.CheckCondition,
                    _ => ChecklistState.NotAsked,
                };
            lines.Add(new(i, line.Name, need == DocumentNeed.Required, state, state == ChecklistState.Reusable ? from : null));
        }
        return lines;
    }

    /// <summary>
    /// Why the desk may not receive a dossier yet: lines the list always requires on <paramref name="channel"/> were not
    /// handed in (<see cref="Compare"/>'s <see cref="ChecklistState.Missing"/>, the panel's "✗ thiếu", with
    /// <paramref name="provided"/> the lines ticked, scanned or reused) and the officer did not confirm
    /// (<paramref name="confirmed"/>: "Vẫn tiếp nhận khi còn thiếu giấy tờ"). Nghị định 61/2018/NĐ-CP, Điều 19, khoản 2: an
    /// incomplete dossier is guided to completion (Mẫu 02), not received; receiving one anyway is the officer's decision,
    /// taken on purpose and not by a slip (CIT35 LOW 6). Null when nothing required is missing, when the officer confirmed,
    /// or when nothing at all was handed in (<see cref="Dossiers.Dossier.CheckDocumentsHandedIn"/> refuses that, whatever
    /// the officer says). The desk's rule; a system's dossier through the API is received as the system sends it.
    /// </summary>
    public static string? CheckComplete(ProcedureSpec procedure, Channel channel, IReadOnlySet<int> provided, bool applicantVerified, bool confirmed)
    {
        if (confirmed || provided.Count == 0) return null;
        var missing = MissingRequired(procedure, channel, provided, applicantVerified);
        return missing.Count == 0 ? null
            : $"Hồ sơ còn thiếu giấy tờ bắt buộc: {string.Join("; ", missing)}. Vẫn tiếp nhận? "
              + $"Nếu vẫn tiếp nhận, đánh dấu \"{ConfirmLabel}\" rồi bấm lại \"Tiếp nhận\"; nếu không, hướng dẫn bổ sung (Mẫu 02).";
    }

    /// <summary>
    /// The names of the lines the list always requires on <paramref name="channel"/> that were not handed in
    /// (<see cref="Compare"/>'s <see cref="ChecklistState.Missing"/>, the panel's "✗ thiếu"), in list order and without
    /// trailing punctuation, as the desk names them: what <see cref="CheckComplete"/> refuses, and what the intake event
    /// keeps when the officer receives the dossier anyway (<see cref="Dossiers.DossierEvent.MissingDocuments"/>). Empty when
    /// nothing required is missing.
    /// </summary>
    public static IReadOnlyList<string> MissingRequired(ProcedureSpec procedure, Channel channel, IReadOnlySet<int> provided, bool applicantVerified) =>
        [.. Compare(procedure, channel, provided, null, applicantVerified).Where(l => l.State == ChecklistState.Missing)
            .Select(l => l.Name.TrimEnd(' ', '.', ';', ',', ':'))];

    /// <summary>How the dossier's history says which required lines the officer received it without
    /// (<see cref="Dossiers.DossierEvent.MissingDocuments"/>): "Tiếp nhận khi còn thiếu: Tờ khai …; …".</summary>
    public static string ReceivedIncomplete(IEnumerable<string> missing) => $"Tiếp nhận khi còn thiếu: {string.Join("; ", missing)}";

    /// <summary>The label of the desk's box by which the officer receives a dossier <see cref="CheckComplete"/> finds incomplete.</summary>
    public const string ConfirmLabel = "Vẫn tiếp nhận khi còn thiếu giấy tờ";
}
