namespace Tiketi.Core.Admin;

/// <summary>The stand-in until a realtime layer registers an <see cref="IEventAudience"/>: nobody is counted.</summary>
public sealed class NoEventAudience : IEventAudience
{
    /// <inheritdoc />
    public ValueTask<long> ConnectedUsersAsync(Guid eventId, CancellationToken cancellationToken) => ValueTask.FromResult(0L);
}
