using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tiketi.Core.Notifications;
using Tiketi.Core.Reservations;

namespace Tiketi.Core.Payments;

/// <summary>
/// Pays a pending reservation (REST 3.16) in three steps, none holding a transaction across
/// the provider call: (1) an atomic claim (<c>payment_claimed_at</c>) that only one payer
/// wins and that keeps the expiry service away; (2) the provider charge, idempotent per
/// reservation; (3) one transaction that confirms the reservation only if it is still
/// pending and sells its seats only if they are still locked. If (3) finds the reservation
/// gone (claim timed out and it expired, or it was cancelled), the charge is refunded —
/// a reservation ends paid or released, never both.
/// </summary>
public sealed partial class PaymentService(
    NpgsqlDataSource dataSource,
    IPaymentProvider provider,
    TicketingChangePublisher publisher,
    IOptions<HoldOptions> options,
    ILogger<PaymentService> logger)
{
    private const string ClaimSql = """
        UPDATE reservations SET payment_claimed_at = now()
         WHERE id = @id AND user_id = @userId AND status = 'pending' AND payment_status = 'pending'
           AND (expires_at IS NULL OR expires_at > now())
           AND (payment_claimed_at IS NULL OR payment_claimed_at <= now() - @claimTimeout)
        RETURNING total_amount
        """;

    private const string StateSql = """
        SELECT status AS Status, payment_status AS PaymentStatus,
               (expires_at IS NOT NULL AND expires_at <= now()) AS Expired,
               (payment_claimed_at IS NOT NULL AND payment_claimed_at > now() - @claimTimeout) AS Claimed
          FROM reservations WHERE id = @id AND user_id = @userId
        """;

    private const string UnclaimSql = "UPDATE reservations SET payment_claimed_at = NULL WHERE id = @id AND status = 'pending'";

    private const string ConfirmSql = """
        UPDATE reservations
           SET status = 'confirmed', payment_status = 'completed', payment_method = @method,
               payment_claimed_at = NULL, updated_at = now()
         WHERE id = @id AND status = 'pending' AND payment_status = 'pending'
        RETURNING event_id AS EventId, reservation_number AS ReservationNumber, total_amount AS TotalAmount, now() AS PaidAt
        """;

    private const string SeatItemCountSql = "SELECT COUNT(*)::int FROM reservation_items WHERE reservation_id = @id AND seat_id IS NOT NULL";

    private const string SellSeatsSql = """
        UPDATE seats s SET status = 'reserved', updated_at = now()
          FROM reservation_items i
         WHERE i.reservation_id = @id AND s.id = i.seat_id AND s.status = 'locked'
        RETURNING s.id AS SeatId, s.seat_label AS SeatLabel, s.section AS Section,
                  s.row_number AS RowNumber, s.seat_number AS SeatNumber, i.unit_price AS UnitPrice
        """;

    private const string EventSql = "SELECT title AS Title, venue AS Venue, event_date AS EventDate FROM events WHERE id = @eventId";

    private readonly HoldOptions _options = options.Value;

    /// <summary>Pays the user's reservation with <paramref name="method"/> (a known method code).</summary>
    public async Task<TicketingResult<PaymentReceipt>> PayAsync(Guid userId, Guid reservationId, string method, CancellationToken cancellationToken)
    {
        int? amount;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            amount = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                ClaimSql, new { id = reservationId, userId, claimTimeout = _options.PaymentClaimTimeout }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (amount is null)
            {
                return await WhyNotPayableAsync(connection, userId, reservationId, cancellationToken).ConfigureAwait(false);
            }
        }

        PaymentCharge charge;
        try
        {
            // Not the request's token: once claimed, a charge is seen through (bounded well inside the claim).
            using var timeout = new CancellationTokenSource(_options.PaymentClaimTimeout / 2);
            charge = await provider.ChargeAsync(new PaymentRequest(reservationId, amount.Value, method), timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            await UnclaimAsync(reservationId).ConfigureAwait(false);
            throw;
        }

        if (!charge.Succeeded)
        {
            await UnclaimAsync(reservationId).ConfigureAwait(false);
            return TicketingFailure.Invalid(TicketingMessages.PaymentFailed);
        }

        ConfirmedPayment? receipt;
        try
        {
            // An admin cancel or the expiry sweep may take the seats and the reservation in the other order.
            receipt = await PostgresConflict.RetryLockRacesAsync(() => ConfirmAsync(reservationId, method)).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            // Lost deadlocks, a dropped connection, a database restart: the money is taken, so find out whether
            // the sale was recorded before answering. Not recorded → give the money back (the hold stands and
            // paying again is safe); recorded, or unknown → the error stands and the charge stays with the sale.
            var status = await ReservationStatusAsync(reservationId).ConfigureAwait(false);
            if (status is null or "confirmed")
            {
                LogConfirmOutcomeUnknown(logger, ex, reservationId, status ?? "unknown");
                throw;
            }

            await provider.RefundAsync(reservationId, CancellationToken.None).ConfigureAwait(false);
            await UnclaimAsync(reservationId).ConfigureAwait(false);
            LogConfirmFailedRefunded(logger, ex, reservationId);
            return TicketingFailure.Conflict(TicketingMessages.BusyTryAgain);
        }

        if (receipt is null)
        {
            // Expired or cancelled while the claim had lapsed: give the money back.
            await provider.RefundAsync(reservationId, CancellationToken.None).ConfigureAwait(false);
            await UnclaimAsync(reservationId).ConfigureAwait(false);
            LogRefundedLatePayment(logger, reservationId);
            return TicketingFailure.Invalid(TicketingMessages.HoldExpired);
        }

        if (receipt.Seats.Count > 0)
        {
            var seatIds = new Guid[receipt.Seats.Count];
            for (var i = 0; i < seatIds.Length; i++)
            {
                seatIds[i] = receipt.Seats[i].SeatId!.Value;
            }

            await publisher.SeatsReservedAsync(receipt.EventId, seatIds).ConfigureAwait(false);
        }

        return new TicketingResult<PaymentReceipt>(receipt.Receipt);
    }

    private async Task<TicketingFailure> WhyNotPayableAsync(NpgsqlConnection connection, Guid userId, Guid reservationId, CancellationToken cancellationToken)
    {
        var state = await connection.QuerySingleOrDefaultAsync<StateRow>(new CommandDefinition(
            StateSql, new { id = reservationId, userId, claimTimeout = _options.PaymentClaimTimeout }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (state is null)
        {
            return TicketingFailure.NotFound(TicketingMessages.HoldNotFound);
        }

        if (state.PaymentStatus is "completed" or "refunded" && state.Status != "pending")
        {
            return state.PaymentStatus == "completed"
                ? TicketingFailure.Invalid(TicketingMessages.AlreadyPaid)
                : TicketingFailure.Invalid(TicketingMessages.ReservationCancelled);
        }

        if (state.Status == "cancelled")
        {
            return TicketingFailure.Invalid(state.Expired ? TicketingMessages.HoldExpired : TicketingMessages.ReservationCancelled);
        }

        if (state.Expired)
        {
            return TicketingFailure.Invalid(TicketingMessages.HoldExpired);
        }

        return TicketingFailure.Conflict(TicketingMessages.PaymentInProgress);
    }

    // One transaction: confirm only a still-pending reservation, sell only still-locked seats.
    private async Task<ConfirmedPayment?> ConfirmAsync(Guid reservationId, string method)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        var confirmed = await connection.QuerySingleOrDefaultAsync<ConfirmRow>(new CommandDefinition(
            ConfirmSql, new { id = reservationId, method }, transaction)).ConfigureAwait(false);
        if (confirmed is null)
        {
            return null;
        }

        var seatItems = await connection.ExecuteScalarAsync<int>(new CommandDefinition(SeatItemCountSql, new { id = reservationId }, transaction)).ConfigureAwait(false);
        var seats = (await connection.QueryAsync<ReservationItemView>(new CommandDefinition(SellSeatsSql, new { id = reservationId }, transaction)).ConfigureAwait(false)).AsList();
        if (seats.Count != seatItems)
        {
            // A seat of this live reservation is not locked any more (an admin freed it): do not sell.
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            return null;
        }

        var eventRow = await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(EventSql, new { eventId = confirmed.EventId }, transaction)).ConfigureAwait(false);
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        var receipt = new PaymentReceipt
        {
            ReservationId = reservationId,
            ReservationNumber = confirmed.ReservationNumber,
            PaymentMethod = method,
            TotalAmount = confirmed.TotalAmount,
            PaidAt = DateTime.SpecifyKind(confirmed.PaidAt, DateTimeKind.Utc),
            EventTitle = eventRow?.Title,
            Venue = eventRow?.Venue,
            EventDate = eventRow?.EventDate,
            Seats = seats,
        };
        return new ConfirmedPayment(confirmed.EventId, seats, receipt);
    }

    // The reservation's status from a fresh connection, or null when the database cannot say. FOR UPDATE waits for
    // a confirmation the server may still be running (its connection lost after COMMIT was sent), so the answer is final.
    private async Task<string?> ReservationStatusAsync(Guid reservationId)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT status FROM reservations WHERE id = @id FOR UPDATE", new { id = reservationId })).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return null;
        }
    }

    private async Task UnclaimAsync(Guid reservationId)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(UnclaimSql, new { id = reservationId })).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The claim then simply times out.
            LogUnclaimFailed(logger, ex, reservationId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment of reservation {ReservationId} arrived after it was released; the charge was refunded")]
    private static partial void LogRefundedLatePayment(ILogger logger, Guid reservationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Confirming the payment of reservation {ReservationId} failed and nothing was recorded; the charge was refunded")]
    private static partial void LogConfirmFailedRefunded(ILogger logger, Exception exception, Guid reservationId);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Confirming the payment of reservation {ReservationId} failed with the reservation {Status}; the charge stands and needs reconciliation if the sale is not recorded")]
    private static partial void LogConfirmOutcomeUnknown(ILogger logger, Exception exception, Guid reservationId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the payment claim of reservation {ReservationId} failed; it times out")]
    private static partial void LogUnclaimFailed(ILogger logger, Exception exception, Guid reservationId);

    private sealed record ConfirmedPayment(Guid EventId, IReadOnlyList<ReservationItemView> Seats, PaymentReceipt Receipt);

    private sealed class StateRow
    {
        public string Status { get; set; } = "";

        public string PaymentStatus { get; set; } = "";

        public bool Expired { get; set; }

        public bool Claimed { get; set; }
    }

    private sealed class ConfirmRow
    {
        public Guid EventId { get; set; }

        public string ReservationNumber { get; set; } = "";

        public int TotalAmount { get; set; }

        public DateTime PaidAt { get; set; }
    }

    private sealed class EventRow
    {
        public string? Title { get; set; }

        public string? Venue { get; set; }

        public DateTime? EventDate { get; set; }
    }
}
