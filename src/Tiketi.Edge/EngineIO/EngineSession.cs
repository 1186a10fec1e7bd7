using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// The concrete Engine.IO session: bounded outbound queue, heartbeat state, and which
/// transport currently carries it (long-polling, a WebSocket, or polling while a WebSocket
/// is being probed for the upgrade). Transports pull from the queue; the session never
/// writes to a socket itself.
/// </summary>
internal sealed partial class EngineSession : EngineConnection
{
    private readonly EngineServer _server;
    private readonly Lock _sync = new();
    private Queue<OutboundItem> _queue = new();
    private Queue<OutboundItem>? _spare = new();
    private WebSocketTransport? _webSocket;  // carries the session once attached
    private WebSocketTransport? _probe;      // WebSocket being upgraded to, not yet carrying
    private PollRequest? _pendingPoll;
    private bool _probed;                    // "2probe" answered: polls get noop until "5"
    private bool _postInProgress;
    private bool _closed;
    private bool _closePacketOwed;           // closed by the server while no GET was pending: the next GET gets "1"
    private long _lingerUntil;
    private string _closeReason = "";
    private long _nextPingAt;
    private long _pongDeadline;              // 0 while no ping is outstanding

    public EngineSession(EngineServer server, string id, HttpContext context, long now)
        : base(id, CopyQuery(context.Request.Query), CopyHeaders(context.Request.Headers), context.Connection.RemoteIpAddress)
    {
        _server = server;
        _nextPingAt = now + server.Options.PingInterval;
    }

    /// <summary>A session whose handshake request head was read off the connection (query and headers parsed on first use).</summary>
    public EngineSession(EngineServer server, string id, HttpRequestHead head, IPAddress? remoteAddress, long now)
        : base(id, head, remoteAddress)
    {
        _server = server;
        _nextPingAt = now + server.Options.PingInterval;
    }

    public override bool IsClosed => Volatile.Read(ref _closed);

    public EngineServer Server => _server;

    public override bool Send(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.AddRef();
        return Enqueue(OutboundItem.ForMessage(message));
    }

    public override void Close(string reason) => Close(reason, WebSocketCloseStatus.NormalClosure, PollAnswer.Close, lingerForPoll: true);

    /// <summary>Queues a bodyless packet (ping, noop...).</summary>
    public bool EnqueuePacket(EnginePacketType type) => Enqueue(OutboundItem.ForPacket(type));

    private bool Enqueue(OutboundItem item)
    {
        WebSocketTransport? webSocket;
        PollRequest? poll = null;
        bool overflow;
        lock (_sync)
        {
            if (_closed)
            {
                item.Message?.Release();
                return false;
            }

            overflow = _queue.Count >= _server.Options.OutboundQueueLimit;
            if (!overflow)
            {
                _queue.Enqueue(item);
                webSocket = _webSocket;
                if (webSocket is null && !_probed)
                {
                    poll = _pendingPoll;
                    _pendingPoll = null;
                }
            }
            else
            {
                webSocket = null;
            }
        }

        if (overflow)
        {
            item.Message?.Release();
            _server.OnSlowConsumer(this);
            Close("slow consumer", WebSocketCloseStatus.PolicyViolation, PollAnswer.Close);
            return false;
        }

        webSocket?.ScheduleDrain();
        poll?.Complete(PollAnswer.Data);
        return true;
    }

    /// <summary>
    /// Takes every queued item for a transport to write, or null when none. The caller writes
    /// them, releases the messages and gives the queue back with <see cref="ReturnBatch"/>.
    /// </summary>
    public Queue<OutboundItem>? TakeBatch()
    {
        lock (_sync)
        {
            if (_queue.Count == 0)
            {
                return null;
            }

            var batch = _queue;
            _queue = _spare ?? new Queue<OutboundItem>();
            _spare = null;
            return batch;
        }
    }

    public void ReturnBatch(Queue<OutboundItem> batch)
    {
        batch.Clear();
        lock (_sync)
        {
            _spare ??= batch;
        }
    }

    public bool HasQueued
    {
        get
        {
            lock (_sync)
            {
                return _queue.Count > 0;
            }
        }
    }

    /// <summary>
    /// Closes the session once: drops the queue, ends the transport the protocol's way, tells
    /// the handler. With <paramref name="lingerForPoll"/> a polling session that has no GET
    /// pending stays known until its next GET (answered <c>1</c>) or one ping timeout, so the
    /// client sees a clean close and reconnects, as the reference server does.
    /// </summary>
    public void Close(string reason, WebSocketCloseStatus webSocketStatus, PollAnswer pollAnswer, bool lingerForPoll = false)
    {
        PollRequest? poll;
        WebSocketTransport? webSocket;
        WebSocketTransport? probe;
        bool linger;
        lock (_sync)
        {
            if (_closed)
            {
                return;
            }

            Volatile.Write(ref _closed, true);
            _closeReason = reason;
            linger = lingerForPoll && _webSocket is null && _pendingPoll is null;
            if (linger)
            {
                _closePacketOwed = true;
                _lingerUntil = _server.Now + _server.Options.PingTimeout;
            }

            while (_queue.TryDequeue(out var item))
            {
                item.Message?.Release();
            }

            poll = _pendingPoll;
            _pendingPoll = null;
            webSocket = _webSocket;
            probe = _probe;
            _probe = null;
        }

        if (!linger)
        {
            _server.Remove(this, reason);
        }

        poll?.Complete(pollAnswer);
        webSocket?.BeginClose(webSocketStatus);
        probe?.BeginClose(WebSocketCloseStatus.NormalClosure);
        _server.NotifyClosed(this, reason);
    }

    /// <summary>Runs one heartbeat step: ping when due, close when the pong is late.</summary>
    public void Heartbeat(long now)
    {
        var ping = false;
        lock (_sync)
        {
            if (_closed)
            {
                if (_closePacketOwed && now >= _lingerUntil)
                {
                    _closePacketOwed = false;
                    _server.Remove(this, _closeReason);
                }

                return;
            }

            if (_pongDeadline == 0 && now >= _nextPingAt)
            {
                // The deadline counts from the nominal ping time, so a late scan never gives extra time.
                _pongDeadline = _nextPingAt + _server.Options.PingTimeout;
                ping = true;
            }
        }

        if (IsPingOverdue(now))
        {
            Close("ping timeout", WebSocketCloseStatus.NormalClosure, PollAnswer.Close);
        }
        else if (ping)
        {
            EnqueuePacket(EnginePacketType.Ping);
        }
    }

    /// <summary>True when the client missed its pong (checked lazily on requests too, so timing never depends on the scan).</summary>
    public bool IsPingOverdue(long now)
    {
        lock (_sync)
        {
            if (_closed)
            {
                return false;
            }

            var deadline = _pongDeadline != 0 ? _pongDeadline : _nextPingAt + _server.Options.PingTimeout;
            return now >= deadline;
        }
    }

    public void OnPong(long now)
    {
        lock (_sync)
        {
            if (_pongDeadline != 0)
            {
                _pongDeadline = 0;
                _nextPingAt = now + _server.Options.PingInterval;
            }
        }
    }

    private static QueryCollection CopyQuery(IQueryCollection query)
    {
        var copy = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(query.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query)
        {
            copy[pair.Key] = pair.Value;
        }

        return new QueryCollection(copy);
    }

    private static HeaderDictionary CopyHeaders(IHeaderDictionary headers)
    {
        var copy = new HeaderDictionary(headers.Count);
        foreach (var pair in headers)
        {
            copy[pair.Key] = pair.Value;
        }

        return copy;
    }
}
