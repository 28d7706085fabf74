using MotCua.Domain.Catalog;

namespace MotCua.Domain.Tests.Catalog;

public class DocumentListCorrectionTests
{
    private static readonly RequiredDocument Heading = new("Người có yêu cầu xuất trình các giấy tờ sau:", 0, 0, null) { Kind = DocumentLineKind.Heading };
    private static readonly RequiredDocument Declaration = new("Tờ khai đăng ký kết hôn", 1, 0, "Mẫu số 01.docx");
    private static readonly RequiredDocument Proxy = new("Văn bản ủy quyền", 1, 0, null) { Condition = "Trường hợp ủy quyền" };

    private static ProcedureSpec Spec(params RequiredDocument[] documents) => new() { Code = "1.000894", Name = "Đăng ký kết hôn", Field = "Hộ tịch", Documents = documents };

    [Fact]
    public void A_sound_list_has_no_problems() => Assert.Empty(DocumentList.Problems([Heading, Declaration, Proxy]));

    [Fact]
    public void Each_problem_is_reported_beside_its_line_and_member()
    {
        var problems = DocumentList.Problems(
        [
            new("", 1, 0, null),
            new("Giấy chứng nhận độc thân", 0, 0, null),
            new("Lưu ý: nộp bản sao có chứng thực", 1, 0, "Mẫu 02") { Kind = DocumentLineKind.Note, Condition = "Trường hợp khác" },
            new("Hộ chiếu", -1, 60, null),
            new("Giấy tờ tùy thân", 0, 0, null, MustPresentOnly: true),
        ]);
        Assert.Equal(
            new[] { (0, "name"), (1, "originals"), (2, "originals"), (2, "form"), (2, "condition"), (3, "originals"), (3, "copies") },
            problems.Select(p => (p.Line, p.Member)).ToArray());
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
        Assert.Contains("Chỉ xuất trình", problems[1].Message);
    }

    [Fact]
    public void A_correction_keeps_the_catalogues_list_and_one_equal_to_it_is_no_correction()
    {
        var published = Spec(Declaration with { Kind = DocumentLineKind.Document }, new("01 bộ gốc", 0, 0, null));
        var corrected = DocumentList.Corrected(published, [Declaration, new RequiredDocument("01 bộ gốc", 0, 0, null) { Kind = DocumentLineKind.Note }]);
        Assert.Equal(published.Documents, corrected.DocumentsCorrection!.Published);
        Assert.Equal(published.Documents, corrected.AsPublished().Documents);

        var undone = DocumentList.Corrected(corrected, published.Documents);
        Assert.Null(undone.DocumentsCorrection);
    }

    [Fact]
    public void A_re_import_keeps_the_correction_and_asks_for_a_review_only_when_the_catalogues_list_changed()
    {
        var current = DocumentList.Corrected(Spec(Declaration, Heading), [Heading, Declaration, Proxy]);

        var sameList = Spec(Declaration, Heading) with { Name = "Đăng ký kết hôn (sửa đổi)" };
        var carried = sameList.WithLocalChangesOf(current);
        Assert.Equal(current.Documents, carried.Documents);
        Assert.False(carried.DocumentsCorrection!.ToReview);
        Assert.Equal("Đăng ký kết hôn (sửa đổi)", carried.Name);

        var newList = Spec(Declaration with { Copies = 1 }, Heading);
        var toReview = newList.WithLocalChangesOf(current);
        Assert.Equal(current.Documents, toReview.Documents);
        Assert.True(toReview.DocumentsCorrection!.ToReview);
        Assert.Equal(newList.Documents, toReview.DocumentsCorrection.Published);

        // Once flagged, the flag stays through later imports until an administrator saves the list again.
        Assert.True(newList.WithLocalChangesOf(toReview).DocumentsCorrection!.ToReview);
        Assert.False(DocumentList.Corrected(toReview, toReview.Documents).DocumentsCorrection!.ToReview);
    }
}
