using System.Text.Json;

namespace Tiketi.Core.Admin;

/// <summary>A seat layout as REST.md §3.12/§3.24 send it; <c>layout_config</c> as nested JSON.</summary>
public sealed class SeatLayoutRow
{
#pragma warning disable CS1591, IDE1006 // wire-named columns
    public Guid id { get; set; }
    public string name { get; set; } = "";
    public string? description { get; set; }
    public int total_seats { get; set; }
    public JsonElement layout_config { get; set; }
#pragma warning restore CS1591, IDE1006
}
