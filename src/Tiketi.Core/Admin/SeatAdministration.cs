using Dapper;
using Npgsql;
using Tiketi.Core.Events;
using Tiketi.Core.Reservations;

namespace Tiketi.Core.Admin;

/// <summary>
/// Generating and removing an event's seats (REST.md §3.29/§3.30). Generation is one INSERT … SELECT for the whole
/// layout; removal locks the event's seats first so a hold racing it either commits before (and blocks the
/// removal) or finds no seat afterwards.
/// </summary>
public sealed class SeatAdministration(NpgsqlDataSource dataSource, EventCache eventCache)
{
    private const string LockEventSql = """
        SELECT e.title AS Title, e.status AS Status, e.seat_layout_id AS SeatLayoutId, l.layout_config::text AS LayoutConfig
          FROM events e LEFT JOIN seat_layouts l ON l.id = e.seat_layout_id
         WHERE e.id = @id
           FOR UPDATE OF e
        """;

    private const string LiveSeatItemsSql = """
        SELECT COUNT(*)::int
          FROM reservation_items i JOIN seats s ON s.id = i.seat_id
         WHERE s.event_id = @id AND i.live
        """;

    /// <summary>Generates the seats of the event's layout; refused when seats exist (with their count).</summary>
    public async Task<TicketingResult<SeatGenerationResult>> GenerateAsync(AdminActor actor, Guid eventId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var target = await connection.QuerySingleOrDefaultAsync<EventLayout>(new CommandDefinition(
            LockEventSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (target is null)
        {
            return TicketingFailure.NotFound(AdminMessages.EventNotFound);
        }

        if (target.Status == "cancelled")
        {
            return TicketingFailure.Invalid(AdminMessages.EventIsCancelled);
        }

        if (target.SeatLayoutId is null || target.LayoutConfig is null)
        {
            return TicketingFailure.Invalid(AdminMessages.NoSeatLayout);
        }

        var existing = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*)::int FROM seats WHERE event_id = @id", new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (existing > 0)
        {
            return new TicketingResult<SeatGenerationResult>(new SeatGenerationResult(target.Title, 0, existing));
        }

        var plan = SeatLayoutPlan.TryCreate(target.LayoutConfig);
        if (plan is null)
        {
            return TicketingFailure.Invalid(AdminMessages.SeatLayoutInvalid);
        }

        var created = await Seats.SeatGenerator.GenerateForEventAsync(connection, transaction, eventId, cancellationToken).ConfigureAwait(false);
        await AuditLog.RecordAsync(connection, transaction, actor, AuditActions.SeatsGenerate, "event", eventId,
            """{"seats":0}""", $$"""{"seats":{{created}},"seat_layout_id":"{{target.SeatLayoutId}}"}""", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        await eventCache.InvalidateEventAsync(eventId).ConfigureAwait(false);
        return new TicketingResult<SeatGenerationResult>(new SeatGenerationResult(target.Title, created, 0));
    }

    /// <summary>Deletes all seats of the event; refused while any live reservation holds one of them.</summary>
    public async Task<TicketingResult<int>> DeleteAsync(AdminActor actor, Guid eventId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var exists = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM events WHERE id = @id", new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (exists is null)
        {
            return TicketingFailure.NotFound(AdminMessages.EventNotFound);
        }

        // Lock in id order: holds in flight finish first and are then seen by the live-item check below.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT id FROM seats WHERE event_id = @id ORDER BY id FOR UPDATE", new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var live = await connection.ExecuteScalarAsync<int>(new CommandDefinition(LiveSeatItemsSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (live > 0)
        {
            return TicketingFailure.Invalid(AdminMessages.SeatsReserved);
        }

        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM seats WHERE event_id = @id", new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await AuditLog.RecordAsync(connection, transaction, actor, AuditActions.SeatsDelete, "event", eventId,
            $$"""{"seats":{{deleted}}}""", """{"seats":0}""", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        await eventCache.InvalidateEventAsync(eventId).ConfigureAwait(false);
        return new TicketingResult<int>(deleted);
    }

    private sealed class EventLayout
    {
        public string Title { get; set; } = "";

        public string Status { get; set; } = "";

        public Guid? SeatLayoutId { get; set; }

        public string? LayoutConfig { get; set; }
    }
}
