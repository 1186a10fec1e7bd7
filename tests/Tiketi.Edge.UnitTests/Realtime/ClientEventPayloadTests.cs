using System.Text.Json;
using Tiketi.Edge.Realtime;

namespace Tiketi.Edge.UnitTests.Realtime;

public class ClientEventPayloadTests
{
    private static JsonElement[] Args(string jsonArray) => [.. JsonDocument.Parse(jsonArray).RootElement.EnumerateArray()];

    [Fact]
    public void An_object_with_a_uuid_event_id_is_accepted_and_the_id_kept_as_sent()
    {
        const string id = "8D0C2B1A-1111-4222-8333-444455556666";
        Assert.True(ClientEventPayload.TryReadEventId(Args($"[{{\"eventId\":\"{id}\",\"extra\":1}}]"), out var asSent, out var eventId, out _));
        Assert.Equal(id, asSent);
        Assert.Equal(Guid.Parse(id), eventId);
    }

    [Theory]
    [InlineData("[]", "payload must be an object")]
    [InlineData("[null]", "payload must be an object")]
    [InlineData("[\"x\"]", "payload must be an object")]
    [InlineData("[[1]]", "payload must be an object")]
    [InlineData("[{}]", "eventId is required")]
    [InlineData("[{\"eventId\":null}]", "eventId is required")]
    [InlineData("[{\"eventId\":7}]", "eventId is required")]
    [InlineData("[{\"eventId\":\"\"}]", "eventId must be a UUID")]
    [InlineData("[{\"eventId\":\"undefined\"}]", "eventId must be a UUID")]
    public void Anything_else_is_refused_with_a_reason(string args, string reason)
    {
        Assert.False(ClientEventPayload.TryReadEventId(Args(args), out _, out _, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void An_oversized_event_id_is_refused_before_parsing()
    {
        var huge = new string('a', 100_000);
        Assert.False(ClientEventPayload.TryReadEventId(Args($"[{{\"eventId\":\"{huge}\"}}]"), out _, out _, out var error));
        Assert.Equal("eventId must be a UUID", error);
    }

    [Theory]
    [InlineData("{\"seats\":[]}", true, null)]
    [InlineData("{\"seats\":[\"0f8fad5b-d9cb-469f-a165-70867728950e\"]}", true, null)]
    [InlineData("{}", false, "seats must be an array")]
    [InlineData("{\"seats\":\"a\"}", false, "seats must be an array")]
    [InlineData("{\"seats\":[1]}", false, "seats must be UUIDs")]
    [InlineData("{\"seats\":[\"nope\"]}", false, "seats must be UUIDs")]
    public void Seats_must_be_an_array_of_uuids(string payload, bool accepted, string? reason)
    {
        var ok = ClientEventPayload.TryReadSeats(JsonDocument.Parse(payload).RootElement, out _, out var error);
        Assert.Equal(accepted, ok);
        if (!accepted)
        {
            Assert.Equal(reason, error);
        }
    }

    [Fact]
    public void More_seats_than_the_limit_are_refused()
    {
        var seats = string.Join(',', Enumerable.Repeat("\"0f8fad5b-d9cb-469f-a165-70867728950e\"", ClientEventPayload.MaxSelectedSeats + 1));
        Assert.False(ClientEventPayload.TryReadSeats(JsonDocument.Parse($"{{\"seats\":[{seats}]}}").RootElement, out _, out var error));
        Assert.Equal("too many seats", error);
    }
}
