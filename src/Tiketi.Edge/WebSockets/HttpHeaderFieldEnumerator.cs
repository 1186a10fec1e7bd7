namespace Tiketi.Edge.WebSockets;

/// <summary>
/// Walks the header lines of a request head (each <c>name: value</c> ending in CRLF) without allocating,
/// validating as it goes: a name must be a token, a value visible ASCII or tabs. After the walk,
/// <see cref="IsValid"/> says whether every line was well formed.
/// </summary>
public ref struct HttpHeaderFieldEnumerator
{
    private ReadOnlySpan<byte> _rest;

    /// <param name="fields">The header lines, each ending in CRLF, without the empty line that ends the head.</param>
    public HttpHeaderFieldEnumerator(ReadOnlySpan<byte> fields)
    {
        _rest = fields;
        IsValid = true;
    }

    /// <summary>The current field's name, as sent.</summary>
    public ReadOnlySpan<byte> Name { get; private set; }

    /// <summary>The current field's value without surrounding spaces and tabs.</summary>
    public ReadOnlySpan<byte> Value { get; private set; }

    /// <summary>False once a malformed line was met (the walk stops there).</summary>
    public bool IsValid { get; private set; }

    /// <summary>Advances to the next field; false at the end or at a malformed line.</summary>
    public bool MoveNext()
    {
        if (_rest.IsEmpty || !IsValid)
        {
            return false;
        }

        var lineEnd = _rest.IndexOf("\r\n"u8);
        if (lineEnd <= 0 || !TryParseField(_rest[..lineEnd], out var name, out var value))
        {
            IsValid = false;
            return false;
        }

        Name = name;
        Value = value;
        _rest = _rest[(lineEnd + 2)..];
        return true;
    }

    /// <summary>True for a non-empty RFC 9110 token (a method or a field name).</summary>
    public static bool IsToken(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            var ok = (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'0' && b <= (byte)'9')
                || "!#$%&'*+-.^_`|~"u8.Contains(b);
            if (!ok)
            {
                return false;
            }
        }

        return !bytes.IsEmpty;
    }

    private static bool TryParseField(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        name = value = default;
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || !IsToken(line[..colon]))
        {
            return false; // also refuses obsolete folding (a line starting with whitespace)
        }

        var raw = line[(colon + 1)..].Trim(" \t"u8);
        foreach (var b in raw)
        {
            if ((b < 0x20 && b != (byte)'\t') || b >= 0x7F)
            {
                return false;
            }
        }

        name = line[..colon];
        value = raw;
        return true;
    }
}
