using System.Text.Json;
using Tiketi.Core.Auth;
using Tiketi.Core.Json;
using Tiketi.Core.Users;

namespace Tiketi.Edge.Api;

/// <summary>
/// <c>POST /api/auth/register</c> and <c>POST /api/auth/login</c> (REST.md §3.2/3.3). Deliberate deviation (FLOWS.md
/// defect 41): wrong credentials answer <b>400</b>, not 401, so the client shows the inline message instead of its
/// "session expired" interceptor.
/// </summary>
public static class AuthEndpoints
{
    /// <summary>Longest accepted password (hashing cost is proportional to input; bcrypt silently truncated at 72 bytes).</summary>
    public const int MaxPasswordLength = 128;

    /// <summary>Shortest accepted password on registration.</summary>
    public const int MinPasswordLength = 6;

    /// <summary>Maps the auth endpoints under <paramref name="api"/> (the <c>/api</c> group).</summary>
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth");
        auth.MapPost("/register", RegisterAsync).WithFailureMessage("회원가입에 실패했습니다.");
        auth.MapPost("/login", LoginAsync).WithFailureMessage("로그인에 실패했습니다.");
        return auth;
    }

    private static async Task<IResult> RegisterAsync(JsonElement body, HttpContext context, UserAccounts accounts, AccessTokens tokens,
        AuthRateLimiter limiter, CancellationToken cancellationToken)
    {
        if (!limiter.TryAcquireForIp(context))
        {
            return AuthRateLimiter.TooManyRequests(context);
        }

        if (!JsonText.IsReadable(body))
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedBody);
        }

        var errors = new ValidationErrors();
        if (!EmailAddress.TryNormalize(StringField(body, "email"), out var email))
        {
            errors.Add(body, "email");
        }

        var password = StringField(body, "password");
        if (password is null || password.Length < MinPasswordLength || password.Length > MaxPasswordLength)
        {
            errors.Add(body, "password", echoValue: false);
        }

        var name = StringField(body, "name")?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors.Add(body, "name");
        }

        string? phone = null;
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("phone", out var phoneValue) && phoneValue.ValueKind != JsonValueKind.Null)
        {
            phone = phoneValue.ValueKind == JsonValueKind.String ? phoneValue.GetString() : null;
            if (phone is null || phone.Length > 20)
            {
                errors.Add(body, "phone");
            }
        }

        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (!limiter.TryAcquireForEmail(email))
        {
            return AuthRateLimiter.TooManyRequests(context);
        }

        var user = await accounts.RegisterAsync(email, password!, name!, phone, cancellationToken);
        if (user is null)
        {
            return ApiErrors.BadRequest("이미 존재하는 이메일입니다.");
        }

        return TypedResults.Json(new
        {
            message = "회원가입이 완료되었습니다.",
            token = tokens.Issue(user.Id, user.Email, user.Role),
            user = UserBody(user),
        }, ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> LoginAsync(JsonElement body, HttpContext context, UserAccounts accounts, AccessTokens tokens,
        AuthRateLimiter limiter, CancellationToken cancellationToken)
    {
        if (!limiter.TryAcquireForIp(context))
        {
            return AuthRateLimiter.TooManyRequests(context);
        }

        if (!JsonText.IsReadable(body))
        {
            return ApiErrors.BadRequest(ApiErrors.MalformedBody);
        }

        var errors = new ValidationErrors();
        if (!EmailAddress.TryNormalize(StringField(body, "email"), out var email))
        {
            errors.Add(body, "email");
        }

        var password = StringField(body, "password");
        if (string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength)
        {
            errors.Add(body, "password", echoValue: false);
        }

        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (!limiter.TryAcquireForEmail(email))
        {
            return AuthRateLimiter.TooManyRequests(context);
        }

        var user = await accounts.LoginAsync(email, password!, cancellationToken);
        if (user is null)
        {
            return ApiErrors.BadRequest("이메일 또는 비밀번호가 일치하지 않습니다.");
        }

        return TypedResults.Json(new
        {
            message = "로그인 성공",
            token = tokens.Issue(user.Id, user.Email, user.Role),
            user = UserBody(user),
        }, ApiJson.Options);
    }

    private static object UserBody(UserProfile user) => new { id = user.Id, email = user.Email, name = user.Name, role = user.Role };

    private static string? StringField(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
