using System.Net;
using Tiketi.Core.IntegrationTests.Holds;
using Tiketi.Core.Payments;

namespace Tiketi.Core.IntegrationTests.Payments;

/// <summary>A declined charge leaves the hold payable and unsold.</summary>
public sealed class PaymentDeclineTests(DecliningPaymentFixture fixture) : IClassFixture<DecliningPaymentFixture>
{
    [Fact]
    public async Task A_declined_payment_is_400_success_false_and_the_hold_stays_pending_and_retryable()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(user);
        var id = Guid.Parse((await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);

        var first = await client.PayAsync(id);
        var retry = await client.PayAsync(id);

        foreach (var response in new[] { first, retry })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal(["success", "error"], ApiResponse.Keys(response.Body));
            Assert.Equal("결제에 실패했습니다.", response.Error);
        }

        Assert.Equal(("pending", "pending"), await fixture.Catalog.ReservationStateAsync(id));
        Assert.Equal("locked", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        Assert.Equal(0, fixture.Server.GetRequiredService<SimulatedPaymentProvider>().ChargeCount);
    }
}
