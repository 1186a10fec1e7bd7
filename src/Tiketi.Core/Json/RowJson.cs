using System.Data.Common;
using System.Text.Json;
using Tiketi.Core.Time;

namespace Tiketi.Core.Json;

/// <summary>
/// Writes database columns straight from a data reader into a <see cref="Utf8JsonWriter"/> with the contract's
/// value types (REST.md §1.6): UUIDs lowercase, integers as numbers, timestamps in the contract format, JSONB
/// embedded as-is, NULL as <c>null</c>. No intermediate objects, so large lists (seat maps) stream cheaply.
/// </summary>
public static class RowJson
{
    /// <summary>UUID column (nullable).</summary>
    public static void Uuid(Utf8JsonWriter writer, string name, DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            writer.WriteNull(name);
            return;
        }

        Span<char> buffer = stackalloc char[36];
        reader.GetGuid(ordinal).TryFormat(buffer, out _, "D");
        writer.WriteString(name, buffer);
    }

    /// <summary>Text column (nullable).</summary>
    public static void Text(Utf8JsonWriter writer, string name, DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, reader.GetString(ordinal));
        }
    }

    /// <summary>INTEGER column (nullable) as a JSON number.</summary>
    public static void Integer(Utf8JsonWriter writer, string name, DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteNumber(name, reader.GetInt32(ordinal));
        }
    }

    /// <summary>BOOLEAN column (nullable).</summary>
    public static void Boolean(Utf8JsonWriter writer, string name, DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteBoolean(name, reader.GetBoolean(ordinal));
        }
    }

    /// <summary>timestamptz column (nullable) in the contract format.</summary>
    public static void Timestamp(Utf8JsonWriter writer, string name, DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            writer.WriteNull(name);
            return;
        }

        Span<char> buffer = stackalloc char[32];
        ContractTime.TryFormat(reader.GetDateTime(ordinal), buffer, out var written);
        writer.WriteString(name, buffer[..written]);
    }

    /// <summary>JSONB column (nullable), embedded as nested JSON.</summary>
    public static void Jsonb(Utf8JsonWriter writer, string name, DbDataReader reader, int ordinal)
    {
        writer.WritePropertyName(name);
        if (reader.IsDBNull(ordinal))
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(reader.GetString(ordinal), skipInputValidation: true);
        }
    }
}
