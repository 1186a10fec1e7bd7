using Tiketi.Core.WaitingRoom;
using Room = Tiketi.Core.WaitingRoom.WaitingRoom;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>The admission lease and its fencing token, driven directly (no admission loop runs in this fixture).</summary>
public sealed class AdmissionLeaseTests(WaitingRoomFixture fixture) : IClassFixture<WaitingRoomFixture>
{
    private Room Room => (Room)fixture.Server.Services.GetService(typeof(Room))!;

    [Fact]
    public async Task A_former_lease_holder_cannot_admit_after_its_lease_expired_and_another_took_over()
    {
        var ev = await fixture.EventAsync(capacity: 1000, paused: true);
        foreach (var user in await fixture.UsersAsync(3))
        {
            await fixture.ClientFor(user).CheckAsync(ev.Id);
        }

        var stale = await Room.TryAcquireLeaseAsync(ev.Id, "instance-a", TimeSpan.FromMilliseconds(200));
        Assert.NotNull(stale);
        Assert.Null(await Room.TryAcquireLeaseAsync(ev.Id, "instance-b", TimeSpan.FromSeconds(30)));
        var current = await AcquireEventuallyAsync(ev.Id, "instance-b");
        await fixture.ClientFor(await fixture.AdminAsync()).PutAsync($"/api/admin/events/{ev.Id}/queue", """{"paused":false}""");

        var staleStep = await Room.AdmitAsync(stale, 10, null, CancellationToken.None);
        var currentStep = await Room.AdmitAsync(current, 10, null, CancellationToken.None);

        Assert.True(current.Token > stale.Token);
        Assert.True(staleStep.LeaseLost);
        Assert.Empty(staleStep.Admitted);
        Assert.False(currentStep.LeaseLost);
        Assert.Equal(3, currentStep.Admitted.Count);
        Assert.False(await Room.ReleaseLeaseAsync(stale));
        Assert.True(await Room.ReleaseLeaseAsync(current));
    }

    [Fact]
    public async Task A_released_lease_is_free_at_once_and_the_next_grant_has_a_higher_token()
    {
        var ev = await fixture.EventAsync();

        var first = await Room.TryAcquireLeaseAsync(ev.Id, "instance-a", TimeSpan.FromMinutes(1));
        Assert.True(await Room.ReleaseLeaseAsync(first!));
        var second = await Room.TryAcquireLeaseAsync(ev.Id, "instance-b", TimeSpan.FromMinutes(1));

        Assert.NotNull(second);
        Assert.True(second.Token > first!.Token);
    }

    [Fact]
    public async Task A_step_admits_at_most_its_budget_and_never_beyond_capacity_or_while_paused()
    {
        var ev = await fixture.EventAsync(capacity: 3, paused: true);
        foreach (var user in await fixture.UsersAsync(5))
        {
            await fixture.ClientFor(user).CheckAsync(ev.Id);
        }

        var lease = (await Room.TryAcquireLeaseAsync(ev.Id, "instance-a", TimeSpan.FromMinutes(1)))!;
        var paused = await Room.AdmitAsync(lease, 10, null, CancellationToken.None);
        await fixture.ClientFor(await fixture.AdminAsync()).PutAsync($"/api/admin/events/{ev.Id}/queue", """{"paused":false}""");
        var budgeted = await Room.AdmitAsync(lease, 2, null, CancellationToken.None);
        var capped = await Room.AdmitAsync(lease, 10, null, CancellationToken.None);
        var full = await Room.AdmitAsync(lease, 10, null, CancellationToken.None);

        Assert.Empty(paused.Admitted);
        Assert.Equal(5, paused.Waiting);
        Assert.Equal(2, budgeted.Admitted.Count);
        Assert.Single(capped.Admitted);
        Assert.Empty(full.Admitted);
        Assert.Equal(2, full.Waiting);
        Assert.Equal(3, full.Active);
        await Room.ReleaseLeaseAsync(lease);
    }

    private async Task<AdmissionLease> AcquireEventuallyAsync(Guid eventId, string owner)
    {
        AdmissionLease? lease = null;
        await Eventually.UntilAsync(
            async () => (lease = await Room.TryAcquireLeaseAsync(eventId, owner, TimeSpan.FromSeconds(30))) is not null,
            "the expired lease to be released");
        return lease!;
    }
}
