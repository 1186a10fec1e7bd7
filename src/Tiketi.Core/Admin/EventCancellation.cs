using Dapper;
using Npgsql;
using Tiketi.Core.Events;
using Tiketi.Core.Reservations;

namespace Tiketi.Core.Admin;

/// <summary>
/// Cancels an event (REST.md §3.27, fixing FLOWS.md defect 12) in two short transactions, so it never holds the
/// event row while waiting for the stock or seat rows a purchase in flight holds (that order deadlocks):
/// <list type="number">
/// <item>the event becomes <c>cancelled</c>. The UPDATE waits for reservation inserts that already took their
/// SHARE lock on the event row (migration 0010) to commit; inserts arriving later wait for this commit and are then
/// refused — so afterwards no new reservation can appear for the event;</item>
/// <item>every live reservation is cancelled through <see cref="ReservationCancelCascade"/> — holds released,
/// paid reservations refunded, held and sold seats freed, ticket stock restored — with the audit entry; then the
/// refunds and notifications go out after the commit.</item>
/// </list>
/// If step 2 fails, calling cancel again finishes it (an already cancelled event with live reservations is
/// cancelled again, not refused).
/// </summary>
public sealed class EventCancellation(NpgsqlDataSource dataSource, ReservationCancelCascade cascade, EventCache eventCache)
{
    private const int Attempts = 3;

    private const string MarkCancelledSql = """
        UPDATE events SET status = 'cancelled', updated_at = now() WHERE id = @id AND status <> 'cancelled' RETURNING id
        """;

    private const string LiveReservationsSql = """
        SELECT id FROM reservations WHERE event_id = @id AND status <> 'cancelled' ORDER BY id FOR UPDATE
        """;

    /// <summary>Cancels the event and everything sold or held for it.</summary>
    public async Task<TicketingResult<EventCancellationResult>> CancelAsync(AdminActor actor, Guid eventId, CancellationToken cancellationToken)
    {
        string? before;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            before = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                EventAdministration.InventorySnapshotSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (before is null)
            {
                return TicketingFailure.NotFound(AdminMessages.EventNotFoundOrCancelled);
            }

            var marked = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                MarkCancelledSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (marked is null)
            {
                var unfinished = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM reservations WHERE event_id = @id AND status <> 'cancelled')", new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (!unfinished)
                {
                    return TicketingFailure.NotFound(AdminMessages.EventNotFoundOrCancelled);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await eventCache.InvalidateEventAsync(eventId).ConfigureAwait(false);
        // A user cancel or expiry may touch the same rows in another order.
        var (row, cancelled) = await PostgresConflict.RetryLockRacesAsync(
            () => CancelReservationsAsync(actor, eventId, before, cancellationToken), Attempts).ConfigureAwait(false);
        await cascade.CompleteAsync(cancelled).ConfigureAwait(false);
        await eventCache.InvalidateEventAsync(eventId).ConfigureAwait(false);
        return new TicketingResult<EventCancellationResult>(new EventCancellationResult(row, cancelled.Count, cancelled.Refunds.Length));
    }

    private async Task<(EventRow Row, CancelledReservations Cancelled)> CancelReservationsAsync(AdminActor actor, Guid eventId, string before, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var live = (await connection.QueryAsync<Guid>(new CommandDefinition(
            LiveReservationsSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToArray();
        var cancelled = await ReservationCancelCascade.CancelAsync(connection, transaction, live, cancellationToken).ConfigureAwait(false);
        var after = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            EventAdministration.InventorySnapshotSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await AuditLog.RecordAsync(connection, transaction, actor, AuditActions.EventCancel, "event", eventId, before, after, cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleAsync<EventRow>(new CommandDefinition(
            $"SELECT {EventRow.Columns} FROM events WHERE id = @id", new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (row, cancelled);
    }
}
