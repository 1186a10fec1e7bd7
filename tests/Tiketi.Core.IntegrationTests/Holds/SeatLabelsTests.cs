using Dapper;
using Npgsql;
using Tiketi.Core.Reservations;
using Tiketi.Core.Seats;

namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary>The seat labels named by the "seat taken" answer (REST.md §3.14: <c>이미 예약된 좌석입니다. (VIP-1-1)</c>).</summary>
public sealed class SeatLabelsTests(MultiSeatFixture fixture) : IClassFixture<MultiSeatFixture>
{
    [Fact]
    public async Task Labels_come_in_the_asked_order_and_unknown_seats_are_left_out()
    {
        var ev = await fixture.Catalog.EventAsync(seats: 3);
        var labels = new SeatLabels(fixture.Catalog.Database);

        var joined = await labels.JoinAsync([ev.Seats[2], Guid.NewGuid(), ev.Seats[0]], CancellationToken.None);

        Assert.Equal("VIP-1-3, VIP-1-1", joined);
        Assert.Equal("이미 예약된 좌석입니다. (VIP-1-3, VIP-1-1)", TicketingMessages.SeatTaken(joined));
    }

    [Fact]
    public async Task Only_the_seats_taken_now_are_named_or_all_when_none_is()
    {
        var ev = await fixture.Catalog.EventAsync(seats: 3);
        var labels = new SeatLabels(fixture.Catalog.Database);
        var all = await labels.JoinUnavailableAsync([ev.Seats[0], ev.Seats[1]], CancellationToken.None);
        await using (var connection = await fixture.Catalog.Database.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE seats SET status = 'locked' WHERE id = @id", new { id = ev.Seats[1] });
        }

        var taken = await labels.JoinUnavailableAsync([ev.Seats[0], ev.Seats[1]], CancellationToken.None);

        Assert.Equal("VIP-1-1, VIP-1-2", all);
        Assert.Equal("VIP-1-2", taken);
    }

    [Fact]
    public async Task An_unreachable_database_leaves_the_labels_out_instead_of_failing_the_answer()
    {
        await using var unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=2");
        var labels = new SeatLabels(unreachable);

        var joined = await labels.JoinUnavailableAsync([Guid.NewGuid()], CancellationToken.None);

        Assert.Equal("", joined);
        Assert.Equal("이미 예약된 좌석입니다.", TicketingMessages.SeatTaken(joined));
    }
}
