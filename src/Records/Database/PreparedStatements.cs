using System.Collections;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Warning.Records.Database;

/// <summary>
/// The records' hot writes, each SQL text compiled once per SQLite connection: Microsoft.Data.Sqlite compiles a
/// command's SQL anew for every new command (it keeps prepared statements per command object only, dotnet/efcore#14044)
/// and Dapper makes a new command per call — tens of µs a statement, for the same dozen statements on every change a
/// storm makes. The writer's connection lives as long as its loop, so its commands are kept with it. PostgreSQL goes
/// through Dapper as before.
/// </summary>
public static class PreparedStatements
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Commands = new();
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Members = new();

    /// <summary>
    /// Runs <paramref name="sql"/> with the public properties of <paramref name="param"/> as its <c>@</c>parameters — or,
    /// for a list, once per item, as Dapper does — and answers the rows it changed.
    /// </summary>
    public static Task<int> Run(this DbConnection connection, string sql, object? param, DbTransaction transaction)
    {
        if (connection is not SqliteConnection sqlite) return connection.ExecuteAsync(sql, param, transaction);
        var commands = Commands.GetOrCreateValue(sqlite);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = sqlite.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }
        command.Transaction = (SqliteTransaction)transaction;
        var changed = 0;
        if (param is IEnumerable items and not string)
        {
            foreach (var item in items) changed += Execute(command, item);
        }
        else changed = Execute(command, param);
        return Task.FromResult(changed);
    }

    private static int Execute(SqliteCommand command, object? param)
    {
        var members = param is null ? [] : Members.GetOrAdd(param.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance));
        if (!Bound(command.Parameters, members))
        {
            command.Parameters.Clear();
            foreach (var member in members) command.Parameters.Add(new SqliteParameter("@" + member.Name, null));
            command.Prepare();
        }
        for (var i = 0; i < members.Length; i++) command.Parameters[i].Value = members[i].GetValue(param) ?? DBNull.Value;
        return command.ExecuteNonQuery();
    }

    // Whether the command's parameters are those of this type of argument (a statement is called with one type, as a rule).
    private static bool Bound(SqliteParameterCollection parameters, PropertyInfo[] members)
    {
        if (parameters.Count != members.Length) return false;
        for (var i = 0; i < members.Length; i++)
        {
            if (!string.Equals(parameters[i].ParameterName, "@" + members[i].Name, StringComparison.Ordinal)) return false;
        }
        return true;
    }
}
