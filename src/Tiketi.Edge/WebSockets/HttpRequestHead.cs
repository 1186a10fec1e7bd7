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
public sealed class HttpRequestHead
{
    private HttpRequestHead(string method, string path, string queryString, IHeaderDictionary headers)
    {
        Method = method;
        Path = path;
        QueryString = queryString;
        Headers = headers;
    }

    /// <summary>The request method (a token, e.g. <c>GET</c>).</summary>
    public string Method { get; }

    /// <summary>The target's path (starts with <c>/</c>, never percent-decoded).</summary>
    public string Path { get; }

    /// <summary>The target's query without the <c>?</c> (empty when none).</summary>
    public string QueryString { get; }

    /// <summary>Header fields, repeated names combined.</summary>
    public IHeaderDictionary Headers { get; }

    /// <summary>
    /// Parses <paramref name="head"/>: the bytes up to and including the empty line (<c>\r\n\r\n</c>) that ends
    /// the header section. False when it is not a plain, well-formed HTTP/1.1 request head.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> head, [NotNullWhen(true)] out HttpRequestHead? request)
    {
        request = null;
        if (!head.EndsWith("\r\n\r\n"u8))
        {
            return false;
        }

        var lineEnd = head.IndexOf("\r\n"u8);
        if (!TryParseRequestLine(head[..lineEnd], out var method, out var path, out var query))
        {
            return false;
        }

        var headers = new HeaderDictionary();
        var rest = head[(lineEnd + 2)..^2]; // header lines, each ending in CRLF
        while (!rest.IsEmpty)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            if (lineEnd <= 0 || !TryParseField(rest[..lineEnd], out var name, out var value))
            {
                return false;
            }

            headers[name] = StringValues.Concat(headers[name], value);
            rest = rest[(lineEnd + 2)..];
        }

        request = new HttpRequestHead(method, path, query, headers);
        return true;
    }

    private static bool TryParseRequestLine(ReadOnlySpan<byte> line, out string method, out string path, out string query)
    {
        method = path = query = "";
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1 || !line[(lastSpace + 1)..].SequenceEqual("HTTP/1.1"u8))
        {
            return false;
        }

        var methodBytes = line[..firstSpace];
        var target = line[(firstSpace + 1)..lastSpace];
        if (!IsToken(methodBytes) || target[0] != (byte)'/' || !IsVisibleAscii(target))
        {
            return false;
        }

        var question = target.IndexOf((byte)'?');
        var pathBytes = question < 0 ? target : target[..question];
        if (pathBytes.IndexOf((byte)'%') >= 0 || pathBytes.IndexOf((byte)'#') >= 0)
        {
            return false; // encoded or odd paths are the full server's business
        }

        method = Encoding.ASCII.GetString(methodBytes);
        path = Encoding.ASCII.GetString(pathBytes);
        query = question < 0 ? "" : Encoding.ASCII.GetString(target[(question + 1)..]);
        return true;
    }

    private static bool TryParseField(ReadOnlySpan<byte> line, out string name, out string value)
    {
        name = value = "";
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

        name = Encoding.ASCII.GetString(line[..colon]);
        value = Encoding.ASCII.GetString(raw);
        return true;
    }

    private static bool IsToken(ReadOnlySpan<byte> bytes)
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
