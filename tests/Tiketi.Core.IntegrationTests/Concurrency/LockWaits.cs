using Dapper;
using Npgsql;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Concurrency;

/// <summary>Waits for PostgreSQL to show a request blocked on a test's own open transaction.</summary>
internal static class LockWaits
{
    /// <summary>Completes once another session waits for a lock that <paramref name="holder"/> holds.</summary>
    public static Task UntilSomeoneWaitsForAsync(NpgsqlDataSource database, NpgsqlConnection holder, string what) =>
        Eventually.UntilAsync(
            async () =>
            {
                await using var connection = await database.OpenConnectionAsync();
                return await connection.ExecuteScalarAsync<bool>(
                    "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE @pid = ANY (pg_blocking_pids(pid)))", new { pid = holder.ProcessID });
            },
            what,
            TimeSpan.FromSeconds(30));
}
