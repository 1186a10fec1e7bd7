using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// One upgraded connection carrying Engine.IO over our own RFC 6455 framing. The read loop
/// parses frames and dispatches packets in order; every write (queued messages, control
/// frames, the close frame) goes through one drain at a time, run by the connection's
/// <see cref="TransportWriteLane"/>, which appends all pending frames to the connection's pipe
/// and flushes once per batch.
/// </summary>
internal sealed partial class WebSocketTransport
{
    private readonly EngineServer _server;
    private readonly Action _abort;             // drops the TCP connection (a peer that stopped reading)
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly TransportWriteLane _lane = TransportWriteLane.Next();
    private readonly bool _ownsPipes;          // false: Kestrel's transport pipes, which Kestrel completes
    private readonly WebSocketFrameReader _frames;
    private readonly WebSocketMessageBuffer _fragments = new();
    private readonly Lock _lock = new();
    private readonly Queue<byte[]> _control = new();
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile EngineSession? _session; // set once this WebSocket carries the session
    private EngineSession? _probing;          // the polling session this WebSocket is trying to take over
    private int _scheduled;
    private CancellationTokenSource? _closeHandshakeTimer;   // see StartCloseHandshakeTimer
    private WebSocketCloseStatus? _closeStatus;
    private bool _closeWritten;
    private bool _readDone;
    private bool _writerCompleted;

    private WebSocketTransport(EngineServer server, Action abort, UpgradedConnection connection)
    {
        _server = server;
        _abort = abort;
        _reader = connection.Input;
        _writer = connection.Output;
        _ownsPipes = connection.OwnsPipes;
        _frames = new WebSocketFrameReader(server.Options.MaxPayload);
    }

    private ILogger Logger => _server.Logger;

    /// <summary>A WebSocket opened without a sid: a new session whose first frame is the open packet.</summary>
    public static async Task RunDirectAsync(EngineServer server, Action abort, UpgradedConnection connection, EngineSession session, byte[] openFrame)
    {
        var transport = new WebSocketTransport(server, abort, connection);
        transport.EnqueueControl(openFrame);
        session.AttachWebSocket(transport);
        transport.ScheduleDrain();
        server.NotifyOpen(session);
        await transport.RunAsync(session, probing: false);
    }

    /// <summary>A WebSocket opened with the sid of a polling session: probe, then take it over on "5".</summary>
    public static async Task RunUpgradeAsync(EngineServer server, Action abort, UpgradedConnection connection, EngineSession session)
    {
        var transport = new WebSocketTransport(server, abort, connection);
        if (!session.TryBeginProbe(transport))
        {
            // Already upgraded, being upgraded, or gone: the protocol says close this WebSocket.
            Log.UpgradeRefused(server.Logger, session.Id);
            transport.BeginClose(WebSocketCloseStatus.NormalClosure);
            await transport.RunAsync(session: null, probing: true);
            return;
        }

        transport._probing = session;
        using var upgradeTimer = new Timer(static state => ((WebSocketTransport)state!).OnUpgradeTimeout(), transport, server.Options.UpgradeTimeout, Timeout.Infinite);
        await transport.RunAsync(session, probing: true);
    }

    /// <summary>From now on the drain writes this session's queue.</summary>
    public void Attach(EngineSession session) => _session = session;

    /// <summary>Asks for a close frame with <paramref name="status"/> (once); the connection ends after the close handshake.</summary>
    public void BeginClose(WebSocketCloseStatus status)
    {
        bool first;
        lock (_lock)
        {
            first = _closeStatus is null;
            _closeStatus ??= status;
        }

        if (first)
        {
            StartCloseHandshakeTimer();
        }

        ScheduleDrain();
    }

    public void ScheduleDrain()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _lane.Schedule(this);
        }
    }

    /// <summary>Called by the lane: writes what is pending (synchronously unless the socket pushes back).</summary>
    internal void RunDrain() => _ = DrainAsync();

    private void EnqueueControl(byte[] frame)
    {
        lock (_lock)
        {
            _control.Enqueue(frame);
        }
    }

    private void OnUpgradeTimeout()
    {
        if (_session is null && !Volatile.Read(ref _readDone))
        {
            // Give the session back to polling before the client hears about the failure.
            Log.UpgradeTimedOut(Logger);
            _probing?.AbandonProbe(this);
            BeginClose(WebSocketCloseStatus.NormalClosure);
        }
    }

    private async Task RunAsync(EngineSession? session, bool probing)
    {
        var reason = "transport close";
        try
        {
            reason = await ReadLoopAsync(session, probing);
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
            _fragments.Reset();
        }

        await FinishAsync(session, reason);
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
        }

        StopCloseHandshakeTimer();
        ScheduleDrain();
        try
        {
            // The request (and so the stream) must outlive the last write, e.g. the close frame.
            await _writerDone.Task.WaitAsync(TimeSpan.FromMilliseconds(_server.Options.CloseHandshakeTimeout));
        }
        catch (TimeoutException)
        {
            // The peer stopped reading: drop the TCP connection so its buffers go too.
            Log.WriterStuck(Logger, session?.Id);
            _abort();
        }

        if (_ownsPipes)
        {
            await _reader.CompleteAsync();
        }
    }

    /// <summary>Reads frames until the connection ends; returns the close reason for the session.</summary>
    private async Task<string> ReadLoopAsync(EngineSession? session, bool probing)
    {
        while (true)
        {
            var result = await _reader.ReadAsync();
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.End;
            try
            {
                var input = buffer;
                while (_frames.TryParseMessage(input, ref consumed, ref examined, out var frame))
                {
                    var stop = frame.IsControl ? OnControlFrame(frame) : await OnDataFrameAsync(session, frame, probing);
                    if (stop is not null)
                    {
                        return stop;
                    }

                    input = buffer.Slice(consumed);
                }
            }
            finally
            {
                _reader.AdvanceTo(consumed, examined);
            }

            if (result.IsCanceled || result.IsCompleted)
            {
                return "transport close";
            }
        }
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

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<string?> OnDataFrameAsync(EngineSession? session, WebSocketFrame frame, bool probing)
    {
        if (session is null)
        {
            return null; // a refused upgrade only waits for the close handshake
        }

        if (!frame.IsFinal || _fragments.IsActive)
        {
            _fragments.Append(frame.Payload);
            if (!frame.IsFinal)
            {
                return null;
            }

            try
            {
                return await OnMessageAsync(session, _fragments.Content, _frames.CurrentMessageOpcode == WebSocketOpcode.Binary, probing);
            }
            finally
            {
                _fragments.Reset();
            }
        }

        return await OnMessageAsync(session, frame.Payload, frame.Opcode == WebSocketOpcode.Binary, probing);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<string?> OnMessageAsync(EngineSession session, ReadOnlySequence<byte> payload, bool isBinary, bool probing)
    {
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

        switch (await session.DispatchAsync(packet))
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
