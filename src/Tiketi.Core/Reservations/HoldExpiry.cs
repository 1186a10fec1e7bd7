using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Tiketi.Core.Notifications;
using Tiketi.Core.Seats;

namespace Tiketi.Core.Reservations;

/// <summary>
/// One pass of hold expiry: takes a batch of expired, unpaid, unclaimed reservations with
/// <c>FOR UPDATE SKIP LOCKED</c> (so several instances split the work and a reservation a
/// payment is confirming is skipped), frees their still-locked seats and their stock and marks
/// them cancelled in the same transaction. A cancelled reservation never matches again, so
/// each expired hold is released exactly once.
/// </summary>
public sealed class HoldExpiry(
    NpgsqlDataSource dataSource,
    SeatHoldService seatHolds,
    TicketingChangePublisher publisher,
    IOptions<HoldOptions> options)
{
    private const string DueSql = """
        SELECT id FROM reservations
         WHERE status = 'pending' AND payment_status = 'pending' AND expires_at <= now()
           AND (payment_claimed_at IS NULL OR payment_claimed_at <= now() - @claimTimeout)
         ORDER BY expires_at
         LIMIT @batch
           FOR UPDATE SKIP LOCKED
        """;

    private const string ExpireSql = "UPDATE reservations SET status = 'cancelled', updated_at = now() WHERE id = ANY(@ids)";

    /// <summary>Expires every due hold (batch after batch); returns how many reservations were expired.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var expired = await ExpireBatchAsync(cancellationToken).ConfigureAwait(false);
            total += expired;
            if (expired < options.Value.ExpiryBatchSize)
            {
                return total;
            }
        }
    }

    private async Task<int> ExpireBatchAsync(CancellationToken cancellationToken)
    {
        Guid[] ids;
        ReleasedInventory released;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            ids = [.. await connection.QueryAsync<Guid>(new CommandDefinition(
                DueSql,
                new { claimTimeout = options.Value.PaymentClaimTimeout, batch = options.Value.ExpiryBatchSize },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false)];
            if (ids.Length == 0)
            {
                return 0;
            }

            released = await InventoryRelease.ReleaseAsync(connection, transaction, ids, includeSold: false, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(ExpireSql, new { ids }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var group in released.Seats.GroupBy(s => (s.ReservationId, s.EventId)))
        {
            await seatHolds.ReleaseRedisAsync(group.Key.EventId, group.Select(s => s.SeatId).ToArray(), group.Key.ReservationId).ConfigureAwait(false);
        }

        await publisher.ReleasedAsync(released).ConfigureAwait(false);
        return ids.Length;
    }
}
