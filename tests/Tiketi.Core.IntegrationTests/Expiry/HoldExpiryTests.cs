using System.Net;
using Dapper;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Expiry;

/// <summary>Hold expiry: exactly once, across instances, never touching paid or re-held seats.</summary>
public sealed class HoldExpiryTests(TicketingFixture fixture) : IClassFixture<TicketingFixture>
{
    [Fact]
    public async Task Competing_instances_release_each_expired_hold_exactly_once()
    {
        var users = await fixture.Catalog.UsersAsync(30);
        var ev = await fixture.Catalog.EventAsync(seats: 30);
        var reservations = new List<Guid>();
        for (var i = 0; i < users.Length; i++)
        {
            var hold = await fixture.ClientFor(users[i]).HoldAsync(ev.Id, ev.Seats[i]);
            reservations.Add(Guid.Parse(hold.Body.GetProperty("reservation").GetProperty("id").GetString()!));
        }

        await ExpireEventAsync(ev.Id);
        var notifier = new CountingNotifier();
        var instances = Enumerable.Range(0, 4).Select(_ => ExpiryInstances.Create(fixture.Server, notifier)).ToArray();

        var expired = await Task.WhenAll(instances.SelectMany(instance => Enumerable.Range(0, 3).Select(_ => instance.ExpireDueAsync(CancellationToken.None))));

        Assert.Equal(30, expired.Sum());
        Assert.Equal(ev.Seats.OrderBy(s => s), notifier.Released.Keys.OrderBy(s => s));
        Assert.All(notifier.Released.Values, count => Assert.Equal(1, count));
        foreach (var id in reservations)
        {
            Assert.Equal(("cancelled", "pending"), await fixture.Catalog.ReservationStateAsync(id));
        }

        foreach (var seat in ev.Seats)
        {
            Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(seat));
        }

        Assert.Equal(0, await instances[0].ExpireDueAsync(CancellationToken.None));
        Assert.All(notifier.Released.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task A_released_seat_can_be_held_again_and_a_later_sweep_does_not_free_it()
    {
        var users = await fixture.Catalog.UsersAsync(2);
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var first = Guid.Parse((await fixture.ClientFor(users[0]).HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        await fixture.Catalog.ExpireNowAsync(first);
        var notifier = new CountingNotifier();
        var expiry = ExpiryInstances.Create(fixture.Server, notifier);
        await expiry.ExpireDueAsync(CancellationToken.None);

        // The old hold's Redis key was released by owner, so the seat is free at once.
        var second = await fixture.ClientFor(users[1]).HoldAsync(ev.Id, ev.Seats[0]);
        Assert.Equal(HttpStatusCode.Created, second.Status);
        await expiry.ExpireDueAsync(CancellationToken.None);

        Assert.Equal("locked", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        Assert.Equal(1, notifier.Released[ev.Seats[0]]);
    }

    [Fact]
    public async Task Expired_purchases_give_their_stock_back_once()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(ticketStock: [10]);
        var id = Guid.Parse((await fixture.ClientFor(user).PurchaseAsync(ev.Id, (ev.TicketTypes[0], 4))).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        await fixture.Catalog.ExpireNowAsync(id);
        var notifier = new CountingNotifier();
        var expiry = ExpiryInstances.Create(fixture.Server, notifier);

        await expiry.ExpireDueAsync(CancellationToken.None);
        await expiry.ExpireDueAsync(CancellationToken.None);

        Assert.Equal(10, await fixture.Catalog.AvailableAsync(ev.TicketTypes[0]));
        Assert.Equal(10, notifier.Stock[ev.TicketTypes[0]]);
        Assert.Equal(("cancelled", "pending"), await fixture.Catalog.ReservationStateAsync(id));
    }

    [Fact]
    public async Task Paid_reservations_never_expire()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(user);
        var id = Guid.Parse((await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await client.PayAsync(id)).Status);
        await fixture.Catalog.ExpireNowAsync(id);

        await ExpiryInstances.Create(fixture.Server, new CountingNotifier()).ExpireDueAsync(CancellationToken.None);

        Assert.Equal(("confirmed", "completed"), await fixture.Catalog.ReservationStateAsync(id));
        Assert.Equal("reserved", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        Assert.False((await client.GetAsync($"/api/seats/reservation/{id}")).Body.GetProperty("reservation").TryGetProperty("isExpired", out _));
    }

    private async Task ExpireEventAsync(Guid eventId)
    {
        await using var connection = await fixture.Catalog.Database.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE reservations SET expires_at = now() - interval '1 second' WHERE event_id = @eventId", new { eventId });
    }
}
