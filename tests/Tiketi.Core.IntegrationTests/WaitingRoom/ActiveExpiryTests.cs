namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>Active users expire one by one when they stop showing activity (FLOWS.md defect 17).</summary>
public sealed class ActiveExpiryTests(ExpiryFixture fixture) : IClassFixture<ExpiryFixture>
{
    [Fact]
    public async Task An_inactive_active_user_expires_and_frees_the_slot_for_the_next_in_line()
    {
        var ev = await fixture.EventAsync(capacity: 1, rate: 50);
        var users = await fixture.UsersAsync(2);
        var first = await fixture.ClientFor(users[0]).CheckAsync(ev.Id);
        var second = await fixture.ClientFor(users[1]).CheckAsync(ev.Id);

        // The first user goes quiet and never leaves.
        var notifier = fixture.Server.Notifier;
        await notifier.WaitUntilAsync(() => notifier.AdmittedFor(ev.Id).Contains(users[1].Id), what: "the second user's admission");

        Assert.False(first.Body.GetProperty("queued").GetBoolean());
        Assert.True(second.Body.GetProperty("queued").GetBoolean());
        Assert.Equal([users[1].Id], notifier.AdmittedFor(ev.Id)); // capacity 1 and nobody left: only expiry freed the slot
    }
}
