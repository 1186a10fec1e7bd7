using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// One upgraded connection carrying Engine.IO over our own RFC 6455 framing. The read loop
/// parses frames and dispatches packets in order; every write (queued messages, control
/// frames, the close frame) goes through one drain at a time, which appends all pending
/// frames to the connection's pipe and flushes once per batch. Replies to what the read loop
/// dispatches (a CONNECT ack, a pong) are drained by the loop itself before it reads again;
/// writes caused by anyone else run on the connection's <see cref="TransportWriteLane"/>.
/// </summary>
internal sealed partial class WebSocketTransport : IDeadlineOwner
{
    private readonly EngineServer _server;
    private readonly UpgradedConnection _connection; // Abort() drops the TCP connection (a peer that stopped reading)
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly TransportWriteLane _lane = TransportWriteLane.Next();
    private readonly bool _ownsPipes;          // false: Kestrel's transport pipes, which Kestrel completes
    private readonly WebSocketFrameReader _frames;
    private readonly Lock _lock = new();
    private WebSocketMessageBuffer? _fragments; // only while a fragmented message arrives
    private Queue<byte[]>? _control;           // control frames to write (pongs, the probe answer); rare
    private TaskCompletionSource? _writerDone; // only when the connection ends before its writer did
    private volatile EngineSession? _session;  // set once this WebSocket carries the session
    private EngineSession? _probing;           // the polling session this WebSocket is trying to take over
    private WebSocketCloseStatus? _closeStatus;
    private Deadline _deadline;
    private long _deadlineAt;                  // Environment.TickCount64 when _deadline is due
    private bool _closeWritten;
    private bool _readDone;
    private bool _writerCompleted;
    private bool _writerFinished;

    private WebSocketTransport(EngineServer server, UpgradedConnection connection)
    {
        _server = server;
        _connection = connection;
        _reader = connection.Input;
        _writer = connection.Output;
        _ownsPipes = connection.OwnsPipes;
        _frames = new WebSocketFrameReader(server.Options.MaxPayload);
    }

    private ILogger Logger => _server.Logger;

    /// <summary>
    /// A WebSocket opened without a sid: a new session whose first frame is the open packet. Whatever is already
    /// in the connection's pipe (the acceptor's 101) goes out with it in one flush, before the first read.
    /// </summary>
    public static Task RunDirectAsync(EngineServer server, UpgradedConnection connection, EngineSession session, OpenPacketTemplate open)
    {
        var transport = new WebSocketTransport(server, connection);

        // The read loop owns the writer until its first flush, so the open packet precedes anything OnOpen sends.
        transport.OwnWritesUntilFlushed();
        open.WriteWebSocketFrame(transport._writer, session.Id);
        session.AttachWebSocket(transport);
        server.NotifyOpen(session);
        return transport.RunAsync(session, probing: false);
    }

    /// <summary>A WebSocket opened with the sid of a polling session: probe, then take it over on "5".</summary>
    public static Task RunUpgradeAsync(EngineServer server, UpgradedConnection connection, EngineSession session)
    {
        var transport = new WebSocketTransport(server, connection);
        if (!session.TryBeginProbe(transport))
        {
            // Already upgraded, being upgraded, or gone: the protocol says close this WebSocket.
            Log.UpgradeRefused(server.Logger, session.Id);
            transport.BeginClose(WebSocketCloseStatus.NormalClosure);
            return transport.RunAsync(session: null, probing: true);
        }

        transport._probing = session;
        lock (transport._lock)
        {
            transport.SetDeadline(Deadline.Upgrade, server.Options.UpgradeTimeout);
        }

        return transport.RunAsync(session, probing: true);
    }

    /// <summary>From now on the drain writes this session's queue.</summary>
    public void Attach(EngineSession session) => _session = session;

    /// <summary>Asks for a close frame with <paramref name="status"/> (once); the connection ends after the close handshake.</summary>
    public void BeginClose(WebSocketCloseStatus status)
    {
        lock (_lock)
        {
            if (_closeStatus is null)
            {
                _closeStatus = status;

                // Whatever happens to the close handshake, the read side gives up after the timeout.
                if (!_readDone)
                {
                    SetDeadline(Deadline.CloseHandshake, _server.Options.CloseHandshakeTimeout);
                }
            }
        }

        ScheduleDrain();
    }

