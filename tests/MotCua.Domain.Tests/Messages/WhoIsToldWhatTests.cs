using MotCua.Domain.Dossiers;
using MotCua.Domain.Messages;

namespace MotCua.Domain.Tests.Messages;

/// <summary>The quiet period at its edges (Vietnam time, across midnight and within a day), the events the applicant is
/// told about, and how a recipient is masked (docs/MESSAGES.md §5).</summary>
public class WhoIsToldWhatTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static DateTimeOffset At(int day, int hour, int minute, int second = 0) => new(2026, 11, day, hour, minute, second, Vn);

    public static TheoryData<DateTimeOffset, DateTimeOffset> Night => new()
    {
        { At(30, 20, 59, 59), At(30, 20, 59, 59) }, // just before: leaves now
        { At(30, 21, 0), new DateTimeOffset(2026, 12, 1, 7, 0, 0, Vn) }, // the start is inside
        { At(30, 23, 30), new DateTimeOffset(2026, 12, 1, 7, 0, 0, Vn) }, // across midnight: the next morning
        { At(30, 0, 0), At(30, 7, 0) }, // after midnight: the same morning
        { At(30, 6, 59, 59), At(30, 7, 0) },
        { At(30, 7, 0), At(30, 7, 0) }, // the end is not inside
        { At(30, 12, 0), At(30, 12, 0) },
        // 14:30 UTC is 21:30 in Vietnam: the period is read in Vietnam time, whatever the instant's offset.
        { new DateTimeOffset(2026, 11, 30, 14, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 7, 0, 0, Vn) },
    };

    [Theory]
    [MemberData(nameof(Night))]
    public void A_message_planned_at_night_waits_for_the_morning(DateTimeOffset planned, DateTimeOffset leaves) =>
        Assert.Equal(leaves, QuietHours.Default.NotBefore(planned));

    [Fact]
    public void A_period_within_a_day_and_an_empty_one()
    {
        var lunch = QuietHours.Parse("11:30-13:30")!;
        Assert.Equal(At(30, 11, 29), lunch.NotBefore(At(30, 11, 29)));
        Assert.Equal(At(30, 13, 30), lunch.NotBefore(At(30, 11, 30)));
        Assert.Equal(At(30, 13, 30), lunch.NotBefore(At(30, 13, 30)));
        Assert.Equal(At(30, 23, 0), QuietHours.Parse("00:00-00:00")!.NotBefore(At(30, 23, 0)));
        Assert.Null(QuietHours.Parse("21h-7h"));
        Assert.Null(QuietHours.Parse(null));
    }

    [Fact]
    public void Only_SMS_and_Zalo_are_held() =>
        Assert.Equal([NotificationChannel.Sms, NotificationChannel.Zalo], Enum.GetValues<NotificationChannel>().Where(QuietHours.Holds));

    [Fact]
    public void Internal_steps_tell_the_applicant_nothing()
    {
        Assert.Equal(NotificationEvent.Received, NotificationRules.EventFor(DossierEventAction.Accept));
        Assert.Equal(NotificationEvent.Apology, NotificationRules.EventFor(DossierEventAction.Extend));
        foreach (var quiet in new[] { DossierEventAction.Submit, DossierEventAction.Transfer, DossierEventAction.Assign, DossierEventAction.CompleteStep,
                     DossierEventAction.Approve, DossierEventAction.RefuseOnMerits, DossierEventAction.CoAgencyAnswer, DossierEventAction.Reorganise })
            Assert.Null(NotificationRules.EventFor(quiet));
    }

    [Fact]
    public void A_refusal_on_the_merits_is_told_once_as_a_refusal_when_its_notice_is_ready()
    {
        Assert.Null(NotificationRules.EventFor(DossierEventAction.RefuseOnMerits, ResultKind.Refused));
        Assert.Equal(NotificationEvent.Refused, NotificationRules.EventFor(DossierEventAction.ResultReady, ResultKind.Refused));
        Assert.Equal(NotificationEvent.ResultReady, NotificationRules.EventFor(DossierEventAction.ResultReady, ResultKind.Approved));
        Assert.Equal(NotificationEvent.Returned, NotificationRules.EventFor(DossierEventAction.Return, ResultKind.Refused));
    }

    [Theory]
    [InlineData("Thủ tục đăng ký khai sinh", "đăng ký khai sinh")]
    [InlineData("thủ tục Cấp giấy phép xây dựng", "Cấp giấy phép xây dựng")]
    [InlineData("Đăng ký kết hôn", "Đăng ký kết hôn")]
    [InlineData("Thủ tục", "Thủ tục")]
    [InlineData("Tách thửa hoặc hợp thửa đất.", "Tách thửa hoặc hợp thửa đất")]
    public void A_procedure_is_named_once_after_the_word_thu_tuc(string name, string expected) =>
        Assert.Equal(expected, NotificationPlaceholders.ProcedureName(name));

    [Theory]
    [InlineData("0905123456", "090****456")]
    [InlineData("+84905123456", "+84******456")]
    [InlineData("an.nguyen@example.vn", "a***@example.vn")]
    public void Recipients_are_masked(string recipient, string masked) => Assert.Equal(masked, NotificationRules.MaskRecipient(recipient));

    [Theory]
    [InlineData("550 5.1.1 <an.nguyen@example.vn>: Recipient address rejected", "550 5.1.1 <a***@example.vn>: Recipient address rejected")]
    [InlineData("gateway refused 0905123456 (số không tồn tại)", "gateway refused 090****456 (số không tồn tại)")]
    [InlineData("refused +84905123456", "refused +84******456")]
    [InlineData("421 4.7.0 try again later, ref 20261201093000123", "421 4.7.0 try again later, ref 20261201093000123")]
    [InlineData(null, null)]
    public void A_channel_error_shows_no_contact_in_full(string? error, string? shown) => Assert.Equal(shown, NotificationRules.MaskContactsIn(error));

    [Fact]
    public void Consent_is_per_channel_and_SMS_alone_by_default()
    {
        Assert.Equal([NotificationChannel.Sms], Enum.GetValues<NotificationChannel>().Where(NotificationConsent.Default.Allows));
        Assert.All(Enum.GetValues<NotificationChannel>(), c => Assert.False(NotificationConsent.None.Allows(c)));
        Assert.Equal([NotificationChannel.Email, NotificationChannel.Zalo], Enum.GetValues<NotificationChannel>().Where(new NotificationConsent(false, true, true).Allows));
    }
}
