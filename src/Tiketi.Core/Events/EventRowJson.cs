using System.Data.Common;
using System.Text.Json;
using Tiketi.Core.Json;

namespace Tiketi.Core.Events;

/// <summary>
/// The "full events row" object of REST.md §3.5 (also returned by the admin endpoints): select
/// <see cref="Columns"/> (prefix with a table alias via <see cref="ColumnsOf"/>) and call <see cref="Write"/>.
/// </summary>
public static class EventRowJson
{
    /// <summary>The columns, in the contract's order.</summary>
    public const string Columns =
        "id, title, description, venue, address, event_date, sale_start_date, sale_end_date, poster_image_url, status, " +
        "seat_layout_id, artist_name, pre_scaled, created_by, created_at, updated_at";

    /// <summary><see cref="Columns"/> qualified with a table alias, e.g. <c>e.id, e.title, …</c>.</summary>
    public static string ColumnsOf(string alias) =>
        string.Join(", ", Columns.Split(", ").Select(column => alias + "." + column));

    /// <summary>Writes the row starting at <paramref name="first"/> as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, DbDataReader reader, int first = 0)
    {
        writer.WriteStartObject();
        RowJson.Uuid(writer, "id", reader, first);
        RowJson.Text(writer, "title", reader, first + 1);
        RowJson.Text(writer, "description", reader, first + 2);
        RowJson.Text(writer, "venue", reader, first + 3);
        RowJson.Text(writer, "address", reader, first + 4);
        RowJson.Timestamp(writer, "event_date", reader, first + 5);
        RowJson.Timestamp(writer, "sale_start_date", reader, first + 6);
        RowJson.Timestamp(writer, "sale_end_date", reader, first + 7);
        RowJson.Text(writer, "poster_image_url", reader, first + 8);
        RowJson.Text(writer, "status", reader, first + 9);
        RowJson.Uuid(writer, "seat_layout_id", reader, first + 10);
        RowJson.Text(writer, "artist_name", reader, first + 11);
        RowJson.Boolean(writer, "pre_scaled", reader, first + 12);
        RowJson.Uuid(writer, "created_by", reader, first + 13);
        RowJson.Timestamp(writer, "created_at", reader, first + 14);
        RowJson.Timestamp(writer, "updated_at", reader, first + 15);
        writer.WriteEndObject();
    }
}
