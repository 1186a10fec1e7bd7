using System.Net;
using Tiketi.Core.Reservations;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>The queue cannot be skipped by calling the buying endpoints directly (FLOWS.md defect 32).</summary>
public sealed class AdmissionGateTests(WaitingRoomFixture fixture) : IClassFixture<WaitingRoomFixture>
{
    [Fact]
    public async Task A_waiting_user_cannot_hold_seats_or_buy_tickets()
    {
        var ev = await fixture.EventAsync(capacity: 1, seats: 4);
        var users = await fixture.UsersAsync(2);
        await fixture.ClientFor(users[0]).CheckAsync(ev.Id);
        var queued = await fixture.ClientFor(users[1]).CheckAsync(ev.Id);

        var hold = await fixture.ClientFor(users[1]).HoldAsync(ev.Id, ev.Seats[0]);
        var purchase = await fixture.ClientFor(users[1]).PurchaseAsync(ev.Id, ev.TicketTypes[0], 1);

        Assert.True(queued.Body.GetProperty("queued").GetBoolean());
        Assert.Equal((HttpStatusCode.Forbidden, TicketingMessages.NotAdmitted), (hold.Status, hold.Error));
        Assert.Equal((HttpStatusCode.Forbidden, TicketingMessages.NotAdmitted), (purchase.Status, purchase.Error));
        var seats = await fixture.ClientFor(users[0]).GetAsync($"/api/seats/events/{ev.Id}");
        Assert.NotEqual(HttpStatusCode.InternalServerError, seats.Status);
        var status = await fixture.ClientFor(users[1]).StatusAsync(ev.Id);
        Assert.Equal(1, status.Body.GetProperty("position").GetInt64()); // refused, but the place is kept
    }

    [Fact]
    public async Task An_active_user_can_hold_and_buy()
    {
        var ev = await fixture.EventAsync(capacity: 1, seats: 4);
        var user = (await fixture.UsersAsync(1))[0];
        await fixture.ClientFor(user).CheckAsync(ev.Id);

        var hold = await fixture.ClientFor(user).HoldAsync(ev.Id, ev.Seats[0]);
        var purchase = await fixture.ClientFor(user).PurchaseAsync(ev.Id, ev.TicketTypes[0], 1);

        Assert.Equal(HttpStatusCode.Created, hold.Status);
        Assert.Equal(HttpStatusCode.Created, purchase.Status);
    }

    [Fact]
    public async Task A_user_who_skipped_the_check_gets_in_only_while_the_queue_is_not_engaged()
    {
        var ev = await fixture.EventAsync(capacity: 1, seats: 4);
        var users = await fixture.UsersAsync(2);

        var first = await fixture.ClientFor(users[0]).HoldAsync(ev.Id, ev.Seats[0]);
        var second = await fixture.ClientFor(users[1]).HoldAsync(ev.Id, ev.Seats[1]);

        Assert.Equal(HttpStatusCode.Created, first.Status); // free capacity, nobody waiting: admitted on the spot
        Assert.Equal(HttpStatusCode.Forbidden, second.Status); // capacity taken by the first
        var info = await fixture.ClientFor(await fixture.AdminAsync()).GetAsync($"/api/queue/admin/{ev.Id}");
        Assert.Equal(1, info.Body.GetProperty("currentUsers").GetInt64());
        Assert.Equal(0, info.Body.GetProperty("queueSize").GetInt64()); // the gate never enrolls anyone
    }

    [Fact]
    public async Task Paused_queues_refuse_newcomers_but_disabled_queues_gate_nobody()
    {
        var paused = await fixture.EventAsync(paused: true, seats: 2);
        var disabled = await fixture.EventAsync(capacity: 1, enabled: false, seats: 2);
        var users = await fixture.UsersAsync(2);

        var onPaused = await fixture.ClientFor(users[0]).HoldAsync(paused.Id, paused.Seats[0]);
        var firstOnDisabled = await fixture.ClientFor(users[0]).HoldAsync(disabled.Id, disabled.Seats[0]);
        var secondOnDisabled = await fixture.ClientFor(users[1]).HoldAsync(disabled.Id, disabled.Seats[1]);

        Assert.Equal(HttpStatusCode.Forbidden, onPaused.Status);
        Assert.Equal(HttpStatusCode.Created, firstOnDisabled.Status);
        Assert.Equal(HttpStatusCode.Created, secondOnDisabled.Status);
    }

    [Fact]
    public async Task Bad_bodies_and_unknown_events_still_get_the_handlers_own_answers()
    {
        var user = (await fixture.UsersAsync(1))[0];
        var client = fixture.ClientFor(user);

        var unknown = await client.HoldAsync(Guid.NewGuid(), Guid.NewGuid());
        var malformed = await client.PostAsync("/api/seats/reserve", "{oops");
        var noEvent = await client.PostAsync("/api/reservations", """{"items":[]}""");

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal(HttpStatusCode.BadRequest, noEvent.Status);
    }
}
