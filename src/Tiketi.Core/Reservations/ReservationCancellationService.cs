using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tiketi.Core.Notifications;
using Tiketi.Core.Payments;
using Tiketi.Core.Seats;

namespace Tiketi.Core.Reservations;

/// <summary>
/// The owner's cancellation (REST 3.11): in one round trip (<c>tiketi_cancel_reservation</c>,
/// migration 0030) and one transaction frees the seats (held or sold), restores the stock and
/// marks the reservation cancelled. Money is refunded only when it was taken:
/// <c>completed → refunded</c>; an unpaid reservation keeps <c>payment_status</c> <c>pending</c>
/// (as hold expiry and admin cancel do), so "환불 완료" never shows for money that was never paid.
/// </summary>
public sealed partial class ReservationCancellationService(
    NpgsqlDataSource dataSource,
    SeatHoldService seatHolds,
    IPaymentProvider paymentProvider,
    TicketingChangePublisher publisher,
    IOptions<HoldOptions> options,
    ILogger<ReservationCancellationService> logger)
{
    // Lock, checks, inventory release and status change in one round trip: migration 0030's tiketi_cancel_reservation.
    private const string CancelSql = "SELECT outcome, refund, reservation_id, event_id, seat_id, ticket_type_id, available, total FROM tiketi_cancel_reservation($1, $2, $3)";

    /// <summary>Cancels the user's reservation; another user's reservation is "not found".</summary>
    public async Task<TicketingResult<bool>> CancelAsync(Guid userId, Guid reservationId, CancellationToken cancellationToken)
    {
        TicketingFailure? failure;
        bool refund;
        ReleasedInventory released;
        try
        {
            // An expiry sweep, an admin cancel or a payment may take the same rows in another order.
            (failure, refund, released) = await PostgresConflict.RetryLockRacesAsync(
                () => CancelInDatabaseAsync(userId, reservationId, cancellationToken)).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (PostgresConflict.IsLockRace(ex))
        {
            LogGaveUp(logger, ex, reservationId, PostgresConflict.LockRaceAttempts);
            return TicketingFailure.Conflict(TicketingMessages.BusyTryAgain);
        }

        if (failure is not null)
        {
            return failure;
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

    // One attempt; each has its own ReleasedInventory, so a lost attempt leaves nothing behind.
    private async Task<(TicketingFailure? Failure, bool Refund, ReleasedInventory Released)> CancelInDatabaseAsync(Guid userId, Guid reservationId, CancellationToken cancellationToken)
    {
        var released = new ReleasedInventory();
        await using var command = dataSource.CreateCommand(CancelSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = reservationId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = options.Value.PaymentClaimTimeout });

        // The reader is read to its end (past the statement's commit) before anything is announced.
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        switch (reader.GetString(0))
        {
            case "cancelled":
                break;
            case "not_found":
                return (TicketingFailure.NotFound(TicketingMessages.ReservationNotFound), false, released);
            case "already_cancelled":
                return (TicketingFailure.Invalid(TicketingMessages.AlreadyCancelled), false, released);
            case "payment_in_progress":
                return (TicketingFailure.Conflict(TicketingMessages.PaymentInProgress), false, released);
            case var outcome:
                throw new InvalidOperationException($"tiketi_cancel_reservation answered '{outcome}'.");
        }

        var refund = reader.GetBoolean(1);
        do
        {
            InventoryRelease.ReadRow(reader, 2, released);
        }
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false));
        return (null, refund, released);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancel of reservation {ReservationId} lost a lock race {Attempts} times in a row; answered 409")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, Guid reservationId, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refund of cancelled reservation {ReservationId} failed; it needs manual reconciliation")]
    private static partial void LogRefundFailed(ILogger logger, Exception exception, Guid reservationId);
}
