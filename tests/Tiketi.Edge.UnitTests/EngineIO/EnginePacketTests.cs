using System.Buffers;
using System.Text;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.UnitTests.EngineIO;

public class EnginePacketTests
{
    [Theory]
    [InlineData("0{}", EnginePacketType.Open, "{}")]
    [InlineData("1", EnginePacketType.Close, "")]
    [InlineData("2probe", EnginePacketType.Ping, "probe")]
    [InlineData("3", EnginePacketType.Pong, "")]
    [InlineData("4hello €", EnginePacketType.Message, "hello €")]
    [InlineData("5", EnginePacketType.Upgrade, "")]
    [InlineData("6", EnginePacketType.Noop, "")]
    public void Text_packets_decode_to_type_and_body(string text, EnginePacketType type, string body)
    {
        Assert.True(EnginePacket.TryParseText(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)), out var packet));
        Assert.Equal(type, packet.Type);
        Assert.False(packet.IsBinary);
        Assert.Equal(body, Encoding.UTF8.GetString(packet.Data.ToArray()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("7")]
    [InlineData("/")]
    public void Malformed_text_packets_are_rejected(string text)
    {
        Assert.False(EnginePacket.TryParseText(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)), out _));
    }

    [Fact]
    public void Probe_body_is_recognised()
    {
        Assert.True(EnginePacket.TryParseText(new ReadOnlySequence<byte>("2probe"u8.ToArray()), out var packet));
        Assert.True(packet.DataEquals("probe"u8));
        Assert.False(packet.DataEquals("prob"u8));
    }
}
