using System.Text.Json;
using System.Text.Json.Serialization;
using Tiketi.Core.Time;

namespace Tiketi.Core.Json;

/// <summary>Writes <see cref="DateTimeOffset"/> in the contract format (UTC, milliseconds, <c>Z</c>); reads ISO-8601.</summary>
public sealed class ContractDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<char> buffer = stackalloc char[32];
        ContractTime.TryFormat(value.UtcDateTime, buffer, out var written);
        writer.WriteStringValue(buffer[..written]);
    }
}
