using MotCua.Domain.Queue;

namespace MotCua.Domain.Tests.Queue;

/// <summary>Trial17t MEDIUM 4: "Gọi số tiếp theo" first ends the ticket the counter still holds
/// (<see cref="TicketRules.BeforeNextCall"/>): a served one is done, a called one a no-show only when "Vắng mặt" is
/// allowed, otherwise the call is refused with the reason.</summary>
public class NextCallTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 17, 9, 30, 0, TimeSpan.FromHours(7));

    [Fact]
    public void A_ticket_being_served_is_done()
    {
        var (next, refusal) = TicketRules.BeforeNextCall("A004", TicketState.Serving, Now, Now.AddMinutes(-12), 1, QueueSettings.Default);
        Assert.Equal(TicketState.Done, next);
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData(2, 5)]
    [InlineData(3, 40)]
    public void A_called_ticket_that_may_be_marked_absent_is_a_no_show(int calls, int minutesSinceFirstCall)
    {
        var (next, refusal) = TicketRules.BeforeNextCall("A003", TicketState.Called, Now, Now.AddMinutes(-minutesSinceFirstCall), calls, QueueSettings.Default);
        Assert.Equal(TicketState.NoShow, next);
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 4)]
    public void A_called_ticket_not_yet_absent_refuses_the_call_naming_the_number(int calls, int minutesSinceFirstCall)
    {
        var (next, refusal) = TicketRules.BeforeNextCall("A003", TicketState.Called, Now, Now.AddMinutes(-minutesSinceFirstCall), calls, QueueSettings.Default);
        Assert.Null(next);
        Assert.Contains("Số A003 đang được gọi", refusal, StringComparison.Ordinal);
        Assert.Contains("5 phút", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TicketState.Waiting)]
    [InlineData(TicketState.Done)]
    [InlineData(TicketState.NoShow)]
    [InlineData(TicketState.Cancelled)]
    public void Any_other_state_is_left_alone(TicketState state)
    {
        var (next, refusal) = TicketRules.BeforeNextCall("A001", state, Now, Now.AddMinutes(-30), 2, QueueSettings.Default);
        Assert.Null(next);
        Assert.Null(refusal);
    }
}
