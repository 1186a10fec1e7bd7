using System.Net;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>POST /api/admin/events/:id/cancel — the cascade of REST.md §3.27 with FLOWS.md defect 12 fixed.</summary>
public sealed class AdminEventCancelTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task Cancel_releases_holds_refunds_payments_frees_seats_and_stock_and_notifies_after_commit()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var show = await fixture.Catalog.EventAsync(seats: 4, 20);
        var ticketType = show.TicketTypes[0];
        var holder = await TestBuyer.CreateAsync(fixture);
        var payer = await TestBuyer.CreateAsync(fixture);
        var purchaser = await TestBuyer.CreateAsync(fixture);
        var heldOnly = await holder.HoldAsync(show.Id, show.Seats[0]);
        var paidSeat = await payer.HoldAsync(show.Id, show.Seats[1]);
        await payer.PayAsync(paidSeat);
        var unpaidTickets = await purchaser.PurchaseAsync(show.Id, ticketType, 3);
        var paidTickets = await purchaser.PurchaseAsync(show.Id, ticketType, 2);
        await purchaser.PayAsync(paidTickets);
        Assert.Equal("reserved", await fixture.Catalog.SeatStatusAsync(show.Seats[1]));
        Assert.Equal((15, 20), await fixture.Catalog.StockAsync(ticketType));

        var response = await fixture.ClientFor(admin.Token).PostEmptyAsync($"/api/admin/events/{show.Id}/cancel");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["message", "event", "cancelledReservations", "refundedReservations"], ApiResponse.Keys(response.Body));
        Assert.Equal("이벤트가 취소되었습니다. 모든 예약이 취소되고 결제 완료된 예약은 환불 처리되었습니다.", response.Body.GetProperty("message").GetString());
        Assert.Equal("cancelled", response.Body.GetProperty("event").GetProperty("status").GetString());
        Assert.Equal(4, response.Body.GetProperty("cancelledReservations").GetInt32());
        Assert.Equal(2, response.Body.GetProperty("refundedReservations").GetInt32());

        // Reservations: all cancelled; money taken → refunded, never-paid → still pending (DATA.md §2).
        Assert.Equal(("cancelled", "pending"), await fixture.Catalog.ReservationStateAsync(heldOnly));
        Assert.Equal(("cancelled", "refunded"), await fixture.Catalog.ReservationStateAsync(paidSeat));
        Assert.Equal(("cancelled", "pending"), await fixture.Catalog.ReservationStateAsync(unpaidTickets));
        Assert.Equal(("cancelled", "refunded"), await fixture.Catalog.ReservationStateAsync(paidTickets));
        Assert.Equal(new HashSet<Guid> { paidSeat, paidTickets }, fixture.Payments.Refunded.Where(id => id == paidSeat || id == paidTickets || id == heldOnly || id == unpaidTickets).ToHashSet());

        // Inventory: every seat available again, the whole stock back.
        foreach (var seat in show.Seats)
        {
            Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(seat));
        }

        Assert.Equal((20, 20), await fixture.Catalog.StockAsync(ticketType));

        // Watchers: seat-released for both freed seats, ticket-updated with the restored stock.
        Assert.Equal(new HashSet<Guid> { show.Seats[0], show.Seats[1] }, fixture.Notifier.ReleasedSeats(show.Id));
        Assert.Equal(20, fixture.Notifier.LastStock(ticketType)!.Value.Available);
    }

    [Fact]
    public async Task After_cancel_the_event_sells_nothing_and_a_second_cancel_is_refused()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var show = await fixture.Catalog.EventAsync(seats: 2, 5);
        var client = fixture.ClientFor(admin.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.PostEmptyAsync($"/api/admin/events/{show.Id}/cancel")).Status);
        var buyer = await TestBuyer.CreateAsync(fixture);

        var again = await client.PostEmptyAsync($"/api/admin/events/{show.Id}/cancel");
        var hold = await buyer.TryHoldAsync(show.Id, show.Seats[0]);
        var purchase = await buyer.TryPurchaseAsync(show.Id, show.TicketTypes[0], 1);

        Assert.Equal((HttpStatusCode.NotFound, "이벤트를 찾을 수 없거나 이미 취소되었습니다."), (again.Status, again.Error));
        Assert.True(hold.Status is HttpStatusCode.BadRequest or HttpStatusCode.Conflict);
        Assert.True(purchase.Status is HttpStatusCode.BadRequest or HttpStatusCode.Conflict);
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(show.Seats[0]));
        Assert.Equal((5, 5), await fixture.Catalog.StockAsync(show.TicketTypes[0]));
    }

    [Fact]
    public async Task The_database_refuses_any_reservation_for_a_cancelled_event_whoever_inserts_it()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var show = await fixture.Catalog.EventAsync(seats: 1);
        Assert.Equal(HttpStatusCode.OK, (await fixture.ClientFor(admin.Token).PostEmptyAsync($"/api/admin/events/{show.Id}/cancel")).Status);

        var error = await Assert.ThrowsAsync<PostgresException>(() => fixture.Catalog.ExecuteAsync(
            "INSERT INTO reservations (event_id, reservation_number, total_amount) VALUES (@id, @number, 1)",
            new { id = show.Id, number = $"TK{Guid.NewGuid():N}"[..20] }));

        Assert.Equal("40001", error.SqlState);
    }

    [Fact]
    public async Task Cancel_of_an_unknown_event_is_404()
    {
        var admin = await fixture.Catalog.AdminAsync();

        var response = await fixture.ClientFor(admin.Token).PostEmptyAsync($"/api/admin/events/{Guid.NewGuid()}/cancel");

        Assert.Equal((HttpStatusCode.NotFound, "이벤트를 찾을 수 없거나 이미 취소되었습니다."), (response.Status, response.Error));
    }

    [Fact]
    public async Task Purchases_racing_a_cancel_end_either_cancelled_or_refused_never_live()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var show = await fixture.Catalog.EventAsync(seats: 40, 1000);
        var buyers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => TestBuyer.CreateAsync(fixture)));

        var purchases = buyers.Select((buyer, i) => i % 2 == 0
            ? buyer.TryHoldAsync(show.Id, show.Seats[i])
            : buyer.TryPurchaseAsync(show.Id, show.TicketTypes[0], 2)).ToArray();
        var cancel = fixture.ClientFor(admin.Token).PostEmptyAsync($"/api/admin/events/{show.Id}/cancel");
        await Task.WhenAll(purchases);
        var cancelled = await cancel;
        Assert.True(cancelled.Status == HttpStatusCode.OK, string.Join("\n", fixture.Logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.Message + " " + e.Exception)));

        Assert.Equal(0, await fixture.Catalog.ScalarAsync<int>("SELECT COUNT(*)::int FROM reservations WHERE event_id = @id AND status <> 'cancelled'", new { id = show.Id }));
        Assert.Equal(0, await fixture.Catalog.ScalarAsync<int>("SELECT COUNT(*)::int FROM seats WHERE event_id = @id AND status <> 'available'", new { id = show.Id }));
        Assert.Equal((1000, 1000), await fixture.Catalog.StockAsync(show.TicketTypes[0]));
    }
}
