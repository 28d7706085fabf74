using MotCua.Domain.Queue;

namespace MotCua.Domain.Tests.Queue;

/// <summary>The printed number: the service's letter, three digits, four from 1,000; and the ticket's transitions.</summary>
public class TicketNumberTests
{
    [Theory]
    [InlineData('A', 1, "A001")]
    [InlineData('A', 7, "A007")]
    [InlineData('B', 42, "B042")]
    [InlineData('Z', 999, "Z999")]
    [InlineData('C', 1000, "C1000")]
    [InlineData('C', 9999, "C9999")]
    public void Letter_then_three_digits_four_from_a_thousand(char letter, int serial, string expected) =>
        Assert.Equal(expected, TicketNumber.Format(letter, serial));

    [Theory]
    [InlineData('a', 1)]
    [InlineData('Đ', 1)]
    [InlineData('1', 1)]
    [InlineData('A', 0)]
    [InlineData('A', -3)]
    [InlineData('A', 10000)]
    public void Anything_else_is_refused(char letter, int serial) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketNumber.Format(letter, serial));

    [Fact]
    public void Every_serial_of_a_day_is_distinct_and_sorts_in_order_within_its_width()
    {
        var numbers = Enumerable.Range(1, TicketNumber.MaxPerDay).Select(n => TicketNumber.Format('A', n)).ToArray();
        Assert.Equal(numbers.Length, numbers.Distinct().Count());
        Assert.Equal(numbers[..999], numbers[..999].Order(StringComparer.Ordinal));
    }

    private static readonly DateTimeOffset Now = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    /// <summary>Generated over every state × action: exactly the transitions of <see cref="TicketRules"/>' table pass.</summary>
    [Fact]
    public void Transitions_over_every_state_and_action()
    {
        var allowed = new Dictionary<(TicketState, TicketAction), TicketState>
        {
            [(TicketState.Called, TicketAction.Recall)] = TicketState.Called,
            [(TicketState.Called, TicketAction.Start)] = TicketState.Serving,
            [(TicketState.Serving, TicketAction.Done)] = TicketState.Done,
            [(TicketState.Called, TicketAction.NoShow)] = TicketState.NoShow,
            [(TicketState.Waiting, TicketAction.Cancel)] = TicketState.Cancelled,
        };
        foreach (var state in Enum.GetValues<TicketState>())
        foreach (var action in Enum.GetValues<TicketAction>())
        {
            var (next, refusal) = TicketRules.After(state, action, Now, Now.AddMinutes(-6), 2, QueueSettings.Default);
            if (allowed.TryGetValue((state, action), out var expected))
            {
                Assert.Equal(expected, next);
                Assert.Null(refusal);
            }
            else
            {
                Assert.Null(next);
                Assert.False(string.IsNullOrWhiteSpace(refusal), $"{state} × {action}");
            }
        }
    }

    [Theory]
    [InlineData(1, 10, false)]
    [InlineData(2, 4, false)]
    [InlineData(2, 5, true)]
    [InlineData(3, 20, true)]
    public void No_show_needs_two_calls_and_five_minutes(int calls, int minutesSinceFirstCall, bool allowed)
    {
        var (next, refusal) = TicketRules.After(TicketState.Called, TicketAction.NoShow, Now, Now.AddMinutes(-minutesSinceFirstCall), calls, QueueSettings.Default);
        Assert.Equal(allowed, next == TicketState.NoShow);
        Assert.Equal(allowed, refusal is null);
    }

    [Fact]
    public void Satisfaction_has_three_answers()
    {
        Assert.Equal(["Không hài lòng", "Bình thường", "Hài lòng"], Enumerable.Range(0, 3).Select(TicketRules.SatisfactionName));
        Assert.False(TicketRules.IsSatisfaction(3));
        Assert.False(TicketRules.IsSatisfaction(-1));
    }
}
