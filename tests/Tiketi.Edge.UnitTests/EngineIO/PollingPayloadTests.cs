using System.Buffers;
using System.Text;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.UnitTests.EngineIO;

public class PollingPayloadTests
{
    private static List<EnginePacket> Decode(string payload, out List<byte[]> bodies)
    {
        Memory<byte> remaining = Encoding.UTF8.GetBytes(payload);
        var packets = new List<EnginePacket>();
        bodies = [];
        while (PollingPayload.TryReadNext(ref remaining, out var record))
        {
            Assert.True(PollingPayload.TryDecode(record, out var packet));
            packets.Add(packet);
            bodies.Add(packet.Data.ToArray());
        }

        return packets;
    }

    [Fact]
    public void Splits_on_the_record_separator_and_decodes_base64_binary()
    {
        var packets = Decode("4hello\u001e2\u001ebAQIDBA==\u001e4", out var bodies);

        Assert.Equal([EnginePacketType.Message, EnginePacketType.Ping, EnginePacketType.Message, EnginePacketType.Message], packets.Select(p => p.Type));
        Assert.Equal([false, false, true, false], packets.Select(p => p.IsBinary));
        Assert.Equal("hello"u8.ToArray(), bodies[0]);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, bodies[2]);
        Assert.Empty(bodies[3]);
    }

    [Theory]
    [InlineData("b!!!")]
    [InlineData("bAQI")]
    [InlineData("x")]
    public void Bad_records_are_rejected(string record)
    {
        Assert.False(PollingPayload.TryDecode(Encoding.UTF8.GetBytes(record), out _));
    }

    [Fact]
    public void Writes_messages_and_packets_joined_by_the_separator()
    {
        var output = new ArrayBufferWriter<byte>();
        var text = OutboundMessage.CreateText("hello"u8);
        var binary = OutboundMessage.CreateBinary([1, 2, 3, 4]);

        PollingPayload.WriteMessage(output, text);
        PollingPayload.WriteSeparator(output);
        PollingPayload.WritePacket(output, EnginePacketType.Ping);
        PollingPayload.WriteSeparator(output);
        PollingPayload.WriteMessage(output, binary);

        Assert.Equal("4hello\u001e2\u001ebAQIDBA==", Encoding.UTF8.GetString(output.WrittenSpan));
        text.Release();
        binary.Release();
    }
}
