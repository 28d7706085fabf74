using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace MotCua.Data;

/// <summary>
/// Puts a connection's prepared statements right after PostgreSQL refused a command (issue 12, item 3). With automatic
/// preparation (the app's pool: <c>MaxAutoPrepare</c>), the execution that prepares a statement sends Parse, Bind,
/// Describe and Execute at once. When PostgreSQL refuses a parameter value at Bind (text holding U+0000, invalid JSON
/// for a jsonb parameter), Parse has already succeeded, so the statement exists on the server, but Describe never ran.
/// Npgsql 10 still counts the statement as prepared, with no row description: the next execution of the same SQL on that
/// connection sends no Describe, expects no rows, and fails on the first one with "Received unexpected backend message
/// DataRow", which breaks the connection (docs/SECURITY.md §5 has the trace). Forgetting every prepared statement
/// (DEALLOCATE ALL, and Npgsql's own list with it) after any refusal makes the next use prepare afresh. Inside a
/// transaction, which PostgreSQL has aborted and so would refuse DEALLOCATE too, the pool is cleared instead, so that
/// the connection is closed when it comes back rather than reused.
/// </summary>
public sealed class PreparedStatementRepair : DbCommandInterceptor
{
    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Repair(command, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Repair(command, eventData.Exception);
        return Task.CompletedTask;
    }

    private static void Repair(DbCommand command, Exception exception)
    {
        if (exception is not PostgresException || command.Connection is not NpgsqlConnection { State: System.Data.ConnectionState.Open } connection) return;
        try
        {
            if (command.Transaction is null) connection.UnprepareAll();
            else NpgsqlConnection.ClearPool(connection);
        }
        catch (NpgsqlException)
        {
            NpgsqlConnection.ClearPool(connection);
        }
    }
}
