using System.Runtime.InteropServices;
using System.Text.Json;

namespace Tiketi.Core.Json;

/// <summary>
/// Client JSON whose text cannot be used: System.Text.Json parses escapes such as a lone <c>"\ud800"</c> but then
/// throws when the string is read, and PostgreSQL refuses text holding U+0000. Both are the client's fault (400, or a
/// refused socket payload), so they are caught once where a body or payload is read, not as 500s further in.
/// </summary>
public static class JsonText
{
    /// <summary>True when every property name and string value under <paramref name="element"/> reads as text without U+0000.</summary>
    /// <remarks>
    /// The parser has already checked the UTF-8 and refuses raw control characters inside strings, so only text with
    /// escapes can hide a lone surrogate or U+0000: unescaped strings and names (nearly all) are passed without being
    /// decoded, so a request body is checked without allocating.
    /// </remarks>
    public static bool IsReadable(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return !HasEscapes(JsonMarshal.GetRawUtf8Value(element)) || TryGetString(element, out _);
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!IsReadable(item))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsReadable(property) || !IsReadable(property.Value))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>Reads a JSON string; false (and null) for a string that does not read as text or holds U+0000.</summary>
    public static bool TryGetString(JsonElement element, out string? value)
    {
        try
        {
            value = element.GetString();
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }

        if (value is not null && !IsUsable(value))
        {
            value = null;
            return false;
        }

        return true;
    }

    private static bool IsReadable(JsonProperty property)
    {
        if (!HasEscapes(JsonMarshal.GetRawUtf8PropertyName(property)))
        {
            return true;
        }

        try
        {
            return IsUsable(property.Name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool HasEscapes(ReadOnlySpan<byte> rawUtf8) => rawUtf8.Contains((byte)'\\');

    /// <summary>False for text PostgreSQL would refuse (U+0000).</summary>
    public static bool IsUsable(string text) => !text.Contains('\0', StringComparison.Ordinal);
}
