using System.Net;
using Tiketi.Core.IntegrationTests.Holds;
using Tiketi.Core.Payments;

namespace Tiketi.Core.IntegrationTests.Concurrency;

/// <summary>Concurrent and retried payments of one reservation charge once.</summary>
[Collection(ContentionCollection.Name)]
public sealed class PaymentContentionTests(SlowPaymentFixture fixture) : IClassFixture<SlowPaymentFixture>
{
    [Fact]
    public async Task Concurrent_pays_of_one_reservation_charge_once_and_confirm_once()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(user);
        var id = Guid.Parse((await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        var provider = fixture.Server.GetRequiredService<SimulatedPaymentProvider>();
        var chargesBefore = provider.ChargeCount;

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.PayAsync(id)));

        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r =>
        {
            Assert.Contains(r.Status, new[] { HttpStatusCode.Conflict, HttpStatusCode.BadRequest });
            Assert.False(r.Body.GetProperty("success").GetBoolean());
            Assert.Contains(r.Error, new[] { "결제가 진행 중입니다. 잠시 후 다시 시도해주세요.", "Payment already completed for this reservation" });
        });
        Assert.Equal(chargesBefore + 1, provider.ChargeCount);
        Assert.Equal(("confirmed", "completed"), await fixture.Catalog.ReservationStateAsync(id));
        Assert.Equal("reserved", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
    }

    [Fact]
    public async Task Cancelling_while_a_payment_is_in_flight_is_refused()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(user);
        var id = Guid.Parse((await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);

        var pay = client.PayAsync(id);
        await WaitForClaimAsync(id, pay);

        var cancel = await client.PostEmptyAsync($"/api/reservations/{id}/cancel");

        Assert.Equal(HttpStatusCode.OK, (await pay).Status);
        Assert.Equal(HttpStatusCode.Conflict, cancel.Status);
        Assert.Equal("결제가 진행 중입니다. 잠시 후 다시 시도해주세요.", cancel.Error);
        Assert.Equal(("confirmed", "completed"), await fixture.Catalog.ReservationStateAsync(id));
    }

    private async Task WaitForClaimAsync(Guid reservationId, Task payment)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !payment.IsCompleted)
        {
            await using var connection = await fixture.Catalog.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT payment_claimed_at IS NOT NULL FROM reservations WHERE id = '{reservationId}'";
            if (await command.ExecuteScalarAsync() is true)
            {
                return;
            }
        }

        Assert.Fail("the payment never claimed the reservation while in flight");
    }
}
