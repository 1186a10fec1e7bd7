namespace Tiketi.Core.WaitingRoom;

/// <summary>Waiting-time estimates.</summary>
public static class WaitingRoomEta
{
    /// <summary>Seconds until <paramref name="position"/> users are admitted at <paramref name="perSecond"/> (rounded up).</summary>
    public static long Seconds(long position, double perSecond) =>
        position <= 0 || perSecond <= 0 ? 0 : (long)Math.Ceiling(position / perSecond);

    /// <summary>The rate to estimate with: the measured one when there is one, else the configured one.</summary>
    public static double EffectiveRate(double measuredPerSecond, int configuredPerSecond) =>
        measuredPerSecond > 0 ? measuredPerSecond : configuredPerSecond;
}
