using System.Text.Json;

namespace Tiketi.Edge.SocketIO;

/// <summary>
/// The <c>{"_placeholder":true,"num":n}</c> objects that stand for binary attachments in a
/// packet's JSON. Pure checks: a packet whose placeholders point outside its attachments is refused.
/// </summary>
public static class AttachmentPlaceholders
{
    /// <summary>True when every placeholder in <paramref name="data"/> names an attachment in [0, <paramref name="attachmentCount"/>).</summary>
    public static bool AreValid(JsonElement data, int attachmentCount) => Check(data, attachmentCount, depth: 0);

    private static bool Check(JsonElement element, int count, int depth)
    {
        if (depth > 64)
        {
            return false;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!Check(item, count, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                if (element.TryGetProperty("_placeholder"u8, out var flag) && flag.ValueKind == JsonValueKind.True)
                {
                    return element.TryGetProperty("num"u8, out var num)
                        && num.ValueKind == JsonValueKind.Number
                        && num.TryGetInt32(out var index)
                        && index >= 0 && index < count;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (!Check(property.Value, count, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }
}
