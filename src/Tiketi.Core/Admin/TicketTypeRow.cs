namespace Tiketi.Core.Admin;

/// <summary>A full <c>ticket_types</c> row as REST.md §3.31/§3.32 send it (wire-named properties).</summary>
public sealed class TicketTypeRow
{
    /// <summary>Columns in wire order.</summary>
    public const string Columns = "id, event_id, name, price, total_quantity, available_quantity, description, created_at, updated_at";

#pragma warning disable CS1591, IDE1006 // wire-named columns
    public Guid id { get; set; }
    public Guid event_id { get; set; }
    public string name { get; set; } = "";
    public int price { get; set; }
    public int total_quantity { get; set; }
    public int available_quantity { get; set; }
    public string? description { get; set; }
    public DateTime created_at { get; set; }
    public DateTime updated_at { get; set; }
#pragma warning restore CS1591, IDE1006
}
