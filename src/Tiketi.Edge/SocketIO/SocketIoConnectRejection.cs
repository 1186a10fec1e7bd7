using System.Text.Json;

namespace Tiketi.Edge.SocketIO;

/// <summary>A refused namespace connection: sent as <c>44{"message":...,"data":...}</c>.</summary>
/// <param name="Message">The error message the client sees (e.g. "Invalid authentication token").</param>
/// <param name="Data">Optional extra detail; omitted from the packet when undefined.</param>
public sealed record SocketIoConnectRejection(string Message, JsonElement Data = default);
