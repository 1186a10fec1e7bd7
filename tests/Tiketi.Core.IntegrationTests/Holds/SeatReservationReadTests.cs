using System.Net;

namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary><c>GET /api/seats/reservation/:id</c> (REST 3.15): owner only, <c>isExpired</c> only when expired.</summary>
public sealed class SeatReservationReadTests(TicketingFixture fixture) : IClassFixture<TicketingFixture>
{
    [Fact]
    public async Task Owner_reads_the_hold_with_the_contract_shape_and_no_isExpired_key()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 2);
        var client = fixture.ClientFor(user);
        var reservationId = (await client.HoldAsync(ev.Id, ev.Seats[1])).Body.GetProperty("reservation").GetProperty("id").GetString();

        var response = await client.GetAsync($"/api/seats/reservation/{reservationId}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["reservation"], ApiResponse.Keys(response.Body));
        var r = response.Body.GetProperty("reservation");
        Assert.Equal(
            ["id", "reservation_number", "total_amount", "status", "payment_status", "payment_method", "expires_at", "created_at", "event_id", "event_title", "venue", "event_date", "seats"],
            ApiResponse.Keys(r));
        Assert.Equal(reservationId, r.GetProperty("id").GetString());
        Assert.Equal(150000, r.GetProperty("total_amount").GetInt32());
        Assert.Equal("pending", r.GetProperty("status").GetString());
        Assert.Equal("pending", r.GetProperty("payment_status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("payment_method").ValueKind);
        Assert.EndsWith("Z", r.GetProperty("expires_at").GetString(), StringComparison.Ordinal);
        Assert.Equal(ev.Id.ToString(), r.GetProperty("event_id").GetString());
        Assert.Equal("테스트 공연", r.GetProperty("event_title").GetString());
        Assert.Equal("테스트홀", r.GetProperty("venue").GetString());
        var seat = Assert.Single(r.GetProperty("seats").EnumerateArray());
        Assert.Equal(["seatId", "seatLabel", "section", "rowNumber", "seatNumber", "price"], ApiResponse.Keys(seat));
        Assert.Equal(ev.Seats[1].ToString(), seat.GetProperty("seatId").GetString());
        Assert.Equal("VIP-1-2", seat.GetProperty("seatLabel").GetString());
        Assert.Equal("VIP", seat.GetProperty("section").GetString());
        Assert.Equal(1, seat.GetProperty("rowNumber").GetInt32());
        Assert.Equal(2, seat.GetProperty("seatNumber").GetInt32());
        Assert.Equal(150000, seat.GetProperty("price").GetInt32());
    }

    [Fact]
    public async Task An_expired_hold_carries_isExpired_true()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(user);
        var id = Guid.Parse((await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        await fixture.Catalog.ExpireNowAsync(id);

        var response = await client.GetAsync($"/api/seats/reservation/{id}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.Body.GetProperty("reservation").GetProperty("isExpired").GetBoolean());
    }

    [Fact]
    public async Task Ticket_type_reservations_list_one_seat_object_per_item_with_null_seat_fields()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(ticketStock: [10]);
        var client = fixture.ClientFor(user);
        var id = (await client.PurchaseAsync(ev.Id, (ev.TicketTypes[0], 2))).Body.GetProperty("reservation").GetProperty("id").GetString();

        var seat = Assert.Single((await client.GetAsync($"/api/seats/reservation/{id}")).Body.GetProperty("reservation").GetProperty("seats").EnumerateArray());

        Assert.Equal(System.Text.Json.JsonValueKind.Null, seat.GetProperty("seatId").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, seat.GetProperty("seatLabel").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, seat.GetProperty("rowNumber").ValueKind);
        Assert.Equal(50000, seat.GetProperty("price").GetInt32());
    }

    [Fact]
    public async Task Another_users_or_unknown_or_malformed_reservation_is_404()
    {
        var users = await fixture.Catalog.UsersAsync(2);
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var id = (await fixture.ClientFor(users[0]).HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString();
        var stranger = fixture.ClientFor(users[1]);

        foreach (var path in new[] { $"/api/seats/reservation/{id}", $"/api/seats/reservation/{Guid.NewGuid()}", "/api/seats/reservation/abc" })
        {
            var response = await stranger.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.Equal(["error"], ApiResponse.Keys(response.Body));
            Assert.Equal("예약을 찾을 수 없습니다.", response.Error);
        }
    }
}
