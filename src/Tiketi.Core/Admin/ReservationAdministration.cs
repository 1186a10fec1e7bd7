using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Tiketi.Core.Notifications;
using Tiketi.Core.Reservations;

namespace Tiketi.Core.Admin;

/// <summary>
/// The admin reservation list (REST.md §3.33) and status changes (§3.34). Status changes are not free-form
/// (FLOWS.md defect 15): they are the transitions users, payments and expiry already make, with the same effects —
/// <list type="bullet">
/// <item><c>pending → cancelled</c> (hold/unpaid purchase withdrawn; payment stays <c>pending</c>) and
/// <c>confirmed → cancelled</c> (payment <c>completed → refunded</c> through the provider): seats freed, stock
/// restored, <c>seat-released</c>/<c>ticket-updated</c> after commit;</item>
/// <item><c>pending → confirmed</c> with payment <c>completed</c> (an off-line payment, e.g. a bank transfer,
/// confirmed by hand): only while the hold is unexpired and all its seats are still locked for it; seats become
/// <c>reserved</c> (<c>seat-reserved</c> notification).</item>
/// </list>
/// Anything else (reviving a cancelled reservation, <c>failed</c>, refunding without cancelling…) is refused with
/// 400; asking for the current state is a no-op.
/// </summary>
public sealed class ReservationAdministration(
    NpgsqlDataSource dataSource,
    ReservationCancelCascade cascade,
    TicketingChangePublisher publisher,
    IOptions<HoldOptions> holdOptions)
{
    private const string Filter = """
        (@status::text IS NULL OR r.status = @status)
        AND (@paymentStatus::text IS NULL OR r.payment_status = @paymentStatus)
        AND (@eventId::uuid IS NULL OR r.event_id = @eventId)
        """;

    private const string PageSql = $"""
        SELECT {ReservationListItem.Columns}
          FROM reservations r
          LEFT JOIN users u ON u.id = r.user_id
          LEFT JOIN events e ON e.id = r.event_id
         WHERE {Filter}
         ORDER BY r.created_at DESC, r.id DESC
         LIMIT @limit OFFSET @offset
        """;

    private const string CountSql = $"SELECT COUNT(*)::int FROM reservations r WHERE {Filter}";

    private const string LockSql = """
        SELECT status AS Status, payment_status AS PaymentStatus, event_id AS EventId,
               (expires_at IS NOT NULL AND expires_at <= now()) AS Expired,
               (payment_claimed_at IS NOT NULL AND payment_claimed_at > now() - @claimTimeout) AS PaymentInFlight
          FROM reservations WHERE id = @id
           FOR UPDATE
        """;

    private const string ConfirmSql = """
        UPDATE reservations
           SET status = 'confirmed', payment_status = 'completed', payment_claimed_at = NULL, updated_at = now()
         WHERE id = @id AND status = 'pending' AND payment_status = 'pending'
        """;

    private const string SellSeatsSql = """
        UPDATE seats s SET status = 'reserved', updated_at = now()
          FROM reservation_items i
         WHERE i.reservation_id = @id AND s.id = i.seat_id AND s.status = 'locked'
        RETURNING s.id
        """;

    private const string SelectSql = $"SELECT {ReservationRow.Columns} FROM reservations WHERE id = @id";

    /// <summary>A page of reservations, newest first, with the total matching <paramref name="filter"/>.</summary>
    public async Task<(IReadOnlyList<ReservationListItem> Items, int Total)> ListAsync(ReservationFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new
        {
            status = filter.Status,
            paymentStatus = filter.PaymentStatus,
            eventId = filter.EventId,
            limit = filter.Limit,
            offset = (long)(filter.Page - 1) * filter.Limit,
        };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountSql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var items = (await connection.QueryAsync<ReservationListItem>(new CommandDefinition(PageSql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        return (items, total);
    }

    /// <summary>
    /// Moves a reservation to <paramref name="status"/> and/or <paramref name="paymentStatus"/> (at least one;
    /// both validated against DATA.md §2) along the state machine described on the class.
    /// </summary>
    public async Task<TicketingResult<ReservationRow>> ChangeStatusAsync(AdminActor actor, Guid reservationId, string? status, string? paymentStatus, CancellationToken cancellationToken)
    {
        if (status is null && paymentStatus is null)
        {
            return TicketingFailure.Invalid(AdminMessages.StatusRequired);
        }

        if (status is not null && !ReservationStates.Statuses.Contains(status))
        {
            return TicketingFailure.Invalid(AdminMessages.InvalidReservationStatus);
        }

        if (paymentStatus is not null && !ReservationStates.PaymentStatuses.Contains(paymentStatus))
        {
            return TicketingFailure.Invalid(AdminMessages.InvalidPaymentStatus);
        }

        // A user cancel, a payment or an expiry sweep may take the same rows in another order.
        return await PostgresConflict.RetryLockRacesAsync(
            () => ChangeStatusOnceAsync(actor, reservationId, status, paymentStatus, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<TicketingResult<ReservationRow>> ChangeStatusOnceAsync(AdminActor actor, Guid reservationId, string? status, string? paymentStatus, CancellationToken cancellationToken)
    {
        CancelledReservations? cancelled = null;
        Guid[] soldSeats = [];
        ReservationRow row;
        Guid? eventId;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var current = await connection.QuerySingleOrDefaultAsync<LockedReservation>(new CommandDefinition(
                LockSql, new { id = reservationId, claimTimeout = holdOptions.Value.PaymentClaimTimeout }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (current is null)
            {
                return TicketingFailure.NotFound(AdminMessages.ReservationNotFound);
            }

            eventId = current.EventId;
            var transition = Decide(current, status, paymentStatus);
            if (transition == Transition.None)
            {
                return new TicketingResult<ReservationRow>(await connection.QuerySingleAsync<ReservationRow>(new CommandDefinition(SelectSql, new { id = reservationId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false));
            }

            if (transition == Transition.Refused)
            {
                return TicketingFailure.Invalid(AdminMessages.TransitionNotAllowed);
            }

            if (current.Status == "pending" && current.PaymentInFlight)
            {
                return TicketingFailure.Conflict(AdminMessages.PaymentInProgress);
            }

            var before = await AuditLog.SnapshotAsync(connection, transaction, AuditTable.Reservations, reservationId, cancellationToken).ConfigureAwait(false);
            if (transition == Transition.Cancel)
            {
                cancelled = await ReservationCancelCascade.CancelAsync(connection, transaction, [reservationId], cancellationToken).ConfigureAwait(false);
            }
            else
            {
                if (current.Expired)
                {
                    return TicketingFailure.Invalid(AdminMessages.CannotConfirm);
                }

                await connection.ExecuteAsync(new CommandDefinition(ConfirmSql, new { id = reservationId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                var seatItems = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                    "SELECT COUNT(*)::int FROM reservation_items WHERE reservation_id = @id AND seat_id IS NOT NULL", new { id = reservationId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                soldSeats = (await connection.QueryAsync<Guid>(new CommandDefinition(SellSeatsSql, new { id = reservationId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToArray();
                if (soldSeats.Length != seatItems)
                {
                    // A seat of this hold is not locked for it any more: confirming would sell what it does not hold.
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    return TicketingFailure.Invalid(AdminMessages.CannotConfirm);
                }
            }

            var after = await AuditLog.SnapshotAsync(connection, transaction, AuditTable.Reservations, reservationId, cancellationToken).ConfigureAwait(false);
            await AuditLog.RecordAsync(connection, transaction, actor, AuditActions.ReservationStatus, "reservation", reservationId, before, after, cancellationToken).ConfigureAwait(false);
            row = await connection.QuerySingleAsync<ReservationRow>(new CommandDefinition(SelectSql, new { id = reservationId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (cancelled is not null)
        {
            await cascade.CompleteAsync(cancelled).ConfigureAwait(false);
        }
        else if (soldSeats.Length > 0 && eventId is { } seatEvent)
        {
            await publisher.SeatsReservedAsync(seatEvent, soldSeats).ConfigureAwait(false);
        }

        return new TicketingResult<ReservationRow>(row);
    }

    private static Transition Decide(LockedReservation current, string? status, string? paymentStatus)
    {
        var targetStatus = status ?? current.Status;
        if (targetStatus == current.Status && (paymentStatus is null || paymentStatus == current.PaymentStatus))
        {
            return Transition.None;
        }

        if (current.Status == "cancelled")
        {
            return Transition.Refused;
        }

        // Refunding a paid reservation means cancelling it: the seats go back on sale with the money.
        var cancel = targetStatus == "cancelled" || (status is null && paymentStatus == "refunded");
        if (cancel)
        {
            var paymentAfterCancel = current.PaymentStatus == "completed" ? "refunded" : current.PaymentStatus;
            return paymentStatus is null || paymentStatus == paymentAfterCancel ? Transition.Cancel : Transition.Refused;
        }

        var confirm = current.Status == "pending" && current.PaymentStatus == "pending"
            && (targetStatus == "confirmed" || paymentStatus == "completed")
            && (status is null || status == "confirmed")
            && (paymentStatus is null || paymentStatus == "completed");
        return confirm ? Transition.Confirm : Transition.Refused;
    }

    private enum Transition
    {
        None,
        Refused,
        Cancel,
        Confirm,
    }

    private sealed class LockedReservation
    {
        public string Status { get; set; } = "";

        public string PaymentStatus { get; set; } = "";

        public Guid? EventId { get; set; }

        public bool Expired { get; set; }

        public bool PaymentInFlight { get; set; }
    }
}
