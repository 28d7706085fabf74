using System.Data;
using MotCua.Domain.Calendar;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Web.Features.Intake;

public sealed partial class DossierIntake
{
    private sealed record IntakeAgency(int Id, string Code, string Name, bool ReceivesDossiers, string? OfficeHours, TimeOnly? Cutoff);

    // Fee, FeeText and FeeKind: the unit's local fee set at adoption, which wins over the catalogue's (issue 14; its kind, migration 0098).
    private sealed record AdoptionTerms(TimeOnly? Cutoff, decimal? TimeLimitAmount, TimeUnit? TimeLimitUnit, decimal? Fee = null, string? FeeText = null,
        string? FeeKind = null)
    {
        public TimeLimit? TimeLimit => TimeLimitAmount is { } amount && TimeLimitUnit is { } unit ? new(amount, unit) : null;
    }

    private sealed record IntakeReads(IntakeAgency? Agency, AdoptionTerms? Adoption, int? Version, bool Answered);

    // One round trip for everything intake reads: the agency, whether it adopted the procedure, the current version,
    // and whether this Idempotency-Key was answered before. Raw SQL: on the busiest write path EF's query pipeline
    // cost more CPU than PostgreSQL running the query (docs/PERFORMANCE.md).
    private const string ReadSql = """
        SELECT a.id, a.code, a.name, a.receives_dossiers, a.office_hours, a.cutoff,
            ap.agency_id IS NOT NULL, ap.cutoff, ap.time_limit_amount, ap.time_limit_unit,
            p.current_version,
            $3::text IS NOT NULL AND EXISTS (SELECT 1 FROM idempotency_keys k
                WHERE k.key = $3 AND k.client_id IS NOT DISTINCT FROM $4 AND k.user_id IS NOT DISTINCT FROM $5
                    AND k.citizen_id IS NOT DISTINCT FROM $6),
            ap.fee, ap.fee_text, ap.fee_kind
        FROM (SELECT) AS one
        LEFT JOIN agencies a ON a.code = $1
        LEFT JOIN agency_procedures ap ON ap.agency_id = a.id AND ap.procedure_code = $2
        LEFT JOIN procedures p ON p.code = $2
        """;

    private async Task<IntakeReads> ReadAsync(string agencyCode, string procedureCode, int? clientId, int? userId, long? citizenId, string? key, CancellationToken ct)
    {
        await using var command = data.CreateCommand(ReadSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = agencyCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = procedureCode });
        command.Parameters.Add(Nullable(key, NpgsqlDbType.Text));
        command.Parameters.Add(Nullable(clientId, NpgsqlDbType.Integer));
        command.Parameters.Add(Nullable(userId, NpgsqlDbType.Integer));
        command.Parameters.Add(Nullable(citizenId, NpgsqlDbType.Bigint));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
        await reader.ReadAsync(ct);
        T? Value<T>(int i) where T : struct => reader.IsDBNull(i) ? null : reader.GetFieldValue<T>(i);
        var agency = reader.IsDBNull(0) ? null : new IntakeAgency(reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
            reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetString(4), Value<TimeOnly>(5));
        var adoption = reader.GetBoolean(6)
            ? new AdoptionTerms(Value<TimeOnly>(7), Value<decimal>(8), Value<short>(9) is { } unit ? (TimeUnit)unit : null,
                Value<decimal>(12), reader.IsDBNull(13) ? null : reader.GetString(13), reader.GetString(14))
            : null;
        return new IntakeReads(agency, adoption, Value<int>(10), reader.GetBoolean(11));
    }

    private static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
