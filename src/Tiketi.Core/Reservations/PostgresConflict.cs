using Npgsql;

namespace Tiketi.Core.Reservations;

/// <summary>PostgreSQL errors that mean "someone else won the race", not "the server is broken".</summary>
internal static class PostgresConflict
{
    /// <summary>How often a transaction that lost a lock race is run in all.</summary>
    public const int LockRaceAttempts = 3;

    /// <summary>Deadlock, serialization failure, or the one-live-seat / non-negative-stock guards.</summary>
    public static bool IsRace(Exception exception) => exception is PostgresException { SqlState: "40P01" or "40001" or "23505" or "23514" };

    /// <summary>Deadlock or serialization failure: PostgreSQL rolled the whole transaction back, so running it again is safe.</summary>
    public static bool IsLockRace(Exception exception) => exception is PostgresException { SqlState: "40P01" or "40001" };

    /// <summary>
    /// Runs <paramref name="transaction"/> (one whole transaction or statement) again while it loses lock races to
    /// another transaction that took the same rows in another order, up to <paramref name="attempts"/> times in all;
    /// the last loss is thrown.
    /// </summary>
    public static async Task<T> RetryLockRacesAsync<T>(Func<Task<T>> transaction, int attempts = LockRaceAttempts)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await transaction().ConfigureAwait(false);
            }
            catch (PostgresException ex) when (IsLockRace(ex) && attempt < attempts)
            {
            }
        }
    }
}
