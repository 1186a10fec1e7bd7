using System.Net;
using Dapper;
using Tiketi.Core.Payments;
using Tiketi.Core.IntegrationTests.Concurrency;

namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary>
/// A user's cancel or a payment's confirmation that PostgreSQL picks as a deadlock victim (another transaction took
/// the seat first and the reservation second: an expiry sweep or an admin cancel in the other order) is tried again,
/// not answered 500 — for a payment that would strand money already charged. A confirmation that fails for good
/// gives the money back when nothing was recorded.
/// </summary>
public sealed class DeadlockRetryTests(MultiSeatFixture fixture) : IClassFixture<MultiSeatFixture>
{
    [Fact]
    public async Task A_cancel_that_loses_a_deadlock_is_retried_and_frees_the_seat()
    {
        Guid seat = default, id = default;

        // The cancel locks the reservation, then the seat.
        var response = await LockWaits.LoseOneDeadlockAsync(fixture.Catalog.Database, async () =>
        {
            (seat, id, var client) = await HoldOneSeatAsync();
            return new Staged<ApiResponse>(seat, id, () => client.PostEmptyAsync($"/api/reservations/{id}/cancel"));
        });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(("cancelled", "pending"), await fixture.Catalog.ReservationStateAsync(id));
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(seat));
    }

    [Fact]
    public async Task A_payment_whose_confirmation_loses_a_deadlock_is_retried_and_sells_the_seat()
    {
        Guid seat = default, id = default;

        // After the charge, the confirmation updates the reservation, then sells the seat.
        var response = await LockWaits.LoseOneDeadlockAsync(fixture.Catalog.Database, async () =>
        {
            (seat, id, var client) = await HoldOneSeatAsync();
            return new Staged<ApiResponse>(seat, id, () => client.PayAsync(id));
        });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(("confirmed", "completed"), await fixture.Catalog.ReservationStateAsync(id));
        Assert.Equal("reserved", await fixture.Catalog.SeatStatusAsync(seat));
    }

    [Fact]
    public async Task A_payment_whose_confirmation_connection_dies_refunds_the_charge_and_may_be_paid_again()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(user);
        var id = Guid.Parse((await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        var provider = fixture.Server.GetRequiredService<SimulatedPaymentProvider>();

        await using (var rival = await fixture.Catalog.Database.OpenConnectionAsync())
        {
            await using var transaction = await rival.BeginTransactionAsync();
            await rival.ExecuteAsync("SELECT 1 FROM seats WHERE id = @id FOR UPDATE", new { id = ev.Seats[0] }, transaction);
            var payment = client.PayAsync(id);
            await LockWaits.UntilSomeoneWaitsForAsync(fixture.Catalog.Database, rival, "the confirmation to wait for the rival's seat lock");

            // The confirmation's connection dies after the charge, before anything is committed.
            Assert.True(await rival.ExecuteScalarAsync<bool>(
                "SELECT bool_and(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE @pid = ANY (pg_blocking_pids(pid))",
                new { pid = rival.ProcessID },
                transaction));
            var failed = await payment.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal((HttpStatusCode.Conflict, "현재 많은 사용자가 예매 중입니다. 잠시 후 다시 시도해주세요."), (failed.Status, failed.Error));
            Assert.False(provider.IsCharged(id));
            Assert.Equal(("pending", "pending"), await fixture.Catalog.ReservationStateAsync(id));
            await transaction.RollbackAsync();
        }

        Assert.Equal("locked", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        Assert.Equal(HttpStatusCode.OK, (await client.PayAsync(id)).Status);
        Assert.True(provider.IsCharged(id));
        Assert.Equal("reserved", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
    }

    private async Task<(Guid Seat, Guid Reservation, TicketingClient Client)> HoldOneSeatAsync()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(user);
        var id = Guid.Parse((await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        return (ev.Seats[0], id, client);
    }
}
