namespace Tiketi.Core.Admin;

/// <summary>One row of <c>GET /api/admin/reservations</c> (REST.md §3.33), wire-named.</summary>
public sealed class ReservationListItem
{
    /// <summary>Columns in wire order (aliases over reservations r, users u, events e).</summary>
    public const string Columns = """
        r.id, r.reservation_number, r.total_amount, r.status, r.payment_status, r.created_at,
        u.name AS user_name, u.email AS user_email, e.title AS event_title, e.venue, e.event_date
        """;

#pragma warning disable CS1591, IDE1006 // wire-named columns
    public Guid id { get; set; }
    public string reservation_number { get; set; } = "";
    public int total_amount { get; set; }
    public string status { get; set; } = "";
    public string payment_status { get; set; } = "";
    public DateTime created_at { get; set; }
    public string? user_name { get; set; }
    public string? user_email { get; set; }
    public string? event_title { get; set; }
    public string? venue { get; set; }
    public DateTime? event_date { get; set; }
#pragma warning restore CS1591, IDE1006
}
