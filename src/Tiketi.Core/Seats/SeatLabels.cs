using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace Tiketi.Core.Seats;

/// <summary>
/// Seat labels ("VIP-1-1") for the "seat taken" answer (REST.md §3.14: <c>이미 예약된 좌석입니다. (VIP-1-1)</c>).
/// A seat's label never changes for its id (seats are regenerated with new ids), so labels are cached in memory:
/// during an on-sale rush most refusals come from Redis and must not each cost a PostgreSQL query.
/// </summary>
public sealed class SeatLabels(NpgsqlDataSource dataSource)
{
    // Several stadium layouts' worth; past it the cache starts over rather than growing without bound.
    private const int Capacity = 200_000;

    private readonly ConcurrentDictionary<Guid, string> _labels = new();

    /// <summary>The labels of <paramref name="seatIds"/> that exist, comma-joined in the given order.</summary>
    public async Task<string> JoinAsync(IReadOnlyList<Guid> seatIds, CancellationToken cancellationToken)
    {
        List<Guid>? missing = null;
        foreach (var id in seatIds)
        {
            if (!_labels.ContainsKey(id))
            {
                (missing ??= []).Add(id);
            }
        }

        if (missing is not null)
        {
            await ReadAsync([.. missing], cancellationToken).ConfigureAwait(false);
        }

        return Join(seatIds);
    }

    /// <summary>
    /// The labels of those of <paramref name="seatIds"/> that are not available right now (all of them if none is,
    /// e.g. freed meanwhile); one fresh read, which also refreshes the cache.
    /// </summary>
    public async Task<string> JoinUnavailableAsync(IReadOnlyList<Guid> seatIds, CancellationToken cancellationToken)
    {
        var taken = await ReadAsync([.. seatIds], cancellationToken).ConfigureAwait(false);
        return Join(taken.Count == 0 ? seatIds : [.. seatIds.Where(taken.Contains)]);
    }

    // Caches the labels of these seats and returns those not available. A failed read leaves the labels out: the
    // refusal stands without them, and a cosmetic lookup must not turn a 409 into a 500.
    private async Task<HashSet<Guid>> ReadAsync(Guid[] seatIds, CancellationToken cancellationToken)
    {
        HashSet<Guid> taken = [];
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var rows = await connection.QueryAsync<(Guid Id, string Label, bool Taken)>(new CommandDefinition(
                "SELECT id, seat_label, status <> 'available' FROM seats WHERE id = ANY(@seatIds)", new { seatIds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (_labels.Count > Capacity)
            {
                _labels.Clear();
            }

            foreach (var (id, label, isTaken) in rows)
            {
                _labels[id] = label;
                if (isTaken)
                {
                    taken.Add(id);
                }
            }
        }
        catch (NpgsqlException)
        {
            // Labels stay out of this answer (see above).
        }

        return taken;
    }

    private string Join(IEnumerable<Guid> seatIds) => string.Join(", ", seatIds.Select(id => _labels.GetValueOrDefault(id)).OfType<string>());
}
