using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using Tiketi.Core.Events;
using Tiketi.Core.IntegrationTests.Admin;
using Tiketi.Core.Notifications;
using Tiketi.Core.Payments;
using Tiketi.Core.Redis;
using Tiketi.Core.Reservations;
using Tiketi.Core.Seats;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary>
/// Holds and cancels on PostgreSQL alone: the services run against a Redis nobody listens on, so every seat
/// race is decided by <c>tiketi_hold_seats</c> and the notifications come from the services themselves.
/// </summary>
public sealed class RedisDownHoldTests(MultiSeatFixture fixture) : IClassFixture<MultiSeatFixture>
{
    private readonly RecordingNotifier _notifier = new();

    [Fact]
    public async Task Overlapping_multi_seat_holds_race_to_one_winner_and_losers_change_nothing()
    {
        await using var redis = await UnreachableRedisAsync();
        var holds = HoldService(redis);
        var users = await fixture.Catalog.UsersAsync(20);
        var ev = await fixture.Catalog.EventAsync(seats: 3);
        // Half want seats 0 and 1, half seats 2 and 1 (not in id order): seat 1 decides, and a loser that kept
        // its other seat would leave seat 0 or 2 locked.
        Guid[][] wishes = [[ev.Seats[0], ev.Seats[1]], [ev.Seats[2], ev.Seats[1]]];
        using var start = new SemaphoreSlim(0);

        var attempts = users.Select(async (user, i) =>
        {
            await start.WaitAsync();
            return (Seats: wishes[i % 2], Result: await holds.HoldAsync(user.Id, ev.Id, wishes[i % 2], CancellationToken.None));
        }).ToArray();
        start.Release(attempts.Length);
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Result.Succeeded);
        // Each loser is told which of its seats are taken: the winner's, in the loser's order.
        Assert.All(results.Where(r => !r.Result.Succeeded), r => Assert.Equal(
            TicketingFailure.Conflict(TicketingMessages.SeatTaken(string.Join(", ", r.Seats.Where(winner.Seats.Contains).Select(s => $"VIP-1-{ev.Seats.ToList().IndexOf(s) + 1}")))),
            r.Result.Failure));
        Assert.Equal(winner.Seats, winner.Result.Value!.Seats.Select(s => s.Id));
        foreach (var seat in ev.Seats)
        {
            Assert.Equal(winner.Seats.Contains(seat) ? "locked" : "available", await fixture.Catalog.SeatStatusAsync(seat));
        }

        Assert.Equal(0, await fixture.Catalog.DoublyHeldSeatsAsync(ev.Id));
        var held = Assert.Single(_notifier.Held);
        Assert.Equal(ev.Id, held.EventId);
        Assert.Equal(winner.Seats, held.SeatIds);
    }

    [Fact]
    public async Task Cancelling_without_redis_frees_the_seats_and_announces_them()
    {
        await using var redis = await UnreachableRedisAsync();
        var holds = HoldService(redis);
        var cancels = CancellationService(holds);
        var users = await fixture.Catalog.UsersAsync(2);
        var ev = await fixture.Catalog.EventAsync(seats: 2);
        var hold = await holds.HoldAsync(users[0].Id, ev.Id, [ev.Seats[1], ev.Seats[0]], CancellationToken.None);
        Assert.True(hold.Succeeded);
        Assert.Equal(TicketingFailure.Conflict(TicketingMessages.SeatTaken("VIP-1-1")), (await holds.HoldAsync(users[1].Id, ev.Id, [ev.Seats[0]], CancellationToken.None)).Failure);

        var stranger = await cancels.CancelAsync(users[1].Id, hold.Value.ReservationId, CancellationToken.None);
        var cancelled = await cancels.CancelAsync(users[0].Id, hold.Value.ReservationId, CancellationToken.None);
        var again = await cancels.CancelAsync(users[0].Id, hold.Value.ReservationId, CancellationToken.None);

        Assert.Equal(TicketingFailure.NotFound(TicketingMessages.ReservationNotFound), stranger.Failure);
        Assert.True(cancelled.Succeeded);
        Assert.Equal(TicketingFailure.Invalid(TicketingMessages.AlreadyCancelled), again.Failure);
        Assert.Equal(new[] { ev.Seats[0], ev.Seats[1] }.Order(), _notifier.ReleasedSeats(ev.Id).Order());
        Assert.Equal(2, _notifier.Released.Count);
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[1]));
        Assert.True((await holds.HoldAsync(users[1].Id, ev.Id, [ev.Seats[0], ev.Seats[1]], CancellationToken.None)).Succeeded);
    }

    // A Redis endpoint that refuses connections: every script call fails fast with a RedisConnectionException.
    private static async Task<RedisStore> UnreachableRedisAsync()
    {
        var options = new ConfigurationOptions { AbortOnConnectFail = false, ConnectTimeout = 1000, ConnectRetry = 1 };
        options.EndPoints.Add("127.0.0.1", ExternalProcess.FreePort());
        return await RedisStore.ConnectAsync(options);
    }

    private SeatHoldService HoldService(RedisStore redis)
    {
        var server = fixture.Server;
        return new SeatHoldService(
            server.GetRequiredService<NpgsqlDataSource>(), new SeatHoldScript(redis), Publisher(), new OpenPurchaseGate(),
            server.GetRequiredService<SeatLabels>(), server.GetRequiredService<IOptions<HoldOptions>>(), NullLogger<SeatHoldService>.Instance);
    }

    private ReservationCancellationService CancellationService(SeatHoldService holds)
    {
        var server = fixture.Server;
        return new ReservationCancellationService(
            server.GetRequiredService<NpgsqlDataSource>(), holds, server.GetRequiredService<IPaymentProvider>(), Publisher(),
            server.GetRequiredService<IOptions<HoldOptions>>(), NullLogger<ReservationCancellationService>.Instance);
    }

    private TicketingChangePublisher Publisher() =>
        new(fixture.Server.GetRequiredService<EventCache>(), _notifier, NullLogger<TicketingChangePublisher>.Instance);
}
