// Conformance host for the official protocol test suites:
//   dotnet run --project tests/Tiketi.Conformance -- --urls http://127.0.0.1:3000
// /engine.io/ is an Engine.IO-only echo with the intervals the engine.io-protocol suite expects.
using Tiketi.Conformance;
using Tiketi.Edge.EngineIO;

var builder = WebApplication.CreateSlimBuilder(args);
builder.UseDirectWebSocketAcceptor(); // as the edge does: direct WebSocket connects skip Kestrel's HTTP handling
var app = builder.Build();

var engineOptions = new EngineOptions
{
    PingInterval = 300,
    PingTimeout = 200,
    MaxPayload = 1_000_000,
    Transports = EngineTransports.Polling | EngineTransports.WebSocket,
    AllowUpgrades = true,
};
app.MapEngineIo("/engine.io/", new EngineEcho(), engineOptions);

// ---- Socket.IO conformance endpoint (/socket.io/) goes here (one line, added by the Socket.IO branch) ----
SocketIoFixture.Map(app);

app.Run();
