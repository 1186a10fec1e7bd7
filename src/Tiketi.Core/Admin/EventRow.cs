namespace Tiketi.Core.Admin;

/// <summary>
/// A full <c>events</c> row as the contract sends it (REST.md §3.5/§3.25): snake_case column names, timestamps as
/// instants. Property names are the wire names on purpose (no naming policy may rename them).
/// </summary>
public sealed class EventRow
{
    /// <summary>Columns in wire order, for SELECT/RETURNING lists.</summary>
    public const string Columns = """
        id, title, description, venue, address, event_date, sale_start_date, sale_end_date, poster_image_url,
        status, seat_layout_id, artist_name, pre_scaled, created_by, created_at, updated_at
        """;

#pragma warning disable CS1591, IDE1006 // wire-named columns; see the class summary
    public Guid id { get; set; }
    public string title { get; set; } = "";
    public string? description { get; set; }
    public string venue { get; set; } = "";
    public string? address { get; set; }
    public DateTime event_date { get; set; }
    public DateTime sale_start_date { get; set; }
    public DateTime sale_end_date { get; set; }
    public string? poster_image_url { get; set; }
    public string status { get; set; } = "";
    public Guid? seat_layout_id { get; set; }
    public string? artist_name { get; set; }
    public bool pre_scaled { get; set; }
    public Guid? created_by { get; set; }
    public DateTime created_at { get; set; }
    public DateTime updated_at { get; set; }
#pragma warning restore CS1591, IDE1006
}
