using System.Text.Json;
using Dapper;
using Npgsql;
using Tiketi.Core.Events;
using Tiketi.Core.Reservations;

namespace Tiketi.Core.Admin;

/// <summary>
/// Creating, editing and deleting events (REST.md §3.25, §3.26, §3.28), each in one transaction with its audit
/// entry. Create validates everything before writing and generates a layout's seats in one statement; update
/// changes only the given fields and recomputes the status from the sale window (unless cancelled); delete refuses
/// while any reservation is live and otherwise removes the event with its cancelled reservations.
/// </summary>
public sealed class EventAdministration(NpgsqlDataSource dataSource, EventCache eventCache)
{
    /// <summary>Most ticket grades one create request may carry.</summary>
    public const int MaxTicketTypes = 50;

    private const int DeleteAttempts = 5;

    // Status from the sale window, evaluated with the database clock (DATA.md §2).
    private const string StatusSql = """
        CASE WHEN now() < @saleStart THEN 'upcoming'
             WHEN now() < @saleEnd AND now() < @eventDate THEN 'on_sale'
             ELSE 'ended' END
        """;

    private const string InsertEventSql = $"""
        INSERT INTO events (title, description, venue, address, event_date, sale_start_date, sale_end_date,
                            poster_image_url, status, seat_layout_id, artist_name, created_by)
        VALUES (@title, @description, @venue, @address, @eventDate, @saleStart, @saleEnd,
                @posterImageUrl, {StatusSql}, @seatLayoutId, @artistName, @createdBy)
        RETURNING id
        """;

    private const string InsertTicketTypesSql = """
        INSERT INTO ticket_types (event_id, name, price, total_quantity, available_quantity, description)
        SELECT @eventId, t.name, t.price, t.quantity, t.quantity, NULLIF(t.description, '')
          FROM unnest(@names, @prices, @quantities, @descriptions) AS t(name, price, quantity, description)
        """;

    private const string LockEventSql = $"SELECT {EventRow.Columns} FROM events WHERE id = @id FOR UPDATE";

    private const string UpdateEventSql = $"""
        UPDATE events
           SET title = @title, description = @description, venue = @venue, address = @address,
               event_date = @eventDate, sale_start_date = @saleStart, sale_end_date = @saleEnd,
               poster_image_url = @posterImageUrl, artist_name = @artistName,
               status = CASE WHEN status = 'cancelled' THEN status ELSE {StatusSql} END,
               updated_at = now()
         WHERE id = @id
        """;

    private const string SelectEventSql = $"SELECT {EventRow.Columns} FROM events WHERE id = @id";

    private const string LiveReservationsSql = "SELECT COUNT(*)::int FROM reservations WHERE event_id = @id AND status <> 'cancelled'";

    /// <summary>The event, its ticket types and seat count as JSON (the audit record of create/delete/cancel).</summary>
    internal const string InventorySnapshotSql = """
        SELECT jsonb_build_object(
                 'event', to_jsonb(e),
                 'ticket_types', COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.price DESC) FROM ticket_types t WHERE t.event_id = e.id), '[]'::jsonb),
                 'seats', (SELECT COUNT(*) FROM seats s WHERE s.event_id = e.id),
                 'reservations', (SELECT COUNT(*) FROM reservations r WHERE r.event_id = e.id))::text
          FROM events e WHERE e.id = @id
        """;

