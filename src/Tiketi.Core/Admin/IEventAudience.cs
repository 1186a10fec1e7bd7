namespace Tiketi.Core.Admin;

/// <summary>
/// How many users are connected to an event right now, cluster-wide (the realtime layer knows; it registers its
/// implementation). The default, <see cref="NoEventAudience"/>, reports zero.
/// </summary>
public interface IEventAudience
{
    /// <summary>Connected users watching <paramref name="eventId"/> (its event/seat rooms), across all instances.</summary>
    ValueTask<long> ConnectedUsersAsync(Guid eventId, CancellationToken cancellationToken);
}
