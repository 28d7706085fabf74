using System.Globalization;

namespace MotCua.Domain.Queue;

/// <summary>
/// The number printed on a queue ticket (phiếu số thứ tự, docs/QUEUE.md): the service's letter and the ticket's serial,
/// e.g. <c>A007</c>. Serials run from 1 per centre (agency), service and Vietnam day, consecutive with no gap (the
/// database's <c>queue_serials</c> row is bumped in the ticket's own statement) [choice, docs/design/ISSUE17.md §1.6].
/// </summary>
public static class TicketNumber
{
    /// <summary>The letter followed by the serial in three digits (<c>A007</c>), four from 1,000 (<c>A1000</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A letter that is not A–Z, or a serial below 1 or above 9,999.</exception>
    public static string Format(char serviceLetter, int serial)
    {
        if (!IsLetter(serviceLetter)) throw new ArgumentOutOfRangeException(nameof(serviceLetter), "Chữ của dịch vụ là một chữ cái in hoa A–Z.");
        if (serial is < 1 or > MaxPerDay) throw new ArgumentOutOfRangeException(nameof(serial), $"Số thứ tự từ 1 đến {MaxPerDay}.");
        return string.Create(CultureInfo.InvariantCulture, $"{serviceLetter}{serial:000}");
    }

    /// <summary>The most tickets one service issues in a day: four digits.</summary>
    public const int MaxPerDay = 9999;

    /// <summary>True for a service letter MotCua prints: an unaccented capital A–Z (a TV's system font shows it anywhere).</summary>
    public static bool IsLetter(char letter) => letter is >= 'A' and <= 'Z';
}
