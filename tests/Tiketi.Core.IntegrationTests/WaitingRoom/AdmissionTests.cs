using System.Net;
using Tiketi.Core.IntegrationTests.Holds;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>The admission loop on one instance: order, rate, capacity, notifications, pause/resume.</summary>
public sealed class AdmissionTests(AdmissionFixture fixture) : IClassFixture<AdmissionFixture>
{
    [Fact]
    public async Task Admits_from_the_front_at_the_configured_rate_up_to_capacity_and_notifies_only_the_admitted()
    {
        var ev = await fixture.EventAsync(capacity: 5, rate: 2, paused: true);
        var users = await QueueInOrderAsync(ev, 8);
        var admin = fixture.ClientFor(await fixture.AdminAsync());

        await admin.PutAsync($"/api/admin/events/{ev.Id}/queue", """{"paused":false}""");
        var notifier = fixture.Server.Notifier;
        await notifier.WaitUntilAsync(() => notifier.AdmittedFor(ev.Id).Count >= 5, what: "five admissions");

        Assert.Equal(users.Take(5).Select(u => u.Id), notifier.AdmittedFor(ev.Id));
        Assert.All(notifier.AdmissionsFor(ev.Id), batch => Assert.InRange(batch.Length, 1, 2)); // never more than a second's worth at 2/s
        var figures = await admin.GetAsync($"/api/admin/events/{ev.Id}/queue");
        Assert.Equal(5, figures.Body.GetProperty("active").GetInt64());
        Assert.Equal(3, figures.Body.GetProperty("waiting").GetInt64());
        for (var i = 0; i < 8; i++)
        {
            var status = await fixture.ClientFor(users[i]).StatusAsync(ev.Id);
            Assert.Equal(i < 5 ? 0 : i - 4, status.Body.GetProperty("position").GetInt64());
            Assert.Equal(i >= 5, status.Body.GetProperty("queued").GetBoolean());
        }

        // A slot frees up: exactly the next user in line gets it.
        await fixture.ClientFor(users[0]).PostAsync($"/api/queue/leave/{ev.Id}", "{}");
        await notifier.WaitUntilAsync(() => notifier.AdmittedFor(ev.Id).Count >= 6, what: "the sixth admission");
        Assert.Equal(users[5].Id, notifier.AdmittedFor(ev.Id)[5]);
        Assert.Equal(6, notifier.AdmittedFor(ev.Id).Distinct().Count());
        var after = await admin.GetAsync($"/api/queue/admin/{ev.Id}");
        Assert.Equal(5, after.Body.GetProperty("currentUsers").GetInt64());
        Assert.Equal(2, after.Body.GetProperty("queueSize").GetInt64());
    }

    [Fact]
    public async Task After_admission_the_user_may_buy_and_the_waiting_room_gets_queue_updates()
    {
        var ev = await fixture.EventAsync(capacity: 1, rate: 50, seats: 2);
        var users = await fixture.UsersAsync(2);
        await fixture.ClientFor(users[0]).CheckAsync(ev.Id);
        await fixture.ClientFor(users[1]).CheckAsync(ev.Id);
        var refused = await fixture.ClientFor(users[1]).HoldAsync(ev.Id, ev.Seats[1]);

        await fixture.ClientFor(users[0]).PostAsync($"/api/api/queue/leave/{ev.Id}", "{}");
        var notifier = fixture.Server.Notifier;
        await notifier.WaitUntilAsync(() => notifier.AdmittedFor(ev.Id).Contains(users[1].Id), what: "the second user's admission");
        await notifier.WaitUntilAsync(() => notifier.UpdatesFor(ev.Id).Any(u => u.QueueSize == 0), what: "a queue-updated with the empty queue");
        var held = await fixture.ClientFor(users[1]).HoldAsync(ev.Id, ev.Seats[1]);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(HttpStatusCode.Created, held.Status);
        Assert.DoesNotContain(users[0].Id, notifier.AdmittedFor(ev.Id)); // entered directly, never through the loop
        var update = notifier.UpdatesFor(ev.Id)[^1];
        Assert.Equal(1, update.CurrentUsers);
        Assert.True(update.AdmissionsPerSecond > 0);
    }

    [Fact]
    public async Task Pause_keeps_every_position_and_resume_continues_where_it_stopped()
    {
        var ev = await fixture.EventAsync(capacity: 100, rate: 100, paused: true);
        var users = await QueueInOrderAsync(ev, 5);
        var notifier = fixture.Server.Notifier;

        // The loop holds the event's lease and has run admission steps on it for over a second (it publishes a
        // measured rate only then), yet admitted nobody while paused.
        var redis = (Tiketi.Core.Redis.RedisStore)fixture.Server.Services.GetService(typeof(Tiketi.Core.Redis.RedisStore))!;
        await Eventually.UntilAsync(() => fixture.Server.Admission.LeasedEvents.Contains(ev.Id), "the loop to take the event");
        await Eventually.UntilAsync(() => redis.Database.HashExistsAsync($"wr:{{{ev.Id}}}:stats", "m"), "the loop to measure the paused queue");

        Assert.Empty(notifier.AdmittedFor(ev.Id));
        for (var i = 0; i < users.Length; i++)
        {
            var status = await fixture.ClientFor(users[i]).StatusAsync(ev.Id);
            Assert.Equal(i + 1, status.Body.GetProperty("position").GetInt64());
        }

        var admin = fixture.ClientFor(await fixture.AdminAsync());
        await admin.PutAsync($"/api/admin/events/{ev.Id}/queue", """{"paused":false}""");
        await notifier.WaitUntilAsync(() => notifier.AdmittedFor(ev.Id).Count == 5, what: "everyone admitted after resume");
        Assert.Equal(users.Select(u => u.Id), notifier.AdmittedFor(ev.Id));
    }

    [Fact]
    public async Task Clear_while_the_loop_runs_drops_everyone_and_notifies_the_room()
    {
        var ev = await fixture.EventAsync(capacity: 1, rate: 1, paused: true);
        var users = await QueueInOrderAsync(ev, 3);
        var admin = fixture.ClientFor(await fixture.AdminAsync());

        var cleared = await admin.PostAsync($"/api/queue/admin/clear/{ev.Id}", "{}");

        Assert.Equal(HttpStatusCode.OK, cleared.Status);
        Assert.Equal(1, fixture.Server.Notifier.ClearedCount(ev.Id));
        foreach (var user in users)
        {
            var status = await fixture.ClientFor(user).StatusAsync(ev.Id);
            Assert.False(status.Body.GetProperty("queued").GetBoolean());
        }
    }

    private async Task<TestUser[]> QueueInOrderAsync(TestEvent ev, int count)
    {
        var users = await fixture.UsersAsync(count);
        for (var i = 0; i < users.Length; i++)
        {
            var check = await fixture.ClientFor(users[i]).CheckAsync(ev.Id);
            Assert.Equal(i + 1, check.Body.GetProperty("position").GetInt64());
        }

        return users;
    }
}
