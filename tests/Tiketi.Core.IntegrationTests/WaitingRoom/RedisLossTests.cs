using System.Net;
using Tiketi.Core.IntegrationTests.Holds;
using Tiketi.Core.Reservations;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>
/// Redis loses the waiting room in the middle of an on-sale (FLUSHDB: waiting list, active set, settings mirror, lease
/// and sequence all gone). Positions cannot survive that, but every caller must get a contract answer (never a 500),
/// admitted users must be able to buy or be told clearly why not, and the queue and its admission loop must work again.
/// </summary>
public sealed class RedisLossTests(AdmissionFixture fixture) : IClassFixture<AdmissionFixture>
{
    [Fact]
    public async Task Admitted_users_keep_buying_after_the_loss_and_the_admission_loop_resumes()
    {
        var ev = await fixture.EventAsync(capacity: 3, rate: 50, seats: 6);
        var users = await fixture.UsersAsync(5);
        var before = await CheckAllAsync(ev.Id, users);
        Assert.Equal([false, false, false, true, true], before.Select(r => r.Body.GetProperty("queued").GetBoolean()));

        await fixture.Infrastructure.Redis.FlushAsync(fixture.RedisDatabase);

        // The admitted users come back first: the room is empty now, so they enter again on the spot.
        for (var i = 0; i < 3; i++)
        {
            var hold = await fixture.ClientFor(users[i]).HoldAsync(ev.Id, ev.Seats[i]);
            Assert.Equal(HttpStatusCode.Created, hold.Status);
        }

        // The waiting users lost their places; a new check puts them in line again, in arrival order.
        var lostPlace = await fixture.ClientFor(users[3]).StatusAsync(ev.Id);
        Assert.Equal(HttpStatusCode.OK, lostPlace.Status);
        Assert.Equal(0, lostPlace.Body.GetProperty("position").GetInt64());
        var again = await CheckAllAsync(ev.Id, users[3..]);
        Assert.Equal([1L, 2L], again.Select(r => r.Body.GetProperty("position").GetInt64()));

        // A buyer leaves: the admission loop (its lease and work list were flushed too) admits the next in line.
        await fixture.ClientFor(users[0]).PostAsync($"/api/api/queue/leave/{ev.Id}", "{}");
        var notifier = fixture.Server.Notifier;
        await notifier.WaitUntilAsync(() => notifier.AdmittedFor(ev.Id).Contains(users[3].Id), what: "the first re-queued user's admission");
        var held = await fixture.ClientFor(users[3]).HoldAsync(ev.Id, ev.Seats[3]);
        Assert.Equal(HttpStatusCode.Created, held.Status);
        Assert.DoesNotContain(users[4].Id, notifier.AdmittedFor(ev.Id)); // capacity 3: still one waiting
    }

    [Fact]
    public async Task When_waiting_users_take_the_free_slots_first_admitted_users_get_a_clear_403_and_can_queue_again()
    {
        var ev = await fixture.EventAsync(capacity: 2, rate: 50, seats: 6);
        var users = await fixture.UsersAsync(4);
        await CheckAllAsync(ev.Id, users);

        await fixture.Infrastructure.Redis.FlushAsync(fixture.RedisDatabase);

        // Formerly waiting users call first and find an empty room (their status says they are not queued).
        var answers = new List<ApiResponse>();
        for (var i = 2; i < 4; i++)
        {
            answers.Add(await fixture.ClientFor(users[i]).StatusAsync(ev.Id));
            answers.Add(await fixture.ClientFor(users[i]).HoldAsync(ev.Id, ev.Seats[i]));
        }
        var refused = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            var hold = await fixture.ClientFor(users[i]).HoldAsync(ev.Id, ev.Seats[4 + i]);
            answers.Add(hold);
            if (hold.Status == HttpStatusCode.Forbidden)
            {
                Assert.Equal(TicketingMessages.NotAdmitted, hold.Error);
                refused.Add(i);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Created, hold.Status);
            }
        }
        var admin = fixture.ClientFor(await fixture.AdminAsync());
        answers.Add(await admin.GetAsync($"/api/admin/events/{ev.Id}/queue"));
        answers.Add(await admin.GetAsync($"/api/queue/admin/{ev.Id}"));

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Forbidden, $"answered {a.Status}"));
        Assert.Equal([0, 1], refused); // capacity 2 went to the two who came first

        // A refused user checks again, waits in line and is admitted once a slot frees up.
        var requeued = await fixture.ClientFor(users[refused[0]]).CheckAsync(ev.Id);
        Assert.True(requeued.Body.GetProperty("queued").GetBoolean());
        await fixture.ClientFor(users[2]).PostAsync($"/api/api/queue/leave/{ev.Id}", "{}");
        var notifier = fixture.Server.Notifier;
        await notifier.WaitUntilAsync(() => notifier.AdmittedFor(ev.Id).Contains(users[refused[0]].Id), what: "the refused user's admission");
        var held = await fixture.ClientFor(users[refused[0]]).HoldAsync(ev.Id, ev.Seats[4 + refused[0]]);
        Assert.Equal(HttpStatusCode.Created, held.Status);
    }

    // Checks in one after the other (arrival order is the queue order).
    private async Task<List<ApiResponse>> CheckAllAsync(Guid eventId, IEnumerable<TestUser> users)
    {
        var answers = new List<ApiResponse>();
        foreach (var user in users)
        {
            var answer = await fixture.ClientFor(user).CheckAsync(eventId);
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            answers.Add(answer);
        }
        return answers;
    }
}
