using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.UnitTests.EngineIO;

public class DirectConnectQueryTests
{
    // The rule the acceptor must keep, on the query dictionary ASP.NET Core itself would build.
    private static bool Reference(string query)
    {
        var parsed = QueryHelpers.ParseQuery(query);
        return parsed.TryGetValue("EIO", out var eio) && eio == "4"
            && parsed.TryGetValue("transport", out var transport) && transport == "websocket"
            && !parsed.ContainsKey("sid");
    }

    [Theory]
    [InlineData("EIO=4&transport=websocket", true)]
    [InlineData("transport=websocket&EIO=4", true)]
    [InlineData("eio=4&TRANSPORT=websocket&t=abc", true)]          // names are case-insensitive
    [InlineData("EIO=4&&transport=websocket&", true)]              // empty pairs are skipped
    [InlineData("EIO=4&transport=websocket&x=a=b", true)]
    [InlineData("EIO=%34&transport=websocket", true)]              // encoded: decoded like ASP.NET Core does
    [InlineData("EIO=4&transport=web+socket", false)]
    [InlineData("E%49O=4&transport=websocket", true)]
    [InlineData("EIO=3&transport=websocket", false)]
    [InlineData("EIO=4&transport=polling", false)]
    [InlineData("EIO=4&transport=WebSocket", false)]               // values are case-sensitive
    [InlineData("EIO=4&EIO=4&transport=websocket", false)]         // a repeated name is two values
    [InlineData("EIO=4&transport=websocket&transport=websocket", false)]
    [InlineData("EIO=4&transport=websocket&sid=abc", false)]       // upgrades of polling sessions
    [InlineData("EIO=4&transport=websocket&SID", false)]
    [InlineData("EIO=4&transport=websocket&s%69d=x", false)]
    [InlineData("EIO&transport=websocket", false)]
    [InlineData("EIO=&transport=websocket", false)]
    [InlineData("EIO=4", false)]
    [InlineData("", false)]
    public void Matches_what_the_parsed_query_says(string query, bool expected)
    {
        Assert.Equal(expected, Reference(query));
        Assert.Equal(expected, DirectWebSocketAcceptor.IsDirectConnectQuery(Encoding.ASCII.GetBytes(query)));
    }
}
