using System.Net;
using Dapper;
using Tiketi.Core.Payments;

namespace Tiketi.Core.IntegrationTests.Expiry;

/// <summary>Expiry racing payment: every reservation ends paid XOR released, never both, never neither.</summary>
public sealed class ExpiryPaymentRaceTests(RaceFixture fixture) : IClassFixture<RaceFixture>
{
    [Fact]
    public async Task Payments_racing_expiry_end_paid_xor_released()
    {
        const int count = 40;
        var users = await fixture.Catalog.UsersAsync(count);
        var ev = await fixture.Catalog.EventAsync(seats: count);
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = Guid.Parse((await fixture.ClientFor(users[i]).HoldAsync(ev.Id, ev.Seats[i])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        }

        // Deadlines spread over the next ~80 ms, so payments and sweeps meet around each of them.
        await using (var connection = await fixture.Catalog.Database.OpenConnectionAsync())
        {
            for (var i = 0; i < count; i++)
            {
                await connection.ExecuteAsync("UPDATE reservations SET expires_at = now() + @delay WHERE id = @id", new { id = ids[i], delay = TimeSpan.FromMilliseconds(2 * i) });
            }
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
        var payments = await Task.WhenAll(users.Select((user, i) => fixture.ClientFor(user).PayAsync(ids[i])));

        // Let every deadline and claim lapse, then sweep once more so nothing is left undecided.
        await WaitUntilDatabaseTimePassesAsync(TimeSpan.FromMilliseconds(800));
        await stop.CancelAsync();
        await Task.WhenAll(sweeping);
        await sweepers[0].ExpireDueAsync(CancellationToken.None);

        Assert.DoesNotContain(payments, p => (int)p.Status >= 500);
        var provider = fixture.Server.GetRequiredService<SimulatedPaymentProvider>();
        for (var i = 0; i < count; i++)
        {
            var state = await fixture.Catalog.ReservationStateAsync(ids[i]);
            var seat = await fixture.Catalog.SeatStatusAsync(ev.Seats[i]);
            var released = notifier.Released.GetValueOrDefault(ev.Seats[i]);
            if (state == ("confirmed", "completed"))
            {
                Assert.Equal(HttpStatusCode.OK, payments[i].Status);
                Assert.Equal("reserved", seat);
                Assert.True(provider.IsCharged(ids[i]));
                Assert.Equal(0, released);
            }
            else
            {
                Assert.Equal(("cancelled", "pending"), state);
                Assert.Equal(HttpStatusCode.BadRequest, payments[i].Status);
                Assert.Equal("예약이 만료되었습니다.", payments[i].Error);
                Assert.Equal("available", seat);
                Assert.False(provider.IsCharged(ids[i]));
                Assert.Equal(1, released);
            }
        }

        Assert.Equal(0, await fixture.Catalog.DoublyHeldSeatsAsync(ev.Id));
    }

    private async Task WaitUntilDatabaseTimePassesAsync(TimeSpan span)
    {
        await using var connection = await fixture.Catalog.Database.OpenConnectionAsync();
        var target = await connection.ExecuteScalarAsync<DateTime>("SELECT now() + @span", new { span });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await connection.ExecuteScalarAsync<DateTime>("SELECT clock_timestamp()") < target)
        {
            Assert.True(DateTime.UtcNow < deadline, "database clock did not advance");
            await Task.Yield();
        }
    }
}
