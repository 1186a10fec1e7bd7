using Tiketi.Core.IntegrationTests.Holds;
using Tiketi.Core.WaitingRoom;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>Several instances on one PostgreSQL and Redis: one admission loop per event, fencing, takeover.</summary>
public sealed class AdmissionClusterTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Two_instances_run_one_admission_loop_and_admit_nobody_twice()
    {
        await using var a = await fixture.StartAdmissionInstanceAsync();
        await using var b = await fixture.StartAdmissionInstanceAsync();
        var ev = await fixture.EventAsync(capacity: 1000, rate: 40, paused: true);
        var users = await QueueAsync(ev, 60, a, b);

        await ResumeAsync(ev);
        await a.Notifier.WaitUntilAsync(() => a.Notifier.AdmittedFor(ev.Id).Count + b.Notifier.AdmittedFor(ev.Id).Count >= 60, what: "sixty admissions");

        var fromA = a.Notifier.AdmittedFor(ev.Id);
        var fromB = b.Notifier.AdmittedFor(ev.Id);
        Assert.Equal(60, fromA.Count + fromB.Count);
        Assert.Equal(users.Select(u => u.Id).Order(), fromA.Concat(fromB).Order()); // everyone once, nobody twice
        Assert.True(fromA.Count == 0 || fromB.Count == 0, "both instances admitted for the same event");
        Assert.Equal(users.Select(u => u.Id), fromA.Count > 0 ? fromA : fromB); // in queue order
    }

    [Fact]
    public async Task When_the_lease_holder_goes_away_the_other_instance_takes_over()
    {
        await using var a = await fixture.StartAdmissionInstanceAsync();
        await using var b = await fixture.StartAdmissionInstanceAsync();
        var ev = await fixture.EventAsync(capacity: 1000, rate: 5, paused: true);
        var users = await QueueAsync(ev, 20, a, b);
        var instances = new[] { a, b };

        await ResumeAsync(ev);
        await a.Notifier.WaitUntilAsync(() => instances.Any(i => i.Notifier.AdmittedFor(ev.Id).Count > 0), what: "the first admissions");
        var holder = instances.Single(i => i.Notifier.AdmittedFor(ev.Id).Count > 0);
        var survivor = instances.Single(i => i != holder);
        await holder.DisposeAsync();
        var beforeTakeover = holder.Notifier.AdmittedFor(ev.Id);

        await survivor.Notifier.WaitUntilAsync(
            () => beforeTakeover.Count + survivor.Notifier.AdmittedFor(ev.Id).Count >= 20, TimeSpan.FromSeconds(60), "the survivor to admit the rest");

        Assert.True(beforeTakeover.Count < 20, "the holder admitted everyone before it was stopped");
        Assert.NotEmpty(survivor.Notifier.AdmittedFor(ev.Id));
        Assert.Equal(users.Select(u => u.Id), beforeTakeover.Concat(survivor.Notifier.AdmittedFor(ev.Id))); // queue order, nobody twice
    }

    private async Task ResumeAsync(TestEvent ev) =>
        await fixture.ClientFor(await fixture.AdminAsync()).PutAsync($"/api/admin/events/{ev.Id}/queue", """{"paused":false}""");

    // Arrivals alternate between instances: there is one line, whichever instance a request hits.
    private async Task<TestUser[]> QueueAsync(TestEvent ev, int count, WaitingRoomServer first, WaitingRoomServer second)
    {
        var users = await fixture.UsersAsync(count);
        for (var i = 0; i < users.Length; i++)
        {
            var check = await fixture.ClientFor(users[i], i % 2 == 0 ? first : second).CheckAsync(ev.Id);
            Assert.Equal(i + 1, check.Body.GetProperty("position").GetInt64());
        }

        return users;
    }
}
