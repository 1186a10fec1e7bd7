using System.Net;
using Tiketi.Core.IntegrationTests.Holds;
using Tiketi.Core.Time;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>GET /api/admin/dashboard/stats (REST.md §3.23) plus the live figures; "today" is the Asia/Seoul day.</summary>
public sealed class AdminDashboardTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task Stats_count_live_reservations_paid_revenue_and_the_seoul_day_and_live_figures_follow_holds_and_sales()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var client = fixture.ClientFor(admin.Token);
        var show = await fixture.Catalog.EventAsync(seats: 3);
        await fixture.Catalog.EventAsync();
        var buyer = await TestBuyer.CreateAsync(fixture);
        var held = await buyer.HoldAsync(show.Id, show.Seats[0]);
        var paid = await buyer.HoldAsync(show.Id, show.Seats[1]);
        await buyer.PayAsync(paid);
        var withdrawn = await buyer.HoldAsync(show.Id, show.Seats[2]);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync($"/api/admin/reservations/{withdrawn}/status", new { status = "cancelled" })).Status);
        var (seoulDayStart, _) = ContractTime.SeoulDay(DateTimeOffset.UtcNow);
        // One minute before Seoul midnight is yesterday; one second after is today, whatever the UTC date says.
        var yesterday = await InsertReservationAsync(show.Id, buyer.User.Id, seoulDayStart.AddMinutes(-1), "confirmed", "completed", 1000);
        var earlyToday = await InsertReservationAsync(show.Id, buyer.User.Id, seoulDayStart.AddSeconds(1), "pending", "pending", 7000);

        var response = await client.GetAsync("/api/admin/dashboard/stats");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["stats", "recentReservations", "live"], ApiResponse.Keys(response.Body));
        Assert.Equal("""{"totalEvents":2,"totalReservations":4,"totalRevenue":151000,"todayReservations":3}""", response.Body.GetProperty("stats").GetRawText());
        var recent = response.Body.GetProperty("recentReservations").EnumerateArray().ToArray();
        Assert.Equal([withdrawn, paid, held, earlyToday, yesterday], recent.Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal(["id", "reservation_number", "total_amount", "status", "created_at", "user_name", "user_email", "event_title"], ApiResponse.Keys(recent[0]));
        Assert.Equal("cancelled", recent[0].GetProperty("status").GetString());
        Assert.Equal("구매자", recent[0].GetProperty("user_name").GetString());
        Assert.Equal("관리 테스트 공연", recent[0].GetProperty("event_title").GetString());

        var live = response.Body.GetProperty("live");
        Assert.Equal(1, live.GetProperty("activeHolds").GetInt32());
        Assert.Equal(1, live.GetProperty("salesToday").GetInt32());
        Assert.Equal(150000, live.GetProperty("revenueToday").GetInt64());
        Assert.Equal(0, live.GetProperty("connectedUsers").GetInt64());
        var showFigures = live.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == show.Id);
        Assert.Equal(["id", "title", "connectedUsers", "queueWaiting", "queueActive", "activeHolds"], ApiResponse.Keys(showFigures));
        Assert.Equal(1, showFigures.GetProperty("activeHolds").GetInt32());
        Assert.Equal(0, showFigures.GetProperty("queueWaiting").GetInt64());
    }

    private Task<Guid> InsertReservationAsync(Guid eventId, Guid userId, DateTimeOffset createdAt, string status, string paymentStatus, int amount) =>
        fixture.Catalog.ScalarAsync<Guid>(
            """
            INSERT INTO reservations (user_id, event_id, reservation_number, total_amount, status, payment_status, created_at)
            VALUES (@userId, @eventId, @number, @amount, @status, @paymentStatus, @createdAt) RETURNING id
            """,
            new { userId, eventId, number = "TK" + Guid.NewGuid().ToString("N")[..18], amount, status, paymentStatus, createdAt = createdAt.UtcDateTime });
}
