using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MotCua.Data;

/// <summary>Plain SQL on a context's own connection and transaction, for statements EF does not write well (positional
/// <c>$1</c> parameters, locking reads, data-modifying CTEs) that must commit with the context's other changes.</summary>
public static class MotCuaDbCommands
{
    /// <summary>A command for <paramref name="sql"/> on <paramref name="db"/>'s connection (opened if it is closed) and
    /// current transaction; each of <paramref name="parameters"/> is <c>$1</c>, <c>$2</c>, … in order, an
    /// <see cref="NpgsqlParameter"/> as given, null as SQL NULL. The caller disposes it.</summary>
    public static async Task<DbCommand> CommandAsync(this MotCuaDb db, string sql, CancellationToken ct, params object?[] parameters)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var value in parameters) command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }
}
