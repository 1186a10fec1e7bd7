using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tiketi.Edge.SocketIO;

namespace Tiketi.Edge.UnitTests.SocketIO;

public partial class SocketIoPacketWriterTests
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Write(Action<ArrayBufferWriter<byte>, Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer, Relaxed);
        write(buffer, json);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonElement[] Elements(string jsonArray) => [.. JsonDocument.Parse(jsonArray).RootElement.EnumerateArray()];

    [Theory]
    [InlineData("/", "0{\"sid\":\"abc\"}")]
    [InlineData("/admin", "0/admin,{\"sid\":\"abc\"}")]
    public void Connect_carries_only_the_sid(string nsp, string expected)
    {
        Assert.Equal(expected, Write((b, j) => SocketIoPacketWriter.WriteConnect(b, j, nsp, "abc")));
    }

    [Fact]
    public void Connect_error_with_and_without_data()
    {
        Assert.Equal("4{\"message\":\"Not authorized\"}", Write((b, j) => SocketIoPacketWriter.WriteConnectError(b, j, "/", "Not authorized")));
        var data = JsonDocument.Parse("{\"code\":7}").RootElement;
        Assert.Equal("4/random,{\"message\":\"x\",\"data\":{\"code\":7}}", Write((b, j) => SocketIoPacketWriter.WriteConnectError(b, j, "/random", "x", data)));
    }

    [Theory]
    [InlineData("/", "1")]
    [InlineData("/admin", "1/admin,")]
    public void Disconnect(string nsp, string expected)
    {
        Assert.Equal(expected, Write((b, _) => SocketIoPacketWriter.WriteDisconnect(b, nsp)));
    }

    [Fact]
    public void Event_keeps_argument_json_compact_and_in_key_order()
    {
        var args = Elements("[1, \"2\", {\"b\": [true], \"a\": null}, \"한글 <tag> & 'q'\"]");
        Assert.Equal("2[\"message-back\",1,\"2\",{\"b\":[true],\"a\":null},\"한글 <tag> & 'q'\"]",
            Write((b, j) => SocketIoPacketWriter.WriteEvent(b, j, "/", "message-back", -1, 0, new ElementArgs(args))));
    }

    [Fact]
    public void Event_with_namespace_and_ack_id()
    {
        Assert.Equal("2/admin,12[\"foo\"]", Write((b, j) => SocketIoPacketWriter.WriteEvent(b, j, "/admin", "foo", 12, 0, new ElementArgs([]))));
    }

    [Fact]
    public void Binary_event_announces_attachments_before_the_namespace()
    {
        var args = Elements("[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        Assert.Equal("52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
            Write((b, j) => SocketIoPacketWriter.WriteEvent(b, j, "/admin", "baz", -1, 2, new ElementArgs(args))));
    }

    [Fact]
    public void Ack_and_binary_ack()
    {
        Assert.Equal("3/admin,13[\"bar\"]", Write((b, j) => SocketIoPacketWriter.WriteAck(b, j, "/admin", 13, 0, new ElementArgs(Elements("[\"bar\"]")))));
        Assert.Equal("61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]",
            Write((b, j) => SocketIoPacketWriter.WriteAck(b, j, "/", 15, 1, new ElementArgs(Elements("[\"bar\",{\"_placeholder\":true,\"num\":0}]")))));
    }

    [Fact]
    public void Typed_argument_is_serialized_with_source_generated_metadata()
    {
        var value = new RoomInfo("e1", 3);
        Assert.Equal("2[\"room-info\",{\"eventId\":\"e1\",\"userCount\":3}]",
            Write((b, j) => SocketIoPacketWriter.WriteEvent(b, j, "/", "room-info", -1, 0, new TypedArg<RoomInfo>(value, WriterTestJson.Default.RoomInfo))));
    }

    [Fact]
    public void Encoded_packets_round_trip_through_the_parser()
    {
        var text = Write((b, j) => SocketIoPacketWriter.WriteEvent(b, j, "/x", "ev", 99, 0, new ElementArgs(Elements("[{\"k\":\"v\"}]"))));
        Assert.Equal(SocketIoParseError.None, SocketIoPacketParser.TryParse(Encoding.UTF8.GetBytes(text), out var packet));
        Assert.Equal("/x", packet.Namespace);
        Assert.Equal(99, packet.AckId);
        Assert.Equal("v", packet.Data[1].GetProperty("k").GetString());
    }

    [Theory]
    [InlineData("[\"a\",{\"_placeholder\":true,\"num\":0},[{\"x\":{\"_placeholder\":true,\"num\":1}}]]", 2, true)]
    [InlineData("[\"a\",{\"_placeholder\":true,\"num\":2}]", 2, false)]
    [InlineData("[\"a\",{\"_placeholder\":true,\"num\":-1}]", 2, false)]
    [InlineData("[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]", 2, false)]
    [InlineData("[\"a\",{\"_placeholder\":true}]", 2, false)]
    [InlineData("[\"a\",{\"_placeholder\":false,\"num\":9}]", 0, true)]
    public void Placeholders_must_point_at_an_attachment(string json, int attachments, bool valid)
    {
        Assert.Equal(valid, AttachmentPlaceholders.AreValid(JsonDocument.Parse(json).RootElement, attachments));
    }

    public sealed record RoomInfo(string EventId, int UserCount);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(RoomInfo))]
    internal sealed partial class WriterTestJson : JsonSerializerContext;
}
