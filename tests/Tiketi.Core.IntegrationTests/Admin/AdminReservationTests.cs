using System.Net;
using Tiketi.Core.IntegrationTests.Concurrency;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>GET /api/admin/reservations and PATCH …/status through the reservation state machine (REST.md §3.33, §3.34).</summary>
public sealed class AdminReservationTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private static readonly string[] ListColumns =
        ["id", "reservation_number", "total_amount", "status", "payment_status", "created_at", "user_name", "user_email", "event_title", "venue", "event_date"];

    private static readonly string[] RowColumns =
        ["id", "user_id", "event_id", "reservation_number", "total_amount", "status", "payment_method", "payment_status", "expires_at", "created_at", "updated_at"];

    [Fact]
    public async Task List_is_newest_first_filtered_and_paged()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var client = fixture.ClientFor(admin.Token);
        var show = await fixture.Catalog.EventAsync(seats: 3);
        var buyer = await TestBuyer.CreateAsync(fixture);
        var first = await buyer.HoldAsync(show.Id, show.Seats[0]);
        var second = await buyer.HoldAsync(show.Id, show.Seats[1]);
        await buyer.PayAsync(second);
        var third = await buyer.HoldAsync(show.Id, show.Seats[2]);

        var all = await client.GetAsync($"/api/admin/reservations?eventId={show.Id}");
        var pending = await client.GetAsync($"/api/admin/reservations?eventId={show.Id}&status=pending&limit=1&page=2");
        var paid = await client.GetAsync($"/api/admin/reservations?eventId={show.Id}&paymentStatus=completed");

        Assert.Equal(HttpStatusCode.OK, all.Status);
        Assert.Equal(["reservations", "pagination"], ApiResponse.Keys(all.Body));
        var rows = all.Body.GetProperty("reservations").EnumerateArray().ToArray();
        Assert.Equal([third, second, first], rows.Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal(ListColumns, ApiResponse.Keys(rows[0]));
        Assert.Equal("관리 테스트 공연", rows[0].GetProperty("event_title").GetString());
        Assert.Equal("테스트홀", rows[0].GetProperty("venue").GetString());
        Assert.Equal(150000, rows[0].GetProperty("total_amount").GetInt32());
        Assert.EndsWith("Z", rows[0].GetProperty("event_date").GetString(), StringComparison.Ordinal);
        Assert.Equal("""{"page":1,"limit":20,"total":3,"totalPages":1}""", all.Body.GetProperty("pagination").GetRawText());

        Assert.Equal([first], pending.Body.GetProperty("reservations").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal("""{"page":2,"limit":1,"total":2,"totalPages":2}""", pending.Body.GetProperty("pagination").GetRawText());
        Assert.Equal([second], paid.Body.GetProperty("reservations").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
    }

    [Theory]
    [InlineData("status=expired", "유효하지 않은 예매 상태입니다. (pending, confirmed, cancelled)")]
    [InlineData("paymentStatus=paid", "유효하지 않은 결제 상태입니다. (pending, completed, refunded)")]
    [InlineData("page=0", "요청 값의 형식이 올바르지 않습니다.")]
    [InlineData("limit=abc", "요청 값의 형식이 올바르지 않습니다.")]
    [InlineData("eventId=abc", "요청 값의 형식이 올바르지 않습니다.")]
    public async Task List_rejects_bad_query_values_with_400(string query, string message)
    {
        var admin = await fixture.Catalog.AdminAsync();

        var response = await fixture.ClientFor(admin.Token).GetAsync($"/api/admin/reservations?{query}");

        Assert.Equal((HttpStatusCode.BadRequest, message), (response.Status, response.Error));
    }

    [Fact]
    public async Task Cancelling_a_pending_hold_frees_its_seat_keeps_payment_pending_and_announces_it()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var show = await fixture.Catalog.EventAsync(seats: 1);
        var buyer = await TestBuyer.CreateAsync(fixture);
        var hold = await buyer.HoldAsync(show.Id, show.Seats[0]);

        var response = await fixture.ClientFor(admin.Token).PatchAsync($"/api/admin/reservations/{hold}/status", new { status = "cancelled" });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["message", "reservation"], ApiResponse.Keys(response.Body));
        Assert.Equal("예매 상태가 변경되었습니다.", response.Body.GetProperty("message").GetString());
        Assert.Equal(RowColumns, ApiResponse.Keys(response.Body.GetProperty("reservation")));
        Assert.Equal("cancelled", response.Body.GetProperty("reservation").GetProperty("status").GetString());
        Assert.Equal("pending", response.Body.GetProperty("reservation").GetProperty("payment_status").GetString());
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(show.Seats[0]));
        Assert.Contains(show.Seats[0], fixture.Notifier.ReleasedSeats(show.Id));
        Assert.DoesNotContain(hold, fixture.Payments.Refunded);
        // The seat can be bought again at once.
        await (await TestBuyer.CreateAsync(fixture)).HoldAsync(show.Id, show.Seats[0]);
    }

    [Fact]
    public async Task Refunding_a_paid_reservation_cancels_it_refunds_through_the_provider_and_returns_the_stock()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var show = await fixture.Catalog.EventAsync(0, 10);
        var buyer = await TestBuyer.CreateAsync(fixture);
        var purchase = await buyer.PurchaseAsync(show.Id, show.TicketTypes[0], 3);
        await buyer.PayAsync(purchase);

        var response = await fixture.ClientFor(admin.Token).PatchAsync($"/api/admin/reservations/{purchase}/status", new { paymentStatus = "refunded" });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(("cancelled", "refunded"), await fixture.Catalog.ReservationStateAsync(purchase));
        Assert.Contains(purchase, fixture.Payments.Refunded);
        Assert.Equal((10, 10), await fixture.Catalog.StockAsync(show.TicketTypes[0]));
        Assert.Equal(10, fixture.Notifier.LastStock(show.TicketTypes[0])!.Value.Available);
    }

    [Fact]
    public async Task Confirming_a_pending_hold_by_hand_sells_its_seat()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var show = await fixture.Catalog.EventAsync(seats: 1);
        var buyer = await TestBuyer.CreateAsync(fixture);
        var hold = await buyer.HoldAsync(show.Id, show.Seats[0]);

        var response = await fixture.ClientFor(admin.Token).PatchAsync($"/api/admin/reservations/{hold}/status", new { status = "confirmed", paymentStatus = "completed" });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(("confirmed", "completed"), await fixture.Catalog.ReservationStateAsync(hold));
        Assert.Equal("reserved", await fixture.Catalog.SeatStatusAsync(show.Seats[0]));
        Assert.Contains((show.Id, show.Seats[0]), fixture.Notifier.Reserved);
    }

    [Fact]
    public async Task Transitions_outside_the_state_machine_are_refused_and_change_nothing()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var client = fixture.ClientFor(admin.Token);
        var show = await fixture.Catalog.EventAsync(seats: 3);
        var buyer = await TestBuyer.CreateAsync(fixture);
        var paid = await buyer.HoldAsync(show.Id, show.Seats[0]);
        await buyer.PayAsync(paid);
        var cancelled = await buyer.HoldAsync(show.Id, show.Seats[1]);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync($"/api/admin/reservations/{cancelled}/status", new { status = "cancelled" })).Status);
        var expired = await buyer.HoldAsync(show.Id, show.Seats[2]);
        await fixture.Catalog.ExecuteAsync("UPDATE reservations SET expires_at = now() - interval '1 second' WHERE id = @expired", new { expired });

        const string NotAllowed = "현재 예매 상태에서는 요청한 상태로 변경할 수 없습니다.";
        async Task Refused(Guid id, object body, HttpStatusCode status, string message)
        {
            var response = await client.PatchAsync($"/api/admin/reservations/{id}/status", body);
            Assert.Equal((status, message), (response.Status, response.Error));
        }

        await Refused(paid, new { status = "pending" }, HttpStatusCode.BadRequest, NotAllowed);
        await Refused(paid, new { paymentStatus = "failed" }, HttpStatusCode.BadRequest, NotAllowed);
        await Refused(paid, new { status = "cancelled", paymentStatus = "pending" }, HttpStatusCode.BadRequest, NotAllowed);
        await Refused(cancelled, new { status = "confirmed" }, HttpStatusCode.BadRequest, NotAllowed);
        await Refused(cancelled, new { status = "pending" }, HttpStatusCode.BadRequest, NotAllowed);
        await Refused(expired, new { status = "confirmed" }, HttpStatusCode.BadRequest, "만료되었거나 좌석이 해제된 예약은 확정할 수 없습니다.");
        await Refused(paid, new { status = "expired" }, HttpStatusCode.BadRequest, "유효하지 않은 예매 상태입니다. (pending, confirmed, cancelled)");
        await Refused(paid, new { paymentStatus = "paid" }, HttpStatusCode.BadRequest, "유효하지 않은 결제 상태입니다. (pending, completed, refunded)");
        await Refused(paid, new { status = 3 }, HttpStatusCode.BadRequest, "유효하지 않은 예매 상태입니다. (pending, confirmed, cancelled)");
        await Refused(paid, new { }, HttpStatusCode.BadRequest, "변경할 상태를 지정해주세요.");
        await Refused(Guid.NewGuid(), new { status = "cancelled" }, HttpStatusCode.NotFound, "예매를 찾을 수 없습니다.");

        Assert.Equal(("confirmed", "completed"), await fixture.Catalog.ReservationStateAsync(paid));
        Assert.Equal("reserved", await fixture.Catalog.SeatStatusAsync(show.Seats[0]));
        Assert.Equal(("cancelled", "pending"), await fixture.Catalog.ReservationStateAsync(cancelled));
        Assert.Equal("locked", await fixture.Catalog.SeatStatusAsync(show.Seats[2]));
    }

    [Fact]
    public async Task Asking_for_the_current_state_is_a_no_op_without_an_audit_entry()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var show = await fixture.Catalog.EventAsync(seats: 1);
        var hold = await (await TestBuyer.CreateAsync(fixture)).HoldAsync(show.Id, show.Seats[0]);

        var response = await fixture.ClientFor(admin.Token).PatchAsync($"/api/admin/reservations/{hold}/status", new { status = "pending" });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("locked", await fixture.Catalog.SeatStatusAsync(show.Seats[0]));
        Assert.Equal(0, await fixture.Catalog.ScalarAsync<int>("SELECT COUNT(*)::int FROM admin_audit_log WHERE target_id = @hold", new { hold }));
    }
    [Fact]
    public async Task A_cancel_that_loses_a_deadlock_is_retried_and_frees_the_seat()
    {
        var admin = fixture.ClientFor((await fixture.Catalog.AdminAsync()).Token);
        Guid seat = default, hold = default;

        // The admin cancel locks the reservation, then the seat.
        var response = await LockWaits.LoseOneDeadlockAsync(fixture.Catalog.Database, async () =>
        {
            var show = await fixture.Catalog.EventAsync(seats: 1);
            (seat, hold) = (show.Seats[0], await (await TestBuyer.CreateAsync(fixture)).HoldAsync(show.Id, show.Seats[0]));
            return new Staged<ApiResponse>(seat, hold, () => admin.PatchAsync($"/api/admin/reservations/{hold}/status", new { status = "cancelled" }));
        });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(("cancelled", "pending"), await fixture.Catalog.ReservationStateAsync(hold));
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(seat));
    }
}
