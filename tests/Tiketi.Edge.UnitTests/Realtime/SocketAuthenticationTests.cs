using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Tiketi.Core.Auth;
using Tiketi.Core.Users;
using Tiketi.Edge.Realtime;
using Tiketi.Edge.UnitTests.SocketIO;

namespace Tiketi.Edge.UnitTests.Realtime;

/// <summary>Socket authentication when the user lookup itself fails (REALTIME.md §2: the client never retries a CONNECT_ERROR).</summary>
public sealed class SocketAuthenticationTests
{
    [Fact]
    public async Task A_failed_user_lookup_closes_the_transport_so_the_client_reconnects_instead_of_staying_refused()
    {
        var tokens = new AccessTokens("unit-test-secret-unit-test-secret-unit-test", TimeSpan.FromHours(1), TimeProvider.System);
        await using var unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=2");
        var authentication = new SocketAuthentication(tokens, new UserDirectory(unreachable, TimeProvider.System), NullLogger<SocketAuthentication>.Instance);
        var harness = new SocketIoHarness();
        harness.Server.Use(authentication.AuthenticateAsync);
        var connection = harness.Open();

        await connection.ReceiveAsync($$"""0{"token":"{{tokens.Issue(Guid.NewGuid(), "a@b.c", "user")}}"}""");

        Assert.Equal(SocketAuthentication.LookupFailed, await connection.Closed.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty(connection.Texts);
    }
}
