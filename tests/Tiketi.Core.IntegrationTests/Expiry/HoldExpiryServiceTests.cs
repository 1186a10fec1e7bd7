using System.Net;
using System.Text.Json;
using Tiketi.Core.IntegrationTests.Holds;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Expiry;

/// <summary>The background expiry service as configured in the running edge.</summary>
public sealed class HoldExpiryServiceTests(ShortHoldFixture fixture) : IClassFixture<ShortHoldFixture>
{
    [Fact]
    public async Task An_unpaid_hold_and_an_unpaid_purchase_are_released_by_the_running_service()
    {
        var users = await fixture.Catalog.UsersAsync(2);
        var ev = await fixture.Catalog.EventAsync(seats: 1, ticketStock: [10]);
        var client = fixture.ClientFor(users[0]);
        var hold = (await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString();
        var purchase = Guid.Parse((await client.PurchaseAsync(ev.Id, (ev.TicketTypes[0], 3))).Body.GetProperty("reservation").GetProperty("id").GetString()!);

        var expired = await PollAsync(async () =>
        {
            var r = (await client.GetAsync($"/api/seats/reservation/{hold}")).Body.GetProperty("reservation");
            return r.GetProperty("status").GetString() == "cancelled" ? r : (JsonElement?)null;
        });

        Assert.True(expired.GetProperty("isExpired").GetBoolean());
        Assert.Equal("pending", expired.GetProperty("payment_status").GetString());
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        await PollAsync(async () => (await fixture.Catalog.ReservationStateAsync(purchase)).Status == "cancelled" ? (JsonElement?)default(JsonElement) : null);
        Assert.Equal(10, await fixture.Catalog.AvailableAsync(ev.TicketTypes[0]));
        Assert.Equal(HttpStatusCode.Created, (await fixture.ClientFor(users[1]).HoldAsync(ev.Id, ev.Seats[0])).Status);
    }

    private static async Task<JsonElement> PollAsync(Func<Task<JsonElement?>> probe)
    {
        JsonElement? value = null;
        await Eventually.UntilAsync(async () => (value = await probe()) is not null, "the hold to expire", TimeSpan.FromSeconds(15));
        return value!.Value;
    }
}
