namespace Tiketi.Core.Admin;

/// <summary>
/// <c>live</c> of the dashboard response — figures beyond the contract's (the client ignores unknown fields):
/// unexpired holds, today's (Asia/Seoul) paid sales and revenue, and per on-sale event the connected users, the
/// waiting room and the live holds.
/// </summary>
public sealed class LiveDashboard
{
#pragma warning disable CS1591 // camelCase like the contract's stats object
    public int activeHolds { get; set; }
    public int salesToday { get; set; }
    public long revenueToday { get; set; }
    public long connectedUsers { get; set; }
    public long queueWaiting { get; set; }
    public long queueActive { get; set; }
    public IReadOnlyList<LiveEventFigures> events { get; set; } = [];
#pragma warning restore CS1591
}
