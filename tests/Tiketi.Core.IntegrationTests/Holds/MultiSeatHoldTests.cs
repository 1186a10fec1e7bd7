using System.Net;
using Dapper;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary>Holds of several seats per request and per user (limit 3) through the real HTTP API.</summary>
public sealed class MultiSeatHoldTests(MultiSeatFixture fixture) : IClassFixture<MultiSeatFixture>
{

    [Fact]
    public async Task A_multi_seat_hold_answers_the_seats_in_request_order()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 3);

        var response = await fixture.ClientFor(user).HoldAsync(ev.Id, ev.Seats[2], ev.Seats[0], ev.Seats[1]);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var reservation = response.Body.GetProperty("reservation");
        var seats = reservation.GetProperty("seats").EnumerateArray().ToArray();
        Assert.Equal([ev.Seats[2].ToString(), ev.Seats[0].ToString(), ev.Seats[1].ToString()], seats.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(["VIP-1-3", "VIP-1-1", "VIP-1-2"], seats.Select(s => s.GetProperty("seat_label").GetString()));
        Assert.Equal(3 * 150000, reservation.GetProperty("totalAmount").GetInt32());
        foreach (var seat in ev.Seats)
        {
            Assert.Equal("locked", await fixture.Catalog.SeatStatusAsync(seat));
        }
    }

    [Fact]
    public async Task A_multi_seat_hold_postgres_refuses_changes_no_seat_and_frees_the_redis_holds()
    {
        var users = await fixture.Catalog.UsersAsync(2);
        var ev = await fixture.Catalog.EventAsync(seats: 3);
        // Sold in PostgreSQL but unknown to Redis: Redis takes all three holds, PostgreSQL must refuse the lot.
        await using (var connection = await fixture.Catalog.Database.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE seats SET status = 'reserved' WHERE id = @id", new { id = ev.Seats[1] });
        }

        var taken = await fixture.ClientFor(users[0]).HoldAsync(ev.Id, ev.Seats[0], ev.Seats[1], ev.Seats[2]);
        var unknown = await fixture.ClientFor(users[0]).HoldAsync(ev.Id, ev.Seats[0], Guid.NewGuid());

        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Equal("이미 예약된 좌석입니다. (VIP-1-2)", taken.Error); // only the sold seat is named
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("좌석을 찾을 수 없습니다.", unknown.Error);
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[2]));
        Assert.Equal(0, await ReservationsOfAsync(users[0]));
        // The refused requests released their Redis holds by owner: both free seats go to the next buyer at once.
        Assert.Equal(HttpStatusCode.Created, (await fixture.ClientFor(users[1]).HoldAsync(ev.Id, ev.Seats[2], ev.Seats[0])).Status);
    }

    [Fact]
    public async Task One_user_racing_ten_holds_gets_exactly_the_per_user_limit()
    {
        var users = await fixture.Catalog.UsersAsync(2);
        var ev = await fixture.Catalog.EventAsync(seats: 10);
        var client = fixture.ClientFor(users[0]);
        using var start = new SemaphoreSlim(0);

        var attempts = ev.Seats.Select(async seat =>
        {
            await start.WaitAsync();
            return await client.HoldAsync(ev.Id, seat);
        }).ToArray();
        start.Release(attempts.Length);
        var responses = await Task.WhenAll(attempts);

        Assert.Equal(MultiSeatFixture.MaxSeats, responses.Count(r => r.Status == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.Status);
            Assert.Equal("최대 3석까지 선택 가능합니다.", r.Error);
        });
        var locked = new List<Guid>();
        foreach (var seat in ev.Seats)
        {
            if (await fixture.Catalog.SeatStatusAsync(seat) == "locked")
            {
                locked.Add(seat);
            }
        }

        Assert.Equal(MultiSeatFixture.MaxSeats, locked.Count);
        Assert.Equal(MultiSeatFixture.MaxSeats, await HeldSeatsOfAsync(users[0], ev));
        var refused = ev.Seats.Except(locked).First();
        Assert.Equal(HttpStatusCode.Created, (await fixture.ClientFor(users[1]).HoldAsync(ev.Id, refused)).Status);
    }

    [Fact]
    public async Task Cancelling_a_multi_seat_hold_frees_every_seat()
    {
        var users = await fixture.Catalog.UsersAsync(2);
        var ev = await fixture.Catalog.EventAsync(seats: 2);
        var client = fixture.ClientFor(users[0]);
        var id = Guid.Parse((await client.HoldAsync(ev.Id, ev.Seats[0], ev.Seats[1])).Body.GetProperty("reservation").GetProperty("id").GetString()!);

        var response = await client.PostEmptyAsync($"/api/reservations/{id}/cancel");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(("cancelled", "pending"), await fixture.Catalog.ReservationStateAsync(id));
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[1]));
        Assert.Equal(0, await HeldSeatsOfAsync(users[0], ev));
        Assert.Equal(HttpStatusCode.Created, (await fixture.ClientFor(users[1]).HoldAsync(ev.Id, ev.Seats[1], ev.Seats[0])).Status);
    }

    [Fact]
    public async Task A_hold_waits_for_the_per_user_lock_under_the_key_earlier_versions_took()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        // The key the multi-statement hold locked on: an instance still running it must exclude this one.
        var key = user.Id.ToString("N") + ev.Id.ToString("N");
        await using var blocker = await fixture.Catalog.Database.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@key, 7))", new { key }, transaction);

        var hold = fixture.ClientFor(user).HoldAsync(ev.Id, ev.Seats[0]);
        await Eventually.UntilAsync(() => WaitsForAdvisoryLockAsync(key), "the hold to wait for the per-user lock", TimeSpan.FromSeconds(30));
        Assert.False(hold.IsCompleted);
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        await transaction.CommitAsync();

        Assert.Equal(HttpStatusCode.Created, (await hold.WaitAsync(TimeSpan.FromSeconds(30))).Status);
        Assert.Equal("locked", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
    }

    private async Task<bool> WaitsForAdvisoryLockAsync(string key)
    {
        await using var connection = await fixture.Catalog.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>(
            """
            SELECT EXISTS (
              SELECT 1 FROM pg_locks l
               WHERE l.locktype = 'advisory' AND NOT l.granted
                 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                 AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended(@key, 7))
            """,
            new { key });
    }

    private async Task<int> ReservationsOfAsync(TestUser user)
    {
        await using var connection = await fixture.Catalog.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM reservations WHERE user_id = @id", new { id = user.Id });
    }

    private async Task<int> HeldSeatsOfAsync(TestUser user, TestEvent ev)
    {
        await using var connection = await fixture.Catalog.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>(
            """
            SELECT count(*)::int FROM reservations r JOIN reservation_items i ON i.reservation_id = r.id
             WHERE r.user_id = @userId AND r.event_id = @eventId AND r.status = 'pending' AND i.seat_id IS NOT NULL
            """,
            new { userId = user.Id, eventId = ev.Id });
    }
}
