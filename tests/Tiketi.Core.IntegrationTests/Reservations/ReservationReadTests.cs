using System.Net;
using System.Text.Json;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Reservations;

/// <summary><c>GET /api/reservations/my</c> (3.9) and <c>GET /api/reservations/:id</c> (3.10).</summary>
public sealed class ReservationReadTests(TicketingFixture fixture) : IClassFixture<TicketingFixture>
{
    [Fact]
    public async Task My_reservations_lists_only_mine_newest_first_with_the_contract_shape()
    {
        var users = await fixture.Catalog.UsersAsync(2);
        var seatEvent = await fixture.Catalog.EventAsync(seats: 2);
        var ticketEvent = await fixture.Catalog.EventAsync(ticketStock: [10]);
        var me = fixture.ClientFor(users[0]);
        var seatHold = (await me.HoldAsync(seatEvent.Id, seatEvent.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString();
        var purchase = (await me.PurchaseAsync(ticketEvent.Id, (ticketEvent.TicketTypes[0], 2))).Body.GetProperty("reservation").GetProperty("id").GetString();
        await fixture.ClientFor(users[1]).HoldAsync(seatEvent.Id, seatEvent.Seats[1]);

        var response = await me.GetAsync("/api/reservations/my");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["reservations"], ApiResponse.Keys(response.Body));
        var list = response.Body.GetProperty("reservations").EnumerateArray().ToArray();
        Assert.Equal([purchase, seatHold], list.Select(r => r.GetProperty("id").GetString()));
        foreach (var r in list)
        {
            Assert.Equal(
                ["id", "reservation_number", "total_amount", "status", "payment_status", "created_at", "event_title", "venue", "event_date", "items"],
                ApiResponse.Keys(r));
        }

        var ticketItem = Assert.Single(list[0].GetProperty("items").EnumerateArray());
        Assert.Equal(["ticketTypeName", "quantity", "unitPrice", "subtotal"], ApiResponse.Keys(ticketItem));
        Assert.Equal("등급1석", ticketItem.GetProperty("ticketTypeName").GetString());
        Assert.Equal(2, ticketItem.GetProperty("quantity").GetInt32());
        Assert.Equal(50000, ticketItem.GetProperty("unitPrice").GetInt32());
        Assert.Equal(100000, ticketItem.GetProperty("subtotal").GetInt32());
        Assert.Equal(100000, list[0].GetProperty("total_amount").GetInt32());
        var seatItem = Assert.Single(list[1].GetProperty("items").EnumerateArray());
        Assert.Equal("VIP-1-1", seatItem.GetProperty("ticketTypeName").GetString());
        Assert.Equal(1, seatItem.GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task Detail_has_the_contract_shape_for_seat_and_ticket_items()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1, ticketStock: [5]);
        var client = fixture.ClientFor(user);
        var seatHold = (await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString();
        var purchase = (await client.PurchaseAsync(ev.Id, (ev.TicketTypes[0], 1))).Body.GetProperty("reservation").GetProperty("id").GetString();

        var seatDetail = await client.GetAsync($"/api/reservations/{seatHold}");
        var ticketDetail = await client.GetAsync($"/api/reservations/{purchase}");

        Assert.Equal(HttpStatusCode.OK, seatDetail.Status);
        var r = seatDetail.Body.GetProperty("reservation");
        Assert.Equal(
            ["id", "reservation_number", "total_amount", "status", "payment_status", "payment_method", "created_at", "event_id", "event_title", "venue", "event_date", "address", "items"],
            ApiResponse.Keys(r));
        Assert.Equal("서울시", r.GetProperty("address").GetString());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("payment_method").ValueKind);
        var seatItem = Assert.Single(r.GetProperty("items").EnumerateArray());
        Assert.Equal(["ticketTypeName", "quantity", "unitPrice", "subtotal", "seatLabel", "section"], ApiResponse.Keys(seatItem));
        Assert.Equal("VIP-1-1", seatItem.GetProperty("seatLabel").GetString());
        Assert.Equal("VIP", seatItem.GetProperty("section").GetString());
        var ticketItem = Assert.Single(ticketDetail.Body.GetProperty("reservation").GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, ticketItem.GetProperty("seatLabel").ValueKind);
        Assert.Equal(JsonValueKind.Null, ticketItem.GetProperty("section").ValueKind);
        Assert.Equal("등급1석", ticketItem.GetProperty("ticketTypeName").GetString());
    }

    [Fact]
    public async Task Another_users_unknown_or_malformed_reservation_is_404()
    {
        var users = await fixture.Catalog.UsersAsync(2);
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var id = (await fixture.ClientFor(users[0]).HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString();
        var stranger = fixture.ClientFor(users[1]);

        foreach (var path in new[] { $"/api/reservations/{id}", $"/api/reservations/{Guid.NewGuid()}", "/api/reservations/abc" })
        {
            var response = await stranger.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.Equal("예매 내역을 찾을 수 없습니다.", response.Error);
        }

        Assert.Empty((await stranger.GetAsync("/api/reservations/my")).Body.GetProperty("reservations").EnumerateArray());
    }
}
