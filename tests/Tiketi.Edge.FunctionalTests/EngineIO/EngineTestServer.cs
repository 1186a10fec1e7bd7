using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

/// <summary>A real Kestrel on a free loopback port serving Engine.IO at /engine.io/ for <see cref="RecordingHandler"/>.</summary>
internal sealed class EngineTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ErrorCollector _errors;

    private EngineTestServer(WebApplication app, int port, EngineServer engine, RecordingHandler handler, ErrorCollector errors)
    {
        _app = app;
        _errors = errors;
        Port = port;
        Engine = engine;
        Handler = handler;
    }

    public int Port { get; }

    public EngineServer Engine { get; }

    public RecordingHandler Handler { get; }

    /// <summary>Every warning or error logged by the server (Kestrel's unhandled-exception logs included).</summary>
    public IReadOnlyCollection<string> Errors => _errors.Messages;

    /// <summary>
    /// Starts the server; with <paramref name="directAcceptor"/> (the default, as the edge runs) direct WebSocket
    /// connects are taken over by <see cref="DirectWebSocketAcceptor"/> before Kestrel's HTTP handling.
    /// </summary>
    public static async Task<EngineTestServer> StartAsync(Action<EngineOptions>? configure = null, bool directAcceptor = true)
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        if (directAcceptor)
        {
            builder.UseDirectWebSocketAcceptor();
        }

        builder.Logging.ClearProviders();
        var errors = new ErrorCollector();
        builder.Logging.AddProvider(errors);
        var app = builder.Build();
        var options = new EngineOptions { PingInterval = 5000, PingTimeout = 5000, MaxPayload = 10_000 };
        configure?.Invoke(options);
        var handler = new RecordingHandler();
        var engine = app.MapEngineIo("/engine.io/", handler, options);
        await app.StartAsync(CancellationToken.None);
        return new EngineTestServer(app, port, engine, handler, errors);
    }

    /// <summary>Connections the direct acceptor took over (0 without it).</summary>
    public long DirectlyAccepted => _app.Services.GetService(typeof(DirectWebSocketAcceptor)) is DirectWebSocketAcceptor acceptor ? acceptor.Accepted : 0;

    public Uri Url(string query) => new($"http://127.0.0.1:{Port}/engine.io/?{query}");

    public Uri WsUrl(string query) => new($"ws://127.0.0.1:{Port}/engine.io/?{query}");

    public Task StopAsync() => _app.StopAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        // A bounded stop: connections still open after it are aborted, so a broken test fails instead of hanging.
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stop.Token);
        }

        await _app.DisposeAsync();
        await Engine.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Echoes every message; "__close__" makes the server close the session, "__burst__:N"
/// sends N messages at once. Records opens and close reasons so tests can await them.
/// </summary>
internal sealed class RecordingHandler : IEngineHandler
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _closed = new();

    public Channel<EngineConnection> Opened { get; } = Channel.CreateUnbounded<EngineConnection>();

    public Task<string> ClosedReason(string sid) => Closed(sid).Task;

    public void OnOpen(EngineConnection connection)
    {
        Closed(connection.Id);
        Opened.Writer.TryWrite(connection);
    }

    public ValueTask OnMessageAsync(EngineConnection connection, ReadOnlySequence<byte> payload, bool isBinary)
    {
        var bytes = payload.ToArray();
        if (!isBinary && Encoding.UTF8.GetString(bytes) == "__close__")
        {
            connection.Close("closed by the application");
            return ValueTask.CompletedTask;
        }

        var message = isBinary ? OutboundMessage.CreateBinary(bytes) : OutboundMessage.CreateText(bytes);
        connection.Send(message);
        message.Release();
        return ValueTask.CompletedTask;
    }

    public void OnClose(EngineConnection connection, string reason)
    {
        if (!Closed(connection.Id).TrySetResult(reason))
        {
            throw new InvalidOperationException("OnClose called twice for " + connection.Id);
        }
    }

    private TaskCompletionSource<string> Closed(string sid) =>
        _closed.GetOrAdd(sid, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>Collects warnings and errors so tests can assert that nothing went wrong unnoticed.</summary>
internal sealed class ErrorCollector : ILoggerProvider, ILogger
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Messages.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
        }
    }

    public void Dispose()
    {
    }
}
