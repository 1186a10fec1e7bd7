using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Tiketi.Core.Auth;
using Tiketi.Core.Json;
using Tiketi.Core.Users;
using Tiketi.Edge.SocketIO;

namespace Tiketi.Edge.Realtime;

/// <summary>
/// Connect middleware (REALTIME.md §2): the CONNECT auth payload's <c>token</c> is verified exactly
/// as REST verifies a bearer token (signature, HS256, expiry, and the user must still exist).
/// Refusals carry the contract's messages verbatim; every refusal of a bad token contains the
/// lowercase word "authentication", which is what makes the client log out.
/// </summary>
public sealed partial class SocketAuthentication(AccessTokens tokens, UserDirectory users, ILogger<SocketAuthentication> logger)
{
    /// <summary>No <c>auth.token</c> in the CONNECT packet.</summary>
    public const string AuthenticationRequired = "Authentication required";

    /// <summary>Malformed, forged or expired token, or the user no longer exists.</summary>
    public const string InvalidToken = "Invalid authentication token";

    /// <summary>
    /// The user lookup failed (a server problem): the transport is closed with this reason rather than refused, so the
    /// client reconnects by itself and is neither logged out nor left without live updates.
    /// </summary>
    public const string LookupFailed = "Authentication unavailable, retry later";

    private static readonly SocketIoConnectRejection Required = new(AuthenticationRequired);
    private static readonly SocketIoConnectRejection Invalid = new(InvalidToken);
    private static readonly SocketIoConnectRejection Unavailable = SocketIoConnectRejection.RetryLater(LookupFailed);

    /// <summary>The middleware: sets <c>socket.Data</c> to a <see cref="RealtimeUser"/> or refuses the connection.</summary>
    public async ValueTask<SocketIoConnectRejection?> AuthenticateAsync(SocketIoSocket socket, CancellationToken cancellationToken)
    {
        var auth = socket.Auth;
        if (auth.ValueKind != JsonValueKind.Object
            || !auth.TryGetProperty("token", out var tokenElement)
            || tokenElement.ValueKind != JsonValueKind.String
            || tokenElement.ValueEquals(""u8))
        {
            return Required;
        }

        if (!JsonText.TryGetString(tokenElement, out var token) || token is null)
        {
            return Invalid; // present but not text (a lone surrogate escape)
        }

        var claims = await tokens.VerifyAsync(token);
        if (claims is null)
        {
            return Invalid;
        }

        UserIdentity? identity;
        try
        {
            identity = await users.FindAsync(claims.UserId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLookupFailed(logger, ex);
            return Unavailable;
        }

        if (identity is null)
        {
            return Invalid;
        }

        socket.Data = new RealtimeUser(identity.Id, identity.Role, ExpiresAt(token));
        return null;
    }

    /// <summary>When a verified token stops being accepted: its <c>exp</c> plus the verifier's clock skew.</summary>
    private static DateTimeOffset ExpiresAt(string token) =>
        new DateTimeOffset(new JsonWebToken(token).ValidTo, TimeSpan.Zero) + AccessTokens.ClockSkew;

    [LoggerMessage(Level = LogLevel.Error, Message = "User lookup failed during socket authentication")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception);
}
