using Microsoft.Extensions.Options;
using Npgsql;
using Tiketi.Core.Notifications;

namespace Tiketi.Core.Reservations;

/// <summary>
/// Quantity-based purchases (REST 3.8): one round trip to <c>tiketi_purchase_tickets</c> (migration 0040), which
/// locks the ticket types, takes the stock only when every one has enough left — so it can never go negative —
/// and inserts the reservation and its items, all in one transaction. Unpaid purchases expire like seat holds (defect 9).
/// </summary>
public sealed class TicketPurchaseService(NpgsqlDataSource dataSource, TicketingChangePublisher publisher, IPurchaseGate gate, IOptions<HoldOptions> options)
{
    // On-sale check, row locks, stock check, reservation, items and stock in one round trip: migration 0040.
    private const string PurchaseSql =
        "SELECT outcome, expires_at, total_amount, ticket_type_id, name, available, total FROM tiketi_purchase_tickets($1, $2, $3, $4, $5, $6, $7)";

    private readonly HoldOptions _options = options.Value;

    /// <summary>Buys the (merged) items of <paramref name="eventId"/> for <paramref name="userId"/>, all or nothing.</summary>
    public async Task<TicketingResult<TicketPurchase>> PurchaseAsync(Guid userId, Guid eventId, IReadOnlyList<TicketPurchaseItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return TicketingFailure.Invalid(TicketingMessages.SelectTickets);
        }

        // Merge lines of the same ticket type (the function locks the types in id order itself).
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
        var ticketTypeIds = new Guid[merged.Count];
        var quantities = new int[merged.Count];
        var i = 0;
        foreach (var (ticketTypeId, quantity) in merged)
        {
            ticketTypeIds[i] = ticketTypeId;
            quantities[i++] = (int)quantity; // bounded by MaxTicketsPerPurchase
        }

        var reservationId = Guid.NewGuid();
        var number = ReservationNumber.Create(DateTimeOffset.UtcNow);
        await using var command = dataSource.CreateCommand(PurchaseSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ticketTypeIds });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = quantities });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = reservationId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = number });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = _options.PurchaseHoldTime });

        // Read to the end (past the statement's commit) before anything is announced.
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        switch (reader.GetString(0))
        {
            case "purchased":
                break;
            case "event_not_found":
                return TicketingFailure.NotFound(TicketingMessages.EventNotFound);
            case "not_on_sale":
                return TicketingFailure.Invalid(TicketingMessages.EventNotOnSale);
            case "ticket_not_found":
                return TicketingFailure.Invalid(TicketingMessages.TicketNotFound);
            case "not_enough":
                return TicketingFailure.Invalid(TicketingMessages.NotEnoughTickets(reader.GetString(4), reader.GetInt32(5)));
            case "amount_too_large":
                return TicketingFailure.Invalid(TicketingMessages.AmountTooLarge);
            case var outcome:
                throw new InvalidOperationException($"tiketi_purchase_tickets answered '{outcome}'.");
        }

        var expiresAt = reader.GetFieldValue<DateTime>(1);
        var total = reader.GetInt32(2);
        var levels = new StockLevel[ticketTypeIds.Length];
        var count = 0;
        do
        {
            levels[count++] = new StockLevel(eventId, reader.GetGuid(3), reader.GetInt32(5), reader.GetInt32(6));
        }
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false));

        var purchase = new TicketPurchase(reservationId, number, total, DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc));
        return new TicketingResult<(TicketPurchase, StockLevel[])>((purchase, levels));
    }
}
