using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using Tiketi.Core.Notifications;
using Tiketi.Core.Reservations;

namespace Tiketi.Core.Seats;

/// <summary>
/// Takes 5-minute seat holds (REST 3.14). Redis rejects contended seats first with one atomic
/// Lua hold; PostgreSQL then decides for real in one round trip (<c>tiketi_hold_seats</c>, migration 0030). If
/// PostgreSQL refuses or fails, the Redis hold is released by owner; if Redis is unavailable
/// or lost its data, PostgreSQL alone still refuses every double sale.
/// </summary>
public sealed partial class SeatHoldService(
    NpgsqlDataSource dataSource,
    SeatHoldScript script,
    TicketingChangePublisher publisher,
    IPurchaseGate gate,
    SeatLabels seatLabels,
    IOptions<HoldOptions> options,
    ILogger<SeatHoldService> logger)
{
    // The whole PostgreSQL half in one round trip: migration 0030's tiketi_hold_seats (per-user advisory lock,
    // on-sale check, per-user limit, all-or-nothing seat lock, reservation + items) in the statement's own transaction.
    private const string HoldSql = "SELECT outcome, held_until, total, labels, prices FROM tiketi_hold_seats($1, $2, $3, $4, $5, $6, $7)";

    private readonly HoldOptions _options = options.Value;

    /// <summary>Holds all of <paramref name="seatIds"/> of <paramref name="eventId"/> for <paramref name="userId"/>, or none of them.</summary>
    public async Task<TicketingResult<SeatHold>> HoldAsync(Guid userId, Guid eventId, IReadOnlyList<Guid> seatIds, CancellationToken cancellationToken)
    {
        if (seatIds.Count == 0)
        {
            return TicketingFailure.Invalid(TicketingMessages.SelectAtLeastOneSeat);
        }

        if (seatIds.Count > _options.MaxSeatsPerUserPerEvent)
        {
            return TicketingFailure.Invalid(TicketingMessages.MaxSeats(_options.MaxSeatsPerUserPerEvent));
        }

        if (seatIds.Distinct().Count() != seatIds.Count)
        {
            return TicketingFailure.Invalid(TicketingMessages.SeatNotFound);
        }

        if (!await gate.MayPurchaseAsync(eventId, userId, cancellationToken).ConfigureAwait(false))
        {
            return TicketingFailure.Forbidden(TicketingMessages.NotAdmitted);
        }

        var reservationId = Guid.NewGuid();
        var (heldInRedis, conflicts) = await TryHoldInRedisAsync(eventId, seatIds, reservationId).ConfigureAwait(false);
        if (heldInRedis is null)
        {
            return TicketingFailure.Conflict(TicketingMessages.SeatTaken(await seatLabels.JoinAsync(conflicts, cancellationToken).ConfigureAwait(false)));
        }

        TicketingResult<SeatHold> result;
        try
        {
            result = await HoldInDatabaseAsync(userId, eventId, seatIds, reservationId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresConflict.IsRace(ex))
        {
            result = await SeatTakenAsync(seatIds, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (heldInRedis.Value)
            {
                await ReleaseRedisAsync(eventId, seatIds, reservationId).ConfigureAwait(false);
            }

            throw;
        }

        if (!result.Succeeded)
        {
            if (heldInRedis.Value)
            {
                await ReleaseRedisAsync(eventId, seatIds, reservationId).ConfigureAwait(false);
            }

            return result;
        }

        await publisher.SeatsHeldAsync(eventId, seatIds).ConfigureAwait(false);
        return result;
    }

    /// <summary>Releases Redis holds of a reservation that no longer needs them (compare-and-delete by owner).</summary>
    public async Task ReleaseRedisAsync(Guid eventId, IReadOnlyList<Guid> seatIds, Guid reservationId)
    {
        try
        {
            await script.ReleaseAsync(eventId, seatIds, reservationId).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            // The hold lapses by its TTL; PostgreSQL is what refuses a double sale.
            LogRedisReleaseFailed(logger, ex, reservationId);
        }
        catch (TimeoutException ex)
        {
            LogRedisReleaseFailed(logger, ex, reservationId);
        }
    }

    // true: held in Redis; false: Redis unavailable, continue on PostgreSQL alone; null: contended (on these seats).
    private async Task<(bool? Held, Guid[] Conflicts)> TryHoldInRedisAsync(Guid eventId, IReadOnlyList<Guid> seatIds, Guid reservationId)
    {
        try
        {
            var conflicts = await script.HoldAsync(eventId, seatIds, reservationId, _options.HoldTime).ConfigureAwait(false);
            return (conflicts.Length == 0 ? true : null, conflicts);
        }
        catch (RedisException ex)
        {
            LogRedisHoldFailed(logger, ex, eventId);
            return (false, []);
        }
        catch (TimeoutException ex)
        {
            LogRedisHoldFailed(logger, ex, eventId);
            return (false, []);
        }
    }

    // PostgreSQL refused: name the seats that are taken now (all requested ones if they were freed meanwhile).
    private async Task<TicketingFailure> SeatTakenAsync(IReadOnlyList<Guid> seatIds, CancellationToken cancellationToken) =>
        TicketingFailure.Conflict(TicketingMessages.SeatTaken(await seatLabels.JoinUnavailableAsync(seatIds, cancellationToken).ConfigureAwait(false)));

    private async Task<TicketingResult<SeatHold>> HoldInDatabaseAsync(Guid userId, Guid eventId, IReadOnlyList<Guid> seatIds, Guid reservationId, CancellationToken cancellationToken)
    {
        var number = ReservationNumber.Create(DateTimeOffset.UtcNow);
        await using var command = dataSource.CreateCommand(HoldSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = seatIds as Guid[] ?? [.. seatIds] });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = reservationId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = number });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = _options.HoldTime });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.MaxSeatsPerUserPerEvent });

        string outcome;
        DateTime expiresAt = default;
        var total = 0;
        string[] labels = [];
        int[] prices = [];

        // Disposing the reader reads on to the end of the statement, i.e. past its commit, and gives the connection
        // back before a refusal looks up the taken seats' labels.
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            outcome = reader.GetString(0);
            if (outcome == "held")
            {
                expiresAt = reader.GetFieldValue<DateTime>(1);
                total = reader.GetInt32(2);
                labels = reader.GetFieldValue<string[]>(3);
                prices = reader.GetFieldValue<int[]>(4);
            }
        }

        switch (outcome)
        {
            case "held":
                break;
            case "event_not_found":
                return TicketingFailure.NotFound(TicketingMessages.EventNotFound);
            case "not_on_sale":
                return TicketingFailure.Invalid(TicketingMessages.EventNotOnSale);
            case "max_seats":
                return TicketingFailure.Invalid(TicketingMessages.MaxSeats(_options.MaxSeatsPerUserPerEvent));
            case "seat_not_found":
                return TicketingFailure.Invalid(TicketingMessages.SeatNotFound);
            case "seat_taken":
                return await SeatTakenAsync(seatIds, cancellationToken).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"tiketi_hold_seats answered '{outcome}'.");
        }

        var seats = new HeldSeat[seatIds.Count];
        for (var i = 0; i < seats.Length; i++)
        {
            seats[i] = new HeldSeat(seatIds[i], labels[i], prices[i]);
        }

        return new TicketingResult<SeatHold>(new SeatHold(reservationId, number, total, DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc), seats));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis seat hold for event {EventId} failed; PostgreSQL alone decides")]
    private static partial void LogRedisHoldFailed(ILogger logger, Exception exception, Guid eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the Redis hold of reservation {ReservationId} failed; it lapses by TTL")]
    private static partial void LogRedisReleaseFailed(ILogger logger, Exception exception, Guid reservationId);
}
