namespace Tiketi.Core.Admin;

/// <summary>A full <c>reservations</c> row as REST.md §3.34 sends it (wire-named properties; internal columns left out).</summary>
public sealed class ReservationRow
{
    /// <summary>Columns in wire order.</summary>
    public const string Columns = """
        id, user_id, event_id, reservation_number, total_amount, status, payment_method, payment_status,
        expires_at, created_at, updated_at
        """;

#pragma warning disable CS1591, IDE1006 // wire-named columns
    public Guid id { get; set; }
    public Guid? user_id { get; set; }
    public Guid? event_id { get; set; }
    public string reservation_number { get; set; } = "";
    public int total_amount { get; set; }
    public string status { get; set; } = "";
    public string? payment_method { get; set; }
    public string payment_status { get; set; } = "";
    public DateTime? expires_at { get; set; }
    public DateTime created_at { get; set; }
    public DateTime updated_at { get; set; }
#pragma warning restore CS1591, IDE1006
}
