using System.Buffers;
using System.Text;
using System.Text.Json;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.UnitTests.EngineIO;

public class OpenPacketTemplateTests
{
    private const string Sid = "AbC-_09zZyXwVuTsRqPo";

    // What the handshake wrote before the template existed: a JSON writer per connect.
    private static string Reference(string sid, bool upgrades, int pingInterval, int pingTimeout, int maxPayload)
    {
        var output = new ArrayBufferWriter<byte>();
        output.Write("0"u8);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("sid", sid);
            json.WriteStartArray("upgrades");
            if (upgrades)
            {
                json.WriteStringValue("websocket");
            }

            json.WriteEndArray();
            json.WriteNumber("pingInterval", pingInterval);
            json.WriteNumber("pingTimeout", pingTimeout);
            json.WriteNumber("maxPayload", maxPayload);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Theory]
    [InlineData(true, 25000, 20000, 1_000_000)]
    [InlineData(false, 25000, 20000, 1_000_000)]
    [InlineData(true, 300, 200, 16)]
    [InlineData(false, 1, 2147483647, 2147483647)]
    public void The_packet_is_byte_for_byte_what_a_json_writer_makes(bool upgrades, int pingInterval, int pingTimeout, int maxPayload)
    {
        var template = new OpenPacketTemplate(upgrades, pingInterval, pingTimeout, maxPayload);

        var packet = Encoding.UTF8.GetString(template.CreatePacket(Sid));

        Assert.Equal(Reference(Sid, upgrades, pingInterval, pingTimeout, maxPayload), packet);
        Assert.Equal(packet.Length, template.PacketLength(Sid));
        using var parsed = JsonDocument.Parse(packet[1..]);
        Assert.Equal(Sid, parsed.RootElement.GetProperty("sid").GetString());
        Assert.Equal(upgrades ? 1 : 0, parsed.RootElement.GetProperty("upgrades").GetArrayLength());
        Assert.Equal(pingTimeout, parsed.RootElement.GetProperty("pingTimeout").GetInt32());
    }

    [Fact]
    public void Each_sid_gets_its_own_packet_from_the_same_template()
    {
        var template = new OpenPacketTemplate(false, 25000, 20000, 1_000_000);

        Assert.Equal(Reference("first", false, 25000, 20000, 1_000_000), Encoding.UTF8.GetString(template.CreatePacket("first")));
        Assert.Equal(Reference("a-much-longer-sid_123", false, 25000, 20000, 1_000_000), Encoding.UTF8.GetString(template.CreatePacket("a-much-longer-sid_123")));
    }

    [Fact]
    public void The_websocket_form_is_one_unmasked_text_frame_around_the_packet()
    {
        var template = new OpenPacketTemplate(false, 25000, 20000, 1_000_000);
        var output = new ArrayBufferWriter<byte>();

        template.WriteWebSocketFrame(output, Sid);

        var frame = output.WrittenSpan;
        var packet = template.CreatePacket(Sid);
        Assert.True(packet.Length < 126);
        Assert.Equal(0x81, frame[0]);              // FIN + text
        Assert.Equal(packet.Length, frame[1]);      // no mask bit, 7-bit length
        Assert.True(frame[2..].SequenceEqual(packet));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has\"quote")]
    [InlineData("back\\slash")]
    [InlineData("sp ace")]
    [InlineData("h\u00e9")]
    public void A_sid_that_would_need_json_escaping_is_refused(string sid)
    {
        var template = new OpenPacketTemplate(false, 25000, 20000, 1_000_000);

        Assert.Throws<ArgumentException>(() => template.CreatePacket(sid));
    }
}
