namespace Tiketi.Edge.EngineIO;

/// <summary>Engine.IO server settings (the defaults are the reference server's).</summary>
public sealed class EngineOptions
{
    /// <summary>Milliseconds between server pings.</summary>
    public int PingInterval { get; set; } = 25000;

    /// <summary>Milliseconds the client has to answer a ping with a pong.</summary>
    public int PingTimeout { get; set; } = 20000;

    /// <summary>Largest message / polling payload in bytes accepted from a client.</summary>
    public int MaxPayload { get; set; } = 1_000_000;

    /// <summary>Transports accepted.</summary>
    public EngineTransports Transports { get; set; } = EngineTransports.Polling | EngineTransports.WebSocket;

    /// <summary>Whether polling sessions may upgrade to WebSocket.</summary>
    public bool AllowUpgrades { get; set; } = true;

    /// <summary>
    /// Origins allowed to use long-polling from a browser (CORS with credentials; "*" = any, echoed). Empty: no
    /// CORS headers at all (same-origin and non-browser clients still work).
    /// </summary>
    public IList<string> CorsOrigins { get; } = [];

    /// <summary>
    /// Messages that may wait for one session's transport; one more closes the session as a
    /// slow consumer.
    /// </summary>
    public int OutboundQueueLimit { get; set; } = 1024;

    /// <summary>Milliseconds a probed WebSocket may take to send the upgrade packet.</summary>
    public int UpgradeTimeout { get; set; } = 10000;

    /// <summary>
    /// Most sessions open at once; handshakes beyond it are refused (403, the client retries with backoff) so a
    /// flood of handshakes cannot grow memory until the process fails everyone.
    /// </summary>
    public int MaxSessions { get; set; } = 250_000;

    /// <summary>Milliseconds to wait for the client's close frame after the server sent its own.</summary>
    public int CloseHandshakeTimeout { get; set; } = 2000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PingInterval, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(PingTimeout, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPayload, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(OutboundQueueLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSessions, 1);
        if (Transports == EngineTransports.None)
        {
            throw new ArgumentException("At least one transport must be enabled.", nameof(Transports));
        }
    }
}
