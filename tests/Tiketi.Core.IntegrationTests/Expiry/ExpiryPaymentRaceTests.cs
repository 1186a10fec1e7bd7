using System.Net;
using Dapper;
using Tiketi.Core.Payments;

namespace Tiketi.Core.IntegrationTests.Expiry;

/// <summary>
/// Expiry racing payment with two expiry instances sweeping non-stop: a payment that claimed the reservation
/// before its deadline is honoured even if the deadline passes mid-payment; one that comes after is refused;
/// every reservation ends paid XOR released.
/// </summary>
public sealed class ExpiryPaymentRaceTests(RaceFixture fixture) : IClassFixture<RaceFixture>
{
    [Fact]
    public async Task Payments_racing_expiry_end_paid_xor_released()
    {
        const int count = 20;
        var users = await fixture.Catalog.UsersAsync(count);
        var ev = await fixture.Catalog.EventAsync(seats: count);
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = Guid.Parse((await fixture.ClientFor(users[i]).HoldAsync(ev.Id, ev.Seats[i])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        }

        var late = ids.Where((_, i) => i % 2 == 0).ToArray();
        var inTime = ids.Where((_, i) => i % 2 == 1).ToArray();
        foreach (var id in late)
        {
            await fixture.Catalog.ExpireNowAsync(id);
        }

        var notifier = new CountingNotifier();
        var sweepers = Enumerable.Range(0, 2).Select(_ => ExpiryInstances.Create(fixture.Server, notifier)).ToArray();
        using var stop = new CancellationTokenSource();
        var sweeping = sweepers.Select(sweeper => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await sweeper.ExpireDueAsync(CancellationToken.None);
            }
        })).ToArray();

        var payments = users.Select((user, i) => fixture.ClientFor(user).PayAsync(ids[i])).ToArray();
        // Every in-time payment has claimed its reservation; now its deadline passes while the provider works.
        await WaitUntilClaimedAsync(inTime, Task.WhenAll(payments));
        foreach (var id in inTime)
        {
            await fixture.Catalog.ExpireNowAsync(id);
        }

        var responses = await Task.WhenAll(payments);
        await stop.CancelAsync();
        await Task.WhenAll(sweeping);
        await sweepers[0].ExpireDueAsync(CancellationToken.None);

        var provider = fixture.Server.GetRequiredService<SimulatedPaymentProvider>();
        for (var i = 0; i < count; i++)
        {
            var state = await fixture.Catalog.ReservationStateAsync(ids[i]);
            var seat = await fixture.Catalog.SeatStatusAsync(ev.Seats[i]);
            var released = notifier.Released.GetValueOrDefault(ev.Seats[i]);
            if (i % 2 == 1)
            {
                Assert.Equal(HttpStatusCode.OK, responses[i].Status);
                Assert.Equal(("confirmed", "completed"), state);
                Assert.Equal("reserved", seat);
                Assert.True(provider.IsCharged(ids[i]));
                Assert.Equal(0, released);
            }
            else
            {
                Assert.Equal(HttpStatusCode.BadRequest, responses[i].Status);
                Assert.Equal("예약이 만료되었습니다.", responses[i].Error);
                Assert.Equal(("cancelled", "pending"), state);
                Assert.Equal("available", seat);
                Assert.False(provider.IsCharged(ids[i]));
                Assert.Equal(1, released);
            }
        }

        Assert.Equal(0, await fixture.Catalog.DoublyHeldSeatsAsync(ev.Id));
    }

    private async Task WaitUntilClaimedAsync(Guid[] ids, Task payments)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        await using var connection = await fixture.Catalog.Database.OpenConnectionAsync();
        while (await connection.ExecuteScalarAsync<int>("SELECT COUNT(*)::int FROM reservations WHERE id = ANY(@ids) AND payment_claimed_at IS NOT NULL", new { ids }) < ids.Length)
        {
            Assert.False(payments.IsCompleted, "payments finished before all of them were seen in flight");
            Assert.True(DateTime.UtcNow < deadline, "payments never claimed their reservations");
            await Task.Delay(5);
        }
    }
}
