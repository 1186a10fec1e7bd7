using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tiketi.Core.Notifications;
using Tiketi.Core.Payments;
using Tiketi.Core.Reservations;
using Tiketi.Core.Seats;

namespace Tiketi.Core.Admin;

/// <summary>
/// Admin cancellation of reservations, on the same state machine as the user's cancel and hold expiry:
/// inside the caller's transaction the seats (held or sold) are freed, the stock restored and the reservations
/// set <c>cancelled</c> with <c>completed → refunded</c> (unpaid ones keep <c>pending</c>); after the commit the
/// Redis holds are released, paid ones are refunded through <see cref="IPaymentProvider"/> and the freed
/// inventory is announced (<c>seat-released</c>, <c>ticket-updated</c>) — never before the commit, never inside it.
/// </summary>
public sealed partial class ReservationCancelCascade(
    SeatHoldService seatHolds,
    IPaymentProvider paymentProvider,
    TicketingChangePublisher publisher,
    ILogger<ReservationCancelCascade> logger)
{
    /// <summary>Refunds run with this much concurrency (the provider is slow; a big event has many).</summary>
    public const int RefundConcurrency = 8;

    private const string CancelSql = """
        UPDATE reservations
           SET status = 'cancelled',
               payment_status = CASE WHEN payment_status = 'completed' THEN 'refunded' ELSE payment_status END,
               updated_at = now()
         WHERE id = ANY(@ids) AND status <> 'cancelled'
        RETURNING id AS Id, payment_status = 'refunded' AS Refunded
        """;

    /// <summary>
    /// Cancels <paramref name="reservationIds"/> (the caller holds their row locks, taken in id order) inside
    /// <paramref name="transaction"/>. Returns what to do once the transaction commits.
    /// </summary>
    internal static async Task<CancelledReservations> CancelAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] reservationIds, CancellationToken cancellationToken)
    {
        if (reservationIds.Length == 0)
        {
            return new CancelledReservations(new ReleasedInventory(), [], 0);
        }

        var released = await InventoryRelease.ReleaseAsync(connection, transaction, reservationIds, includeSold: true, cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<CancelledRow>(new CommandDefinition(
            CancelSql, new { ids = reservationIds }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        var refunds = rows.Where(r => r.Refunded).Select(r => r.Id).ToArray();
        return new CancelledReservations(released, refunds, rows.Count);
    }

    /// <summary>The after-commit half: Redis holds released, refunds issued, freed inventory announced.</summary>
    internal async Task CompleteAsync(CancelledReservations cancelled)
    {
        foreach (var group in cancelled.Released.Seats.GroupBy(s => (s.EventId, s.ReservationId)))
        {
            await seatHolds.ReleaseRedisAsync(group.Key.EventId, [.. group.Select(s => s.SeatId)], group.Key.ReservationId).ConfigureAwait(false);
        }

        await Parallel.ForEachAsync(
            cancelled.Refunds,
            new ParallelOptions { MaxDegreeOfParallelism = RefundConcurrency },
            async (reservationId, _) =>
            {
                try
                {
                    // Not the request's token: the money has to go back even if the admin closes the page.
                    await paymentProvider.RefundAsync(reservationId, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    LogRefundFailed(logger, ex, reservationId);
                }
            }).ConfigureAwait(false);

        await publisher.ReleasedAsync(cancelled.Released).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Refund of reservation {ReservationId} cancelled by an admin failed; it needs manual reconciliation")]
    private static partial void LogRefundFailed(ILogger logger, Exception exception, Guid reservationId);

    private sealed class CancelledRow
    {
        public Guid Id { get; set; }

        public bool Refunded { get; set; }
    }
}
