using System.Net;
using System.Text.Json;
using Npgsql;
using Tiketi.Core.Hosting;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Api;

public class DemoDataAndSeatMapTests(DemoDataFixture fixture) : IClassFixture<DemoDataFixture>
{
    private HttpClient Http => fixture.Server.Client;

    private NpgsqlDataSource Db => fixture.Server.GetRequiredService<NpgsqlDataSource>();

    [Fact]
    public async Task Layouts_are_the_three_data_md_layouts_smallest_first()
    {
        var body = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync("/api/seats/layouts"), HttpStatusCode.OK);

        var layouts = body.GetProperty("layouts").EnumerateArray().ToList();
        Assert.Equal(["small_theater", "large_theater", "sports_stadium"], layouts.Select(l => l.GetProperty("name").GetString()));
        Assert.Equal([265, 1250, 4900], layouts.Select(l => l.GetProperty("total_seats").GetInt32()));
        Assert.Equal("Small theater with 300 seats", layouts[0].GetProperty("description").GetString());
        JsonAssert.HasExactlyProperties(layouts[0], "id", "name", "description", "total_seats", "layout_config");
        var sections = layouts[0].GetProperty("layout_config").GetProperty("sections").EnumerateArray().ToList();
        Assert.Equal(["VIP", "R", "S"], sections.Select(s => s.GetProperty("name").GetString()));
        JsonAssert.HasExactlyProperties(sections[0], "name", "rows", "seatsPerRow", "price", "startRow");
        Assert.Equal((3, 10, 150000, 1), (sections[0].GetProperty("rows").GetInt32(), sections[0].GetProperty("seatsPerRow").GetInt32(),
            sections[0].GetProperty("price").GetInt32(), sections[0].GetProperty("startRow").GetInt32()));
        var stadium = layouts[2].GetProperty("layout_config").GetProperty("sections").EnumerateArray()
            .Select(s => (s.GetProperty("name").GetString(), s.GetProperty("rows").GetInt32(), s.GetProperty("seatsPerRow").GetInt32(), s.GetProperty("price").GetInt32(), s.GetProperty("startRow").GetInt32()));
        Assert.Equal([("Floor1", 20, 50, 80000, 1), ("Floor2", 30, 60, 50000, 21), ("Floor3", 30, 70, 30000, 51)], stadium);
    }

    [Fact]
    public async Task Every_layout_event_has_exactly_its_layouts_seat_count()
    {
        var counts = await QueryAsync("""
            SELECT l.name, count(s.id) FROM events e JOIN seat_layouts l ON l.id = e.seat_layout_id
            LEFT JOIN seats s ON s.event_id = e.id GROUP BY e.id, l.name
            """);

        Assert.NotEmpty(counts);
        Assert.All(counts, c => Assert.Equal(c.Name switch { "small_theater" => 265, "large_theater" => 1250, _ => 4900 }, c.Count));
    }

    [Fact]
    public async Task Demo_has_small_stadium_and_general_admission_events_on_sale_and_an_upcoming_one()
    {
        var onSale = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync("/api/events?status=on_sale&limit=100"), HttpStatusCode.OK);
        var upcoming = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync("/api/events?status=upcoming&limit=100"), HttpStatusCode.OK);
        var kinds = await QueryAsync("""
            SELECT coalesce(l.name, 'general') || ':' || e.status, count(*) FROM events e LEFT JOIN seat_layouts l ON l.id = e.seat_layout_id
            GROUP BY 1
            """);

        Assert.Contains(kinds, k => k.Name == "small_theater:on_sale");
        Assert.Contains(kinds, k => k.Name == "sports_stadium:on_sale");
        Assert.Contains(kinds, k => k.Name == "general:on_sale");
        Assert.True(onSale.GetProperty("pagination").GetProperty("total").GetInt32() >= 3);
        Assert.True(upcoming.GetProperty("pagination").GetProperty("total").GetInt32() >= 1);
        var general = onSale.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("ticket_type_count").GetString() != "0");
        Assert.Equal(66000, general.GetProperty("min_price").GetInt32());
        Assert.Equal(150000, general.GetProperty("max_price").GetInt32());
    }

    [Fact]
    public async Task Demo_data_is_idempotent_even_when_seeded_concurrently()
    {
        var before = await TotalsAsync();
        var demo = fixture.Server.GetRequiredService<DemoData>();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => demo.EnsureAsync(CancellationToken.None)));

        Assert.Equal(before, await TotalsAsync());
        Assert.Equal(3, before.Layouts);
        Assert.Equal(265 * 2 + 1250 * 3 + 4900, before.Seats);
    }

    [Fact]
    public async Task Stadium_seat_map_streams_all_4900_seats_in_section_row_seat_order()
    {
        var stadiumId = (await QueryGuidAsync("SELECT e.id FROM events e JOIN seat_layouts l ON l.id = e.seat_layout_id WHERE l.name = 'sports_stadium' LIMIT 1"));

        var body = await JsonAssert.StatusAndBodyAsync(await Http.GetAsync($"/api/seats/events/{stadiumId}"), HttpStatusCode.OK);

        JsonAssert.HasExactlyProperties(body, "event", "layout", "seats");
        JsonAssert.HasExactlyProperties(body.GetProperty("event"), "id", "title");
        Assert.Equal(stadiumId.ToString(), body.GetProperty("event").GetProperty("id").GetString());
        Assert.Equal(3, body.GetProperty("layout").GetProperty("sections").GetArrayLength());
        var seats = body.GetProperty("seats").EnumerateArray().ToList();
        Assert.Equal(4900, seats.Count);
        JsonAssert.HasExactlyProperties(seats[0], "id", "section", "row_number", "seat_number", "seat_label", "price", "status");
        Assert.Equal(("Floor1", 1, 1, "Floor1-1-1", 80000, "available"), Describe(seats[0]));
        Assert.Equal(("Floor1", 1, 2, "Floor1-1-2", 80000, "available"), Describe(seats[1]));
        Assert.Equal(("Floor3", 80, 70, "Floor3-80-70", 30000, "available"), Describe(seats[^1]));
        var keys = seats.Select(s => (s.GetProperty("section").GetString()!, s.GetProperty("row_number").GetInt32(), s.GetProperty("seat_number").GetInt32())).ToList();
        Assert.Equal(keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2).ThenBy(k => k.Item3), keys);
    }

    [Fact]
    public async Task Seat_map_of_unknown_or_layoutless_events_is_404()
    {
        var general = await QueryGuidAsync("SELECT id FROM events WHERE seat_layout_id IS NULL LIMIT 1");

        await JsonAssert.ErrorAsync(await Http.GetAsync($"/api/seats/events/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "Event not found");
        await JsonAssert.ErrorAsync(await Http.GetAsync($"/api/seats/events/{general}"), HttpStatusCode.NotFound, "This event does not have seat selection");
        await JsonAssert.ErrorAsync(await Http.GetAsync("/api/seats/events/not-a-uuid"), HttpStatusCode.BadRequest, "요청 값의 형식이 올바르지 않습니다.");
    }

    private static (string?, int, int, string?, int, string?) Describe(JsonElement seat) => (
        seat.GetProperty("section").GetString(), seat.GetProperty("row_number").GetInt32(), seat.GetProperty("seat_number").GetInt32(),
        seat.GetProperty("seat_label").GetString(), seat.GetProperty("price").GetInt32(), seat.GetProperty("status").GetString());

    private async Task<(long Layouts, long Events, long Seats, long TicketTypes, long Users)> TotalsAsync()
    {
        await using var command = Db.CreateCommand("""
            SELECT (SELECT count(*) FROM seat_layouts), (SELECT count(*) FROM events), (SELECT count(*) FROM seats),
                   (SELECT count(*) FROM ticket_types), (SELECT count(*) FROM users)
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    private async Task<List<(string Name, long Count)>> QueryAsync(string sql)
    {
        await using var command = Db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }

    private async Task<Guid> QueryGuidAsync(string sql)
    {
        await using var command = Db.CreateCommand(sql);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }
}
