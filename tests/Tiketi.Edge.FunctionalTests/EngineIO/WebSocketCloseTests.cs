using System.Diagnostics;
using System.Text.Json;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

/// <summary>
/// The close path is paid once per connection, so it must be cheap: no exception thrown anywhere in the
/// server's Engine.IO/WebSocket code for an ordinary close, whichever side starts it. Serial, because it
/// watches every exception the process throws.
/// </summary>
[Collection(SerialTestCollection.Name)]
public class WebSocketCloseTests
{
    private const int Sessions = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Ordinary_closes_from_either_side_throw_no_exception_in_the_server()
    {
        await using var server = await EngineTestServer.StartAsync();
        var thrown = new List<string>();
        void OnFirstChance(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            // The stack at the throw: only exceptions raised under the server's own transport code count.
            var stack = new StackTrace().ToString();
            if (stack.Contains("Tiketi.Edge.EngineIO.", StringComparison.Ordinal) || stack.Contains("Tiketi.Edge.WebSockets.", StringComparison.Ordinal))
            {
                lock (thrown)
                {
                    thrown.Add(e.Exception.GetType().Name + ": " + e.Exception.Message);
                }
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += OnFirstChance;
        try
        {
            for (var i = 0; i < Sessions; i++)
            {
                await using var client = await RawWebSocketClient.ConnectAsync(server.Port, "EIO=4&transport=websocket");
                var sid = JsonDocument.Parse((await client.ReadTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;
                var connection = await server.Handler.Opened.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
                if (i % 2 == 0)
                {
                    await client.SendRawAsync(RawWebSocketClient.Frame(8, [0x03, 0xE8])); // the client closes (1000)
                }
                else
                {
                    connection.Close("server says bye");                                  // the server closes
                }

                Assert.Equal(1000, await client.ReadCloseStatusAsync().WaitAsync(Timeout));
                if (i % 2 != 0)
                {
                    await client.SendRawAsync(RawWebSocketClient.Frame(8, [0x03, 0xE8]));
                }

                await server.Handler.ClosedReason(sid).WaitAsync(Timeout);

                // The server ends the TCP connection once its side is done: everything of the close has run.
                Assert.Null(await client.ReadFrameAsync().WaitAsync(Timeout));
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= OnFirstChance;
        }

        lock (thrown)
        {
            Assert.Empty(thrown);
        }
    }
}
