using System.Net;
using System.Text.Json;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>Admin queue info/clear (REST 3.21/3.22) and the settings endpoint, with no admission loop running.</summary>
public sealed class QueueAdminTests(WaitingRoomFixture fixture) : IClassFixture<WaitingRoomFixture>
{
    [Fact]
    public async Task Admin_routes_refuse_ordinary_users_with_403()
    {
        var ev = await fixture.EventAsync();
        var client = fixture.ClientFor((await fixture.UsersAsync(1))[0]);

        var responses = new[]
        {
            await client.GetAsync($"/api/queue/admin/{ev.Id}"),
            await client.PostAsync($"/api/queue/admin/clear/{ev.Id}", "{}"),
            await client.GetAsync($"/api/admin/events/{ev.Id}/queue"),
            await client.PutAsync($"/api/admin/events/{ev.Id}/queue", """{"paused":true}"""),
        };

        Assert.All(responses, r => Assert.Equal((HttpStatusCode.Forbidden, "관리자 권한이 필요합니다."), (r.Status, r.Error)));
        var settings = await fixture.ClientFor(await fixture.AdminAsync()).GetAsync($"/api/admin/events/{ev.Id}/queue");
        Assert.False(settings.Body.GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task Admin_info_reports_waiting_active_and_free_slots()
    {
        var ev = await fixture.EventAsync(capacity: 2);
        var users = await fixture.UsersAsync(5);
        foreach (var user in users)
        {
            await fixture.ClientFor(user).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        }

        var info = await fixture.ClientFor(await fixture.AdminAsync()).GetAsync($"/api/queue/admin/{ev.Id}");

        Assert.Equal(HttpStatusCode.OK, info.Status);
        Assert.Equal(["eventId", "queueSize", "currentUsers", "threshold", "available"], ApiResponse.Keys(info.Body));
        Assert.Equal(ev.Id.ToString(), info.Body.GetProperty("eventId").GetString());
        Assert.Equal(3, info.Body.GetProperty("queueSize").GetInt64());
        Assert.Equal(2, info.Body.GetProperty("currentUsers").GetInt64());
        Assert.Equal(2, info.Body.GetProperty("threshold").GetInt32());
        Assert.Equal(0, info.Body.GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task Clear_empties_the_waiting_room_and_tells_it()
    {
        var ev = await fixture.EventAsync(capacity: 1);
        var users = await fixture.UsersAsync(3);
        foreach (var user in users)
        {
            await fixture.ClientFor(user).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        }

        var admin = fixture.ClientFor(await fixture.AdminAsync());
        var cleared = await admin.PostAsync($"/api/queue/admin/clear/{ev.Id}", "{}");

        Assert.Equal(HttpStatusCode.OK, cleared.Status);
        Assert.Equal("대기열이 초기화되었습니다.", cleared.Body.GetProperty("message").GetString());
        Assert.Equal(1, fixture.Server.Notifier.ClearedCount(ev.Id));
        var info = await admin.GetAsync($"/api/queue/admin/{ev.Id}");
        Assert.Equal(0, info.Body.GetProperty("queueSize").GetInt64());
        Assert.Equal(0, info.Body.GetProperty("currentUsers").GetInt64());
        var status = await fixture.ClientFor(users[2]).GetAsync($"/api/queue/status/{ev.Id}");
        Assert.False(status.Body.GetProperty("queued").GetBoolean());

        // Arrivals after the clear start a fresh line.
        var again = await fixture.ClientFor(users[2]).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        Assert.False(again.Body.GetProperty("queued").GetBoolean());
        var unknown = await admin.PostAsync($"/api/queue/admin/clear/{Guid.NewGuid()}", "{}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);

        // The clear is in the audit log with what it removed (one active user, two waiting).
        var audit = (await admin.GetAsync($"/api/admin/audit?targetId={ev.Id}")).Body.GetProperty("entries");
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal("queue.clear", entry.GetProperty("action").GetString());
        Assert.Equal((2, 1), (entry.GetProperty("after").GetProperty("waiting").GetInt32(), entry.GetProperty("after").GetProperty("active").GetInt32()));
    }

    [Fact]
    public async Task Settings_default_to_an_enabled_queue_of_1000_at_50_per_second_and_changes_persist()
    {
        var ev = await fixture.EventAsync();
        var admin = fixture.ClientFor(await fixture.AdminAsync());

        var initial = await admin.GetAsync($"/api/admin/events/{ev.Id}/queue");
        var changed = await admin.PutAsync($"/api/admin/events/{ev.Id}/queue", """{"capacity":2,"admissionRatePerSecond":7,"paused":true}""");
        var enabledOnly = await admin.PutAsync($"/api/admin/events/{ev.Id}/queue", """{"enabled":false}""");
        var read = await admin.GetAsync($"/api/admin/events/{ev.Id}/queue");

        Assert.Equal(HttpStatusCode.OK, initial.Status);
        Assert.Equal(
            ["eventId", "capacity", "admissionRatePerSecond", "enabled", "paused", "waiting", "active", "admittedPerSecond", "estimatedWaitAtTail"],
            ApiResponse.Keys(initial.Body));
        Assert.Equal((1000, 50, true, false), Settings(initial));
        Assert.Equal((2, 7, true, true), Settings(changed));
        Assert.Equal((2, 7, false, true), Settings(enabledOnly));
        Assert.Equal((2, 7, false, true), Settings(read));

        // Each change is audited with the settings row before and after (none before the first).
        var audit = (await admin.GetAsync($"/api/admin/audit?targetId={ev.Id}&action=queue.settings")).Body.GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(2, audit.Length);
        Assert.Equal(JsonValueKind.Null, audit[1].GetProperty("before").ValueKind);
        Assert.Equal(7, audit[1].GetProperty("after").GetProperty("admission_rate_per_second").GetInt32());
        Assert.True(audit[0].GetProperty("before").GetProperty("enabled").GetBoolean());
        Assert.False(audit[0].GetProperty("after").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Settings_changes_apply_to_the_queue_at_once()
    {
        var ev = await fixture.EventAsync();
        var users = await fixture.UsersAsync(3);
        var admin = fixture.ClientFor(await fixture.AdminAsync());
        await fixture.ClientFor(users[0]).PostAsync($"/api/queue/check/{ev.Id}", "{}"); // mirrors the default settings into Redis

        await admin.PutAsync($"/api/admin/events/{ev.Id}/queue", """{"capacity":1,"admissionRatePerSecond":10}""");
        var second = await fixture.ClientFor(users[1]).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        var third = await fixture.ClientFor(users[2]).PostAsync($"/api/queue/check/{ev.Id}", "{}");
        var figures = await admin.GetAsync($"/api/admin/events/{ev.Id}/queue");

        Assert.True(second.Body.GetProperty("queued").GetBoolean());
        Assert.Equal(1, second.Body.GetProperty("threshold").GetInt32());
        Assert.Equal(2, third.Body.GetProperty("position").GetInt64());
        Assert.Equal(2, figures.Body.GetProperty("waiting").GetInt64());
        Assert.Equal(1, figures.Body.GetProperty("active").GetInt64());
        Assert.Equal(1, figures.Body.GetProperty("estimatedWaitAtTail").GetInt64()); // 2 waiting at 10/s, nothing measured
    }

    [Theory]
    [InlineData("""{"capacity":0}""", "capacity")]
    [InlineData("""{"capacity":1000001}""", "capacity")]
    [InlineData("""{"capacity":"10"}""", "capacity")]
    [InlineData("""{"capacity":1.5}""", "capacity")]
    [InlineData("""{"admissionRatePerSecond":0}""", "admissionRatePerSecond")]
    [InlineData("""{"admissionRatePerSecond":null}""", "admissionRatePerSecond")]
    [InlineData("""{"enabled":"yes"}""", "enabled")]
    [InlineData("""{"paused":1}""", "paused")]
    public async Task Invalid_settings_are_refused_with_400_and_change_nothing(string body, string field)
    {
        var ev = await fixture.EventAsync(capacity: 3);
        var admin = fixture.ClientFor(await fixture.AdminAsync());

        var response = await admin.PutAsync($"/api/admin/events/{ev.Id}/queue", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(field, response.Error, StringComparison.Ordinal);
        var read = await admin.GetAsync($"/api/admin/events/{ev.Id}/queue");
        Assert.Equal((3, 50, true, false), Settings(read));
    }

    [Fact]
    public async Task Settings_of_unknown_or_malformed_events_and_malformed_bodies_are_refused()
    {
        var ev = await fixture.EventAsync();
        var admin = fixture.ClientFor(await fixture.AdminAsync());

        var unknownGet = await admin.GetAsync($"/api/admin/events/{Guid.NewGuid()}/queue");
        var unknownPut = await admin.PutAsync($"/api/admin/events/{Guid.NewGuid()}/queue", """{"paused":true}""");
        var malformedId = await admin.GetAsync("/api/admin/events/123/queue");
        var malformedBody = await admin.PutAsync($"/api/admin/events/{ev.Id}/queue", "{\"capacity\":");
        var arrayBody = await admin.PutAsync($"/api/admin/events/{ev.Id}/queue", "[]");

        Assert.Equal((HttpStatusCode.NotFound, "이벤트를 찾을 수 없습니다."), (unknownGet.Status, unknownGet.Error));
        Assert.Equal((HttpStatusCode.NotFound, "이벤트를 찾을 수 없습니다."), (unknownPut.Status, unknownPut.Error));
        Assert.Equal(HttpStatusCode.BadRequest, malformedId.Status);
        Assert.Equal(HttpStatusCode.BadRequest, malformedBody.Status);
        Assert.Equal(HttpStatusCode.BadRequest, arrayBody.Status);
    }

    private static (int, int, bool, bool) Settings(ApiResponse response) => (
        response.Body.GetProperty("capacity").GetInt32(),
        response.Body.GetProperty("admissionRatePerSecond").GetInt32(),
        response.Body.GetProperty("enabled").GetBoolean(),
        response.Body.GetProperty("paused").GetBoolean());
}
