using System.Net;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>The admin pages' flow across the public endpoints (FLOWS.md §9.2, §9.3) on a database without demo data.</summary>
public sealed class AdminFormFlowTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task The_event_form_finds_layouts_and_a_created_event_shows_in_the_admin_list_with_its_artist()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var anonymous = fixture.ClientFor(null);

        var layouts = await anonymous.GetAsync("/api/seats/layouts");
        Assert.Equal(HttpStatusCode.OK, layouts.Status);
        var small = layouts.Body.GetProperty("layouts").EnumerateArray().First(l => l.GetProperty("name").GetString() == "small_theater");

        var created = await fixture.ClientFor(admin.Token).PostAsync("/api/admin/events", new
        {
            title = "폼 공연", description = "설명", venue = "홀", address = "서울", artistName = "잔나비",
            eventDate = "2030-03-01T19:00:00", saleStartDate = "2030-02-01T10:00:00", saleEndDate = "2030-02-28T23:59:00",
            posterImageUrl = "", seatLayoutId = small.GetProperty("id").GetString(), ticketTypes = Array.Empty<object>(),
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Body.GetProperty("event").GetProperty("id").GetString();

        var list = await anonymous.GetAsync("/api/events?limit=1000");
        var listed = list.Body.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);
        Assert.Equal("잔나비", listed.GetProperty("artist_name").GetString());
        var seatMap = await anonymous.GetAsync($"/api/seats/events/{id}");
        Assert.Equal(HttpStatusCode.OK, seatMap.Status);
        Assert.Equal(265, seatMap.Body.GetProperty("seats").GetArrayLength());
    }

    [Fact]
    public async Task Purchases_racing_a_delete_either_block_it_with_409_or_are_refused_never_orphaned()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var show = await fixture.Catalog.EventAsync(seats: 20, 100);
        var buyers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => TestBuyer.CreateAsync(fixture)));

        var purchases = buyers.Select((b, i) => i % 2 == 0 ? b.TryHoldAsync(show.Id, show.Seats[i]) : b.TryPurchaseAsync(show.Id, show.TicketTypes[0], 1)).ToArray();
        var delete = await fixture.ClientFor(admin.Token).DeleteAsync($"/api/admin/events/{show.Id}");
        await Task.WhenAll(purchases);

        Assert.True(delete.Status is HttpStatusCode.OK or HttpStatusCode.Conflict,
            $"{delete.Status} {delete.Error} " + string.Join("\n", fixture.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(e => e.Exception?.Message + " " + e.Exception?.StackTrace)));
        var liveWithoutEvent = await fixture.Catalog.ScalarAsync<int>(
            "SELECT COUNT(*)::int FROM reservations r WHERE r.event_id IS NULL OR NOT EXISTS (SELECT 1 FROM events e WHERE e.id = r.event_id)");
        Assert.Equal(0, liveWithoutEvent);
        var errors = string.Join("\n", fixture.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(e => e.Message + " " + e.Exception?.Message));
        Assert.All(purchases, p => Assert.True(p.Result.Status != HttpStatusCode.InternalServerError, errors));
        if (delete.Status == HttpStatusCode.Conflict)
        {
            Assert.Contains(purchases, p => p.Result.Status == HttpStatusCode.Created);
        }
    }
}
