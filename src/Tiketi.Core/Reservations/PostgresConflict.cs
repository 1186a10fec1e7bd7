using Npgsql;

namespace Tiketi.Core.Reservations;

/// <summary>PostgreSQL errors that mean "someone else won the race", not "the server is broken".</summary>
internal static class PostgresConflict
{
    /// <summary>Deadlock, serialization failure, or the one-live-seat / non-negative-stock guards.</summary>
    public static bool IsRace(Exception exception) => exception is PostgresException { SqlState: "40P01" or "40001" or "23505" or "23514" };
}
