using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Tiketi.Core.Events;
using Tiketi.Core.IntegrationTests.Holds;
using Tiketi.Core.Notifications;
using Tiketi.Core.Payments;
using Tiketi.Core.Reservations;
using Tiketi.Core.Seats;

namespace Tiketi.Core.IntegrationTests.Expiry;

/// <summary>A payment slower than its claim: expiry takes the hold, and the late charge is refunded, never confirmed.</summary>
public sealed class LapsedPaymentClaimTests(TicketingFixture fixture) : IClassFixture<TicketingFixture>
{
    [Fact]
    public async Task A_charge_arriving_after_expiry_released_the_hold_is_refunded_and_nothing_is_sold()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var id = Guid.Parse((await fixture.ClientFor(user).HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        var options = Options.Create(new HoldOptions { PaymentClaimTimeout = TimeSpan.FromMilliseconds(200) });
        var provider = new GatedPaymentProvider();
        var notifier = new CountingNotifier();
        var publisher = new TicketingChangePublisher(fixture.Server.GetRequiredService<EventCache>(), notifier, NullLogger<TicketingChangePublisher>.Instance);
        var dataSource = fixture.Server.GetRequiredService<NpgsqlDataSource>();
        var payments = new PaymentService(dataSource, provider, publisher, options, NullLogger<PaymentService>.Instance);
        var expiry = new HoldExpiry(dataSource, fixture.Server.GetRequiredService<SeatHoldService>(), publisher, options);

        var payment = payments.PayAsync(user.Id, id, "naver_pay", CancellationToken.None);
        await WaitForClaimAsync(id);
        await fixture.Catalog.ExpireNowAsync(id);
        await WaitForLapsedClaimAsync(id);
        Assert.Equal(1, await expiry.ExpireDueAsync(CancellationToken.None));
        provider.Open();
        var result = await payment;

        Assert.False(result.Succeeded);
        Assert.Equal("예약이 만료되었습니다.", result.Failure.Message);
        Assert.Equal(1, provider.Refunds);
        Assert.Equal(("cancelled", "pending"), await fixture.Catalog.ReservationStateAsync(id));
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        Assert.Equal(1, notifier.Released[ev.Seats[0]]);
        Assert.Empty(notifier.Reserved);
    }

    [Fact]
    public async Task While_the_claim_holds_expiry_leaves_the_reservation_to_the_payment()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var id = Guid.Parse((await fixture.ClientFor(user).HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        var options = Options.Create(new HoldOptions { PaymentClaimTimeout = TimeSpan.FromMinutes(2) });
        var provider = new GatedPaymentProvider();
        var notifier = new CountingNotifier();
        var publisher = new TicketingChangePublisher(fixture.Server.GetRequiredService<EventCache>(), notifier, NullLogger<TicketingChangePublisher>.Instance);
        var dataSource = fixture.Server.GetRequiredService<NpgsqlDataSource>();
        var payments = new PaymentService(dataSource, provider, publisher, options, NullLogger<PaymentService>.Instance);
        var expiry = new HoldExpiry(dataSource, fixture.Server.GetRequiredService<SeatHoldService>(), publisher, options);

        var payment = payments.PayAsync(user.Id, id, "naver_pay", CancellationToken.None);
        await WaitForClaimAsync(id);
        await fixture.Catalog.ExpireNowAsync(id);
        Assert.Equal(0, await expiry.ExpireDueAsync(CancellationToken.None));
        provider.Open();
        var result = await payment;

        Assert.True(result.Succeeded);
        Assert.Equal(0, provider.Refunds);
        Assert.Equal(("confirmed", "completed"), await fixture.Catalog.ReservationStateAsync(id));
        Assert.Equal("reserved", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        Assert.Equal(1, notifier.Reserved[ev.Seats[0]]);
        Assert.Empty(notifier.Released);
    }

    private Task WaitForClaimAsync(Guid id) =>
        WaitForAsync("SELECT payment_claimed_at IS NOT NULL FROM reservations WHERE id = @id", id);

    private Task WaitForLapsedClaimAsync(Guid id) =>
        WaitForAsync("SELECT payment_claimed_at IS NOT NULL AND payment_claimed_at <= now() - interval '200 milliseconds' FROM reservations WHERE id = @id", id);

    private async Task WaitForAsync(string condition, Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        await using var connection = await fixture.Catalog.Database.OpenConnectionAsync();
        while (!await connection.ExecuteScalarAsync<bool>(condition, new { id }))
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached: " + condition);
            await Task.Delay(5);
        }
    }
}
