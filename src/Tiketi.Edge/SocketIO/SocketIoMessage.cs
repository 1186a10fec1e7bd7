using System.Text.Json;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// The data of an EVENT or ACK: its JSON arguments and binary attachments. Binary arguments
/// stay in <see cref="Args"/> as <c>{"_placeholder":true,"num":i}</c> objects pointing into
/// <see cref="Attachments"/>, so echoing a message re-encodes it unchanged. Owns its memory.
/// </summary>
public sealed class SocketIoMessage
{
    private static readonly ReadOnlyMemory<byte>[] NoAttachments = [];

    /// <summary>Wraps decoded event or acknowledgement data.</summary>
    public SocketIoMessage(string? eventName, JsonElement[] args, ReadOnlyMemory<byte>[]? attachments = null)
    {
        EventName = eventName;
        Args = args;
        Attachments = attachments ?? NoAttachments;
    }

    /// <summary>The event name (null for an acknowledgement).</summary>
    public string? EventName { get; }

    /// <summary>The arguments after the event name (every element for an acknowledgement).</summary>
    public JsonElement[] Args { get; }

    /// <summary>Binary attachments referenced by placeholders in <see cref="Args"/>.</summary>
    public ReadOnlyMemory<byte>[] Attachments { get; }
}
