using System.Net.WebSockets;

namespace Tiketi.Edge.WebSockets;

/// <summary>
/// A client broke RFC 6455. The connection must be closed with <see cref="CloseStatus"/>;
/// nothing else is affected.
/// </summary>
public sealed class WebSocketProtocolException : Exception
{
    public WebSocketProtocolException(WebSocketCloseStatus closeStatus, string message)
        : base(message)
    {
        CloseStatus = closeStatus;
    }

    public WebSocketProtocolException()
        : this(WebSocketCloseStatus.ProtocolError, "WebSocket protocol error")
    {
    }

    public WebSocketProtocolException(string message)
        : this(WebSocketCloseStatus.ProtocolError, message)
    {
    }

    public WebSocketProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        CloseStatus = WebSocketCloseStatus.ProtocolError;
    }

    /// <summary>The close code to send (1002 protocol error, 1007 invalid data, 1009 too big).</summary>
    public WebSocketCloseStatus CloseStatus { get; }
}
