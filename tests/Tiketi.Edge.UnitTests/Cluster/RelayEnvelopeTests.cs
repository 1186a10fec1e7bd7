using System.Text;
using Tiketi.Edge.Cluster;

namespace Tiketi.Edge.UnitTests.Cluster;

public class RelayEnvelopeTests
{
    private static readonly Guid Origin = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    [Fact]
    public void A_text_broadcast_round_trips_with_its_addressing()
    {
        var text = Encoding.UTF8.GetBytes("2[\"seat-selected\",{\"seatId\":\"x\",\"status\":\"locked\"}]");
        var bytes = RelayEnvelope.Write(Origin, "/", ["seats:1", "좌석:2"], ["sid-1"], text, []);

        Assert.True(RelayEnvelope.TryRead(bytes, out var broadcast));
        Assert.Equal(Origin, broadcast.Origin);
        Assert.Equal("/", broadcast.Namespace);
        Assert.Equal(["seats:1", "좌석:2"], broadcast.Rooms);
        Assert.Equal(["sid-1"], broadcast.ExceptRooms);
        Assert.Equal(text, broadcast.Text.ToArray());
        Assert.Empty(broadcast.Attachments);
    }

    [Fact]
    public void A_binary_broadcast_keeps_its_attachments_in_order()
    {
        var bytes = RelayEnvelope.Write(Origin, "/custom", [], [], "51-[\"b\",{\"_placeholder\":true,\"num\":0}]"u8, [new byte[] { 1, 2, 3 }, Array.Empty<byte>()]);

        Assert.True(RelayEnvelope.TryRead(bytes, out var broadcast));
        Assert.Empty(broadcast.Rooms);
        Assert.Equal(2, broadcast.Attachments.Length);
        Assert.Equal(new byte[] { 1, 2, 3 }, broadcast.Attachments[0].ToArray());
        Assert.Equal(0, broadcast.Attachments[1].Length);
    }

    [Fact]
    public void The_origin_is_readable_without_decoding_the_rest()
    {
        var bytes = RelayEnvelope.Write(Origin, "/", ["r"], [], "2[\"e\"]"u8, []);
        Assert.True(RelayEnvelope.TryReadOrigin(bytes, out var origin));
        Assert.Equal(Origin, origin);
    }

    [Fact]
    public void Every_truncation_and_trailing_garbage_is_refused_without_throwing()
    {
        var bytes = RelayEnvelope.Write(Origin, "/", ["seats:1"], ["x"], "2[\"e\",1]"u8, [new byte[] { 9 }]);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(RelayEnvelope.TryRead(bytes.AsMemory(0, length), out _));
        }

        Assert.False(RelayEnvelope.TryRead((byte[])[.. bytes, 0], out _));
    }

    [Fact]
    public void Another_version_or_random_bytes_are_refused()
    {
        var bytes = RelayEnvelope.Write(Origin, "/", [], [], "2[\"e\"]"u8, []);
        bytes[0] = 2;
        Assert.False(RelayEnvelope.TryRead(bytes, out _));
        Assert.False(RelayEnvelope.TryReadOrigin(bytes, out _));

        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var junk = new byte[random.Next(0, 64)];
            random.NextBytes(junk);
            if (junk.Length > 0)
            {
                junk[0] = RelayEnvelope.Version;
            }

            _ = RelayEnvelope.TryRead(junk, out _); // must not throw
        }
    }
}
