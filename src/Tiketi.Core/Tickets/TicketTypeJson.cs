using System.Data.Common;
using System.Text.Json;
using Tiketi.Core.Json;

namespace Tiketi.Core.Tickets;

/// <summary>The ticket type object of REST.md §3.5/3.6: <c>{id,name,price,total_quantity,available_quantity,description}</c>.</summary>
public static class TicketTypeJson
{
    /// <summary>The columns, in order.</summary>
    public const string Columns = "id, name, price, total_quantity, available_quantity, description";

    /// <summary>The query of an event's ticket types (parameter <c>$1</c> = event id), most expensive first.</summary>
    public const string ByEventSql = "SELECT " + Columns + " FROM ticket_types WHERE event_id = $1 ORDER BY price DESC, created_at, id";

    /// <summary>Writes the row as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, DbDataReader reader)
    {
        writer.WriteStartObject();
        RowJson.Uuid(writer, "id", reader, 0);
        RowJson.Text(writer, "name", reader, 1);
        RowJson.Integer(writer, "price", reader, 2);
        RowJson.Integer(writer, "total_quantity", reader, 3);
        RowJson.Integer(writer, "available_quantity", reader, 4);
        RowJson.Text(writer, "description", reader, 5);
        writer.WriteEndObject();
    }

    /// <summary>Writes every row of <paramref name="reader"/> as array elements.</summary>
    public static async Task WriteAllAsync(Utf8JsonWriter writer, DbDataReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            Write(writer, reader);
        }
    }
}
