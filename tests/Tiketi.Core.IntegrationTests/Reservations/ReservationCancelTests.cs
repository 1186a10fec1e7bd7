using System.Net;
using Tiketi.Core.IntegrationTests.Holds;
using Tiketi.Core.Payments;

namespace Tiketi.Core.IntegrationTests.Reservations;

/// <summary><c>POST /api/reservations/:id/cancel</c> (3.11): no body, frees seats and stock in one transaction.</summary>
public sealed class ReservationCancelTests(TicketingFixture fixture) : IClassFixture<TicketingFixture>
{
    [Fact]
    public async Task Cancelling_a_hold_without_a_body_frees_the_seat_and_keeps_payment_pending()
    {
        var users = await fixture.Catalog.UsersAsync(2);
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(users[0]);
        var id = Guid.Parse((await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);

        var response = await client.PostEmptyAsync($"/api/reservations/{id}/cancel");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["message"], ApiResponse.Keys(response.Body));
        Assert.Equal("예매가 취소되었습니다.", response.Body.GetProperty("message").GetString());
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        Assert.Equal(("cancelled", "pending"), await fixture.Catalog.ReservationStateAsync(id));
        // Redis hold released too: another user takes the seat immediately.
        Assert.Equal(HttpStatusCode.Created, (await fixture.ClientFor(users[1]).HoldAsync(ev.Id, ev.Seats[0])).Status);
    }

    [Fact]
    public async Task Cancelling_a_purchase_restores_the_stock()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(ticketStock: [10]);
        var client = fixture.ClientFor(user);
        var id = (await client.PurchaseAsync(ev.Id, (ev.TicketTypes[0], 3))).Body.GetProperty("reservation").GetProperty("id").GetString();
        Assert.Equal(7, await fixture.Catalog.AvailableAsync(ev.TicketTypes[0]));

        Assert.Equal(HttpStatusCode.OK, (await client.PostEmptyAsync($"/api/reservations/{id}/cancel")).Status);

        Assert.Equal(10, await fixture.Catalog.AvailableAsync(ev.TicketTypes[0]));
    }

    [Fact]
    public async Task Cancelling_a_paid_reservation_refunds_and_frees_the_sold_seat()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(user);
        var id = Guid.Parse((await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await client.PayAsync(id)).Status);
        Assert.Equal("reserved", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        var provider = fixture.Server.GetRequiredService<SimulatedPaymentProvider>();
        Assert.True(provider.IsCharged(id));

        Assert.Equal(HttpStatusCode.OK, (await client.PostEmptyAsync($"/api/reservations/{id}/cancel")).Status);

        Assert.Equal(("cancelled", "refunded"), await fixture.Catalog.ReservationStateAsync(id));
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        Assert.False(provider.IsCharged(id));
    }

    [Fact]
    public async Task Cancelling_twice_is_400_already_cancelled()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(ticketStock: [10]);
        var client = fixture.ClientFor(user);
        var id = (await client.PurchaseAsync(ev.Id, (ev.TicketTypes[0], 1))).Body.GetProperty("reservation").GetProperty("id").GetString();
        await client.PostEmptyAsync($"/api/reservations/{id}/cancel");

        var again = await client.PostEmptyAsync($"/api/reservations/{id}/cancel");

        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("이미 취소된 예매입니다.", again.Error);
        Assert.Equal(10, await fixture.Catalog.AvailableAsync(ev.TicketTypes[0]));
    }

    [Fact]
    public async Task Another_users_reservation_cannot_be_cancelled_and_is_404()
    {
        var users = await fixture.Catalog.UsersAsync(2);
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var id = Guid.Parse((await fixture.ClientFor(users[0]).HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        var stranger = fixture.ClientFor(users[1]);

        foreach (var path in new[] { $"/api/reservations/{id}/cancel", $"/api/reservations/{Guid.NewGuid()}/cancel", "/api/reservations/xyz/cancel" })
        {
            var response = await stranger.PostEmptyAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.Equal("예매 내역을 찾을 수 없습니다.", response.Error);
        }

        Assert.Equal(("pending", "pending"), await fixture.Catalog.ReservationStateAsync(id));
        Assert.Equal("locked", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
    }
}
