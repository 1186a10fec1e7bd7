using Dapper;
using Npgsql;

namespace Tiketi.Core.Reservations;

/// <summary>Whether an event exists and is on sale right now (status and sale window both agree).</summary>
internal static class EventSale
{
    /// <summary>SQL yielding true (on sale), false (not on sale) or NULL (no such event) for <c>@eventId</c>.</summary>
    /// <remarks>Migration 0030's <c>tiketi_hold_seats</c> checks the same condition; change both together.</remarks>
    public const string OnSaleSql = """
        (SELECT status = 'on_sale' AND now() >= sale_start_date AND now() < sale_end_date
           FROM events WHERE id = @eventId)
        """;

    private const string Sql = "SELECT " + OnSaleSql;

    /// <summary>The refusal for holds/purchases on this event, or null when it is on sale.</summary>
    public static async Task<TicketingFailure?> RefusalAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid eventId, CancellationToken cancellationToken)
    {
        var onSale = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
            Sql, new { eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return Refusal(onSale);
    }

    /// <summary>The refusal for an <see cref="OnSaleSql"/> result, or null when on sale.</summary>
    public static TicketingFailure? Refusal(bool? onSale)
    {
        return onSale switch
        {
            null => TicketingFailure.NotFound(TicketingMessages.EventNotFound),
            false => TicketingFailure.Invalid(TicketingMessages.EventNotOnSale),
            true => null,
        };
    }
}
