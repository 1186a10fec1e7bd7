using System.Net;
using System.Text.Json;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>Ticket grade create/update (REST.md §3.31, §3.32) and stock edits racing purchases.</summary>
public sealed class AdminTicketTypeTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private static readonly string[] TicketColumns = ["id", "event_id", "name", "price", "total_quantity", "available_quantity", "description", "created_at", "updated_at"];

    [Fact]
    public async Task Create_accepts_numeric_strings_answers_201_and_announces_the_stock()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var show = await fixture.Catalog.EventAsync();

        var response = await fixture.ClientFor(admin.Token).PostAsync($"/api/admin/events/{show.Id}/tickets", new { name = " S석 ", price = "70000", totalQuantity = "300", description = "" });

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("티켓이 등록되었습니다.", response.Body.GetProperty("message").GetString());
        var row = response.Body.GetProperty("ticketType");
        Assert.Equal(TicketColumns, ApiResponse.Keys(row));
        Assert.Equal("S석", row.GetProperty("name").GetString());
        Assert.Equal(70000, row.GetProperty("price").GetInt32());
        Assert.Equal(300, row.GetProperty("total_quantity").GetInt32());
        Assert.Equal(300, row.GetProperty("available_quantity").GetInt32());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("description").ValueKind);
        Assert.Equal(show.Id, row.GetProperty("event_id").GetGuid());
        Assert.Equal(300, fixture.Notifier.LastStock(row.GetProperty("id").GetGuid())!.Value.Available);
    }

    [Fact]
    public async Task A_free_grade_can_be_created_bought_and_paid()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var show = await fixture.Catalog.EventAsync();
        var buyer = await TestBuyer.CreateAsync(fixture);

        var created = await fixture.ClientFor(admin.Token).PostAsync($"/api/admin/events/{show.Id}/tickets", new { name = "초대석", price = "0", totalQuantity = "10", description = "" });
        var grade = created.Body.GetProperty("ticketType").GetProperty("id").GetGuid();
        var reservation = await buyer.PurchaseAsync(show.Id, grade, 2);
        await buyer.PayAsync(reservation);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(0, created.Body.GetProperty("ticketType").GetProperty("price").GetInt32());
        Assert.Equal(("confirmed", "completed"), await fixture.Catalog.ReservationStateAsync(reservation));
        Assert.Equal(0, await fixture.Catalog.ScalarAsync<int>("SELECT total_amount FROM reservations WHERE id = @reservation", new { reservation }));
        Assert.Equal((8, 10), await fixture.Catalog.StockAsync(grade));
    }

    [Fact]
    public async Task Create_validates_and_404s_unknown_events()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var client = fixture.ClientFor(admin.Token);
        var show = await fixture.Catalog.EventAsync();

        var missing = await client.PostAsync($"/api/admin/events/{Guid.NewGuid()}/tickets", new { name = "A", price = 1, totalQuantity = 1 });
        var noName = await client.PostAsync($"/api/admin/events/{show.Id}/tickets", new { price = 1, totalQuantity = 1 });
        var negative = await client.PostAsync($"/api/admin/events/{show.Id}/tickets", new { name = "A", price = 1, totalQuantity = -1 });
        var negativePrice = await client.PostAsync($"/api/admin/events/{show.Id}/tickets", new { name = "A", price = -1, totalQuantity = 1 });

        Assert.Equal((HttpStatusCode.NotFound, "이벤트를 찾을 수 없습니다."), (missing.Status, missing.Error));
        Assert.Equal((HttpStatusCode.BadRequest, "등급명은(는) 필수 항목입니다."), (noName.Status, noName.Error));
        Assert.Equal((HttpStatusCode.BadRequest, "총 수량은(는) 1 이상 1000000 이하의 정수여야 합니다."), (negative.Status, negative.Error));
        Assert.Equal((HttpStatusCode.BadRequest, "가격은(는) 0 이상 100000000 이하의 정수여야 합니다."), (negativePrice.Status, negativePrice.Error));
    }

    [Fact]
    public async Task Update_keeps_available_equal_to_total_minus_sold_and_refuses_totals_below_sold()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var client = fixture.ClientFor(admin.Token);
        var show = await fixture.Catalog.EventAsync(0, 10);
        var ticketType = show.TicketTypes[0];
        var buyer = await TestBuyer.CreateAsync(fixture);
        await buyer.PurchaseAsync(show.Id, ticketType, 4);

        var grown = await client.PutAsync($"/api/admin/tickets/{ticketType}", new { totalQuantity = "25" });
        var renamed = await client.PutAsync($"/api/admin/tickets/{ticketType}", new { name = "새 이름" });
        var tooSmall = await client.PutAsync($"/api/admin/tickets/{ticketType}", new { totalQuantity = 3 });
        var missing = await client.PutAsync($"/api/admin/tickets/{Guid.NewGuid()}", new { totalQuantity = 3 });

        Assert.Equal(HttpStatusCode.OK, grown.Status);
        Assert.Equal("티켓이 수정되었습니다.", grown.Body.GetProperty("message").GetString());
        Assert.Equal(TicketColumns, ApiResponse.Keys(grown.Body.GetProperty("ticketType")));
        Assert.Equal(21, grown.Body.GetProperty("ticketType").GetProperty("available_quantity").GetInt32());
        Assert.Equal(21, fixture.Notifier.LastStock(ticketType)!.Value.Available);
        Assert.Equal(("새 이름", 50000, 25, 21), (renamed.Body.GetProperty("ticketType").GetProperty("name").GetString(),
            renamed.Body.GetProperty("ticketType").GetProperty("price").GetInt32(),
            renamed.Body.GetProperty("ticketType").GetProperty("total_quantity").GetInt32(),
            renamed.Body.GetProperty("ticketType").GetProperty("available_quantity").GetInt32()));
        Assert.Equal((HttpStatusCode.BadRequest, "판매된 티켓 수보다 적은 수량으로 변경할 수 없습니다."), (tooSmall.Status, tooSmall.Error));
        Assert.Equal((21, 25), await fixture.Catalog.StockAsync(ticketType));
        Assert.Equal((HttpStatusCode.NotFound, "티켓을 찾을 수 없습니다."), (missing.Status, missing.Error));
    }

    [Fact]
    public async Task Concurrent_stock_edits_and_purchases_never_lose_or_invent_a_ticket()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var client = fixture.ClientFor(admin.Token);
        var show = await fixture.Catalog.EventAsync(0, 30);
        var ticketType = show.TicketTypes[0];
        var buyers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => TestBuyer.CreateAsync(fixture)));

        var purchases = buyers.Select(b => b.TryPurchaseAsync(show.Id, ticketType, 2)).ToArray();
        var edits = Enumerable.Range(0, 10).Select(i => client.PutAsync($"/api/admin/tickets/{ticketType}", new { totalQuantity = 30 + (i * 5) })).ToArray();
        await Task.WhenAll(purchases);
        await Task.WhenAll(edits);

        var sold = 2 * purchases.Count(p => p.Result.Status == HttpStatusCode.Created);
        var soldInItems = await fixture.Catalog.ScalarAsync<int>(
            "SELECT COALESCE(SUM(quantity), 0)::int FROM reservation_items i JOIN reservations r ON r.id = i.reservation_id WHERE i.ticket_type_id = @ticketType AND r.status <> 'cancelled'",
            new { ticketType });
        var (available, total) = await fixture.Catalog.StockAsync(ticketType);
        // An edit either applied or was refused because it went below what had been sold at that moment.
        Assert.All(edits, e => Assert.True(e.Result.Status == HttpStatusCode.OK || e.Result.Error == "판매된 티켓 수보다 적은 수량으로 변경할 수 없습니다."));
        Assert.Contains(purchases, p => p.Result.Status == HttpStatusCode.Created);
        Assert.Equal(sold, soldInItems);
        Assert.Equal(total - sold, available);
        Assert.InRange(available, 0, total);
        var lastEdit = await fixture.Catalog.ScalarAsync<int?>(
            "SELECT (after->>'total_quantity')::int FROM admin_audit_log WHERE target_id = @ticketType ORDER BY seq DESC LIMIT 1", new { ticketType });
        Assert.Equal(lastEdit ?? 30, total);
    }
}
