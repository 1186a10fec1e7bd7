using System.Net;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>Seat generation/removal and the layout list (REST.md §3.24, §3.29, §3.30).</summary>
public sealed class AdminSeatTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private const string TwoSections = """{"sections":[{"name":"A","rows":2,"seatsPerRow":3,"price":1000},{"name":"B","rows":1,"seatsPerRow":2,"price":500,"startRow":3}]}""";

    private async Task<Guid> EventWithLayoutAsync(Guid layoutId)
    {
        var show = await fixture.Catalog.EventAsync();
        await fixture.Catalog.ExecuteAsync("UPDATE events SET seat_layout_id = @layoutId WHERE id = @id", new { layoutId, id = show.Id });
        return show.Id;
    }

    [Fact]
    public async Task Seat_layouts_lists_the_standard_layouts_by_name_with_nested_config()
    {
        var admin = await fixture.Catalog.AdminAsync();

        var response = await fixture.ClientFor(admin.Token).GetAsync("/api/admin/seat-layouts");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var layouts = response.Body.GetProperty("layouts").EnumerateArray().ToArray();
        var names = layouts.Select(l => l.GetProperty("name").GetString()).ToArray();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var stadium = layouts.Single(l => l.GetProperty("name").GetString() == "sports_stadium");
        Assert.Equal(["id", "name", "description", "total_seats", "layout_config"], ApiResponse.Keys(stadium));
        Assert.Equal(4900, stadium.GetProperty("total_seats").GetInt32());
        Assert.Equal(3, stadium.GetProperty("layout_config").GetProperty("sections").GetArrayLength());
    }

    [Fact]
    public async Task Generate_creates_the_layout_seats_with_global_rows_then_refuses_a_second_time_with_the_count()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var eventId = await EventWithLayoutAsync(await fixture.Catalog.LayoutAsync(TwoSections, 8));
        var client = fixture.ClientFor(admin.Token);

        var first = await client.PostEmptyAsync($"/api/admin/events/{eventId}/generate-seats");
        var second = await client.PostEmptyAsync($"/api/admin/events/{eventId}/generate-seats");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(["message", "seatsCreated", "eventTitle"], ApiResponse.Keys(first.Body));
        Assert.Equal("좌석이 생성되었습니다.", first.Body.GetProperty("message").GetString());
        Assert.Equal(8, first.Body.GetProperty("seatsCreated").GetInt32());
        Assert.Equal("관리 테스트 공연", first.Body.GetProperty("eventTitle").GetString());
        var labels = await fixture.Catalog.QueryAsync<string>("SELECT seat_label || ':' || price FROM seats WHERE event_id = @eventId ORDER BY row_number, seat_number", new { eventId });
        Assert.Equal(["A-1-1:1000", "A-1-2:1000", "A-1-3:1000", "A-2-1:1000", "A-2-2:1000", "A-2-3:1000", "B-3-1:500", "B-3-2:500"], labels);
        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal(["error", "existingSeats"], ApiResponse.Keys(second.Body));
        Assert.Equal("이미 좌석이 생성되어 있습니다.", second.Error);
        Assert.Equal(8, second.Body.GetProperty("existingSeats").GetInt32());
    }

    [Fact]
    public async Task Generate_refuses_events_without_layout_unknown_events_and_broken_layouts()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var client = fixture.ClientFor(admin.Token);
        var plain = await fixture.Catalog.EventAsync();
        var broken = await EventWithLayoutAsync(await fixture.Catalog.LayoutAsync("""{"sections":[{"name":"A","rows":0,"seatsPerRow":3,"price":1}]}""", 0));

        var noLayout = await client.PostEmptyAsync($"/api/admin/events/{plain.Id}/generate-seats");
        var missing = await client.PostEmptyAsync($"/api/admin/events/{Guid.NewGuid()}/generate-seats");
        var invalid = await client.PostEmptyAsync($"/api/admin/events/{broken}/generate-seats");

        Assert.Equal((HttpStatusCode.BadRequest, "좌석 레이아웃이 설정되지 않았습니다."), (noLayout.Status, noLayout.Error));
        Assert.Equal((HttpStatusCode.NotFound, "이벤트를 찾을 수 없습니다."), (missing.Status, missing.Error));
        Assert.Equal((HttpStatusCode.BadRequest, "좌석 레이아웃 구성이 올바르지 않습니다."), (invalid.Status, invalid.Error));
    }

    [Fact]
    public async Task Delete_seats_refuses_while_a_hold_is_live_and_succeeds_once_it_is_cancelled()
    {
        var admin = await fixture.Catalog.AdminAsync();
        var client = fixture.ClientFor(admin.Token);
        var show = await fixture.Catalog.EventAsync(seats: 5);
        var buyer = await TestBuyer.CreateAsync(fixture);
        var hold = await buyer.HoldAsync(show.Id, show.Seats[2]);

        var refused = await client.DeleteAsync($"/api/admin/events/{show.Id}/seats");
        Assert.Equal((HttpStatusCode.BadRequest, "예약된 좌석이 있어 삭제할 수 없습니다."), (refused.Status, refused.Error));
        Assert.Equal(5, await fixture.Catalog.ScalarAsync<int>("SELECT COUNT(*)::int FROM seats WHERE event_id = @id", new { id = show.Id }));

        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync($"/api/admin/reservations/{hold}/status", new { status = "cancelled" })).Status);
        var deleted = await client.DeleteAsync($"/api/admin/events/{show.Id}/seats");

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("좌석이 삭제되었습니다.", deleted.Body.GetProperty("message").GetString());
        Assert.Equal(5, deleted.Body.GetProperty("seatsDeleted").GetInt32());
        Assert.Equal(0, await fixture.Catalog.ScalarAsync<int>("SELECT COUNT(*)::int FROM seats WHERE event_id = @id", new { id = show.Id }));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/admin/events/{Guid.NewGuid()}/seats")).Status);
    }
}
