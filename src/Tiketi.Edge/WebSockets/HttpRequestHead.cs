using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Tiketi.Edge.WebSockets;

/// <summary>
/// The head of an HTTP/1.1 request (request line and header fields, RFC 9112 §3 and §5), strictly parsed:
/// anything unusual (obsolete line folding, non-ASCII bytes, another version, a target that is not a plain
/// path) is refused so the caller can leave the request to a full HTTP server. Pure: bytes in, values out.
/// </summary>
/// <remarks>
/// Parsing only validates and remembers where things are: the head stays one byte array, and strings
/// (<see cref="Method"/>, <see cref="Path"/>, <see cref="Headers"/>...) are made on first use. A WebSocket
/// connect is checked on the bytes (<see cref="EnumerateFields"/>), and most sessions never look at their
/// handshake headers, so an idle connection keeps a few hundred bytes instead of a dictionary of strings.
/// </remarks>
public sealed class HttpRequestHead
{
    private readonly byte[] _bytes;
    private readonly int _methodLength;
    private readonly int _pathStart;
    private readonly int _pathLength;
    private readonly int _queryStart;      // -1 without a query
    private readonly int _queryLength;
    private readonly int _fieldsStart;
    private string? _method;
    private string? _path;
    private string? _queryString;
    private IHeaderDictionary? _headers;

    private HttpRequestHead(byte[] bytes, int methodLength, int pathStart, int pathLength, int queryStart, int queryLength, int fieldsStart)
    {
        _bytes = bytes;
        _methodLength = methodLength;
        _pathStart = pathStart;
        _pathLength = pathLength;
        _queryStart = queryStart;
        _queryLength = queryLength;
        _fieldsStart = fieldsStart;
    }

    /// <summary>The request method (a token, e.g. <c>GET</c>).</summary>
    public string Method => _method ??= Encoding.ASCII.GetString(MethodBytes);

    /// <summary>The target's path (starts with <c>/</c>, never percent-decoded).</summary>
    public string Path => _path ??= Encoding.ASCII.GetString(PathBytes);

    /// <summary>The target's query without the <c>?</c> (empty when none).</summary>
    public string QueryString => _queryString ??= Encoding.ASCII.GetString(QueryBytes);

    /// <summary>The method's bytes.</summary>
    public ReadOnlySpan<byte> MethodBytes => _bytes.AsSpan(0, _methodLength);

    /// <summary>The path's bytes (ASCII).</summary>
    public ReadOnlySpan<byte> PathBytes => _bytes.AsSpan(_pathStart, _pathLength);

    /// <summary>The query's bytes without the <c>?</c> (ASCII; empty when none).</summary>
    public ReadOnlySpan<byte> QueryBytes => _queryStart < 0 ? default : _bytes.AsSpan(_queryStart, _queryLength);

    /// <summary>Header fields, repeated names combined (built on first use).</summary>
    public IHeaderDictionary Headers
    {
        get
        {
            var headers = Volatile.Read(ref _headers);
            if (headers is null)
            {
                var built = BuildHeaders();
                headers = Interlocked.CompareExchange(ref _headers, built, null) ?? built;
            }

            return headers;
        }
    }

    /// <summary>The header fields in order, as name and trimmed value bytes, without allocating.</summary>
    public HttpHeaderFieldEnumerator EnumerateFields() => new(_bytes.AsSpan(_fieldsStart, _bytes.Length - _fieldsStart - 2));

    /// <summary>
    /// Parses <paramref name="head"/>: the bytes up to and including the empty line (<c>\r\n\r\n</c>) that ends
    /// the header section. False when it is not a plain, well-formed HTTP/1.1 request head.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> head, [NotNullWhen(true)] out HttpRequestHead? request) =>
        TryParse(head.ToArray(), out request);

    /// <summary>Parses a head the caller hands over (the array is kept, not copied).</summary>
    public static bool TryParse(byte[] head, [NotNullWhen(true)] out HttpRequestHead? request)
    {
        ArgumentNullException.ThrowIfNull(head);
        request = null;
        var span = head.AsSpan();
        if (!span.EndsWith("\r\n\r\n"u8))
        {
            return false;
        }

        var lineEnd = span.IndexOf("\r\n"u8);
        if (!TryParseRequestLine(span[..lineEnd], out var methodLength, out var pathStart, out var pathLength, out var queryStart, out var queryLength))
        {
            return false;
        }

        var fieldsStart = lineEnd + 2;
        var fields = new HttpHeaderFieldEnumerator(span[fieldsStart..^2]);
        while (fields.MoveNext())
        {
        }

        if (!fields.IsValid)
        {
            return false;
        }

        request = new HttpRequestHead(head, methodLength, pathStart, pathLength, queryStart, queryLength, fieldsStart);
        return true;
    }

    private HeaderDictionary BuildHeaders()
    {
        var headers = new HeaderDictionary();
        var fields = EnumerateFields();
        while (fields.MoveNext())
        {
            var name = HttpHeaderNames.GetString(fields.Name);
            headers[name] = StringValues.Concat(headers[name], Encoding.ASCII.GetString(fields.Value));
        }

        return headers;
    }

    private static bool TryParseRequestLine(ReadOnlySpan<byte> line, out int methodLength, out int pathStart, out int pathLength, out int queryStart, out int queryLength)
    {
        methodLength = pathStart = pathLength = queryLength = 0;
        queryStart = -1;
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1 || !line[(lastSpace + 1)..].SequenceEqual("HTTP/1.1"u8))
        {
            return false;
        }

        var target = line[(firstSpace + 1)..lastSpace];
        if (!HttpHeaderFieldEnumerator.IsToken(line[..firstSpace]) || target[0] != (byte)'/' || !IsVisibleAscii(target))
        {
            return false;
        }

        var question = target.IndexOf((byte)'?');
        var pathBytes = question < 0 ? target : target[..question];
        if (pathBytes.IndexOf((byte)'%') >= 0 || pathBytes.IndexOf((byte)'#') >= 0)
        {
            return false; // encoded or odd paths are the full server's business
        }

        methodLength = firstSpace;
        pathStart = firstSpace + 1;
        pathLength = pathBytes.Length;
        if (question >= 0)
        {
            queryStart = pathStart + question + 1;
            queryLength = target.Length - question - 1;
        }

        return true;
    }

    private static bool IsVisibleAscii(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b <= 0x20 || b >= 0x7F)
            {
                return false;
            }
        }

        return true;
    }
}
