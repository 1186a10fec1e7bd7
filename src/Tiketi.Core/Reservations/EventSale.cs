using Dapper;
using Npgsql;

namespace Tiketi.Core.Reservations;

/// <summary>Whether an event exists and is on sale right now (status and sale window both agree).</summary>
internal static class EventSale
{
    private const string Sql = """
        SELECT status = 'on_sale' AND now() >= sale_start_date AND now() < sale_end_date
          FROM events WHERE id = @eventId
        """;

    /// <summary>The refusal for holds/purchases on this event, or null when it is on sale.</summary>
    public static async Task<TicketingFailure?> RefusalAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid eventId, CancellationToken cancellationToken)
    {
        var onSale = await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
            Sql, new { eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return onSale switch
        {
            null => TicketingFailure.NotFound(TicketingMessages.EventNotFound),
            false => TicketingFailure.Invalid(TicketingMessages.EventNotOnSale),
            true => null,
        };
    }
}
