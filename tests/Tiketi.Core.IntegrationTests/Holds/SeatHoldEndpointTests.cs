using System.Net;
using System.Text.RegularExpressions;
using Tiketi.Core.Seats;

namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary><c>POST /api/seats/reserve</c> (REST 3.14) through the real HTTP API.</summary>
public sealed partial class SeatHoldEndpointTests(TicketingFixture fixture) : IClassFixture<TicketingFixture>
{
    [Fact]
    public async Task Hold_returns_201_with_the_contract_shape_and_locks_the_seat()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 3);

        var response = await fixture.ClientFor(user).HoldAsync(ev.Id, ev.Seats[1]);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal(["message", "reservation"], ApiResponse.Keys(response.Body));
        Assert.Equal("좌석이 선택되었습니다.", response.Body.GetProperty("message").GetString());
        var reservation = response.Body.GetProperty("reservation");
        Assert.Equal(["id", "reservationNumber", "totalAmount", "expiresAt", "seats"], ApiResponse.Keys(reservation));
        Assert.True(Guid.TryParse(reservation.GetProperty("id").GetString(), out _));
        Assert.Matches(ReservationNumberPattern(), reservation.GetProperty("reservationNumber").GetString());
        Assert.Equal(150000, reservation.GetProperty("totalAmount").GetInt32());
        var expiresAt = reservation.GetProperty("expiresAt").GetString()!;
        Assert.Matches(ContractTimePattern(), expiresAt);
        var remaining = DateTime.Parse(expiresAt, null, System.Globalization.DateTimeStyles.RoundtripKind) - DateTime.UtcNow;
        Assert.InRange(remaining, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5.1));
        var seat = Assert.Single(reservation.GetProperty("seats").EnumerateArray());
        Assert.Equal(["id", "seat_label", "price", "status"], ApiResponse.Keys(seat));
        Assert.Equal(ev.Seats[1].ToString(), seat.GetProperty("id").GetString());
        Assert.Equal("VIP-1-2", seat.GetProperty("seat_label").GetString());
        Assert.Equal(150000, seat.GetProperty("price").GetInt32());
        Assert.Equal("available", seat.GetProperty("status").GetString());
        Assert.Equal("locked", await fixture.Catalog.SeatStatusAsync(ev.Seats[1]));
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
    }

    [Fact]
    public async Task A_seat_held_by_someone_else_is_refused_with_409_and_a_korean_message()
    {
        var (first, second) = await TwoUsersAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        Assert.Equal(HttpStatusCode.Created, (await fixture.ClientFor(first).HoldAsync(ev.Id, ev.Seats[0])).Status);

        var response = await fixture.ClientFor(second).HoldAsync(ev.Id, ev.Seats[0]);

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal(["error"], ApiResponse.Keys(response.Body));
        Assert.Equal("이미 예약된 좌석입니다. (VIP-1-1)", response.Error);
        Assert.DoesNotContain("lock", response.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_seat_sold_in_postgres_but_unknown_to_redis_is_still_refused()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        await using (var connection = await fixture.Catalog.Database.OpenConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE seats SET status = 'reserved' WHERE id = '{ev.Seats[0]}'";
            await command.ExecuteNonQueryAsync();
        }

        var response = await fixture.ClientFor(user).HoldAsync(ev.Id, ev.Seats[0]);

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal("이미 예약된 좌석입니다. (VIP-1-1)", response.Error);
    }

    [Fact]
    public async Task Repeated_requests_cannot_stack_holds_past_the_per_user_limit()
    {
        var user = await fixture.Catalog.UserAsync();
        var other = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 3);
        var client = fixture.ClientFor(user);
        Assert.Equal(HttpStatusCode.Created, (await client.HoldAsync(ev.Id, ev.Seats[0])).Status);

        var second = await client.HoldAsync(ev.Id, ev.Seats[1]);

        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal("최대 1석까지 선택 가능합니다.", second.Error);
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[1]));
        // The refused request's Redis hold was released: someone else can take that seat at once.
        Assert.Equal(HttpStatusCode.Created, (await fixture.ClientFor(other).HoldAsync(ev.Id, ev.Seats[1])).Status);
    }

    [Fact]
    public async Task More_seats_than_the_limit_in_one_request_is_400()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 2);

        var response = await fixture.ClientFor(user).HoldAsync(ev.Id, ev.Seats[0], ev.Seats[1]);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("최대 1석까지 선택 가능합니다.", response.Error);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"eventId\":\"EVENT\"}")]
    [InlineData("{\"eventId\":\"EVENT\",\"seatIds\":[]}")]
    [InlineData("{\"eventId\":\"EVENT\",\"seatIds\":\"abc\"}")]
    [InlineData("{\"eventId\":\"EVENT\",\"seatIds\":null}")]
    public async Task Missing_or_empty_seat_list_is_400_please_select(string template)
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);

        var response = await fixture.ClientFor(user).PostAsync("/api/seats/reserve", template.Replace("EVENT", ev.Id.ToString(), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Please select at least one seat", response.Error);
    }

    [Fact]
    public async Task Unknown_seat_wrong_event_and_malformed_seat_ids_are_400_seat_not_found()
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1);
        var otherEvent = await fixture.Catalog.EventAsync(seats: 1);
        var client = fixture.ClientFor(user);

        var unknown = await client.HoldAsync(ev.Id, Guid.NewGuid());
        var wrongEvent = await client.HoldAsync(ev.Id, otherEvent.Seats[0]);
        var malformed = await client.PostAsync("/api/seats/reserve", $"{{\"eventId\":\"{ev.Id}\",\"seatIds\":[\"not-a-uuid\"]}}");

        foreach (var response in new[] { unknown, wrongEvent, malformed })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal("좌석을 찾을 수 없습니다.", response.Error);
        }

        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(otherEvent.Seats[0]));
        // Nothing was left behind: the user can still hold a real seat (limit 1).
        Assert.Equal(HttpStatusCode.Created, (await client.HoldAsync(ev.Id, ev.Seats[0])).Status);
    }

    [Fact]
    public async Task Duplicate_seat_ids_are_400_seat_not_found()
    {
        await using var limit2 = new TicketingFixtureWithSettings(new() { ["Tiketi:Holds:MaxSeatsPerUserPerEvent"] = "2" });
        await limit2.InitializeAsync();
        var user = await limit2.Catalog.UserAsync();
        var ev = await limit2.Catalog.EventAsync(seats: 1);

        var response = await limit2.ClientFor(user).HoldAsync(ev.Id, ev.Seats[0], ev.Seats[0]);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("좌석을 찾을 수 없습니다.", response.Error);
        Assert.Equal("available", await limit2.Catalog.SeatStatusAsync(ev.Seats[0]));
    }

    [Theory]
    [InlineData("upcoming")]
    [InlineData("ended")]
    [InlineData("cancelled")]
    public async Task Events_not_on_sale_refuse_holds_with_400(string status)
    {
        var user = await fixture.Catalog.UserAsync();
        var ev = await fixture.Catalog.EventAsync(seats: 1, status: status);

        var response = await fixture.ClientFor(user).HoldAsync(ev.Id, ev.Seats[0]);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("현재 예매 가능한 기간이 아닙니다.", response.Error);
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
    }

    [Fact]
    public async Task Unknown_or_malformed_event_ids_are_refused()
    {
        var user = await fixture.Catalog.UserAsync();
        var client = fixture.ClientFor(user);

        var unknown = await client.HoldAsync(Guid.NewGuid(), Guid.NewGuid());
        var malformed = await client.PostAsync("/api/seats/reserve", $"{{\"eventId\":42,\"seatIds\":[\"{Guid.NewGuid()}\"]}}");

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("이벤트를 찾을 수 없습니다.", unknown.Error);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal("이벤트를 찾을 수 없습니다.", malformed.Error);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public async Task Malformed_bodies_are_400_with_a_string_error(string body)
    {
        var user = await fixture.Catalog.UserAsync();

        var response = await fixture.ClientFor(user).PostAsync("/api/seats/reserve", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.False(string.IsNullOrEmpty(response.Error));
    }

    [Fact]
    public async Task Oversized_bodies_are_413()
    {
        var user = await fixture.Catalog.UserAsync();
        var huge = "{\"eventId\":\"" + new string('a', 200_000) + "\"}";

        var response = await fixture.ClientFor(user).PostAsync("/api/seats/reserve", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.False(string.IsNullOrEmpty(response.Error));
    }

    [Fact]
    public async Task Holding_requires_a_token()
    {
        var ev = await fixture.Catalog.EventAsync(seats: 1);

        var response = await new TicketingClient(fixture.Server.Client, null).HoldAsync(ev.Id, ev.Seats[0]);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("인증이 필요합니다.", response.Error);
        Assert.Equal("available", await fixture.Catalog.SeatStatusAsync(ev.Seats[0]));
    }

    [Fact]
    public async Task Redis_release_only_deletes_holds_of_the_same_owner()
    {
        var script = fixture.Server.GetRequiredService<SeatHoldScript>();
        var eventId = Guid.NewGuid();
        Guid[] seats = [Guid.NewGuid(), Guid.NewGuid()];
        var owner = Guid.NewGuid();
        Assert.Empty(await script.HoldAsync(eventId, seats, owner, TimeSpan.FromMinutes(1)));

        Assert.Equal(0, await script.ReleaseAsync(eventId, seats, Guid.NewGuid()));
        Assert.Equal(seats.OrderBy(s => s), (await script.HoldAsync(eventId, seats, Guid.NewGuid(), TimeSpan.FromMinutes(1))).OrderBy(s => s));
        Assert.Equal(2, await script.ReleaseAsync(eventId, seats, owner));
        Assert.Empty(await script.HoldAsync(eventId, seats, Guid.NewGuid(), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Redis_hold_is_all_or_nothing()
    {
        var script = fixture.Server.GetRequiredService<SeatHoldScript>();
        var eventId = Guid.NewGuid();
        Guid taken = Guid.NewGuid(), free = Guid.NewGuid();
        Assert.Empty(await script.HoldAsync(eventId, [taken], Guid.NewGuid(), TimeSpan.FromMinutes(1)));

        var conflicts = await script.HoldAsync(eventId, [free, taken], Guid.NewGuid(), TimeSpan.FromMinutes(1));

        Assert.Equal([taken], conflicts);
        Assert.Empty(await script.HoldAsync(eventId, [free], Guid.NewGuid(), TimeSpan.FromMinutes(1)));
    }

    private async Task<(TestUser, TestUser)> TwoUsersAsync()
    {
        var users = await fixture.Catalog.UsersAsync(2);
        return (users[0], users[1]);
    }

    [GeneratedRegex("^TK[0-9]{13}[0-9A-Z]{5}$")]
    private static partial Regex ReservationNumberPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex ContractTimePattern();
}
