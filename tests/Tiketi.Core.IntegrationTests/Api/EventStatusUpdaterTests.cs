using System.Net;
using Npgsql;
using Tiketi.Core.Events;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Api;

public class EventStatusUpdaterTests(ReadApiFixture fixture) : IClassFixture<ReadApiFixture>
{
    private NpgsqlDataSource Db => fixture.Server.GetRequiredService<NpgsqlDataSource>();

    private EventStatusUpdater Updater => fixture.Server.GetRequiredService<EventStatusUpdater>();

    [Fact]
    public async Task Upcoming_event_goes_on_sale_at_sale_start_and_its_cached_detail_follows()
    {
        var now = DateTimeOffset.UtcNow;
        var id = await Seed.EventAsync(Db, "오픈", status: "upcoming", saleStart: now.AddMinutes(-1), saleEnd: now.AddDays(1), eventDate: now.AddDays(2));
        var before = await JsonAssert.StatusAndBodyAsync(await fixture.Server.Client.GetAsync($"/api/events/{id}"), HttpStatusCode.OK);

        await Updater.RunOnceAsync(CancellationToken.None);

        var after = await JsonAssert.StatusAndBodyAsync(await fixture.Server.Client.GetAsync($"/api/events/{id}"), HttpStatusCode.OK);
        Assert.Equal("upcoming", before.GetProperty("event").GetProperty("status").GetString());
        Assert.Equal("on_sale", after.GetProperty("event").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Future_sale_stays_upcoming_and_sale_end_or_event_date_passage_ends_it()
    {
        var now = DateTimeOffset.UtcNow;
        var future = await Seed.EventAsync(Db, "예정", status: "upcoming", saleStart: now.AddDays(1), saleEnd: now.AddDays(2), eventDate: now.AddDays(3));
        var saleOver = await Seed.EventAsync(Db, "판매종료", status: "on_sale", saleStart: now.AddDays(-2), saleEnd: now.AddMinutes(-1), eventDate: now.AddDays(3));
        var performed = await Seed.EventAsync(Db, "공연끝", status: "sold_out", saleStart: now.AddDays(-2), saleEnd: now.AddDays(2), eventDate: now.AddMinutes(-1));
        var cancelled = await Seed.EventAsync(Db, "취소", status: "cancelled", saleStart: now.AddDays(-2), saleEnd: now.AddMinutes(-1), eventDate: now.AddMinutes(-1));

        await Updater.RunOnceAsync(CancellationToken.None);

        Assert.Equal("upcoming", await StatusAsync(future));
        Assert.Equal("ended", await StatusAsync(saleOver));
        Assert.Equal("ended", await StatusAsync(performed));
        Assert.Equal("cancelled", await StatusAsync(cancelled));
    }

    [Fact]
    public async Task Ticket_event_is_sold_out_when_no_stock_is_left_and_back_on_sale_when_stock_returns()
    {
        var id = await Seed.EventAsync(Db, "매진");
        var typeId = await Seed.TicketTypeAsync(Db, id, "R석", 1000, 2, 0);

        await Updater.RunOnceAsync(CancellationToken.None);
        var soldOut = await StatusAsync(id);
        await Seed.ExecuteAsync(Db, "UPDATE ticket_types SET available_quantity = 1 WHERE id = @typeId", new { typeId });
        await Updater.RunOnceAsync(CancellationToken.None);

        Assert.Equal("sold_out", soldOut);
        Assert.Equal("on_sale", await StatusAsync(id));
    }

    [Fact]
    public async Task Seat_event_is_sold_out_when_no_seat_is_available()
    {
        var layout = await Seed.LayoutAsync(Db, "tiny-" + Guid.NewGuid().ToString("N")[..6],
            "{\"sections\":[{\"name\":\"A\",\"rows\":1,\"seatsPerRow\":2,\"price\":1000}]}", 2);
        var id = await Seed.EventAsync(Db, "좌석매진", layoutId: layout);
        await using (var connection = await Db.OpenConnectionAsync())
        {
            Assert.Equal(2, await Tiketi.Core.Seats.SeatGenerator.GenerateForEventAsync(connection, null, id, CancellationToken.None));
        }

        await Seed.ExecuteAsync(Db, "UPDATE seats SET status = 'reserved' WHERE event_id = @id AND seat_number = 1", new { id });
        await Updater.RunOnceAsync(CancellationToken.None);
        var oneLeft = await StatusAsync(id);
        await Seed.ExecuteAsync(Db, "UPDATE seats SET status = 'locked' WHERE event_id = @id AND seat_number = 2", new { id });
        await Updater.RunOnceAsync(CancellationToken.None);

        Assert.Equal("on_sale", oneLeft);
        Assert.Equal("sold_out", await StatusAsync(id));
        Assert.Equal("A-1-2", await Seed.ScalarAsync<string>(Db, "SELECT seat_label FROM seats WHERE event_id = @id AND seat_number = 2", new { id }));
    }

    private Task<string> StatusAsync(Guid id) => Seed.ScalarAsync<string>(Db, "SELECT status FROM events WHERE id = @id", new { id });
}
