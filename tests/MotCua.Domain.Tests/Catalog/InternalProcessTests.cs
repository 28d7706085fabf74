using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;

namespace MotCua.Domain.Tests.Catalog;

public class InternalProcessTests
{
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);

    private static InternalProcess BirthRegistration(params ProcessStep[] replace) => new(replace.Length > 0 ? replace :
    [
        new("Chuyển hồ sơ", StepKind.Transfer, "Bộ phận Một cửa", TimeLimit.Hours(1)),
        new("Thẩm định", StepKind.Appraise, "Công chức tư pháp - hộ tịch", TimeLimit.Hours(4), MaySendBack: true),
        new("Ký duyệt", StepKind.Approve, "Chủ tịch UBND", TimeLimit.Hours(2)),
        new("Trả kết quả", StepKind.Result, "Bộ phận Một cửa", TimeLimit.Hours(1)),
    ]);

    [Fact]
    public void A_process_that_fits_its_time_limit_may_be_published() =>
        Assert.Empty(BirthRegistration().Problems(TimeLimit.Days(1), Calendar));

    [Fact]
    public void Allowances_may_not_add_up_to_more_than_the_time_limit()
    {
        var problem = Assert.Single(BirthRegistration().Problems(TimeLimit.Hours(7), Calendar));
        Assert.Contains("vượt thời hạn", problem);
    }

    [Fact]
    public void Parallel_co_agency_tasks_count_once_by_the_longest()
    {
        var process = BirthRegistration(
            new("Thẩm định", StepKind.Appraise, "Phòng Đăng ký đất đai", TimeLimit.Days(2)),
            new("Xác định nghĩa vụ tài chính", StepKind.CoAgency, "Thuế cơ sở", TimeLimit.Days(3), AgencyCode: "T46.01"),
            new("Ý kiến UBND xã", StepKind.CoAgency, "UBND xã", TimeLimit.Days(2), AgencyCode: "000.10.03.H46"),
            new("Trả kết quả", StepKind.Result, "Bộ phận Một cửa", TimeLimit.Days(1)));
        Assert.Empty(process.Problems(TimeLimit.Days(6), Calendar));
        Assert.NotEmpty(process.Problems(TimeLimit.Days(5), Calendar));
    }

    [Fact]
    public void Every_step_needs_a_performer_and_a_positive_allowance()
    {
        var problems = BirthRegistration(
            new("Thẩm định", StepKind.Appraise, " ", TimeLimit.Hours(0)),
            new("Trả kết quả", StepKind.Result, "Bộ phận Một cửa", TimeLimit.Hours(1))).Problems(TimeLimit.Days(1), Calendar);
        Assert.Contains(problems, p => p.Contains("chưa có người hoặc bộ phận thực hiện"));
        Assert.Contains(problems, p => p.Contains("lớn hơn 0"));
    }

    [Fact]
    public void The_process_ends_in_one_result_step()
    {
        var noResult = BirthRegistration(new ProcessStep("Thẩm định", StepKind.Appraise, "Chuyên viên", TimeLimit.Hours(2)));
        Assert.Contains(noResult.Problems(TimeLimit.Days(1), Calendar), p => p.Contains("Bước cuối cùng"));
        var twoResults = BirthRegistration(
            new("Trả kết quả", StepKind.Result, "Một cửa", TimeLimit.Hours(1)),
            new("Trả kết quả", StepKind.Result, "Một cửa", TimeLimit.Hours(1)));
        Assert.Contains(twoResults.Problems(TimeLimit.Days(1), Calendar), p => p.Contains("chỉ có một bước"));
    }

    [Fact]
    public void Co_agency_and_handoff_steps_name_their_agency_and_the_first_step_cannot_send_back()
    {
        var problems = BirthRegistration(
            new("Chuyển cấp tỉnh", StepKind.Handoff, "Sở Tư pháp", TimeLimit.Hours(2), MaySendBack: true),
            new("Trả kết quả", StepKind.Result, "Một cửa", TimeLimit.Hours(1))).Problems(TimeLimit.Days(1), Calendar);
        Assert.Contains(problems, p => p.Contains("cơ quan phối hợp hoặc cơ quan cấp trên"));
        Assert.Contains(problems, p => p.Contains("không thể trả lại"));
    }

    [Fact]
    public void An_empty_process_cannot_be_published() =>
        Assert.Single(new InternalProcess([]).Problems(TimeLimit.Days(1), Calendar));
}
