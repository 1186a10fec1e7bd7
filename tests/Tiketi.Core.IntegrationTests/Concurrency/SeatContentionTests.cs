using System.Net;
using Dapper;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Concurrency;

/// <summary>Many buyers on few seats through the real HTTP API: no seat is ever held twice.</summary>
[Collection(ContentionCollection.Name)]
public sealed class SeatContentionTests(TicketingFixture fixture) : IClassFixture<TicketingFixture>
{
    [Fact]
    public async Task Five_hundred_concurrent_buyers_on_twenty_seats_get_exactly_twenty_holds()
    {
        var users = await fixture.Catalog.UsersAsync(500);
        var ev = await fixture.Catalog.EventAsync(seats: 20);
        using var start = new SemaphoreSlim(0);

        var attempts = users.Select(async (user, i) =>
        {
            await start.WaitAsync();
            return await fixture.ClientFor(user).HoldAsync(ev.Id, ev.Seats[i % 20]);
        }).ToArray();
        start.Release(users.Length);
        var responses = await Task.WhenAll(attempts);

        Assert.Equal(20, responses.Count(r => r.Status == HttpStatusCode.Created));
        Assert.All(responses.Select((r, i) => (r, i)).Where(x => x.r.Status != HttpStatusCode.Created), x =>
        {
            Assert.Equal(HttpStatusCode.Conflict, x.r.Status);
            Assert.Equal($"이미 예약된 좌석입니다. (VIP-1-{x.i % 20 + 1})", x.r.Error);
        });
        var heldSeats = responses.Where(r => r.Status == HttpStatusCode.Created)
            .Select(r => r.Body.GetProperty("reservation").GetProperty("seats")[0].GetProperty("id").GetString())
            .ToHashSet();
        Assert.Equal(20, heldSeats.Count);
        Assert.Equal(0, await fixture.Catalog.DoublyHeldSeatsAsync(ev.Id));
        foreach (var seat in ev.Seats)
        {
            Assert.Equal("locked", await fixture.Catalog.SeatStatusAsync(seat));
        }
    }

    [Fact]
    public async Task One_user_firing_concurrent_holds_gets_only_the_per_user_limit()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 10);
        var client = fixture.ClientFor(user);

        var responses = await Task.WhenAll(ev.Seats.Select(seat => client.HoldAsync(ev.Id, seat)));

        Assert.Equal(1, responses.Count(r => r.Status == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r => Assert.Equal("최대 1석까지 선택 가능합니다.", r.Error));
        var locked = 0;
        foreach (var seat in ev.Seats)
        {
            locked += await fixture.Catalog.SeatStatusAsync(seat) == "locked" ? 1 : 0;
        }

        Assert.Equal(1, locked);
    }

    [Fact]
    public async Task Losing_all_redis_holds_mid_contention_still_never_double_sells()
    {
        var users = await fixture.Catalog.UsersAsync(300);
        var ev = await fixture.Catalog.EventAsync(seats: 10);
        // About seats only: the flush also wipes the waiting room's Redis state, which is not what this proves.
        await using (var connection = await fixture.Catalog.Database.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("INSERT INTO event_queue_settings (event_id, enabled) VALUES (@id, false)", new { id = ev.Id });
        }

        var firstWave = users.Take(150).Select((user, i) => fixture.ClientFor(user).HoldAsync(ev.Id, ev.Seats[i % 10])).ToArray();
        // Flush while the first wave is in flight, then again before the second: Redis forgets every hold.
        await fixture.Infrastructure.Redis.FlushAsync(fixture.RedisDatabase);
        var first = await Task.WhenAll(firstWave);
        await fixture.Infrastructure.Redis.FlushAsync(fixture.RedisDatabase);

        var second = await Task.WhenAll(users.Skip(150).Select((user, i) => fixture.ClientFor(user).HoldAsync(ev.Id, ev.Seats[i % 10])));

        var all = first.Concat(second).ToArray();
        Assert.Equal(10, all.Count(r => r.Status == HttpStatusCode.Created));
        Assert.DoesNotContain(second, r => r.Status == HttpStatusCode.Created);
        Assert.All(all.Where(r => r.Status != HttpStatusCode.Created), r => Assert.True(r.Status == HttpStatusCode.Conflict, $"{(int)r.Status} {r.Body}"));
        Assert.Equal(0, await fixture.Catalog.DoublyHeldSeatsAsync(ev.Id));
    }
}
