using System.Text;
using Tiketi.Edge.WebSockets;

namespace Tiketi.Edge.UnitTests.WebSockets;

public class HttpRequestHeadTests
{
    private static bool Parse(string text, out HttpRequestHead? head) => HttpRequestHead.TryParse(Encoding.Latin1.GetBytes(text), out head);

    [Fact]
    public void A_websocket_connect_head_parses_into_method_path_query_and_headers()
    {
        Assert.True(Parse(
            "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: localhost:3001\r\nUpgrade: websocket\r\n" +
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nX-A: 1\r\nx-a:  2 \r\n\r\n", out var head));
        Assert.Equal("GET", head!.Method);
        Assert.Equal("/socket.io/", head.Path);
        Assert.Equal("EIO=4&transport=websocket", head.QueryString);
        Assert.Equal("localhost:3001", head.Headers.Host.ToString());
        Assert.Equal("dGhlIHNhbXBsZSBub25jZQ==", head.Headers.SecWebSocketKey.ToString());
        Assert.Equal("1,2", head.Headers["X-A"].ToString()); // repeated names combine, case-insensitively, values trimmed
    }

    [Fact]
    public void A_head_without_headers_or_query_parses()
    {
        Assert.True(Parse("GET / HTTP/1.1\r\n\r\n", out var head));
        Assert.Equal("/", head!.Path);
        Assert.Equal("", head.QueryString);
        Assert.Empty(head.Headers);
    }

    [Theory]
    [InlineData("GET /x HTTP/1.1\r\nHost: a\r\n")]                          // no empty line: not a complete head
    [InlineData("GET /x HTTP/1.0\r\nHost: a\r\n\r\n")]                      // another version
    [InlineData("GET /x HTTP/2\r\n\r\n")]
    [InlineData("GET x HTTP/1.1\r\n\r\n")]                                  // not origin-form
    [InlineData("GET http://a/x HTTP/1.1\r\n\r\n")]
    [InlineData("GET /a%2Fb HTTP/1.1\r\n\r\n")]                             // encoded path: left to the full server
    [InlineData("GET  /x HTTP/1.1\r\n\r\n")]                                // double space
    [InlineData("G@T /x HTTP/1.1\r\n\r\n")]                                 // method not a token
    [InlineData("GET /x HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n")]          // obsolete line folding
    [InlineData("GET /x HTTP/1.1\r\nHost : a\r\n\r\n")]                     // space before the colon
    [InlineData("GET /x HTTP/1.1\r\nNoColon\r\n\r\n")]
    [InlineData("GET /x HTTP/1.1\r\n: empty-name\r\n\r\n")]
    [InlineData("GET /x HTTP/1.1\r\nHost: \u00e9\r\n\r\n")]                 // non-ASCII value
    [InlineData("GET /x HTTP/1.1\r\nHost: a\u0001b\r\n\r\n")]               // control character
    [InlineData("GET /\u00e9 HTTP/1.1\r\n\r\n")]                            // non-ASCII target
    [InlineData("GET /x HTTP/1.1\nHost: a\n\n")]                            // bare LF
    public void Anything_unusual_is_refused(string text)
    {
        Assert.False(Parse(text, out var head));
        Assert.Null(head);
    }

    [Fact]
    public void Fields_are_walked_on_the_bytes_in_order_with_values_trimmed()
    {
        Assert.True(Parse("GET /x?a=1 HTTP/1.1\r\nHost: h\r\nX-A:\t 1 \r\nx-a:2\r\nEmpty:\r\n\r\n", out var head));
        var seen = new List<string>();
        var fields = head!.EnumerateFields();
        while (fields.MoveNext())
        {
            seen.Add(Encoding.ASCII.GetString(fields.Name) + "=" + Encoding.ASCII.GetString(fields.Value));
        }

        Assert.True(fields.IsValid);
        Assert.Equal(["Host=h", "X-A=1", "x-a=2", "Empty="], seen);
        Assert.Equal("GET"u8.ToArray(), head.MethodBytes.ToArray());
        Assert.Equal("/x"u8.ToArray(), head.PathBytes.ToArray());
        Assert.Equal("a=1"u8.ToArray(), head.QueryBytes.ToArray());
    }

    [Fact]
    public void Headers_are_built_once_on_first_use_and_known_names_are_shared_strings()
    {
        const string Text = "GET / HTTP/1.1\r\nHost: a\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nX-Custom: 1\r\n\r\n";
        Assert.True(Parse(Text, out var first));
        Assert.True(Parse(Text, out var second));

        Assert.Same(first!.Headers, first.Headers);
        var firstNames = first.Headers.Keys.ToArray();
        var secondNames = second!.Headers.Keys.ToArray();
        Assert.Same(Microsoft.Net.Http.Headers.HeaderNames.SecWebSocketKey, firstNames.Single(n => n == "Sec-WebSocket-Key"));
        Assert.Same(firstNames.Single(n => n == "Host"), secondNames.Single(n => n == "Host"));
        Assert.NotSame(firstNames.Single(n => n == "X-Custom"), secondNames.Single(n => n == "X-Custom")); // unknown names are not interned
    }

    [Fact]
    public void A_head_handed_over_as_an_array_is_kept_without_a_copy()
    {
        var bytes = Encoding.ASCII.GetBytes("GET /p HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.True(HttpRequestHead.TryParse(bytes, out var head));

        bytes[5] = (byte)'q';

        Assert.Equal("/q", head!.Path);
    }
}
