using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tiketi.Core.Notifications;
using Tiketi.Core.Payments;
using Tiketi.Core.Seats;

namespace Tiketi.Core.Reservations;

/// <summary>
/// The owner's cancellation (REST 3.11): in one transaction frees the seats (held or sold),
/// restores the stock and marks the reservation cancelled. Money is refunded only when it was
/// taken: <c>completed → refunded</c>; an unpaid reservation keeps <c>payment_status</c>
/// <c>pending</c> (as hold expiry and admin cancel do), so "환불 완료" never shows for money
/// that was never paid.
/// </summary>
public sealed partial class ReservationCancellationService(
    NpgsqlDataSource dataSource,
    SeatHoldService seatHolds,
    IPaymentProvider paymentProvider,
    TicketingChangePublisher publisher,
    IOptions<HoldOptions> options,
    ILogger<ReservationCancellationService> logger)
{
    private const string LockSql = """
        SELECT status AS Status, payment_status AS PaymentStatus, total_amount AS TotalAmount,
               (payment_claimed_at IS NOT NULL AND payment_claimed_at > now() - @claimTimeout) AS PaymentInFlight
          FROM reservations WHERE id = @id AND user_id = @userId
           FOR UPDATE
        """;

    private const string CancelSql = """
        UPDATE reservations
           SET status = 'cancelled',
               payment_status = CASE WHEN payment_status = 'completed' THEN 'refunded' ELSE payment_status END,
               updated_at = now()
         WHERE id = @id
        """;

    /// <summary>Cancels the user's reservation; another user's reservation is "not found".</summary>
    public async Task<TicketingResult<bool>> CancelAsync(Guid userId, Guid reservationId, CancellationToken cancellationToken)
    {
        ReleasedInventory released;
        bool refund;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var row = await connection.QuerySingleOrDefaultAsync<LockedRow>(new CommandDefinition(
                LockSql, new { id = reservationId, userId, claimTimeout = options.Value.PaymentClaimTimeout }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (row is null)
            {
                return TicketingFailure.NotFound(TicketingMessages.ReservationNotFound);
            }

            if (row.Status == "cancelled")
            {
                return TicketingFailure.Invalid(TicketingMessages.AlreadyCancelled);
            }

            if (row.Status == "pending" && row.PaymentInFlight)
            {
                return TicketingFailure.Conflict(TicketingMessages.PaymentInProgress);
            }

            released = await InventoryRelease.ReleaseAsync(connection, transaction, [reservationId], includeSold: true, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(CancelSql, new { id = reservationId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            refund = row.PaymentStatus == "completed";
        }

        // After commit only: the provider call is slow and must never run inside the transaction.
        if (refund)
        {
            try
            {
                await paymentProvider.RefundAsync(reservationId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogRefundFailed(logger, ex, reservationId);
            }
        }

        foreach (var (eventId, seatIds) in released.SeatsByEvent())
        {
            await seatHolds.ReleaseRedisAsync(eventId, seatIds, reservationId).ConfigureAwait(false);
        }

        await publisher.ReleasedAsync(released).ConfigureAwait(false);
        return new TicketingResult<bool>(true);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Refund of cancelled reservation {ReservationId} failed; it needs manual reconciliation")]
    private static partial void LogRefundFailed(ILogger logger, Exception exception, Guid reservationId);

    private sealed class LockedRow
    {
        public string Status { get; set; } = "";

        public string PaymentStatus { get; set; } = "";

        public int TotalAmount { get; set; }

        public bool PaymentInFlight { get; set; }
    }
}
