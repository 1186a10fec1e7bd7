using System.Buffers;
using System.Text;
using System.Text.Json;
using Npgsql;
using Tiketi.Core.Json;

namespace Tiketi.Core.Seats;

/// <summary>
/// Read side of seats: the layouts list (REST.md §3.12) and an event's seat map (§3.13). The seat map (up to
/// thousands of rows, fetched by every buyer in a rush) is streamed from the data reader to the response without
/// building objects or one big buffer.
/// </summary>
public sealed class SeatMaps
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = ContractJson.Options.Encoder, SkipValidation = true };

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the service.</summary>
    public SeatMaps(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary><c>{"layouts":[{id,name,description,total_seats,layout_config}]}</c>, smallest first.</summary>
    public async Task<string> GetLayoutsJsonAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT id, name, description, total_seats, layout_config FROM seat_layouts ORDER BY total_seats, name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("layouts");
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                writer.WriteStartObject();
                RowJson.Uuid(writer, "id", reader, 0);
                RowJson.Text(writer, "name", reader, 1);
                RowJson.Text(writer, "description", reader, 2);
                RowJson.Integer(writer, "total_seats", reader, 3);
                RowJson.Jsonb(writer, "layout_config", reader, 4);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The event and its layout; null when the event does not exist.</summary>
    public async Task<SeatMapHeader?> FindHeaderAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT e.id, e.title, l.layout_config
            FROM events e LEFT JOIN seat_layouts l ON l.id = e.seat_layout_id
            WHERE e.id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = eventId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new SeatMapHeader(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    /// <summary>
    /// Streams <c>{"event":{id,title},"layout":…,"seats":[{id,section,row_number,seat_number,seat_label,price,status}]}</c>
    /// to <paramref name="output"/>, seats ordered by section, row, seat.
    /// </summary>
    public async Task WriteSeatMapAsync(SeatMapHeader header, Stream output, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT id, section, row_number, seat_number, seat_label, price, status
            FROM seats WHERE event_id = $1
            ORDER BY section, row_number, seat_number
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = header.EventId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteStartObject("event");
        writer.WriteString("id", header.EventId);
        writer.WriteString("title", header.Title);
        writer.WriteEndObject();
        writer.WritePropertyName("layout");
        if (header.LayoutJson is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(header.LayoutJson, skipInputValidation: true);
        }

        writer.WriteStartArray("seats");
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            writer.WriteStartObject();
            RowJson.Uuid(writer, "id", reader, 0);
            RowJson.Text(writer, "section", reader, 1);
            RowJson.Integer(writer, "row_number", reader, 2);
            RowJson.Integer(writer, "seat_number", reader, 3);
            RowJson.Text(writer, "seat_label", reader, 4);
            RowJson.Integer(writer, "price", reader, 5);
            RowJson.Text(writer, "status", reader, 6);
            writer.WriteEndObject();
            if (writer.BytesPending > 16 * 1024)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
