using MotCua.Domain.Feedback;
using MotCua.Domain.Reports;

namespace MotCua.Web.Tests;

/// <summary>A feedback case as the 766 recount reads it back: its register number, agency and what 5.1 judges.</summary>
public sealed record Index766FeedbackCase(string Number, int AgencyId, FeedbackTimes Times);

/// <summary>
/// The recount of the 766 index's indicator 5.1 in C#: every numbered feedback row and its requests to the sender read
/// back from the database, judged by the Domain's rule (<see cref="FeedbackClosure"/>), not by the app's SQL.
/// </summary>
public static class Index766FeedbackRecount
{
    /// <summary>Every numbered feedback case of the database at <paramref name="connectionString"/>.</summary>
    public static async Task<List<Index766FeedbackCase>> RowsAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var requests = new List<(long Id, DateTimeOffset At)>();
        await using (var command = new Npgsql.NpgsqlCommand("SELECT feedback_id, at FROM feedback_events WHERE to_status = 3", connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) requests.Add((reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1)));
        var rows = new List<Index766FeedbackCase>();
        await using (var command = new Npgsql.NpgsqlCommand("""
            SELECT id, number, agency_id, status, transferred_internal, classified_at, refuse_due_at, information_due_at, transfer_due_at, handle_due_at,
                   handle_restarted_due_at, answered_at, publish_due_at, published_at
            FROM feedback WHERE number IS NOT NULL
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
                var id = reader.GetInt64(0);
                rows.Add(new(reader.GetString(1), reader.GetInt32(2), new FeedbackTimes((FeedbackStatus)reader.GetInt16(3), reader.IsDBNull(4) ? null : reader.GetBoolean(4),
                    At(5), At(6)!.Value, At(7)!.Value, At(8)!.Value, At(9)!.Value, At(10), At(11), At(12), At(13),
                    [.. requests.Where(r => r.Id == id).Select(r => r.At)])));
            }
        return rows;
    }

    /// <summary>The count of a 5.1 input (<see cref="Index766Input.ClosedFeedback"/> or <see cref="Index766Input.FeedbackOnTime"/>)
    /// over <paramref name="cases"/> for <paramref name="month"/> at one agency (null: the province).</summary>
    public static long Count(IEnumerable<Index766FeedbackCase> cases, Index766Month month, Index766Input input, int? agencyId) =>
        cases.Count(c => (agencyId is null || c.AgencyId == agencyId) && FeedbackClosure.ClosedIn(c.Times, month.Start, month.End)
            && (input == Index766Input.ClosedFeedback || FeedbackClosure.OnTime(c.Times)));
}
