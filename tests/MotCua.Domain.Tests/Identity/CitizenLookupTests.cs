using MotCua.Domain.Identity;

namespace MotCua.Domain.Tests.Identity;

/// <summary>The rules of a population-database lookup (Domain/Identity/CitizenLookup.cs): the purpose the officer states, the
/// number that can be looked up, the name that keeps the verified mark, and what each answer is called in the audit log
/// and told at the desk.</summary>
public class CitizenLookupTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    [Theory]
    [InlineData(null, "Vui lòng ghi mục đích tra cứu (ví dụ: tiếp nhận hồ sơ đăng ký khai sinh).")]
    [InlineData("   ", "Vui lòng ghi mục đích tra cứu (ví dụ: tiếp nhận hồ sơ đăng ký khai sinh).")]
    [InlineData("Tiếp nhận", "Mục đích tra cứu quá ngắn: ghi rõ ít nhất 10 ký tự.")]
    [InlineData("  Tiếp nhận  ", "Mục đích tra cứu quá ngắn: ghi rõ ít nhất 10 ký tự.")]
    [InlineData("Tiếp nhận hồ sơ", null)]
    [InlineData("Tiếp nhận h", null)]
    public void A_purpose_is_required_and_at_least_ten_characters(string? purpose, string? problem) =>
        Assert.Equal(problem, CitizenLookupRules.CheckPurpose(purpose));

    [Fact]
    public void A_purpose_is_at_most_three_hundred_characters()
    {
        Assert.Null(CitizenLookupRules.CheckPurpose(new string('a', CitizenLookupRules.MaxPurpose)));
        Assert.Equal("Mục đích tra cứu tối đa 300 ký tự.", CitizenLookupRules.CheckPurpose(new string('a', CitizenLookupRules.MaxPurpose + 1)));
    }

    [Theory]
    [InlineData("046095001234", null)]
    [InlineData(" 046095001234 ", null)]
    [InlineData("046195001234", null)]
    [InlineData("123456789", "Tra cứu CSDL dân cư cần số CCCD 12 chữ số (CMND 9 số cũ không tra cứu được).")]
    [InlineData("", "Vui lòng nhập số định danh cá nhân (CCCD).")]
    [InlineData("04609500123a", "Số CCCD chỉ gồm chữ số.")]
    // Sixteenth trial LOW 11d: any length but 12 gets the lookup's one message, never CitizenId's offer of a 9-digit CMND.
    [InlineData("04609500123", CitizenLookupRules.WrongLength)]
    [InlineData("123", CitizenLookupRules.WrongLength)]
    [InlineData("046227001234", "Năm sinh trong số CCCD lớn hơn năm hiện tại.")]
    public void Only_a_well_formed_twelve_digit_CCCD_is_looked_up(string number, string? problem) =>
        Assert.Equal(problem, CitizenLookupRules.CheckIdNumber(number, Today));

    [Theory]
    [InlineData("NGUYỄN VĂN AN", "Nguyễn Văn An", true)]
    [InlineData("  nguyễn   văn  an ", "Nguyễn Văn An", true)]
    [InlineData("Nguye\u0302\u0303n Văn An", "Nguyễn Văn An", true)] // decomposed (NFD-like) input: the same name
    [InlineData("Nguyễn Văn Ân", "Nguyễn Văn An", false)]
    [InlineData("Nguyễn An", "Nguyễn Văn An", false)]
    [InlineData(null, "Nguyễn Văn An", false)]
    [InlineData("", "Nguyễn Văn An", false)]
    public void An_edited_name_loses_the_verified_mark_but_case_spacing_and_composition_do_not(string? submitted, string verified, bool same) =>
        Assert.Equal(same, CitizenLookupRules.SameName(submitted, verified));

    public static TheoryData<CitizenLookupAnswer, string> Outcomes => new()
    {
        { new CitizenLookupAnswer.Found(new CitizenRecord("046095001234", "Nguyễn Văn An", new DateOnly(1995, 3, 2), "Nam", "Thuận Hóa, Huế")), "found" },
        { new CitizenLookupAnswer.NotFound(), "not-found" },
        { new CitizenLookupAnswer.Unavailable(RegistryFailure.NotConfigured), "unavailable:not-configured" },
        { new CitizenLookupAnswer.Unavailable(RegistryFailure.Down), "unavailable:down" },
        { new CitizenLookupAnswer.Unavailable(RegistryFailure.Slow), "unavailable:slow" },
        { new CitizenLookupAnswer.Unavailable(RegistryFailure.Error), "unavailable:error" },
        { new CitizenLookupAnswer.Unavailable(RegistryFailure.Refused), "unavailable:refused" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Each_answer_has_its_audit_outcome(CitizenLookupAnswer answer, string outcome) => Assert.Equal(outcome, answer.Outcome);

    [Fact]
    public void Every_failure_tells_the_desk_to_go_on_by_hand_unverified_and_says_why()
    {
        var messages = Enum.GetValues<RegistryFailure>().ToDictionary(f => f, CitizenLookupAnswer.Message);
        foreach (var (failure, message) in messages)
            Assert.True(message.Contains("Nhập tay thông tin người nộp", StringComparison.Ordinal) && message.Contains("chưa xác thực", StringComparison.Ordinal), $"{failure}: {message}");
        Assert.Contains("quá thời gian chờ", messages[RegistryFailure.Slow], StringComparison.Ordinal);
        Assert.Contains("từ chối khóa truy cập", messages[RegistryFailure.Refused], StringComparison.Ordinal);
        Assert.Contains("chưa được kết nối", messages[RegistryFailure.NotConfigured], StringComparison.Ordinal);
        Assert.Contains("Không kết nối được", messages[RegistryFailure.Down], StringComparison.Ordinal);
        // Third trial LOW 11: an HTTP 5xx came from a database that was reached; only a failure to reach it says so.
        Assert.Contains("đang gặp lỗi", messages[RegistryFailure.Error], StringComparison.Ordinal);
        Assert.Equal([RegistryFailure.Down], messages.Where(m => m.Value.Contains("Không kết nối được", StringComparison.Ordinal)).Select(m => m.Key));
        Assert.Equal(messages.Count, messages.Values.Distinct().Count());
    }
}
