using System.Net.WebSockets;

namespace Tiketi.Edge.EngineIO;

/// <summary>How the transports move a session between them and hand it packets.</summary>
internal sealed partial class EngineSession
{
    /// <summary>How a GET should be answered.</summary>
    public enum PollStart
    {
        Closed,
        ClosePacket,
        WrongTransport,
        Duplicate,
        Noop,
        Data,
        Wait,
    }

    /// <summary>What the transport does after a packet was dispatched.</summary>
    public enum DispatchResult
    {
        Continue,
        ClientClosed,
        ParseError,
    }

    /// <summary>Attaches a direct WebSocket (the session's only transport from the start).</summary>
    public void AttachWebSocket(WebSocketTransport webSocket)
    {
        lock (_sync)
        {
            _webSocket = webSocket;
        }

        webSocket.Attach(this);
    }

    /// <summary>Registers a WebSocket that wants to take over this polling session.</summary>
    public bool TryBeginProbe(WebSocketTransport webSocket)
    {
        lock (_sync)
        {
            if (_closed || _webSocket is not null || _probe is not null)
            {
                return false;
            }

            _probe = webSocket;
            return true;
        }
    }

    /// <summary>"2probe" was answered: the pending poll ends with a noop and polls get noops until "5".</summary>
    public void MarkProbed(WebSocketTransport webSocket)
    {
        PollRequest? poll;
        lock (_sync)
        {
            if (_probe != webSocket)
            {
                return;
            }

            _probed = true;
            poll = _pendingPoll;
            _pendingPoll = null;
        }

        poll?.Complete(PollAnswer.Noop);
    }

    /// <summary>"5" arrived: the WebSocket carries the session from now on; polling it is refused.</summary>
    public bool CompleteUpgrade(WebSocketTransport webSocket)
    {
        PollRequest? poll;
        lock (_sync)
        {
            if (_closed || _probe != webSocket || !_probed)
            {
                return false;
            }

            _probe = null;
            _probed = false;
            _webSocket = webSocket;
            poll = _pendingPoll;
            _pendingPoll = null;
        }

        poll?.Complete(PollAnswer.Noop);
        webSocket.Attach(this);
        webSocket.ScheduleDrain();
        return true;
    }

    /// <summary>The probing WebSocket went away before "5": polling simply continues.</summary>
    public void AbandonProbe(WebSocketTransport webSocket)
    {
        PollRequest? poll = null;
        lock (_sync)
        {
            if (_probe != webSocket)
            {
                return;
            }

            _probe = null;
            _probed = false;
            if (_queue.Count > 0)
            {
                poll = _pendingPoll;
                _pendingPoll = null;
            }
        }

        poll?.Complete(PollAnswer.Data);
    }

    /// <summary>Starts a GET: answers right away when it can, or registers it as the pending poll.</summary>
    public PollStart BeginPoll(PollRequest poll, out Queue<OutboundItem>? batch)
    {
        batch = null;
        PollRequest? duplicate;
        lock (_sync)
        {
            if (_closed)
            {
                if (!_closePacketOwed)
                {
                    return PollStart.Closed;
                }

                _closePacketOwed = false;
                _server.Remove(this, _closeReason);
                return PollStart.ClosePacket;
            }

            if (_webSocket is not null)
            {
                return PollStart.WrongTransport;
            }

            if (_probed)
            {
                return PollStart.Noop;
            }

            duplicate = _pendingPoll;
            if (duplicate is null)
            {
                if (_queue.Count == 0)
                {
                    _pendingPoll = poll;
                    return PollStart.Wait;
                }

                batch = _queue;
                _queue = _spare ?? new Queue<OutboundItem>();
                _spare = null;
                return PollStart.Data;
            }
        }

        // Two GETs at once break ordering: the protocol closes the session (the first GET gets "1").
        Close("multiple pending polls", WebSocketCloseStatus.PolicyViolation, PollAnswer.Close);
        return PollStart.Duplicate;
    }

    public void OnPollPending() => _server.OnPollPending(this);

    /// <summary>The pending GET was aborted by the client before it was answered.</summary>
    public void OnPollAborted(PollRequest poll)
    {
        lock (_sync)
        {
            if (_pendingPoll != poll)
            {
                return;
            }

            _pendingPoll = null;
        }

        // Release the aborted GET's own wait too: Close() answers only the pending poll, which
        // this one no longer is, and an unanswered request would hold up a graceful shutdown.
        poll.Complete(PollAnswer.Close);
        Close("transport error", WebSocketCloseStatus.NormalClosure, PollAnswer.Close);
    }

    /// <summary>Starts a POST; false when it must be refused (closed, upgraded, or another POST is running).</summary>
    public PollStart BeginPost()
    {
        lock (_sync)
        {
            if (_closed)
            {
                return PollStart.Closed;
            }

            if (_webSocket is not null)
            {
                return PollStart.WrongTransport;
            }

            if (!_postInProgress)
            {
                _postInProgress = true;
                return PollStart.Data;
            }
        }

        Close("multiple pending posts", WebSocketCloseStatus.PolicyViolation, PollAnswer.Close);
        return PollStart.Duplicate;
    }

    public void EndPost()
    {
        lock (_sync)
        {
            _postInProgress = false;
        }
    }

    /// <summary>
    /// Acts on one packet from the client, whatever the transport. The result is known at once; a message's
    /// handler may still be running (<paramref name="delivery"/>), and the transport awaits it before the next
    /// packet, so message handlers run one at a time per session. Synchronous, so no state machine is paid per
    /// packet for this step.
    /// </summary>
    public DispatchResult Dispatch(in EnginePacket packet, out ValueTask delivery)
    {
        delivery = default;
        switch (packet.Type)
        {
            case EnginePacketType.Message when IsClosed:
                return DispatchResult.Continue; // the handler already saw OnClose; late data is dropped
            case EnginePacketType.Message:
                delivery = _server.DeliverAsync(this, packet.Data, packet.IsBinary);
                return DispatchResult.Continue;
            case EnginePacketType.Pong:
                OnPong(_server.Now);
                return DispatchResult.Continue;
            case EnginePacketType.Close:
                return DispatchResult.ClientClosed;
            case EnginePacketType.Ping:
                // In v4 only the server pings; a client ping outside the upgrade probe is a protocol error.
                return DispatchResult.ParseError;
            default:
                return DispatchResult.Continue;
        }
    }
}
