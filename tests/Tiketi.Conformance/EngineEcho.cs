using System.Buffers;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Conformance;

/// <summary>
/// The Engine.IO-only echo the official engine.io-protocol test suite expects: every message
/// packet comes back unchanged (text or binary), in order.
/// </summary>
public sealed class EngineEcho : IEngineHandler
{
    public void OnOpen(EngineConnection connection)
    {
    }

    public ValueTask OnMessageAsync(EngineConnection connection, ReadOnlySequence<byte> payload, bool isBinary)
    {
        var bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        var message = isBinary ? OutboundMessage.CreateBinary(bytes) : OutboundMessage.CreateText(bytes);
        connection.Send(message);
        message.Release();
        return ValueTask.CompletedTask;
    }

    public void OnClose(EngineConnection connection, string reason)
    {
    }
}
