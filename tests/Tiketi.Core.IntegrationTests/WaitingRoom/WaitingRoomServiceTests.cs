using Tiketi.Core.Redis;
using Tiketi.Core.WaitingRoom;
using Room = Tiketi.Core.WaitingRoom.WaitingRoom;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>The waiting room's Core API used by the realtime layer, and its settings mirror, on real Redis/PostgreSQL.</summary>
public sealed class WaitingRoomServiceTests(WaitingRoomFixture fixture) : IClassFixture<WaitingRoomFixture>
{
    private Room Room => (Room)fixture.Server.Services.GetService(typeof(Room))!;

    [Fact]
    public async Task Touch_refreshes_active_users_only_and_never_admits_anyone()
    {
        var ev = await fixture.EventAsync(capacity: 1);
        var users = await fixture.UsersAsync(3);
        await fixture.ClientFor(users[0]).CheckAsync(ev.Id);
        await fixture.ClientFor(users[1]).CheckAsync(ev.Id);

        Assert.True(await Room.TouchAsync(ev.Id, users[0].Id));
        Assert.False(await Room.TouchAsync(ev.Id, users[1].Id)); // waiting
        Assert.False(await Room.TouchAsync(ev.Id, users[2].Id)); // never arrived
        var gate = (IAdmissionGate)fixture.Server.Services.GetService(typeof(IAdmissionGate))!;
        Assert.True(await gate.IsAdmittedAsync(ev.Id, users[0].Id));
        Assert.False(await gate.IsAdmittedAsync(ev.Id, users[1].Id));
        Assert.False(await gate.IsAdmittedAsync(ev.Id, users[2].Id));
        var figures = (await Room.GetFiguresAsync(ev.Id, CancellationToken.None)).Value!;
        Assert.Equal((1L, 1L), (figures.Waiting, figures.Active));
    }

    [Fact]
    public async Task Positions_for_many_users_come_back_in_one_call()
    {
        var ev = await fixture.EventAsync(paused: true);
        var users = await fixture.UsersAsync(4);
        foreach (var user in users.Take(3))
        {
            await fixture.ClientFor(user).CheckAsync(ev.Id);
        }

        var positions = await Room.GetPositionsAsync(ev.Id, [users[2].Id, users[3].Id, users[0].Id]);
        var snapshot = await ((WaitingPositions)fixture.Server.Services.GetService(typeof(WaitingPositions))!).GetAsync(ev.Id, [users[1].Id, users[3].Id]);

        Assert.Equal([3L, 0L, 1L], positions);
        Assert.Equal(3, snapshot.QueueSize); // read with the positions, for the push's payload
        Assert.Equal([2L, 0L], snapshot.Positions);
    }

    [Fact]
    public async Task A_lost_settings_mirror_is_reloaded_from_postgresql()
    {
        var ev = await fixture.EventAsync(capacity: 1);
        var users = await fixture.UsersAsync(2);
        await fixture.ClientFor(users[0]).CheckAsync(ev.Id);
        var redis = (RedisStore)fixture.Server.Services.GetService(typeof(RedisStore))!;

        Assert.True(await redis.Database.KeyDeleteAsync($"wr:{{{ev.Id}}}:settings"));
        var second = await fixture.ClientFor(users[1]).CheckAsync(ev.Id);

        Assert.True(second.Body.GetProperty("queued").GetBoolean());
        Assert.Equal(1, second.Body.GetProperty("threshold").GetInt32());
    }

    [Fact]
    public async Task A_settings_change_on_one_instance_applies_on_another_at_once()
    {
        var ev = await fixture.EventAsync();
        await using var other = await fixture.StartInstanceAsync();
        var users = await fixture.UsersAsync(2);
        await fixture.ClientFor(users[0], other).CheckAsync(ev.Id); // the other instance has seen the defaults

        await fixture.ClientFor(await fixture.AdminAsync()).PutAsync($"/api/admin/events/{ev.Id}/queue", """{"capacity":1}""");
        var check = await fixture.ClientFor(users[1], other).CheckAsync(ev.Id);

        Assert.True(check.Body.GetProperty("queued").GetBoolean());
        Assert.Equal(1, check.Body.GetProperty("threshold").GetInt32());
    }

    [Fact]
    public void Options_refuse_a_lease_shorter_than_three_ticks()
    {
        Assert.True(WaitingRoomOptions.IsValid(new WaitingRoomOptions()));
        Assert.False(WaitingRoomOptions.IsValid(new WaitingRoomOptions { TickInterval = TimeSpan.FromSeconds(1), LeaseTtl = TimeSpan.FromSeconds(2) }));
        Assert.False(WaitingRoomOptions.IsValid(new WaitingRoomOptions { ActiveTtl = TimeSpan.Zero }));
    }
}
