namespace MotCua.Domain.Dossiers;

/// <summary>One answer to an indicator and the points it scores (2, 1 or 0).</summary>
public sealed record RatingAnswer(string Text, int Score);

/// <summary>One indicator the applicant rates, with its three answers from the best (2 points) to the worst (0).</summary>
public sealed record RatingIndicator(int Number, string Question, IReadOnlyList<RatingAnswer> Answers);

/// <summary>
/// The indicators on which the applicant rates the handling of a dossier (đánh giá việc giải quyết thủ tục hành chính):
/// Nghị định 61/2018/NĐ-CP Art. 31, kept by Nghị định 118/2025/NĐ-CP, each scored 2/1/0 as Thông tư 01/2018/TT-VPCP
/// scores them (DOMAIN.md §3 step 5 and §6 [reported]). The evaluator is confidential: nothing here names the applicant.
/// The wording of the questions and answers is MotCua's own digest of those indicators (docs/FORMS.md §1 tag "—"),
/// provisional until the circular's annex is read.
/// </summary>
public static class RatingIndicators
{
    private static RatingIndicator Of(int number, string question, string best, string middle, string worst) =>
        new(number, question, [new(best, 2), new(middle, 1), new(worst, 0)]);

    /// <summary>The eight indicators in the order of Art. 31 as DOMAIN.md digests it.</summary>
    public static readonly IReadOnlyList<RatingIndicator> All =
    [
        Of(1, "Thời gian giải quyết hồ sơ so với thời hạn quy định", "Trước hạn", "Đúng hạn", "Quá hạn"),
        Of(2, "Số cơ quan, đơn vị phải liên hệ để giải quyết hồ sơ", "Chỉ Bộ phận Một cửa", "Thêm 1 cơ quan, đơn vị", "Từ 2 cơ quan, đơn vị trở lên"),
        Of(3, "Số lần phải đi lại để hoàn thiện hồ sơ", "Không quá 1 lần", "2 lần", "Từ 3 lần trở lên"),
        Of(4, "Thông tin về thủ tục hành chính được công khai", "Đầy đủ, chính xác", "Chưa đầy đủ", "Không công khai hoặc không chính xác"),
        Of(5, "Thái độ của cán bộ, công chức, viên chức", "Lịch sự, tận tình", "Chưa nhiệt tình", "Gây phiền hà, sách nhiễu"),
        Of(6, "Giải quyết đúng quy định, không phát sinh chi phí ngoài quy định", "Đúng quy định, không phát sinh chi phí",
            "Phải bổ sung giấy tờ ngoài quy định", "Phát sinh chi phí ngoài quy định"),
        Of(7, "Tiếp nhận, xử lý ý kiến phản ánh, kiến nghị", "Kịp thời, thỏa đáng", "Chậm hoặc chưa thỏa đáng", "Không được xử lý"),
        Of(8, "Dịch vụ công trực tuyến của thủ tục", "Thuận tiện, dễ sử dụng", "Có nhưng khó sử dụng", "Không được cung cấp"),
    ];
}
