using System.Text;
using System.Text.Json;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

public class FuzzTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Random_and_mutated_frames_never_hurt_the_server_or_other_connections(int seed)
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxPayload = 4096);
        var random = new Random(seed);
        await using var good = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
        await good.ReadTextAsync();

        var fuzzSids = new List<string>();
        for (var connection = 0; connection < 30; connection++)
        {
            await using var fuzz = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
            fuzzSids.Add(JsonDocument.Parse((await fuzz.ReadTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!);
            for (var frame = 0; frame < 10; frame++)
            {
                try
                {
                    await fuzz.SendRawAsync(NextFrame(random));
                }
                catch (IOException)
                {
                    break; // the server already closed this one: that is an allowed outcome
                }
            }

            // Leaving mid-frame is part of the fuzz: the server must notice and clean up.
        }

        await good.SendTextAsync("4still served");
        Assert.Equal("4still served", await good.ReadTextAsync());
        foreach (var sid in fuzzSids)
        {
            await server.Handler.ClosedReason(sid).WaitAsync(Timeout);
        }

        Assert.Equal(1, server.Engine.SessionCount);
        Assert.Empty(server.Errors);
    }

    private static byte[] NextFrame(Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                var garbage = new byte[random.Next(1, 64)];
                random.NextBytes(garbage);
                return garbage;
            case 1:
                return RawWebSocketClient.Frame(random.Next(16), RandomPayload(random), fin: random.Next(2) == 0, masked: random.Next(8) != 0);
            default:
                var valid = random.Next(4) switch
                {
                    0 => RawWebSocketClient.Frame(1, Encoding.UTF8.GetBytes("4" + new string('a', random.Next(300)))),
                    1 => RawWebSocketClient.Frame(2, RandomPayload(random)),
                    2 => RawWebSocketClient.Frame(9, RandomPayload(random).Take(random.Next(20)).ToArray()),
                    _ => RawWebSocketClient.Frame(1, "3"u8.ToArray()),
                };
                var flips = random.Next(1, 4);
                for (var i = 0; i < flips; i++)
                {
                    valid[random.Next(valid.Length)] ^= (byte)(1 << random.Next(8));
                }

                return random.Next(5) == 0 ? valid[..random.Next(valid.Length)] : valid;
        }
    }

    private static byte[] RandomPayload(Random random)
    {
        var payload = new byte[random.Next(0, 200)];
        random.NextBytes(payload);
        return payload;
    }
}
