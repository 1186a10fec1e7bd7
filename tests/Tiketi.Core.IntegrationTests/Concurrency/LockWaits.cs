using Dapper;
using Npgsql;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Concurrency;

/// <summary>Waits for PostgreSQL to show a request blocked on a test's own open transaction, and builds deadlocks with it.</summary>
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

    /// <summary>
    /// Makes a request — which locks the reservation, then the seat — a deadlock victim once: a rival takes the seat
    /// first, waits until the request blocks on it, then asks for the reservation. The request has waited longer, so
    /// PostgreSQL's deadlock check (run once per wait, <c>deadlock_timeout</c> after it starts) runs first in it and
    /// aborts its transaction; the rival then lets go and the request's answer is returned.
    /// If the machine stalled so long that the request's one check ran before the rival asked, the rival is the
    /// victim instead (40P01 here) and the request went through without losing anything: <paramref name="stage"/>
    /// builds a fresh reservation and the scenario is set up again.
    /// </summary>
    public static async Task<T> LoseOneDeadlockAsync<T>(NpgsqlDataSource database, Func<Task<Staged<T>>> stage)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (seatId, reservationId, request) = await stage();
            await using var rival = await database.OpenConnectionAsync();
            await using var transaction = await rival.BeginTransactionAsync();
            await rival.ExecuteAsync("SELECT 1 FROM seats WHERE id = @seatId FOR UPDATE", new { seatId }, transaction);

            var pending = request();
            await UntilSomeoneWaitsForAsync(database, rival, "the request to wait for the rival's seat lock");
            try
            {
                await rival.ExecuteAsync("SELECT 1 FROM reservations WHERE id = @reservationId FOR UPDATE", new { reservationId }, transaction);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 3)
            {
                await pending.WaitAsync(TimeSpan.FromSeconds(30));
                continue;
            }

            if (pending.IsCompleted)
            {
                throw new InvalidOperationException("The request finished before the rival let go: it never lost the deadlock.");
            }

            await transaction.RollbackAsync();
            return await pending.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}

/// <summary>One set-up of <see cref="LockWaits.LoseOneDeadlockAsync{T}"/>: the seat and reservation the request locks, and the request.</summary>
internal sealed record Staged<T>(Guid SeatId, Guid ReservationId, Func<Task<T>> Request);