    private void EnqueueControl(byte[] frame)
    {
        lock (_lock)
        {
            (_control ??= new Queue<byte[]>(1)).Enqueue(frame);
        }
    }

    private async Task RunAsync(EngineSession? session, bool probing)
    {
        var reason = "transport close";
        try
        {
            // One state machine for the whole read side, and a small one: an idle connection holds just it.
            FlushReplies();
            while (true)
            {
                var result = await _reader.ReadAsync();
                var ended = result.IsCanceled || result.IsCompleted; // a bool, not the result, lives across the next await
                var stop = await OnReadAsync(result, session, probing);
                if (stop is not null)
                {
                    reason = stop;
                    break;
                }

                if (ended)
                {
                    break;
                }
            }
        }
        catch (WebSocketProtocolException ex)
        {
            Log.ProtocolViolation(Logger, session?.Id, (int)ex.CloseStatus, ex.Message);
            reason = "transport error";
            BeginClose(ex.CloseStatus);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            Log.TransportFailed(Logger, session?.Id, ex);
            reason = "transport error";
        }
        catch (Exception ex)
        {
            // A bug, not the client's doing: still close only this connection, and say so loudly.
            Log.TransportCrashed(Logger, session?.Id, ex);
            reason = "transport error";
            BeginClose(WebSocketCloseStatus.InternalServerError);
        }
        finally
        {
            _fragments?.Reset();
        }

        await FinishAsync(session, reason);
    }

    // Dispatches the frames of one read in order; returns the close reason when the connection should end.
    // Synchronous unless the app awaits, so its (pooled) state machine is normally never allocated.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<string?> OnReadAsync(ReadResult result, EngineSession? session, bool probing)
    {
        OpenReplyWindow();
        var buffer = result.Buffer;
        var consumed = buffer.Start;
        var examined = buffer.End;
        string? stop = null;
        try
        {
            var input = buffer;
            while (stop is null && _frames.TryParseMessage(input, ref consumed, ref examined, out var frame))
            {
                if (frame.IsControl)
                {
                    stop = OnControlFrame(frame);
                }
                else
                {
                    stop = OnDataFrame(session, frame, probing, out var delivery);
                    if (!delivery.IsCompleted)
                    {
                        // The app awaits something: what it already replied goes out now, not after it.
                        FlushReplies();
                        await delivery;
                        OpenReplyWindow();
                    }
                    else
                    {
                        delivery.GetAwaiter().GetResult();
                    }

                    if (frame.IsFinal)
                    {
                        _fragments?.Reset(); // a fragmented message's buffer lives until its handler is done
                    }
                }

                input = buffer.Slice(consumed);
            }
        }
        finally
        {
            _reader.AdvanceTo(consumed, examined);
        }

        FlushReplies();
        return stop;
    }

    private async Task FinishAsync(EngineSession? session, string reason)
    {
        if (session is not null)
        {
            if (_session == session)
            {
                session.Close(reason, WebSocketCloseStatus.NormalClosure, PollAnswer.Close);
            }
            else
            {
                session.AbandonProbe(this);
            }
        }

        lock (_lock)
        {
            _readDone = true;
            ClearDeadline();
        }

        // Write what is left (the close frame) on this thread when no drain is running.
        if (EndReplyWindow() || TryClaimDrain())
        {
            _ = DrainAsync();
        }

        Task? writerDone = null;
        lock (_lock)
        {
            if (!_writerFinished)
            {
                // The request (and so the stream) must outlive the last write, e.g. the close frame.
                _writerDone ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                writerDone = _writerDone.Task;
                SetDeadline(Deadline.Writer, _server.Options.CloseHandshakeTimeout);
            }
        }

        if (writerDone is not null)
        {
            await writerDone;
            lock (_lock)
            {
                ClearDeadline();
            }
        }

        if (_ownsPipes)
        {
            await _reader.CompleteAsync();
        }
    }

