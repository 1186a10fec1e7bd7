using System.Net;
using Tiketi.Core.IntegrationTests.Holds;
using Tiketi.Core.Payments;

namespace Tiketi.Core.IntegrationTests.Payments;

/// <summary><c>POST /api/payments/process</c> (REST 3.16) with the original's missing status checks added.</summary>
public sealed class PaymentEndpointTests(TicketingFixture fixture) : IClassFixture<TicketingFixture>
{
    [Fact]
    public async Task Paying_a_hold_confirms_it_sells_the_seat_and_returns_the_contract_shape()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(user);
        var hold = (await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation");
        var id = Guid.Parse(hold.GetProperty("id").GetString()!);

        var response = await client.PayAsync(id, "kakao_pay");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["success", "message", "payment", "reservation"], ApiResponse.Keys(response.Body));
        Assert.True(response.Body.GetProperty("success").GetBoolean());
        Assert.Equal("결제가 완료되었습니다.", response.Body.GetProperty("message").GetString());
        var payment = response.Body.GetProperty("payment");
        Assert.Equal(["reservationId", "reservationNumber", "paymentMethod", "totalAmount", "paidAt"], ApiResponse.Keys(payment));
        Assert.Equal(id.ToString(), payment.GetProperty("reservationId").GetString());
        Assert.Equal(hold.GetProperty("reservationNumber").GetString(), payment.GetProperty("reservationNumber").GetString());
        Assert.Equal("카카오페이", payment.GetProperty("paymentMethod").GetString());
        Assert.Equal(150000, payment.GetProperty("totalAmount").GetInt32());
        Assert.EndsWith("Z", payment.GetProperty("paidAt").GetString(), StringComparison.Ordinal);
        var reservation = response.Body.GetProperty("reservation");
        Assert.Equal(["event", "seats"], ApiResponse.Keys(reservation));
        Assert.Equal(["title", "venue", "event_date"], ApiResponse.Keys(reservation.GetProperty("event")));
        var seat = Assert.Single(reservation.GetProperty("seats").EnumerateArray());
        Assert.Equal(["id", "seat_label", "section", "row_number", "seat_number", "unit_price"], ApiResponse.Keys(seat));
        Assert.Equal(ev.Seats[0].ToString(), seat.GetProperty("id").GetString());
        Assert.Equal(150000, seat.GetProperty("unit_price").GetInt32());

        Assert.Equal(("confirmed", "completed"), await fixture.Catalog.ReservationStateAsync(id));
        Assert.Equal("reserved", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        var read = (await client.GetAsync($"/api/seats/reservation/{id}")).Body.GetProperty("reservation");
        Assert.Equal("kakao_pay", read.GetProperty("payment_method").GetString());
        Assert.Equal("completed", read.GetProperty("payment_status").GetString());
    }

    [Fact]
    public async Task Paying_twice_is_refused_and_charges_once()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(user);
        var id = Guid.Parse((await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        var provider = fixture.Server.GetRequiredService<SimulatedPaymentProvider>();
        await client.PayAsync(id);

        var again = await client.PayAsync(id);

        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal(["success", "error"], ApiResponse.Keys(again.Body));
        Assert.False(again.Body.GetProperty("success").GetBoolean());
        Assert.Equal("Payment already completed for this reservation", again.Error);
        Assert.True(provider.IsCharged(id));
    }

    [Fact]
    public async Task An_expired_hold_cannot_be_paid()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(user);
        var id = Guid.Parse((await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        await fixture.Catalog.ExpireNowAsync(id);

        var response = await client.PayAsync(id);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.False(response.Body.GetProperty("success").GetBoolean());
        Assert.Equal("예약이 만료되었습니다.", response.Error);
        Assert.Equal("locked", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        Assert.False(fixture.Server.GetRequiredService<SimulatedPaymentProvider>().IsCharged(id));
    }

    [Fact]
    public async Task A_cancelled_reservation_cannot_be_paid()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(user);
        var id = Guid.Parse((await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!);
        await client.PostEmptyAsync($"/api/reservations/{id}/cancel");

        var response = await client.PayAsync(id);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("취소된 예약입니다.", response.Error);
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
        Assert.Equal(("cancelled", "pending"), await fixture.Catalog.ReservationStateAsync(id));
    }

    [Fact]
    public async Task A_quantity_purchase_can_be_paid()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(ticketStock: [5]);
        var client = fixture.ClientFor(user);
        var id = Guid.Parse((await client.PurchaseAsync(ev.Id, (ev.TicketTypes[0], 2))).Body.GetProperty("reservation").GetProperty("id").GetString()!);

        var response = await client.PayAsync(id, "bank_transfer");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("계좌이체", response.Body.GetProperty("payment").GetProperty("paymentMethod").GetString());
        Assert.Empty(response.Body.GetProperty("reservation").GetProperty("seats").EnumerateArray());
        Assert.Equal(("confirmed", "completed"), await fixture.Catalog.ReservationStateAsync(id));
        Assert.Equal(3, await fixture.Catalog.AvailableAsync(ev.TicketTypes[0]));
    }

    [Fact]
    public async Task Another_users_or_unknown_or_malformed_reservation_is_404_with_success_false()
    {
        var users = await fixture.Catalog.UsersAsync(2);
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var id = (await fixture.ClientFor(users[0]).HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString();
        var stranger = fixture.ClientFor(users[1]);

        foreach (var reservationId in new[] { id, Guid.NewGuid().ToString(), "nope" })
        {
            var response = await stranger.PostAsync("/api/payments/process", new { reservationId, paymentMethod = "naver_pay" });
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.False(response.Body.GetProperty("success").GetBoolean());
            Assert.Equal("예약을 찾을 수 없습니다.", response.Error);
        }

        Assert.Equal(("pending", "pending"), await fixture.Catalog.ReservationStateAsync(Guid.Parse(id!)));
    }

    [Theory]
    [InlineData("{}", "Missing required fields")]
    [InlineData("{\"reservationId\":\"RES\"}", "Missing required fields")]
    [InlineData("{\"paymentMethod\":\"kakao_pay\"}", "Missing required fields")]
    [InlineData("{\"reservationId\":\"RES\",\"paymentMethod\":\"\"}", "Missing required fields")]
    [InlineData("{\"reservationId\":\"RES\",\"paymentMethod\":\"bitcoin\"}", "유효하지 않은 결제 수단입니다.")]
    [InlineData("{\"reservationId\":\"RES\",\"paymentMethod\":7}", "유효하지 않은 결제 수단입니다.")]
    public async Task Invalid_bodies_are_400_without_a_success_key(string template, string message)
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(user);
        var id = (await client.HoldAsync(ev.Id, ev.Seats[0])).Body.GetProperty("reservation").GetProperty("id").GetString()!;

        var response = await client.PostAsync("/api/payments/process", template.Replace("RES", id, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["error"], ApiResponse.Keys(response.Body));
        Assert.Equal(message, response.Error);
    }

    [Fact]
    public async Task Payment_methods_are_listed()
    {
        var response = await new TicketingClient(fixture.Server.Client, null).GetAsync("/api/payments/methods");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var methods = response.Body.GetProperty("methods").EnumerateArray().ToArray();
        Assert.Equal(["naver_pay", "kakao_pay", "bank_transfer"], methods.Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(["id", "name", "description", "icon"], ApiResponse.Keys(methods[0]));
    }
}
