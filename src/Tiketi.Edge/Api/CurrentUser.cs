using Tiketi.Core.Auth;
using Tiketi.Core.Users;

namespace Tiketi.Edge.Api;

/// <summary>
/// Bearer authentication for route groups and endpoints (REST.md §1.3 with FLOWS.md defect 41's fix):
/// <list type="bullet">
/// <item><c>group.RequireUser()</c>: <c>Authorization: Bearer &lt;jwt&gt;</c> (the second space-separated token; the
/// scheme word is ignored) must carry a valid HS256 token of an existing user, else 401 <c>{"error":"인증이 필요합니다."}</c>
/// (no token), 401 <c>{"error":"유효하지 않은 토큰입니다."}</c> (bad/expired), 401 with <c>code: USER_NOT_FOUND</c>
/// (user deleted).</item>
/// <item><c>group.RequireAdmin()</c>: the same, then 403 <c>{"error":"관리자 권한이 필요합니다."}</c> unless the user's
/// role <b>in the database</b> (cached a few seconds by <see cref="UserDirectory"/>) is admin.</item>
/// <item><c>httpContext.GetCurrentUser()</c> returns the <see cref="AuthenticatedUser"/> inside such endpoints.</item>
/// </list>
/// </summary>
public static partial class CurrentUser
{
    /// <summary>401 message when there is no token.</summary>
    public const string AuthenticationRequired = "인증이 필요합니다.";

    /// <summary>401 message for a malformed, forged or expired token.</summary>
    public const string InvalidToken = "유효하지 않은 토큰입니다.";

    /// <summary>401 message when the token's user no longer exists.</summary>
    public const string UserNotFound = "사용자 정보를 찾을 수 없습니다. 다시 로그인해주세요.";

    /// <summary>500 message when the user lookup fails.</summary>
    public const string AuthenticationFailed = "인증 처리 중 오류가 발생했습니다.";

    /// <summary>403 message for non-admins on admin endpoints.</summary>
    public const string AdminRequired = "관리자 권한이 필요합니다.";

    private static readonly object ItemKey = new();

    /// <summary>Requires an authenticated, existing user on every endpoint of <paramref name="builder"/>.</summary>
    public static TBuilder RequireUser<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static (context, next) => AuthenticateAsync(context, next, requireAdmin: false));

    /// <summary>Requires an authenticated user whose stored role is <c>admin</c>.</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static (context, next) => AuthenticateAsync(context, next, requireAdmin: true));

    /// <summary>The authenticated caller; only valid inside endpoints behind <see cref="RequireUser"/>/<see cref="RequireAdmin"/>.</summary>
    /// <exception cref="InvalidOperationException">The endpoint is not protected.</exception>
    public static AuthenticatedUser GetCurrentUser(this HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) && value is AuthenticatedUser user
            ? user
            : throw new InvalidOperationException("GetCurrentUser() used on an endpoint without RequireUser()/RequireAdmin().");

    /// <summary>
    /// Authenticates the request without an endpoint filter (for middleware or socket handshakes). Returns the user,
    /// or an error result to send as-is.
    /// </summary>
    public static async ValueTask<(AuthenticatedUser? User, IResult? Error)> AuthenticateAsync(HttpContext context, bool requireAdmin)
    {
        var token = BearerToken(context.Request.Headers.Authorization.ToString());
        if (token is null)
        {
            return (null, ApiErrors.Error(StatusCodes.Status401Unauthorized, AuthenticationRequired));
        }

        var services = context.RequestServices;
        var claims = await services.GetRequiredService<AccessTokens>().VerifyAsync(token);
        if (claims is null)
        {
            return (null, ApiErrors.Error(StatusCodes.Status401Unauthorized, InvalidToken));
        }

        UserIdentity? identity;
        try
        {
            identity = await services.GetRequiredService<UserDirectory>().FindAsync(claims.UserId, context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogLookupFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CurrentUser)), e);
            return (null, ApiErrors.ServerError(AuthenticationFailed));
        }

        if (identity is null)
        {
            return (null, ApiErrors.ErrorWithCode(StatusCodes.Status401Unauthorized, UserNotFound, "USER_NOT_FOUND"));
        }

        if (requireAdmin && !identity.IsAdmin)
        {
            return (null, ApiErrors.Error(StatusCodes.Status403Forbidden, AdminRequired));
        }

        var user = new AuthenticatedUser(identity.Id, identity.Email, identity.Role);
        context.Items[ItemKey] = user;
        return (user, null);
    }

    /// <summary>The second space-separated part of an Authorization header, as the original reads it; null if absent.</summary>
    public static string? BearerToken(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        var parts = header.Split(' ');
        return parts.Length >= 2 && parts[1].Length > 0 ? parts[1] : null;
    }

    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, bool requireAdmin)
    {
        var (_, error) = await AuthenticateAsync(context.HttpContext, requireAdmin);
        return error ?? await next(context);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "User lookup failed during authentication")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception);
}
