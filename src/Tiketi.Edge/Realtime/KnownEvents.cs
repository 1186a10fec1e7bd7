using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace Tiketi.Edge.Realtime;

/// <summary>
/// Answers "does this event exist?" for join payloads, so sockets cannot create rooms for
/// arbitrary ids. Existing events are remembered for a minute (bounded); unknown ids are not
/// remembered, so spraying random ids cannot grow memory.
/// </summary>
public sealed class KnownEvents(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const int Capacity = 10_000;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, long> _known = new();

    /// <summary>Whether the event exists (cached).</summary>
    public async ValueTask<bool> ExistsAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_known.TryGetValue(eventId, out var until) && until > now)
        {
            return true;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM events WHERE id = @eventId)", new { eventId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (exists)
        {
            if (_known.Count >= Capacity)
            {
                _known.Clear();
            }

            _known[eventId] = now + (long)(Lifetime.TotalSeconds * time.TimestampFrequency);
        }

        return exists;
    }
}
