using System.Buffers;

namespace Tiketi.Edge.WebSockets;

/// <summary>
/// One parsed client frame. <see cref="Payload"/> is already unmasked and points into the
/// reader's input, so it is valid only until that input is advanced past it.
/// </summary>
public readonly struct WebSocketFrame
{
    public WebSocketFrame(WebSocketOpcode opcode, bool isFinal, ReadOnlySequence<byte> payload)
    {
        Opcode = opcode;
        IsFinal = isFinal;
        Payload = payload;
    }

    /// <summary>The frame's own opcode (<see cref="WebSocketOpcode.Continuation"/> for later fragments).</summary>
    public WebSocketOpcode Opcode { get; }

    /// <summary>FIN bit: this frame ends its message (always true for control frames).</summary>
    public bool IsFinal { get; }

    /// <summary>Unmasked application data.</summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>True for close, ping and pong.</summary>
    public bool IsControl => Opcode >= WebSocketOpcode.Close;
}
