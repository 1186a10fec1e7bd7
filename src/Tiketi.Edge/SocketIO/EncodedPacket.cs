using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// A Socket.IO packet encoded once for any number of recipients: the text message and, for
/// binary packets, one binary message per attachment. Holds one reference to each message;
/// every connection it is sent to takes its own. Whoever created it calls <see cref="Release"/>.
/// </summary>
public readonly struct EncodedPacket
{
    private static readonly OutboundMessage[] NoAttachments = [];

    [ThreadStatic]
    private static int t_sendDepth;

    /// <summary>Wraps already encoded messages (e.g. a packet a cluster relay received), taking over their references.</summary>
    public EncodedPacket(OutboundMessage text, OutboundMessage[]? attachments = null)
    {
        Text = text;
        Attachments = attachments ?? NoAttachments;
    }

    /// <summary>The Engine.IO text message carrying the packet (<c>4</c> + Socket.IO text).</summary>
    public OutboundMessage Text { get; }

    /// <summary>The binary attachments, sent right after <see cref="Text"/>, in order.</summary>
    public OutboundMessage[] Attachments { get; }

    /// <summary>
    /// Sends the packet to one connection. Every send to a connection holds its gate, so a text
    /// packet can never slip between a binary packet and its attachments (the client would drop
    /// the connection); uncontended, the lock costs about as much as the queue's own.
    /// </summary>
    public bool SendTo(EngineConnection connection, object gate)
    {
        lock (gate)
        {
            t_sendDepth++;
            try
            {
                if (!connection.Send(Text))
                {
                    return false;
                }

                foreach (var attachment in Attachments)
                {
                    if (!connection.Send(attachment))
                    {
                        return false;
                    }
                }

                return true;
            }
            finally
            {
                t_sendDepth--;
            }
        }
    }

    /// <summary>True while this thread is inside <see cref="SendTo"/> (holding a connection's send gate).</summary>
    internal static bool IsSendingOnThisThread => t_sendDepth > 0;

    /// <summary>Drops this holder's references.</summary>
    public void Release()
    {
        Text.Release();
        foreach (var attachment in Attachments)
        {
            attachment.Release();
        }
    }
}
