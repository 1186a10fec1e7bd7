namespace Tiketi.Core.Admin;

/// <summary>One of the dashboard's <c>recentReservations</c> (REST.md §3.23), wire-named.</summary>
public sealed class DashboardReservation
{
#pragma warning disable CS1591, IDE1006 // wire-named columns
    public Guid id { get; set; }
    public string reservation_number { get; set; } = "";
    public int total_amount { get; set; }
    public string status { get; set; } = "";
    public DateTime created_at { get; set; }
    public string? user_name { get; set; }
    public string? user_email { get; set; }
    public string? event_title { get; set; }
#pragma warning restore CS1591, IDE1006
}
