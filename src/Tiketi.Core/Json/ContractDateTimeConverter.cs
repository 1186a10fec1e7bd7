using System.Text.Json;
using System.Text.Json.Serialization;
using Tiketi.Core.Time;

namespace Tiketi.Core.Json;

/// <summary>Writes <see cref="DateTime"/> in the contract format (UTC, milliseconds, <c>Z</c>); reads ISO-8601.</summary>
public sealed class ContractDateTimeConverter : JsonConverter<DateTime>
{
    /// <inheritdoc />
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().UtcDateTime;

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        Span<char> buffer = stackalloc char[32];
        ContractTime.TryFormat(value, buffer, out var written);
        writer.WriteStringValue(buffer[..written]);
    }
}
