using System.Text.Json;
using Dapper;
using Npgsql;
using Tiketi.Core.Events;
using Tiketi.Core.Notifications;
using Tiketi.Core.Reservations;

namespace Tiketi.Core.Admin;

/// <summary>
/// Creating and editing ticket grades (REST.md §3.31/§3.32). A quantity edit locks the ticket type's row — the
/// same row every purchase decrements — so it is serialised with purchases and keeps
/// <c>available = total − sold</c> exactly (FLOWS.md defect 15); totals below what is sold are refused.
/// Stock changes are announced after the commit (<c>ticket-updated</c>).
/// </summary>
public sealed class TicketTypeAdministration(NpgsqlDataSource dataSource, TicketingChangePublisher publisher, EventCache eventCache)
{
    private const string InsertSql = $"""
        INSERT INTO ticket_types (event_id, name, price, total_quantity, available_quantity, description)
        VALUES (@eventId, @name, @price, @quantity, @quantity, NULLIF(@description, ''))
        RETURNING {TicketTypeRow.Columns}
        """;

    private const string LockSql = $"SELECT {TicketTypeRow.Columns} FROM ticket_types WHERE id = @id FOR UPDATE";

    private const string UpdateSql = $"""
        UPDATE ticket_types
           SET name = @name, price = @price, description = @description,
               total_quantity = @total, available_quantity = @total - (total_quantity - available_quantity),
               updated_at = now()
         WHERE id = @id
        RETURNING {TicketTypeRow.Columns}
        """;

    /// <summary>Adds a ticket grade to an event.</summary>
    public async Task<TicketingResult<TicketTypeRow>> CreateAsync(AdminActor actor, Guid eventId, JsonElement body, CancellationToken cancellationToken)
    {
        var fields = TicketTypeFields.Read(body, required: true, out var error);
        if (fields is null)
        {
            return TicketingFailure.Invalid(error!);
        }

        TicketTypeRow row;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var status = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT status FROM events WHERE id = @eventId FOR KEY SHARE", new { eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (status is null)
            {
                return TicketingFailure.NotFound(AdminMessages.EventNotFound);
            }

            if (status == "cancelled")
            {
                return TicketingFailure.Invalid(AdminMessages.EventIsCancelled);
            }

            row = await connection.QuerySingleAsync<TicketTypeRow>(new CommandDefinition(InsertSql, new
            {
                eventId,
                name = fields.Name,
                price = fields.Price!.Value,
                quantity = fields.TotalQuantity!.Value,
                description = fields.Description ?? "",
            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var after = await AuditLog.SnapshotAsync(connection, transaction, AuditTable.TicketTypes, row.id, cancellationToken).ConfigureAwait(false);
            await AuditLog.RecordAsync(connection, transaction, actor, AuditActions.TicketTypeCreate, "ticket_type", row.id, null, after, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await publisher.StockChangedAsync([new StockLevel(row.event_id, row.id, row.available_quantity, row.total_quantity)], invalidate: true).ConfigureAwait(false);
        return new TicketingResult<TicketTypeRow>(row);
    }

    /// <summary>Changes the given fields of a ticket grade.</summary>
    public async Task<TicketingResult<TicketTypeRow>> UpdateAsync(AdminActor actor, Guid ticketTypeId, JsonElement body, CancellationToken cancellationToken)
    {
        var fields = TicketTypeFields.Read(body, required: false, out var error);
        if (fields is null)
        {
            return TicketingFailure.Invalid(error!);
        }

        TicketTypeRow row;
        bool stockChanged;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var current = await connection.QuerySingleOrDefaultAsync<TicketTypeRow>(new CommandDefinition(
                LockSql, new { id = ticketTypeId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (current is null)
            {
                return TicketingFailure.NotFound(AdminMessages.TicketNotFound);
            }

            var total = fields.TotalQuantity ?? current.total_quantity;
            if (total < current.total_quantity - current.available_quantity)
            {
                return TicketingFailure.Invalid(AdminMessages.TicketBelowSold);
            }

            var before = await AuditLog.SnapshotAsync(connection, transaction, AuditTable.TicketTypes, ticketTypeId, cancellationToken).ConfigureAwait(false);
            row = await connection.QuerySingleAsync<TicketTypeRow>(new CommandDefinition(UpdateSql, new
            {
                id = ticketTypeId,
                name = fields.Name ?? current.name,
                price = fields.Price ?? current.price,
                description = fields.HasDescription ? NullIfEmpty(fields.Description) : current.description,
                total,
            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var after = await AuditLog.SnapshotAsync(connection, transaction, AuditTable.TicketTypes, ticketTypeId, cancellationToken).ConfigureAwait(false);
            await AuditLog.RecordAsync(connection, transaction, actor, AuditActions.TicketTypeUpdate, "ticket_type", ticketTypeId, before, after, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            stockChanged = row.total_quantity != current.total_quantity;
        }

        var level = new StockLevel(row.event_id, row.id, row.available_quantity, row.total_quantity);
        if (stockChanged)
        {
            await publisher.StockChangedAsync([level], invalidate: true).ConfigureAwait(false);
        }
        else
        {
            await eventCache.InvalidateEventAsync(row.event_id).ConfigureAwait(false);
        }

        return new TicketingResult<TicketTypeRow>(row);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
