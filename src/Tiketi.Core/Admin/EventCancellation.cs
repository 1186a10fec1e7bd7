using Dapper;
using Npgsql;
using Tiketi.Core.Events;
using Tiketi.Core.Reservations;

namespace Tiketi.Core.Admin;

/// <summary>
/// Cancels an event (REST.md §3.27, fixing FLOWS.md defect 12): in one transaction the event becomes
/// <c>cancelled</c> and every live reservation is cancelled through <see cref="ReservationCancelCascade"/> —
/// holds released, paid reservations refunded, held and sold seats freed, ticket stock restored — then the
/// refunds and notifications go out after the commit. The event row is locked FOR UPDATE first, so purchases
/// racing the cancel either commit before it (and are cancelled by it) or are refused afterwards by the
/// "no reservations for a cancelled event" trigger (migration 0010).
/// </summary>
public sealed class EventCancellation(NpgsqlDataSource dataSource, ReservationCancelCascade cascade, EventCache eventCache)
{
    private const string LiveReservationsSql = """
        SELECT id FROM reservations WHERE event_id = @id AND status <> 'cancelled' ORDER BY id FOR UPDATE
        """;

    /// <summary>Cancels the event and everything sold or held for it.</summary>
    public async Task<TicketingResult<EventCancellationResult>> CancelAsync(AdminActor actor, Guid eventId, CancellationToken cancellationToken)
    {
        CancelledReservations cancelled;
        EventRow row;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var status = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT status FROM events WHERE id = @id FOR UPDATE", new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (status is null)
            {
                return TicketingFailure.NotFound(AdminMessages.EventNotFound);
            }

            if (status == "cancelled")
            {
                return TicketingFailure.Invalid(AdminMessages.EventAlreadyCancelled);
            }

            var before = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                EventAdministration.InventorySnapshotSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE events SET status = 'cancelled', updated_at = now() WHERE id = @id", new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var live = (await connection.QueryAsync<Guid>(new CommandDefinition(
                LiveReservationsSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToArray();
            cancelled = await ReservationCancelCascade.CancelAsync(connection, transaction, live, cancellationToken).ConfigureAwait(false);
            var after = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                EventAdministration.InventorySnapshotSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await AuditLog.RecordAsync(connection, transaction, actor, AuditActions.EventCancel, "event", eventId, before, after, cancellationToken).ConfigureAwait(false);
            row = await connection.QuerySingleAsync<EventRow>(new CommandDefinition(
                $"SELECT {EventRow.Columns} FROM events WHERE id = @id", new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await cascade.CompleteAsync(cancelled).ConfigureAwait(false);
        await eventCache.InvalidateEventAsync(eventId).ConfigureAwait(false);
        return new TicketingResult<EventCancellationResult>(new EventCancellationResult(row, cancelled.Count, cancelled.Refunds.Length));
    }
}
