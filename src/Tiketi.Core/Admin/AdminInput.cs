using System.Globalization;
using System.Text.Json;
using Tiketi.Core.Time;

namespace Tiketi.Core.Admin;

/// <summary>
/// Reads the fields of an admin request body (a JSON object) with the admin form's conventions: numbers may arrive
/// as numeric strings (HTML number inputs), dates without an offset are Asia/Seoul wall-clock time, an empty string
/// for an optional id means "none". Never throws on bad input; the first problem is kept in <see cref="Error"/>.
/// </summary>
public sealed class AdminInput
{
    private readonly JsonElement _body;

    /// <summary>Wraps a body; anything but an object reads as empty and fails with a malformed-body error.</summary>
    public AdminInput(JsonElement body)
    {
        _body = body;
        if (body.ValueKind != JsonValueKind.Object)
        {
            Error = AdminMessages.MalformedBody;
        }
    }

    /// <summary>The first problem found, or null while everything read so far is valid.</summary>
    public string? Error { get; private set; }

    /// <summary>Whether the body carries <paramref name="name"/> with a non-null value.</summary>
    public bool Has(string name) =>
        _body.ValueKind == JsonValueKind.Object && _body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>
    /// A text field: null when absent or JSON null; trimmed when <paramref name="required"/> (a blank value is then
    /// an error); longer than <paramref name="maxLength"/> is an error.
    /// </summary>
    public string? Text(string name, string label, int maxLength, bool required)
    {
        if (!TryGet(name, out var value))
        {
            Fail(required ? AdminMessages.Required(label) : null);
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(AdminMessages.Invalid(label));
            return null;
        }

        var text = value.GetString()!;
        if (required)
        {
            text = text.Trim();
            if (text.Length == 0)
            {
                Fail(AdminMessages.Required(label));
                return null;
            }
        }

        if (text.Length > maxLength)
        {
            Fail(AdminMessages.TooLong(label, maxLength));
            return null;
        }

        return text;
    }

    /// <summary>A date-time (see <see cref="ContractTime.TryParseAdminInput"/>); null when absent.</summary>
    public DateTimeOffset? Date(string name, string label, bool required)
    {
        if (!TryGet(name, out var value))
        {
            Fail(required ? AdminMessages.Required(label) : null);
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !ContractTime.TryParseAdminInput(value.GetString(), out var instant))
        {
            Fail(AdminMessages.Invalid(label));
            return null;
        }

        return instant;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>] given as a JSON number or a numeric string; null when absent.</summary>
    public int? Integer(string name, string label, int min, int max, bool required)
    {
        if (!TryGet(name, out var value) || (value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length == 0))
        {
            Fail(required ? AdminMessages.Required(label) : null);
            return null;
        }

        long number;
        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out number),
            JsonValueKind.String => long.TryParse(value.GetString()!.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number),
            _ => (number = 0) != 0,
        };
        if (!parsed || number < min || number > max)
        {
            Fail(AdminMessages.OutOfRange(label, min, max));
            return null;
        }

        return (int)number;
    }

    /// <summary>An optional id: null when absent, JSON null or an empty string; otherwise it must be a UUID.</summary>
    public Guid? OptionalGuid(string name, string label)
    {
        if (!TryGet(name, out var value) || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id))
        {
            return id;
        }

        Fail(AdminMessages.Invalid(label));
        return null;
    }

    /// <summary>An array field's elements; empty when absent; an error when present but not an array.</summary>
    public IReadOnlyList<JsonElement> Array(string name, string label)
    {
        if (!TryGet(name, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(AdminMessages.Invalid(label));
            return [];
        }

        return [.. value.EnumerateArray()];
    }

    /// <summary>Records <paramref name="message"/> unless an earlier problem is already recorded.</summary>
    public void Fail(string? message)
    {
        if (message is not null)
        {
            Error ??= message;
        }
    }

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return _body.ValueKind == JsonValueKind.Object && _body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }
}
