using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Tests.Catalog;

public class EffectiveTimeLimitTests
{
    private static readonly WorkingCalendar Calendar = new(CalendarSettings.Default, []);

    // Direct: 15 working days, or 5 in a published case; online publishes its own 10; postal publishes none.
    private static readonly ProcedureSpec Spec = new()
    {
        Code = "1.000001", Name = "Thủ tục", Field = "Hộ tịch",
        Channels =
        [
            new ChannelTerms(Channel.Direct, TimeLimit.Days(15), null, "", null) { Cases = [new TimeCase(TimeLimit.Days(5), "05 Ngày làm việc", "Trường hợp đơn giản")] },
            new ChannelTerms(Channel.Online, TimeLimit.Days(10), null, "", null),
            new ChannelTerms(Channel.Postal, null, null, "", null),
        ],
    };

    [Theory]
    [InlineData(Channel.Direct, 15)]
    [InlineData(Channel.Online, 10)]
    [InlineData(Channel.Postal, 15)] // a channel without its own limit takes the desk's
    public void Without_local_terms_the_published_limit_of_the_channel_applies(Channel channel, int days) =>
        Assert.Equal(TimeLimit.Days(days), EffectiveTimeLimit.Of(Spec, channel, null, Calendar));

    [Fact]
    public void A_shorter_local_limit_binds_the_agency_even_in_another_unit()
    {
        Assert.Equal(TimeLimit.Days(12), EffectiveTimeLimit.Of(Spec, Channel.Direct, TimeLimit.Days(12), Calendar));
        // 80 working hours are 10 working days: shorter than 15, not shorter than online's 10.
        Assert.Equal(TimeLimit.Hours(80), EffectiveTimeLimit.Of(Spec, Channel.Direct, TimeLimit.Hours(80), Calendar));
        Assert.Equal(TimeLimit.Days(10), EffectiveTimeLimit.Of(Spec, Channel.Online, TimeLimit.Hours(80), Calendar));
    }

    [Fact]
    public void A_published_case_applies_unless_the_local_limit_is_shorter_still()
    {
        Assert.Equal(TimeLimit.Days(5), EffectiveTimeLimit.Of(Spec, Channel.Direct, TimeLimit.Days(12), Calendar, timeCase: 1));
        Assert.Equal(TimeLimit.Days(3), EffectiveTimeLimit.Of(Spec, Channel.Direct, TimeLimit.Days(3), Calendar, timeCase: 1));
    }

    [Fact]
    public void Nothing_published_gives_no_limit_whatever_the_local_terms()
    {
        var unpublished = Spec with { Channels = [new ChannelTerms(Channel.Direct, null, null, "", null)] };
        Assert.Null(EffectiveTimeLimit.Of(unpublished, Channel.Direct, TimeLimit.Days(3), Calendar));
        Assert.Null(EffectiveTimeLimit.Of(Spec, Channel.Direct, null, Calendar, timeCase: 2));
        Assert.Null(EffectiveTimeLimit.Of(Spec, Channel.Direct, null, Calendar, timeCase: -1));
    }
}
