using System.Buffers;
using System.Text;
using System.Text.Json;
using Npgsql;
using Tiketi.Core.Json;
using Tiketi.Core.Tickets;

namespace Tiketi.Core.Events;

/// <summary>
/// Read side of events: the list (REST.md §3.4), the detail (§3.5) — both as serialized JSON, served from
/// <see cref="EventCache"/> — and an event's ticket types (§3.6).
/// </summary>
public sealed class EventCatalog
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = ContractJson.Options.Encoder, SkipValidation = true };

    private readonly NpgsqlDataSource _dataSource;
    private readonly EventCache _cache;

    /// <summary>Creates the catalog.</summary>
    public EventCatalog(NpgsqlDataSource dataSource, EventCache cache)
    {
        _dataSource = dataSource;
        _cache = cache;
    }

    /// <summary><c>{"events":[…],"pagination":{…}}</c>, cached per query.</summary>
    public Task<string> GetListJsonAsync(EventListQuery query, CancellationToken cancellationToken) =>
        _cache.GetOrCreateListAsync(query.CacheVariant, ct => BuildListAsync(query, ct), cancellationToken);

    /// <summary><c>{"event":{…},"ticketTypes":[…]}</c>, cached per event; null when the event does not exist.</summary>
    public Task<string?> GetDetailJsonAsync(Guid eventId, CancellationToken cancellationToken) =>
        _cache.GetOrCreateEventAsync(eventId, ct => BuildDetailAsync(eventId, ct), cancellationToken);

    /// <summary><c>{"ticketTypes":[…]}</c> of an event (empty for unknown events, as the original).</summary>
    public async Task<string> GetTicketTypesJsonAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(TicketTypeJson.ByEventSql);
        command.Parameters.Add(new NpgsqlParameter { Value = eventId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("ticketTypes");
            await TicketTypeJson.WriteAllAsync(writer, reader, cancellationToken).ConfigureAwait(false);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Stock of one ticket type, or null when it does not exist.</summary>
    public async Task<(int Available, int Total)?> GetAvailabilityAsync(Guid ticketTypeId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT available_quantity, total_quantity FROM ticket_types WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = ticketTypeId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetInt32(0), reader.GetInt32(1)) : null;
    }

    private async Task<string> BuildListAsync(EventListQuery query, CancellationToken cancellationToken)
    {
        const string Filter = """
            WHERE ($1::text IS NULL OR e.status = $1)
              AND ($2::text IS NULL OR e.title ILIKE $2 OR e.artist_name ILIKE $2 OR e.venue ILIKE $2)
            """;
        var pattern = query.Search is null ? null : "%" + EscapeLike(query.Search) + "%";
        await using var batch = _dataSource.CreateBatch();
        var page = new NpgsqlBatchCommand($"""
            SELECT e.id, e.title, e.description, e.venue, e.address, e.event_date, e.sale_start_date, e.sale_end_date,
                   e.poster_image_url, e.status, e.artist_name, t.type_count, t.min_price, t.max_price
            FROM events e
            LEFT JOIN LATERAL (
                SELECT count(*) AS type_count, min(price) AS min_price, max(price) AS max_price
                FROM ticket_types WHERE event_id = e.id
            ) t ON true
            {Filter}
            ORDER BY e.sale_start_date, e.id
            LIMIT $3 OFFSET $4
            """);
        page.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        page.Parameters.Add(new NpgsqlParameter { Value = (object?)pattern ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        page.Parameters.Add(new NpgsqlParameter { Value = query.Limit });
        page.Parameters.Add(new NpgsqlParameter { Value = (long)(query.Page - 1) * query.Limit });
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM events e {Filter}");
        count.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        count.Parameters.Add(new NpgsqlParameter { Value = (object?)pattern ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        batch.BatchCommands.Add(page);
        batch.BatchCommands.Add(count);

        var buffer = new ArrayBufferWriter<byte>(4096);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        writer.WriteStartObject();
        writer.WriteStartArray("events");
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            writer.WriteStartObject();
            RowJson.Uuid(writer, "id", reader, 0);
            RowJson.Text(writer, "title", reader, 1);
            RowJson.Text(writer, "description", reader, 2);
            RowJson.Text(writer, "venue", reader, 3);
            RowJson.Text(writer, "address", reader, 4);
            RowJson.Timestamp(writer, "event_date", reader, 5);
            RowJson.Timestamp(writer, "sale_start_date", reader, 6);
            RowJson.Timestamp(writer, "sale_end_date", reader, 7);
            RowJson.Text(writer, "poster_image_url", reader, 8);
            RowJson.Text(writer, "status", reader, 9);
            RowJson.Text(writer, "artist_name", reader, 10);
            // COUNT(*) is a string in the original (node-postgres leaves bigint unparsed).
            writer.WriteString("ticket_type_count", reader.GetInt64(11).ToString(System.Globalization.CultureInfo.InvariantCulture));
            RowJson.Integer(writer, "min_price", reader, 12);
            RowJson.Integer(writer, "max_price", reader, 13);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var total = reader.GetInt64(0);
        writer.WriteStartObject("pagination");
        writer.WriteNumber("page", query.Page);
        writer.WriteNumber("limit", query.Limit);
        writer.WriteNumber("total", total);
        writer.WriteNumber("totalPages", (total + query.Limit - 1) / query.Limit);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private async Task<string?> BuildDetailAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await using var batch = _dataSource.CreateBatch();
        var row = new NpgsqlBatchCommand($"SELECT {EventRowJson.Columns} FROM events WHERE id = $1");
        row.Parameters.Add(new NpgsqlParameter { Value = eventId });
        var types = new NpgsqlBatchCommand(TicketTypeJson.ByEventSql);
        types.Parameters.Add(new NpgsqlParameter { Value = eventId });
        batch.BatchCommands.Add(row);
        batch.BatchCommands.Add(types);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(2048);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        writer.WriteStartObject();
        writer.WritePropertyName("event");
        EventRowJson.Write(writer, reader);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        writer.WriteStartArray("ticketTypes");
        await TicketTypeJson.WriteAllAsync(writer, reader, cancellationToken).ConfigureAwait(false);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
