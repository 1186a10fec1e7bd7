namespace Tiketi.Core.WaitingRoom;

/// <summary>
/// An event's waiting-room settings, stored in PostgreSQL (<c>event_queue_settings</c>) and mirrored into Redis for
/// the Lua scripts. An event without a row uses <see cref="Default"/>.
/// </summary>
/// <param name="Capacity">Most users active (allowed to buy) at once.</param>
/// <param name="AdmissionRatePerSecond">Most users the admission loop lets in per second.</param>
/// <param name="Enabled">False: the event is never gated (everyone enters at once).</param>
/// <param name="Paused">True: nobody is admitted, every arrival waits, positions are kept.</param>
/// <param name="Version">Increases on every change; the Redis mirror never goes back to an older one.</param>
public sealed record WaitingRoomSettings(int Capacity, int AdmissionRatePerSecond, bool Enabled, bool Paused, long Version)
{
    /// <summary>Smallest allowed capacity.</summary>
    public const int MinCapacity = 1;

    /// <summary>Largest allowed capacity.</summary>
    public const int MaxCapacity = 1_000_000;

    /// <summary>Smallest allowed admission rate.</summary>
    public const int MinAdmissionRate = 1;

    /// <summary>Largest allowed admission rate.</summary>
    public const int MaxAdmissionRate = 100_000;

    /// <summary>The settings of an event nobody configured (same values as the table's defaults).</summary>
    public static WaitingRoomSettings Default { get; } = new(1000, 50, Enabled: true, Paused: false, Version: 0);
}
