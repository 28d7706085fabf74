using System.Text.Json.Serialization;

namespace MotCua.Domain.Catalog;

/// <summary>
/// An administrator's correction of a procedure's published document list (thành phần hồ sơ): the catalogue's own
/// list as it was last imported (<see cref="Published"/>), kept beside the corrected one in
/// <see cref="ProcedureSpec.Documents"/>. The correction is of how the catalogue was read (a heading taken for a
/// document, a form file glued to a name), not of the law: the documents themselves are set by the decision that
/// announced the procedure, for every agency alike, so the correction is part of the procedure's version.
/// </summary>
public sealed record DocumentListCorrection(IReadOnlyList<RequiredDocument> Published)
{
    /// <summary>
    /// A re-import found the catalogue's list changed since the correction was made: the correction is kept (a re-import
    /// never silently undoes an administrator's work) but an administrator should compare it with the new list.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ToReview { get; init; }

    /// <summary>The correction carried into a version re-imported with <paramref name="published"/> as the catalogue's list.</summary>
    public DocumentListCorrection CarriedOver(IReadOnlyList<RequiredDocument> published) =>
        new(published) { ToReview = ToReview || !DocumentList.Same(Published, published) };
}

/// <summary>The rules of a corrected document list.</summary>
public static class DocumentList
{
    /// <summary>More lines than any published procedure has (the longest in the 2026 catalogue has under 100).</summary>
    public const int MaxLines = 200;

    /// <summary>Most originals or copies of one document a procedure asks for.</summary>
    public const int MaxCount = 50;

    public const int MaxNameLength = 2000;
    public const int MaxFormLength = 300;

    public static bool Same(IReadOnlyList<RequiredDocument> a, IReadOnlyList<RequiredDocument> b) => a.SequenceEqual(b);

    /// <summary>
    /// Every problem of the lines, each beside its member (name, originals, copies, form, condition). A document must be
    /// handed over in at least one original or copy, or be only shown (the desk checks what is handed over against
    /// the list when it receives, Nghị định 61/2018/NĐ-CP); a heading or a note is read, never handed over, so it has no counts, form
    /// or condition.
    /// </summary>
    public static IReadOnlyList<LineProblem> Problems(IReadOnlyList<RequiredDocument> lines)
    {
        var problems = new List<LineProblem>();
        if (lines.Count > MaxLines) problems.Add(new(-1, "", $"Thành phần hồ sơ không quá {MaxLines} dòng."));
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            void Add(string member, string message) => problems.Add(new(i, member, message));
            if (string.IsNullOrWhiteSpace(line.Name)) Add("name", "Vui lòng nhập nội dung của dòng.");
            else if (line.Name.Length > MaxNameLength) Add("name", $"Nội dung không quá {MaxNameLength} ký tự.");
            if (line.Form?.Length > MaxFormLength) Add("form", $"Mẫu đơn, tờ khai không quá {MaxFormLength} ký tự.");
            if (line.Originals is < 0 or > MaxCount) Add("originals", $"Số bản chính từ 0 đến {MaxCount}.");
            if (line.Copies is < 0 or > MaxCount) Add("copies", $"Số bản sao từ 0 đến {MaxCount}.");
            if (!Enum.IsDefined(line.Kind)) Add("kind", "Loại dòng phải là giấy tờ, tiêu đề hoặc ghi chú.");
            else if (line.Kind == DocumentLineKind.Document)
            {
                if (line.Originals == 0 && line.Copies == 0 && !line.MustPresentOnly)
                    Add("originals", "Giấy tờ cần ít nhất 1 bản chính hoặc 1 bản sao. Nếu chỉ cần xuất trình, chọn \"Chỉ xuất trình\"; nếu dòng này không phải giấy tờ, đổi loại thành tiêu đề hoặc ghi chú.");
            }
            else
            {
                var kind = line.Kind == DocumentLineKind.Heading ? "Tiêu đề" : "Ghi chú";
                if (line.Originals != 0 || line.Copies != 0) Add("originals", $"{kind} không có số bản; nếu đây là giấy tờ phải nộp, đổi loại thành giấy tờ.");
                if (!string.IsNullOrWhiteSpace(line.Form)) Add("form", $"{kind} không có mẫu đơn, tờ khai.");
                if (!string.IsNullOrWhiteSpace(line.Condition)) Add("condition", $"{kind} không có trường hợp áp dụng; trường hợp chỉ ghi cho giấy tờ.");
                if (line.MustPresentOnly) Add("mustPresentOnly", $"{kind} không phải giấy tờ nên không xuất trình.");
            }
        }
        return problems;
    }

    /// <summary>
    /// <paramref name="current"/> with <paramref name="lines"/> as its document list. The catalogue's own list stays in
    /// <see cref="ProcedureSpec.DocumentsCorrection"/>; lines equal to it leave no correction at all. Saving clears
    /// <see cref="DocumentListCorrection.ToReview"/>: the administrator has looked at the list again.
    /// </summary>
    public static ProcedureSpec Corrected(ProcedureSpec current, IReadOnlyList<RequiredDocument> lines)
    {
        var published = current.DocumentsCorrection?.Published ?? current.Documents;
        return current with { Documents = lines, DocumentsCorrection = Same(lines, published) ? null : new DocumentListCorrection(published) };
    }
}
