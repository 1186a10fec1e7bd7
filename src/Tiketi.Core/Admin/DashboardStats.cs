namespace Tiketi.Core.Admin;

/// <summary><c>stats</c> of <c>GET /api/admin/dashboard/stats</c> (REST.md §3.23); all numbers.</summary>
public sealed class DashboardStats
{
#pragma warning disable CS1591 // wire-named fields, documented in REST.md §3.23
    public int totalEvents { get; set; }
    public int totalReservations { get; set; }
    public long totalRevenue { get; set; }
    public int todayReservations { get; set; }
#pragma warning restore CS1591
}
