using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using Tiketi.Core.Notifications;
using Tiketi.Core.Reservations;

namespace Tiketi.Core.Seats;

/// <summary>
/// Takes 5-minute seat holds (REST 3.14). Redis rejects contended seats first with one atomic
/// Lua hold; PostgreSQL then decides for real in one transaction of conditional writes. If
/// PostgreSQL refuses or fails, the Redis hold is released by owner; if Redis is unavailable
/// or lost its data, PostgreSQL alone still refuses every double sale.
/// </summary>
public sealed partial class SeatHoldService(
    NpgsqlDataSource dataSource,
    SeatHoldScript script,
    TicketingChangePublisher publisher,
    IPurchaseGate gate,
    IOptions<HoldOptions> options,
    ILogger<SeatHoldService> logger)
{
    // Takes the lock that serialises one user's holds for one event (so repeated requests cannot stack past
    // the limit), and reads whether the event is on sale, in one round trip.
    private const string UserLockSql = "SELECT " + EventSale.OnSaleSql + " FROM (SELECT pg_advisory_xact_lock(hashtextextended(@key, 7))) AS user_lock";

    private const string HeldByUserSql = """
        SELECT COUNT(*)::int
          FROM reservations r JOIN reservation_items i ON i.reservation_id = r.id
         WHERE r.user_id = @userId AND r.event_id = @eventId AND r.status = 'pending'
           AND r.expires_at > now() AND i.seat_id IS NOT NULL
        """;

    private const string LockSeatsSql = """
        UPDATE seats SET status = 'locked', updated_at = now()
         WHERE id = ANY(@seatIds) AND event_id = @eventId AND status = 'available'
        RETURNING id AS Id, seat_label AS Label, price AS Price
        """;

    private const string CountSeatsSql = "SELECT COUNT(*)::int FROM seats WHERE id = ANY(@seatIds) AND event_id = @eventId";

    // One statement for the reservation and its items.
    private const string InsertReservationSql = """
        WITH reservation AS (
            INSERT INTO reservations (id, user_id, event_id, reservation_number, total_amount, status, payment_status, expires_at)
            VALUES (@id, @userId, @eventId, @number, @total, 'pending', 'pending', now() + @holdTime)
            RETURNING id, expires_at
        ), items AS (
            INSERT INTO reservation_items (reservation_id, ticket_type_id, seat_id, quantity, unit_price, subtotal)
            SELECT reservation.id, NULL, seat.id, 1, seat.price, seat.price
              FROM reservation, unnest(@seatIds, @prices) AS seat(id, price)
        )
        SELECT expires_at FROM reservation
        """;

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
        var heldInRedis = await TryHoldInRedisAsync(eventId, seatIds, reservationId).ConfigureAwait(false);
        if (heldInRedis is null)
        {
            return TicketingFailure.Conflict(TicketingMessages.SeatTaken);
        }

        TicketingResult<SeatHold> result;
        try
        {
            result = await HoldInDatabaseAsync(userId, eventId, seatIds, reservationId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresConflict.IsRace(ex))
        {
            result = TicketingFailure.Conflict(TicketingMessages.SeatTaken);
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

    // true: held in Redis; false: Redis unavailable, continue on PostgreSQL alone; null: contended.
    private async Task<bool?> TryHoldInRedisAsync(Guid eventId, IReadOnlyList<Guid> seatIds, Guid reservationId)
    {
        try
        {
            var conflicts = await script.HoldAsync(eventId, seatIds, reservationId, _options.HoldTime).ConfigureAwait(false);
            return conflicts.Length == 0 ? true : null;
        }
        catch (RedisException ex)
        {
            LogRedisHoldFailed(logger, ex, eventId);
            return false;
        }
        catch (TimeoutException ex)
        {
            LogRedisHoldFailed(logger, ex, eventId);
            return false;
        }
    }

    private async Task<TicketingResult<SeatHold>> HoldInDatabaseAsync(Guid userId, Guid eventId, IReadOnlyList<Guid> seatIds, Guid reservationId, CancellationToken cancellationToken)
    {
        var ids = seatIds as Guid[] ?? [.. seatIds];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The sale check runs here, not before Redis, so a contended seat is refused without touching PostgreSQL.
        var onSale = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
            UserLockSql, new { key = userId.ToString("N") + eventId.ToString("N"), eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (EventSale.Refusal(onSale) is { } refusal)
        {
            return refusal;
        }

        var alreadyHeld = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            HeldByUserSql, new { userId, eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (alreadyHeld + ids.Length > _options.MaxSeatsPerUserPerEvent)
        {
            return TicketingFailure.Invalid(TicketingMessages.MaxSeats(_options.MaxSeatsPerUserPerEvent));
        }

        var locked = (await connection.QueryAsync<SeatRow>(new CommandDefinition(
            LockSeatsSql, new { seatIds = ids, eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        if (locked.Count != ids.Length)
        {
            var existing = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                CountSeatsSql, new { seatIds = ids, eventId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return existing != ids.Length
                ? TicketingFailure.Invalid(TicketingMessages.SeatNotFound)
                : TicketingFailure.Conflict(TicketingMessages.SeatTaken);
        }

        var total = 0;
        var lockedIds = new Guid[locked.Count];
        var prices = new int[locked.Count];
        var seats = new HeldSeat[locked.Count];
        for (var i = 0; i < locked.Count; i++)
        {
            total += locked[i].Price;
            lockedIds[i] = locked[i].Id;
            prices[i] = locked[i].Price;
            seats[i] = new HeldSeat(locked[i].Id, locked[i].Label, locked[i].Price);
        }

        var number = ReservationNumber.Create(DateTimeOffset.UtcNow);
        var expiresAt = await connection.ExecuteScalarAsync<DateTime>(new CommandDefinition(
            InsertReservationSql,
            new { id = reservationId, userId, eventId, number, total, holdTime = _options.HoldTime, seatIds = lockedIds, prices },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        return new TicketingResult<SeatHold>(new SeatHold(reservationId, number, total, DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc), seats));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis seat hold for event {EventId} failed; PostgreSQL alone decides")]
    private static partial void LogRedisHoldFailed(ILogger logger, Exception exception, Guid eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the Redis hold of reservation {ReservationId} failed; it lapses by TTL")]
    private static partial void LogRedisReleaseFailed(ILogger logger, Exception exception, Guid reservationId);

    private sealed class SeatRow
    {
        public Guid Id { get; set; }

        public string Label { get; set; } = "";

        public int Price { get; set; }
    }
}
