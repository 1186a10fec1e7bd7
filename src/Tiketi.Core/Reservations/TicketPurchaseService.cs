using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Tiketi.Core.Notifications;

namespace Tiketi.Core.Reservations;

/// <summary>
/// Quantity-based purchases (REST 3.8): one transaction of conditional decrements — stock only
/// moves while enough is left, so it can never go negative — plus the reservation and its items.
/// Unpaid purchases expire like seat holds (defect 9).
/// </summary>
public sealed class TicketPurchaseService(NpgsqlDataSource dataSource, TicketingChangePublisher publisher, IPurchaseGate gate, IOptions<HoldOptions> options)
{
    private const string DecrementSql = """
        UPDATE ticket_types SET available_quantity = available_quantity - @quantity, updated_at = now()
         WHERE id = @ticketTypeId AND event_id = @eventId AND available_quantity >= @quantity
        RETURNING price AS Price, available_quantity AS Available, total_quantity AS Total
        """;

    private const string StockSql = "SELECT name AS Name, available_quantity AS Available FROM ticket_types WHERE id = @ticketTypeId AND event_id = @eventId";

    private const string InsertReservationSql = """
        INSERT INTO reservations (id, user_id, event_id, reservation_number, total_amount, status, payment_status, expires_at)
        VALUES (@id, @userId, @eventId, @number, @total, 'pending', 'pending', now() + @holdTime)
        RETURNING expires_at
        """;

    private const string InsertItemsSql = """
        INSERT INTO reservation_items (reservation_id, ticket_type_id, seat_id, quantity, unit_price, subtotal)
        SELECT @id, item.ticket_type_id, NULL, item.quantity, item.price, item.quantity * item.price
          FROM unnest(@ticketTypeIds, @quantities, @prices) AS item(ticket_type_id, quantity, price)
        """;

    private readonly HoldOptions _options = options.Value;

    /// <summary>Buys the (merged) items of <paramref name="eventId"/> for <paramref name="userId"/>, all or nothing.</summary>
    public async Task<TicketingResult<TicketPurchase>> PurchaseAsync(Guid userId, Guid eventId, IReadOnlyList<TicketPurchaseItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return TicketingFailure.Invalid(TicketingMessages.SelectTickets);
        }

        // Merge lines of the same ticket type; order by id so concurrent purchases lock rows in one order.
        var merged = new SortedDictionary<Guid, long>();
        foreach (var item in items)
        {
            if (item.Quantity < 1)
            {
                return TicketingFailure.Invalid(TicketingMessages.QuantityAtLeastOne);
            }

            merged[item.TicketTypeId] = merged.GetValueOrDefault(item.TicketTypeId) + item.Quantity;
        }

        long requested = 0;
        foreach (var quantity in merged.Values)
        {
            requested += quantity;
        }

        if (requested > _options.MaxTicketsPerPurchase)
        {
            return TicketingFailure.Invalid(TicketingMessages.MaxTickets(_options.MaxTicketsPerPurchase));
        }

        if (!await gate.MayPurchaseAsync(eventId, userId, cancellationToken).ConfigureAwait(false))
        {
            return TicketingFailure.Forbidden(TicketingMessages.NotAdmitted);
        }

        TicketingResult<(TicketPurchase Purchase, StockLevel[] Levels)> result;
        try
        {
            result = await PurchaseInDatabaseAsync(userId, eventId, merged, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresConflict.IsRace(ex))
        {
            return TicketingFailure.Conflict(TicketingMessages.BusyTryAgain);
        }

        if (!result.Succeeded)
        {
            return result.Failure;
        }

        await publisher.StockChangedAsync(result.Value.Levels, invalidate: true).ConfigureAwait(false);
        return new TicketingResult<TicketPurchase>(result.Value.Purchase);
    }

    private async Task<TicketingResult<(TicketPurchase, StockLevel[])>> PurchaseInDatabaseAsync(Guid userId, Guid eventId, SortedDictionary<Guid, long> merged, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var refusal = await EventSale.RefusalAsync(connection, transaction, eventId, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var ticketTypeIds = new Guid[merged.Count];
        var quantities = new int[merged.Count];
        var prices = new int[merged.Count];
        var levels = new StockLevel[merged.Count];
        long total = 0;
        var index = 0;
        foreach (var (ticketTypeId, quantity) in merged)
        {
            var row = await connection.QuerySingleOrDefaultAsync<DecrementRow>(new CommandDefinition(
                DecrementSql, new { ticketTypeId, eventId, quantity = (int)quantity }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (row is null)
            {
                var stock = await connection.QuerySingleOrDefaultAsync<StockRow>(new CommandDefinition(
                    StockSql, new { ticketTypeId, eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return stock is null
                    ? TicketingFailure.Invalid(TicketingMessages.TicketNotFound)
                    : TicketingFailure.Invalid(TicketingMessages.NotEnoughTickets(stock.Name, stock.Available));
            }

            ticketTypeIds[index] = ticketTypeId;
            quantities[index] = (int)quantity;
            prices[index] = row.Price;
            levels[index] = new StockLevel(eventId, ticketTypeId, row.Available, row.Total);
            total += quantity * row.Price;
            index++;
        }

        var reservationId = Guid.NewGuid();
        var number = ReservationNumber.Create(DateTimeOffset.UtcNow);
        var expiresAt = await connection.ExecuteScalarAsync<DateTime>(new CommandDefinition(
            InsertReservationSql,
            new { id = reservationId, userId, eventId, number, total = checked((int)total), holdTime = _options.PurchaseHoldTime },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            InsertItemsSql, new { id = reservationId, ticketTypeIds, quantities, prices }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        var purchase = new TicketPurchase(reservationId, number, (int)total, DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc));
        return new TicketingResult<(TicketPurchase, StockLevel[])>((purchase, levels));
    }

    private sealed class DecrementRow
    {
        public int Price { get; set; }

        public int Available { get; set; }

        public int Total { get; set; }
    }

    private sealed class StockRow
    {
        public string Name { get; set; } = "";

        public int Available { get; set; }
    }
}