    /// <summary>Creates an event (with its seats when a layout is given, and its ticket types) from an admin form body.</summary>
    public async Task<TicketingResult<EventRow>> CreateAsync(AdminActor actor, JsonElement body, CancellationToken cancellationToken)
    {
        var input = new AdminInput(body);
        var fields = EventFields.Read(input, forCreate: true);
        var seatLayoutId = input.OptionalGuid("seatLayoutId", "좌석 레이아웃");
        var grades = new List<TicketTypeFields>();
        var gradeElements = input.Array("ticketTypes", "티켓 등급");
        if (gradeElements.Count > MaxTicketTypes)
        {
            input.Fail(AdminMessages.TooManyTicketTypes(MaxTicketTypes));
        }

        foreach (var element in gradeElements)
        {
            var gradeInput = new AdminInput(element);
            grades.Add(TicketTypeFields.Read(gradeInput, required: true));
            input.Fail(gradeInput.Error);
        }

        if (input.Error is not null)
        {
            return TicketingFailure.Invalid(input.Error);
        }

        if (!EventFields.DatesInOrder(fields.SaleStartDate!.Value, fields.SaleEndDate!.Value, fields.EventDate!.Value))
        {
            return TicketingFailure.Invalid(AdminMessages.DatesOutOfOrder);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        SeatLayoutPlan? plan = null;
        if (seatLayoutId is { } layoutId)
        {
            var config = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT layout_config::text FROM seat_layouts WHERE id = @layoutId", new { layoutId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (config is null)
            {
                return TicketingFailure.Invalid(AdminMessages.SeatLayoutNotFound);
            }

            plan = SeatLayoutPlan.TryCreate(config);
            if (plan is null)
            {
                return TicketingFailure.Invalid(AdminMessages.SeatLayoutInvalid);
            }
        }

        var eventId = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(InsertEventSql, new
        {
            title = fields.Title,
            description = fields.Description,
            venue = fields.Venue,
            address = fields.Address,
            eventDate = fields.EventDate!.Value.UtcDateTime,
            saleStart = fields.SaleStartDate!.Value.UtcDateTime,
            saleEnd = fields.SaleEndDate!.Value.UtcDateTime,
            posterImageUrl = fields.PosterImageUrl,
            seatLayoutId,
            artistName = fields.ArtistName,
            createdBy = actor.Id,
        }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        if (plan is not null)
        {
            await Seats.SeatGenerator.GenerateForEventAsync(connection, transaction, eventId, cancellationToken).ConfigureAwait(false);
        }

        if (grades.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertTicketTypesSql, new
            {
                eventId,
                names = grades.Select(g => g.Name!).ToArray(),
                prices = grades.Select(g => g.Price!.Value).ToArray(),
                quantities = grades.Select(g => g.TotalQuantity!.Value).ToArray(),
                descriptions = grades.Select(g => g.Description ?? "").ToArray(),
            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var after = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(InventorySnapshotSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await AuditLog.RecordAsync(connection, transaction, actor, AuditActions.EventCreate, "event", eventId, null, after, cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleAsync<EventRow>(new CommandDefinition(SelectEventSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        await eventCache.InvalidateEventAsync(eventId).ConfigureAwait(false);
        return new TicketingResult<EventRow>(row);
    }

    /// <summary>Changes the given fields of an event; dates are checked against the merged values.</summary>
    public async Task<TicketingResult<EventRow>> UpdateAsync(AdminActor actor, Guid eventId, JsonElement body, CancellationToken cancellationToken)
    {
        var fields = EventFields.Read(body, forCreate: false, out var error);
        if (fields is null)
        {
            return TicketingFailure.Invalid(error!);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var current = await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(LockEventSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (current is null)
        {
            return TicketingFailure.NotFound(AdminMessages.EventNotFound);
        }

        var eventDate = fields.EventDate ?? AsInstant(current.event_date);
        var saleStart = fields.SaleStartDate ?? AsInstant(current.sale_start_date);
        var saleEnd = fields.SaleEndDate ?? AsInstant(current.sale_end_date);
        if (!EventFields.DatesInOrder(saleStart, saleEnd, eventDate))
        {
            return TicketingFailure.Invalid(AdminMessages.DatesOutOfOrder);
        }

        var before = await AuditLog.SnapshotAsync(connection, transaction, AuditTable.Events, eventId, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(UpdateEventSql, new
        {
            id = eventId,
            title = fields.Title ?? current.title,
            description = fields.Description ?? current.description,
            venue = fields.Venue ?? current.venue,
            address = fields.Address ?? current.address,
            eventDate = eventDate.UtcDateTime,
            saleStart = saleStart.UtcDateTime,
            saleEnd = saleEnd.UtcDateTime,
            posterImageUrl = fields.PosterImageUrl ?? current.poster_image_url,
            artistName = fields.ArtistName ?? current.artist_name,
        }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var after = await AuditLog.SnapshotAsync(connection, transaction, AuditTable.Events, eventId, cancellationToken).ConfigureAwait(false);
        await AuditLog.RecordAsync(connection, transaction, actor, AuditActions.EventUpdate, "event", eventId, before, after, cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleAsync<EventRow>(new CommandDefinition(SelectEventSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        await eventCache.InvalidateEventAsync(eventId).ConfigureAwait(false);
        return new TicketingResult<EventRow>(row);
    }

    /// <summary>
    /// Deletes an event. Refused (409) while any reservation of it is not cancelled; cancelled reservations are
    /// deleted with it in the same transaction (their seats and ticket types go with the event), so the delete
    /// never fails on a foreign key (FLOWS.md defect 13). The audit entry keeps the deleted event and the counts.
    /// A purchase in flight can deadlock with the delete (holds lock a seat before the event row, the delete the
    /// other way round); PostgreSQL aborts one side: the purchase answers 409, the delete is retried and then sees
    /// the purchase's reservation (409) or none.
    /// </summary>
    public async Task<TicketingResult<bool>> DeleteAsync(AdminActor actor, Guid eventId, CancellationToken cancellationToken)
    {
        return await PostgresConflict.RetryLockRacesAsync(() => DeleteOnceAsync(actor, eventId, cancellationToken), DeleteAttempts).ConfigureAwait(false);
    }

    private async Task<TicketingResult<bool>> DeleteOnceAsync(AdminActor actor, Guid eventId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Reservation inserts take a SHARE lock on the event row (migration 0010): they wait for this transaction
        // and then find the event gone.
        var exists = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM events WHERE id = @id FOR UPDATE", new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (exists is null)
        {
            return TicketingFailure.NotFound(AdminMessages.EventNotFound);
        }

        var live = await connection.ExecuteScalarAsync<int>(new CommandDefinition(LiveReservationsSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (live > 0)
        {
            return TicketingFailure.Conflict(AdminMessages.EventHasReservations);
        }

        var before = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(InventorySnapshotSql, new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM reservations WHERE event_id = @id", new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM events WHERE id = @id", new { id = eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await AuditLog.RecordAsync(connection, transaction, actor, AuditActions.EventDelete, "event", eventId, before, null, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        await eventCache.InvalidateEventAsync(eventId).ConfigureAwait(false);
        return new TicketingResult<bool>(true);
    }

    // Npgsql returns timestamptz as UTC DateTime.
    private static DateTimeOffset AsInstant(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