    private void SignalWriterFinished()
    {
        TaskCompletionSource? waiting;
        lock (_lock)
        {
            _writerFinished = true;
            waiting = _writerDone;
        }

        waiting?.TrySetResult();
    }

    private string? OnControlFrame(in WebSocketFrame frame)
    {
        switch (frame.Opcode)
        {
            case WebSocketOpcode.Close:
                var status = WebSocketFrameReader.ReadCloseStatus(frame.Payload);
                BeginClose(status == WebSocketCloseStatus.Empty ? WebSocketCloseStatus.NormalClosure : status);
                return "transport close";
            case WebSocketOpcode.Ping:
                var pong = new byte[WebSocketFrameWriter.MaxHeaderLength + frame.Payload.Length];
                var header = WebSocketFrameWriter.WriteHeader(pong, WebSocketOpcode.Pong, frame.Payload.Length);
                frame.Payload.CopyTo(pong.AsSpan(header));
                EnqueueControl(pong[..(header + (int)frame.Payload.Length)]);
                ScheduleDrain();
                return null;
            default:
                return null;
        }
    }

    // Returns the close reason when the connection should end; a message's handler may still be running (delivery).
    private string? OnDataFrame(EngineSession? session, in WebSocketFrame frame, bool probing, out ValueTask delivery)
    {
        delivery = default;
        if (session is null)
        {
            return null; // a refused upgrade only waits for the close handshake
        }

        if (!frame.IsFinal || _fragments is { IsActive: true })
        {
            var fragments = _fragments ??= new WebSocketMessageBuffer();
            fragments.Append(frame.Payload);
            return frame.IsFinal
                ? OnMessage(session, fragments.Content, _frames.CurrentMessageOpcode == WebSocketOpcode.Binary, probing, out delivery)
                : null;
        }

        return OnMessage(session, frame.Payload, frame.Opcode == WebSocketOpcode.Binary, probing, out delivery);
    }

    private string? OnMessage(EngineSession session, in ReadOnlySequence<byte> payload, bool isBinary, bool probing, out ValueTask delivery)
    {
        delivery = default;
        EnginePacket packet;
        if (isBinary)
        {
            packet = EnginePacket.Binary(payload);
        }
        else if (!EnginePacket.TryParseText(payload, out packet))
        {
            return ParseError(session);
        }

        if (_session is null)
        {
            return probing ? OnProbePacket(session, packet) : null;
        }

        switch (session.Dispatch(packet, out delivery))
        {
            case EngineSession.DispatchResult.ClientClosed:
                session.Close("transport close", WebSocketCloseStatus.NormalClosure, PollAnswer.Noop);
                return "transport close";
            case EngineSession.DispatchResult.ParseError:
                return ParseError(session);
            default:
                return null;
        }
    }

    private string? OnProbePacket(EngineSession session, in EnginePacket packet)
    {
        if (packet.Type == EnginePacketType.Ping && packet.DataEquals("probe"u8))
        {
            EnqueueControl(EngineFrames.ProbePong);
            ScheduleDrain();
            session.MarkProbed(this);
            return null;
        }

        if (packet.Type == EnginePacketType.Upgrade && session.CompleteUpgrade(this))
        {
            lock (_lock)
            {
                if (_deadline == Deadline.Upgrade)
                {
                    ClearDeadline();
                }
            }

            Log.Upgraded(Logger, session.Id);
            return null;
        }

        if (packet.Type == EnginePacketType.Noop)
        {
            return null;
        }

        // Anything else during the probe fails the upgrade; the session stays on polling.
        Log.UpgradeFailed(Logger, session.Id);
        session.AbandonProbe(this);
        BeginClose(WebSocketCloseStatus.ProtocolError);
        return "upgrade failed";
    }

    private string ParseError(EngineSession session)
    {
        Log.InvalidPacket(Logger, session.Id);
        if (_session == session)
        {
            session.Close("parse error", WebSocketCloseStatus.InvalidMessageType, PollAnswer.Close);
        }
        else
        {
            session.AbandonProbe(this);
            BeginClose(WebSocketCloseStatus.InvalidMessageType);
        }

        return "parse error";
    }
}
