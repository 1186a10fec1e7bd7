using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// An Engine.IO v4 server mounted at one path: validates requests, keeps sid → session,
/// runs the shared heartbeat scan and closes every session on shutdown. The layer above
/// sees only <see cref="IEngineHandler"/> and <see cref="EngineConnection"/>.
/// </summary>
public sealed partial class EngineServer : IAsyncDisposable
{
    private const string SidAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private readonly ConcurrentDictionary<string, EngineSession> _sessions = new(StringComparer.Ordinal);
    private readonly IEngineHandler _handler;
    private readonly HashSet<string> _corsOrigins;
    private readonly bool _corsAnyOrigin;
    private readonly OpenPacketTemplate _openForPolling;   // the settings are read once, when the server is created
    private readonly OpenPacketTemplate _openForWebSocket;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _heartbeat;
    private long _slowConsumerCloses;
    private int _sessionCount;
    private volatile bool _shuttingDown;
    private int _shutdownStarted;

    /// <summary>Creates a server; <see cref="MapEngineIoExtensions.MapEngineIo(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, string, IEngineHandler, EngineOptions?)"/> does this for you.</summary>
    public EngineServer(IEngineHandler handler, EngineOptions options, ILogger<EngineServer> logger)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _handler = handler;
        Options = options;
        Logger = logger;
        _corsOrigins = new HashSet<string>(options.CorsOrigins, StringComparer.OrdinalIgnoreCase);
        _corsAnyOrigin = _corsOrigins.Contains("*");
        _openForPolling = new OpenPacketTemplate(options.AllowUpgrades && options.Transports.HasFlag(EngineTransports.WebSocket), options.PingInterval, options.PingTimeout, options.MaxPayload);
        _openForWebSocket = new OpenPacketTemplate(upgrades: false, options.PingInterval, options.PingTimeout, options.MaxPayload);
        _heartbeat = Task.Run(() => HeartbeatLoopAsync(_stopping.Token)); // off any caller's synchronization context
    }

    public EngineOptions Options { get; }

    /// <summary>Sessions currently known (open, or closed and waiting to deliver their close packet to the next poll).</summary>
    public int SessionCount => Volatile.Read(ref _sessionCount);

    /// <summary>Sessions closed because their outbound queue overflowed.</summary>
    public long SlowConsumerCloses => Interlocked.Read(ref _slowConsumerCloses);

    internal ILogger Logger { get; }

    internal long Now => Environment.TickCount64;

    /// <summary>The request delegate for the mapped path.</summary>
    public async Task HandleRequestAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var corsAllowed = ApplyCors(context);
        if (HttpMethods.IsOptions(request.Method))
        {
            if (corsAllowed)
            {
                context.Response.Headers.AccessControlAllowMethods = "GET, POST";
                var requested = request.Headers.AccessControlRequestHeaders;
                if (requested.Count > 0)
                {
                    context.Response.Headers.AccessControlAllowHeaders = requested;
                }
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        var transport = ParseTransport(request.Query["transport"]);
        if ((transport & Options.Transports) == EngineTransports.None)
        {
            await RejectAsync(context, EngineError.UnknownTransport);
            return;
        }

        var sid = request.Query["sid"].ToString();
        if (sid.Length > 0)
        {
            await HandleSessionRequestAsync(context, sid, transport);
        }
        else
        {
            await HandleHandshakeAsync(context, transport);
        }
    }

    /// <summary>Closes every session the reconnect-friendly way (WebSocket close frame, <c>1</c> on a pending poll).</summary>
    public void CloseAll(string reason)
    {
        foreach (var pair in _sessions)
        {
            pair.Value.Close(reason, WebSocketCloseStatus.EndpointUnavailable, PollAnswer.Close);
            Remove(pair.Value, reason); // also sessions lingering for their close packet
        }
    }

    /// <summary>Graceful shutdown: refuse new sessions, close the open ones, stop the heartbeat.</summary>
    public void Shutdown()
    {
        if (Interlocked.Exchange(ref _shutdownStarted, 1) != 0)
        {
            return;
        }

        _shuttingDown = true;
        CloseAll("server shutting down");
        _stopping.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        Shutdown();
        await _heartbeat;
        _stopping.Dispose();
    }

    private async Task HandleSessionRequestAsync(HttpContext context, string sid, EngineTransports transport)
    {
        if (!_sessions.TryGetValue(sid, out var session))
        {
            await RejectAsync(context, EngineError.UnknownSid);
            return;
        }

        if (session.IsPingOverdue(Now))
        {
            session.Close("ping timeout", WebSocketCloseStatus.NormalClosure, PollAnswer.Close);
            await RejectAsync(context, EngineError.UnknownSid);
            return;
        }

        var request = context.Request;
        if (transport == EngineTransports.Polling)
        {
            if (HttpMethods.IsGet(request.Method))
            {
                await PollingTransport.HandleGetAsync(session, context);
            }
            else if (HttpMethods.IsPost(request.Method))
            {
                await PollingTransport.HandlePostAsync(session, context, Options.MaxPayload);
            }
            else
            {
                await RejectAsync(context, EngineError.BadRequest);
            }

            return;
        }

        if (!Options.AllowUpgrades || !WebSocketHandshake.IsValidRequest(request, out var key))
        {
            await RejectAsync(context, EngineError.BadRequest);
            return;
        }

        if (await WebSocketUpgrade.AcceptAsync(context, key) is not { } connection)
        {
            await RejectAsync(context, EngineError.BadRequest);
            return;
        }

        await WebSocketTransport.RunUpgradeAsync(this, connection, session);
    }

    private async Task HandleHandshakeAsync(HttpContext context, EngineTransports transport)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method))
        {
            await RejectAsync(context, EngineError.BadHandshakeMethod);
            return;
        }

        if (request.Query["EIO"] != "4")
        {
            await RejectAsync(context, EngineError.UnsupportedProtocolVersion);
            return;
        }

        if (_shuttingDown || IsFull)
        {
            await RejectAsync(context, EngineError.Forbidden);
            return;
        }

        if (transport == EngineTransports.Polling)
        {
            var session = CreateSession(context);
            var open = _openForPolling.CreatePacket(session.Id);
            context.Response.ContentType = "text/plain; charset=UTF-8";
            context.Response.ContentLength = open.Length;
            await context.Response.Body.WriteAsync(open, CancellationToken.None);
            NotifyOpen(session);
            return;
        }

        if (!WebSocketHandshake.IsValidRequest(request, out var key))
        {
            await RejectAsync(context, EngineError.BadRequest);
            return;
        }

        if (await WebSocketUpgrade.AcceptAsync(context, key) is not { } connection)
        {
            await RejectAsync(context, EngineError.BadRequest);
            return;
        }

        var direct = CreateSession(context);
        await WebSocketTransport.RunDirectAsync(this, connection, direct, _openForWebSocket);
    }

    private EngineSession CreateSession(HttpContext context) =>
        AddSession(sid => new EngineSession(this, sid, context, Now), context.Request.Query["transport"].ToString());

    // Makes sessions with fresh random sids until one does not collide with a live one, and registers it.
    private EngineSession AddSession(Func<string, EngineSession> create, string transport)
    {
        EngineSession session;
        do
        {
            session = create(RandomNumberGenerator.GetString(SidAlphabet, 20));
        }
        while (!_sessions.TryAdd(session.Id, session));

        Interlocked.Increment(ref _sessionCount);
        EngineMetrics.SessionsOpened.Add(1);
        Log.SessionOpened(Logger, session.Id, transport);
        return session;
    }

    /// <summary>True while a direct WebSocket connect may open a session (WebSocket enabled, not shutting down).</summary>
    internal bool AcceptsDirectWebSockets => !_shuttingDown && !IsFull && (Options.Transports & EngineTransports.WebSocket) != 0;

    // A counter, not _sessions.Count, which takes every lock of the dictionary.
    private bool IsFull => Volatile.Read(ref _sessionCount) >= Options.MaxSessions;

    /// <summary>
    /// Runs a direct WebSocket connect (no sid) read by a connection-level acceptor on the connection's own pipes.
    /// The acceptor's 101 may still be in the output pipe: it goes out with the open packet, in one flush.
    /// Completes when the connection is done.
    /// </summary>
    internal Task RunAcceptedWebSocketAsync(UpgradedConnection connection, HttpRequestHead head, System.Net.IPAddress? remoteAddress)
    {
        var session = AddSession(sid => new EngineSession(this, sid, head, remoteAddress, Now), "websocket");
        return WebSocketTransport.RunDirectAsync(this, connection, session, _openForWebSocket);
    }

    private bool ApplyCors(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || !(_corsAnyOrigin || _corsOrigins.Contains(origin)))
        {
            return false;
        }

        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.AccessControlAllowCredentials = "true";
        headers.Vary = "Origin";
        return true;
    }

    private static EngineTransports ParseTransport(string? name) => name switch
    {
        "polling" => EngineTransports.Polling,
        "websocket" => EngineTransports.WebSocket,
        _ => EngineTransports.None,
    };

    private Task RejectAsync(HttpContext context, EngineError error)
    {
        Log.RequestRejected(Logger, context.Request.Method, (int)error);
        return EngineErrorResponse.WriteAsync(context.Response, error);
    }
}
