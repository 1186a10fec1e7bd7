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
    private const string PricesSql = "SELECT id AS Id, price AS Price FROM ticket_types WHERE id = ANY(@ids) AND event_id = @eventId";

    // The price guard keeps the reservation's amounts true if an admin changed the price meanwhile.
    private const string DecrementSql = """
        UPDATE ticket_types SET available_quantity = available_quantity - @quantity, updated_at = now()
         WHERE id = @ticketTypeId AND event_id = @eventId AND available_quantity >= @quantity AND price = @price
        RETURNING available_quantity AS Available, total_quantity AS Total
        """;

    private const string StockSql = "SELECT name AS Name, available_quantity AS Available, price AS Price FROM ticket_types WHERE id = @ticketTypeId AND event_id = @eventId";

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

        var ticketTypeIds = merged.Keys.ToArray();
        var priceRows = (await connection.QueryAsync<PriceRow>(new CommandDefinition(
            PricesSql, new { ids = ticketTypeIds, eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToDictionary(r => r.Id, r => r.Price);
        if (priceRows.Count != ticketTypeIds.Length)
        {
            return TicketingFailure.Invalid(TicketingMessages.TicketNotFound);
        }

        var quantities = new int[ticketTypeIds.Length];
        var prices = new int[ticketTypeIds.Length];
        long total = 0;
        for (var i = 0; i < ticketTypeIds.Length; i++)
        {
            quantities[i] = (int)merged[ticketTypeIds[i]];
            prices[i] = priceRows[ticketTypeIds[i]];
            total += (long)quantities[i] * prices[i];
        }

        // Reservation and items first, stock last: the hot ticket_types row stays locked only until commit.
        var reservationId = Guid.NewGuid();
        var number = ReservationNumber.Create(DateTimeOffset.UtcNow);
        var expiresAt = await connection.ExecuteScalarAsync<DateTime>(new CommandDefinition(
            InsertReservationSql,
            new { id = reservationId, userId, eventId, number, total = checked((int)total), holdTime = _options.PurchaseHoldTime },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            InsertItemsSql, new { id = reservationId, ticketTypeIds, quantities, prices }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var levels = new StockLevel[ticketTypeIds.Length];
        for (var i = 0; i < ticketTypeIds.Length; i++)
        {
            var ticketTypeId = ticketTypeIds[i];
            var row = await connection.QuerySingleOrDefaultAsync<DecrementRow>(new CommandDefinition(
                DecrementSql, new { ticketTypeId, eventId, quantity = quantities[i], price = prices[i] }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (row is null)
            {
                var stock = await connection.QuerySingleOrDefaultAsync<StockRow>(new CommandDefinition(
                    StockSql, new { ticketTypeId, eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (stock is null)
                {
                    return TicketingFailure.Invalid(TicketingMessages.TicketNotFound);
                }

                return stock.Price != prices[i] && stock.Available >= quantities[i]
                    ? TicketingFailure.Conflict(TicketingMessages.BusyTryAgain)
                    : TicketingFailure.Invalid(TicketingMessages.NotEnoughTickets(stock.Name, stock.Available));
            }

            levels[i] = new StockLevel(eventId, ticketTypeId, row.Available, row.Total);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        var purchase = new TicketPurchase(reservationId, number, (int)total, DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc));
        return new TicketingResult<(TicketPurchase, StockLevel[])>((purchase, levels));
    }

    private sealed class PriceRow
    {
        public Guid Id { get; set; }

        public int Price { get; set; }
    }

    private sealed class DecrementRow
    {
        public int Available { get; set; }

        public int Total { get; set; }
    }

    private sealed class StockRow
    {
        public string Name { get; set; } = "";

        public int Available { get; set; }

        public int Price { get; set; }
    }
}
