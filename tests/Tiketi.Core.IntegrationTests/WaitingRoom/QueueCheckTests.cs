using System.Net;
using Tiketi.Core.IntegrationTests.Admin;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>
/// Check / status / leave (REST 3.18–3.20 and the §4 aliases) through HTTP, with no admission loop running, so the
/// queue only changes by what each test does.
/// </summary>
public sealed class QueueCheckTests(WaitingRoomFixture fixture) : IClassFixture<WaitingRoomFixture>
{
    [Fact]
    public async Task Thousand_concurrent_checks_get_positions_1_to_N_in_arrival_sequence()
    {
        var ev = await fixture.EventAsync(capacity: 10, rate: 50, paused: true);
        var users = await fixture.UsersAsync(1000);

        var checks = await Task.WhenAll(users.Select(u => fixture.ClientFor(u).PostAsync($"/api/queue/check/{ev.Id}", "{}")));

        Assert.All(checks, c => Assert.Equal(HttpStatusCode.OK, c.Status));
        Assert.All(checks, c => Assert.True(c.Body.GetProperty("queued").GetBoolean()));
        var positions = checks.Select(c => c.Body.GetProperty("position").GetInt64()).ToArray();
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), positions.Order());

        // The position handed out on arrival is the user's rank by sequence number, also when read back later.
        var statuses = await Task.WhenAll(users.Select(u => fixture.ClientFor(u).GetAsync($"/api/queue/status/{ev.Id}")));
        for (var i = 0; i < users.Length; i++)
        {
            Assert.Equal(positions[i], statuses[i].Body.GetProperty("position").GetInt64());
            Assert.Equal(1000, statuses[i].Body.GetProperty("queueSize").GetInt64());
        }

        var last = checks[Array.IndexOf(positions, 1000L)];
        Assert.Equal(20, last.Body.GetProperty("estimatedWait").GetInt64()); // 1000 / 50 per second, nothing measured yet
    }

    [Fact]
    public async Task Check_answers_the_contract_shapes_for_admitted_and_queued_users()
    {
        var ev = await fixture.EventAsync(capacity: 1, rate: 50);
        var (first, second) = await TwoUsersAsync();

        var admitted = await fixture.ClientFor(first).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        var queued = await fixture.ClientFor(second).PostEmptyAsync($"/api/queue/check/{ev.Id}");

        Assert.Equal(HttpStatusCode.OK, admitted.Status);
        Assert.Equal(["queued", "currentUsers", "threshold"], ApiResponse.Keys(admitted.Body));
        Assert.False(admitted.Body.GetProperty("queued").GetBoolean());
        Assert.Equal(1, admitted.Body.GetProperty("currentUsers").GetInt64());
        Assert.Equal(1, admitted.Body.GetProperty("threshold").GetInt32());
        Assert.Equal(HttpStatusCode.OK, queued.Status);
        Assert.Equal(["queued", "position", "estimatedWait", "threshold", "currentUsers"], ApiResponse.Keys(queued.Body));
        Assert.True(queued.Body.GetProperty("queued").GetBoolean());
        Assert.Equal(1, queued.Body.GetProperty("position").GetInt64());
        Assert.Equal(1, queued.Body.GetProperty("estimatedWait").GetInt64());
        Assert.Equal(1, queued.Body.GetProperty("currentUsers").GetInt64());
    }

    [Fact]
    public async Task Checking_again_from_a_refresh_or_another_device_keeps_the_position_and_an_admitted_user_stays_admitted()
    {
        var ev = await fixture.EventAsync(capacity: 1);
        var users = await fixture.UsersAsync(3);
        foreach (var user in users)
        {
            await fixture.ClientFor(user).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        }

        // Same user, new token (another device), checking twice more.
        var tokens = (Auth.AccessTokens)fixture.Server.Services.GetService(typeof(Auth.AccessTokens))!;
        var otherDevice = new TestUser(users[2].Id, tokens.Issue(users[2].Id, "x@test.tiketi", "user"));
        var again = await fixture.ClientFor(users[2]).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        var fromDevice = await fixture.ClientFor(otherDevice).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        var admittedAgain = await fixture.ClientFor(users[0]).PostAsync($"/api/queue/check/{ev.Id}", "{}");

        Assert.Equal(2, again.Body.GetProperty("position").GetInt64());
        Assert.Equal(2, fromDevice.Body.GetProperty("position").GetInt64());
        Assert.False(admittedAgain.Body.GetProperty("queued").GetBoolean());
        var status = await fixture.ClientFor(users[1]).GetAsync($"/api/queue/status/{ev.Id}");
        Assert.Equal(1, status.Body.GetProperty("position").GetInt64());
        Assert.Equal(2, status.Body.GetProperty("queueSize").GetInt64());
    }

    [Fact]
    public async Task Leaving_gives_up_the_place_and_everyone_behind_moves_up()
    {
        var ev = await fixture.EventAsync(capacity: 1, paused: true);
        var users = await fixture.UsersAsync(4);
        foreach (var user in users)
        {
            await fixture.ClientFor(user).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        }

        var leave = await fixture.ClientFor(users[1]).PostAsync($"/api/queue/leave/{ev.Id}", "{}");

        Assert.Equal(HttpStatusCode.OK, leave.Status);
        Assert.Equal("대기열에서 나왔습니다.", leave.Body.GetProperty("message").GetString());
        var positions = new List<long>();
        foreach (var user in users)
        {
            positions.Add((await fixture.ClientFor(user).GetAsync($"/api/queue/status/{ev.Id}")).Body.GetProperty("position").GetInt64());
        }

        Assert.Equal([1, 0, 2, 3], positions);
        var rejoined = await fixture.ClientFor(users[1]).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        Assert.Equal(4, rejoined.Body.GetProperty("position").GetInt64());
    }

    [Fact]
    public async Task A_newcomer_never_jumps_ahead_of_waiting_users_even_when_a_slot_frees_up()
    {
        var ev = await fixture.EventAsync(capacity: 1);
        var users = await fixture.UsersAsync(3);
        var first = await fixture.ClientFor(users[0]).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        var second = await fixture.ClientFor(users[1]).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        await fixture.ClientFor(users[0]).PostAsync($"/api/queue/leave/{ev.Id}", "{}");

        var third = await fixture.ClientFor(users[2]).PostAsync($"/api/queue/check/{ev.Id}", "{}");

        Assert.False(first.Body.GetProperty("queued").GetBoolean());
        Assert.Equal(1, second.Body.GetProperty("position").GetInt64());
        Assert.True(third.Body.GetProperty("queued").GetBoolean());
        Assert.Equal(2, third.Body.GetProperty("position").GetInt64());
        Assert.Equal(0, third.Body.GetProperty("currentUsers").GetInt64());
    }

    [Fact]
    public async Task Status_has_the_contract_shape_and_the_doubled_prefix_aliases_behave_the_same()
    {
        var ev = await fixture.EventAsync(capacity: 1, paused: true);
        var (first, second) = await TwoUsersAsync();
        await fixture.ClientFor(first).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        await fixture.ClientFor(second).PostAsync($"/api/queue/check/{ev.Id}", "{}");

        var status = await fixture.ClientFor(second).GetAsync($"/api/queue/status/{ev.Id}");
        var alias = await fixture.ClientFor(second).GetAsync($"/api/api/queue/status/{ev.Id}");

        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Equal(["queued", "position", "queueSize", "estimatedWait", "currentUsers", "threshold"], ApiResponse.Keys(status.Body));
        Assert.Equal(status.Body.ToString(), alias.Body.ToString());
        Assert.Equal(2, alias.Body.GetProperty("position").GetInt64());

        var left = await fixture.ClientFor(second).PostAsync($"/api/api/queue/leave/{ev.Id}", "{}");
        Assert.Equal(HttpStatusCode.OK, left.Status);
        var after = await fixture.ClientFor(second).GetAsync($"/api/api/queue/status/{ev.Id}");
        Assert.False(after.Body.GetProperty("queued").GetBoolean());
        Assert.Equal(0, after.Body.GetProperty("position").GetInt64());
        Assert.Equal(1, after.Body.GetProperty("queueSize").GetInt64());
    }

    [Fact]
    public async Task A_disabled_queue_admits_everyone_at_once()
    {
        var ev = await fixture.EventAsync(capacity: 1, enabled: false);
        var users = await fixture.UsersAsync(3);

        var checks = await Task.WhenAll(users.Select(u => fixture.ClientFor(u).PostAsync($"/api/queue/check/{ev.Id}", "{}")));

        Assert.All(checks, c => Assert.False(c.Body.GetProperty("queued").GetBoolean()));
    }

    [Fact]
    public async Task Unknown_ended_cancelled_and_malformed_events_are_refused_with_the_contract_error_shape()
    {
        var user = (await fixture.UsersAsync(1))[0];
        var client = fixture.ClientFor(user);
        var ended = await fixture.EventAsync(status: "ended");
        var cancelled = await fixture.EventAsync(status: "cancelled");

        var unknown = await client.PostAsync($"/api/queue/check/{Guid.NewGuid()}", "{}");
        var unknownStatus = await client.GetAsync($"/api/api/queue/status/{Guid.NewGuid()}");
        var unknownLeave = await client.PostAsync($"/api/queue/leave/{Guid.NewGuid()}", "{}");
        var endedCheck = await client.PostAsync($"/api/queue/check/{ended.Id}", "{}");
        var cancelledStatus = await client.GetAsync($"/api/queue/status/{cancelled.Id}");
        var malformed = await client.PostAsync("/api/queue/check/not-a-uuid", "{}");
        var braces = await client.GetAsync($"/api/queue/status/{{{Guid.NewGuid()}}}");

        Assert.Equal((HttpStatusCode.NotFound, "이벤트를 찾을 수 없습니다."), (unknown.Status, unknown.Error));
        Assert.Equal((HttpStatusCode.NotFound, "이벤트를 찾을 수 없습니다."), (unknownStatus.Status, unknownStatus.Error));
        Assert.Equal((HttpStatusCode.NotFound, "이벤트를 찾을 수 없습니다."), (unknownLeave.Status, unknownLeave.Error));
        Assert.Equal(HttpStatusCode.BadRequest, endedCheck.Status);
        Assert.Equal("종료되었거나 취소된 이벤트입니다.", endedCheck.Error);
        Assert.Equal(HttpStatusCode.BadRequest, cancelledStatus.Status);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.NotNull(malformed.Error);
        Assert.Equal(HttpStatusCode.BadRequest, braces.Status);
    }

    [Fact]
    public async Task Queue_calls_need_a_token()
    {
        var ev = await fixture.EventAsync();

        var check = await fixture.ClientFor(null).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        var status = await fixture.ClientFor(null).GetAsync($"/api/api/queue/status/{ev.Id}");
        var forged = await new AdminClient(fixture.Server.Client, "not.a.jwt").PostAsync($"/api/api/queue/leave/{ev.Id}", "{}");

        Assert.Equal(HttpStatusCode.Unauthorized, check.Status);
        Assert.Equal("인증이 필요합니다.", check.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, status.Status);
        Assert.NotEqual(HttpStatusCode.OK, forged.Status);
        Assert.NotNull(forged.Error);
    }

    [Fact]
    public async Task Check_and_leave_take_an_empty_object_or_no_body_and_refuse_malformed_ones()
    {
        var ev = await fixture.EventAsync();
        var users = await fixture.UsersAsync(3);

        var empty = await fixture.ClientFor(users[0]).PostEmptyAsync($"/api/queue/check/{ev.Id}");
        var extra = await fixture.ClientFor(users[1]).PostAsync($"/api/queue/check/{ev.Id}", """{"anything":1}""");
        var garbage = await fixture.ClientFor(users[2]).PostAsync($"/api/queue/check/{ev.Id}", "{not json");
        var array = await fixture.ClientFor(users[2]).PostAsync($"/api/queue/leave/{ev.Id}", "[1,2]");
        var leaveEmpty = await fixture.ClientFor(users[0]).PostEmptyAsync($"/api/api/queue/leave/{ev.Id}");

        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Equal(HttpStatusCode.OK, extra.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "요청 본문의 형식이 올바르지 않습니다."), (garbage.Status, garbage.Error));
        Assert.Equal(HttpStatusCode.BadRequest, array.Status);
        Assert.Equal(HttpStatusCode.OK, leaveEmpty.Status);
        var status = await fixture.ClientFor(users[2]).GetAsync($"/api/queue/status/{ev.Id}");
        Assert.Equal(1, status.Body.GetProperty("currentUsers").GetInt64()); // users[1] only: users[0] left, the refused check enrolled nobody
    }

    private async Task<(TestUser, TestUser)> TwoUsersAsync()
    {
        var users = await fixture.UsersAsync(2);
        return (users[0], users[1]);
    }
}
