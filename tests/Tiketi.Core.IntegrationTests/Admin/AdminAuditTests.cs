using System.Net;
using System.Text.Json;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>Every admin change lands in the audit log (who, what, when, before/after), readable at GET /api/admin/audit.</summary>
public sealed class AdminAuditTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task Each_admin_change_is_recorded_with_actor_and_before_after_rows()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var client = fixture.ClientFor(admin.Token);
        var layoutId = await fixture.Catalog.LayoutAsync("""{"sections":[{"name":"A","rows":1,"seatsPerRow":2,"price":1000}]}""", 2);
        var created = await client.PostAsync("/api/admin/events", new
        {
            title = "감사 공연", venue = "홀", eventDate = "2030-03-01T19:00:00", saleStartDate = "2030-02-01T10:00:00", saleEndDate = "2030-02-28T10:00:00",
            ticketTypes = new[] { new { name = "R석", price = "1000", totalQuantity = "5" } },
        });
        var eventId = created.Body.GetProperty("event").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/admin/events/{eventId}", new { title = "감사 공연 2" })).Status);
        var ticket = await client.PostAsync($"/api/admin/events/{eventId}/tickets", new { name = "S석", price = 500, totalQuantity = 3 });
        var ticketId = ticket.Body.GetProperty("ticketType").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/admin/tickets/{ticketId}", new { totalQuantity = 9 })).Status);
        await fixture.Catalog.ExecuteAsync("UPDATE events SET seat_layout_id = @layoutId WHERE id = @eventId", new { layoutId, eventId });
        Assert.Equal(HttpStatusCode.OK, (await client.PostEmptyAsync($"/api/admin/events/{eventId}/generate-seats")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/admin/events/{eventId}/seats")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.PostEmptyAsync($"/api/admin/events/{eventId}/cancel")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/admin/events/{eventId}")).Status);
        var show = await fixture.Catalog.EventAsync(seats: 1);
        var hold = await (await TestBuyer.CreateAsync(fixture)).HoldAsync(show.Id, show.Seats[0]);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync($"/api/admin/reservations/{hold}/status", new { status = "cancelled" })).Status);
        // Refused changes are not changes.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsync($"/api/admin/tickets/{ticketId}", new { totalQuantity = 0 })).Status);

        var response = await client.GetAsync("/api/admin/audit?limit=100");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["entries", "pagination"], ApiResponse.Keys(response.Body));
        var entries = response.Body.GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(
            ["reservation.status", "event.delete", "event.cancel", "seats.delete", "seats.generate", "ticket_type.update", "ticket_type.create", "event.update", "event.create"],
            entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["id", "admin_id", "admin_email", "action", "target_type", "target_id", "before", "after", "created_at"], ApiResponse.Keys(entries[0]));
        Assert.All(entries, e => Assert.Equal(admin.Id, e.GetProperty("admin_id").GetGuid()));
        Assert.All(entries, e => Assert.EndsWith("@test.tiketi", e.GetProperty("admin_email").GetString(), StringComparison.Ordinal));
        Assert.All(entries, e => Assert.EndsWith("Z", e.GetProperty("created_at").GetString(), StringComparison.Ordinal));

        var update = entries.Single(e => e.GetProperty("action").GetString() == "event.update");
        Assert.Equal(eventId, update.GetProperty("target_id").GetGuid());
        Assert.Equal("감사 공연", update.GetProperty("before").GetProperty("title").GetString());
        Assert.Equal("감사 공연 2", update.GetProperty("after").GetProperty("title").GetString());
        var stock = entries.Single(e => e.GetProperty("action").GetString() == "ticket_type.update");
        Assert.Equal((3, 9), (stock.GetProperty("before").GetProperty("total_quantity").GetInt32(), stock.GetProperty("after").GetProperty("total_quantity").GetInt32()));
        var create = entries.Single(e => e.GetProperty("action").GetString() == "event.create");
        Assert.Equal(JsonValueKind.Null, create.GetProperty("before").ValueKind);
        Assert.Equal(1, create.GetProperty("after").GetProperty("ticket_types").GetArrayLength());
        var deleted = entries.Single(e => e.GetProperty("action").GetString() == "event.delete");
        Assert.Equal("cancelled", deleted.GetProperty("before").GetProperty("event").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, deleted.GetProperty("after").ValueKind);
        var status = entries[0];
        Assert.Equal(("pending", "cancelled"), (status.GetProperty("before").GetProperty("status").GetString(), status.GetProperty("after").GetProperty("status").GetString()));

        var forTicket = await client.GetAsync($"/api/admin/audit?targetId={ticketId}&limit=1");
        Assert.Equal(["ticket_type.update"], forTicket.Body.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("""{"page":1,"limit":1,"total":2,"totalPages":2}""", forTicket.Body.GetProperty("pagination").GetRawText());
        var byAction = await client.GetAsync("/api/admin/audit?action=event.cancel");
        Assert.Single(byAction.Body.GetProperty("entries").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/admin/audit?targetId=nope")).Status);
    }

    [Fact]
    public async Task Entries_survive_the_deletion_of_the_admin_who_made_them()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var show = await fixture.Catalog.EventAsync(0, 5);
        Assert.Equal(HttpStatusCode.OK, (await fixture.ClientFor(admin.Token).PutAsync($"/api/admin/tickets/{show.TicketTypes[0]}", new { price = 777 })).Status);

        await fixture.Catalog.ExecuteAsync("DELETE FROM users WHERE id = @id", new { id = admin.Id });

        var email = await fixture.Catalog.ScalarAsync<string>("SELECT admin_email FROM admin_audit_log WHERE target_id = @id AND admin_id IS NULL", new { id = show.TicketTypes[0] });
        Assert.StartsWith("admin-", email, StringComparison.Ordinal);
    }
}
