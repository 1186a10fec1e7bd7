using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using Tiketi.Core.Auth;
using Tiketi.Core.Users;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Api;

public class AuthTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    private HttpClient Http => fixture.Server.Client;

    [Fact]
    public async Task Register_returns_201_with_token_and_normalised_user()
    {
        var response = await Http.PostJsonAsync("/api/auth/register", new { email = "Kim.Chul+tickets@GoogleMail.com", password = "secret1", name = "  김철수  ", phone = "" });

        var body = await JsonAssert.StatusAndBodyAsync(response, HttpStatusCode.Created);
        JsonAssert.HasExactlyProperties(body, "message", "token", "user");
        Assert.Equal("회원가입이 완료되었습니다.", body.GetProperty("message").GetString());
        var user = body.GetProperty("user");
        JsonAssert.HasExactlyProperties(user, "id", "email", "name", "role");
        Assert.Equal("kimchul@gmail.com", user.GetProperty("email").GetString());
        Assert.Equal("김철수", user.GetProperty("name").GetString());
        Assert.Equal("user", user.GetProperty("role").GetString());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", user.GetProperty("id").GetString());
        var claims = await fixture.Server.GetRequiredService<AccessTokens>().VerifyAsync(body.GetProperty("token").GetString()!);
        Assert.Equal(Guid.Parse(user.GetProperty("id").GetString()!), claims!.UserId);
        Assert.Equal("kimchul@gmail.com", claims.Email);
    }

    [Fact]
    public async Task Token_carries_exactly_the_contract_claims_with_a_seven_day_lifetime()
    {
        var (token, _) = await Http.RegisterAsync("claims@example.com");

        var payload = JsonDocument.Parse(Base64UrlDecode(token.Split('.')[1])).RootElement;
        var header = JsonDocument.Parse(Base64UrlDecode(token.Split('.')[0])).RootElement;
        JsonAssert.HasExactlyProperties(payload, "userId", "email", "role", "iat", "exp");
        Assert.Equal("HS256", header.GetProperty("alg").GetString());
        Assert.Equal(604800, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task Register_validation_errors_use_the_express_validator_shape_without_echoing_the_password()
    {
        var response = await Http.PostJsonAsync("/api/auth/register", new { email = "not-an-email", password = "123", name = "   " });

        var body = await JsonAssert.StatusAndBodyAsync(response, HttpStatusCode.BadRequest);
        var errors = body.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(["email", "password", "name"], errors.Select(e => e.GetProperty("path").GetString()));
        Assert.All(errors, e =>
        {
            Assert.Equal("field", e.GetProperty("type").GetString());
            Assert.Equal("Invalid value", e.GetProperty("msg").GetString());
            Assert.Equal("body", e.GetProperty("location").GetString());
        });
        Assert.Equal("not-an-email", errors[0].GetProperty("value").GetString());
        Assert.False(errors[1].TryGetProperty("value", out _));
        Assert.DoesNotContain("123", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_rejects_passwords_longer_than_the_maximum()
    {
        var response = await Http.PostJsonAsync("/api/auth/register", new { email = "long@example.com", password = new string('x', 129), name = "A" });

        var body = await JsonAssert.StatusAndBodyAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("password", body.GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Register_twice_with_the_same_normalised_email_is_a_400()
    {
        await Http.RegisterAsync("dup@example.com");

        var response = await Http.PostJsonAsync("/api/auth/register", new { email = "DUP@Example.com", password = "secret1", name = "B" });

        await JsonAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "이미 존재하는 이메일입니다.");
    }

    [Fact]
    public async Task Login_succeeds_with_any_spelling_that_normalises_to_the_stored_email()
    {
        await Http.RegisterAsync("lee.young@gmail.com", "pass1234");

        var response = await Http.PostJsonAsync("/api/auth/login", new { email = "LeeYoung+x@gmail.com", password = "pass1234" });

        var body = await JsonAssert.StatusAndBodyAsync(response, HttpStatusCode.OK);
        JsonAssert.HasExactlyProperties(body, "message", "token", "user");
        Assert.Equal("로그인 성공", body.GetProperty("message").GetString());
        Assert.Equal("leeyoung@gmail.com", body.GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_are_the_same_400()
    {
        await Http.RegisterAsync("park@example.com", "rightpass");

        await JsonAssert.ErrorAsync(await Http.PostJsonAsync("/api/auth/login", new { email = "park@example.com", password = "wrongpass" }),
            HttpStatusCode.BadRequest, "이메일 또는 비밀번호가 일치하지 않습니다.");
        await JsonAssert.ErrorAsync(await Http.PostJsonAsync("/api/auth/login", new { email = "nobody@example.com", password = "wrongpass" }),
            HttpStatusCode.BadRequest, "이메일 또는 비밀번호가 일치하지 않습니다.");
    }

    [Fact]
    public async Task Login_validation_rejects_a_missing_password()
    {
        var body = await JsonAssert.StatusAndBodyAsync(await Http.PostJsonAsync("/api/auth/login", new { email = "a@example.com" }), HttpStatusCode.BadRequest);

        Assert.Equal("password", body.GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Startup_admin_exists_and_can_log_in()
    {
        var body = await JsonAssert.StatusAndBodyAsync(
            await Http.PostJsonAsync("/api/auth/login", new { email = "admin@tiketi.gg", password = "admin123" }), HttpStatusCode.OK);

        Assert.Equal("admin", body.GetProperty("user").GetProperty("role").GetString());
        Assert.Equal("관리자", body.GetProperty("user").GetProperty("name").GetString());
        Assert.DoesNotContain(fixture.Server.Logs.Entries, log => log.Message.Contains("admin123", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_in_the_contract_shape()
    {
        using var content = new StringContent("{\"email\": ", Encoding.UTF8, "application/json");
        var response = await Http.PostAsync(new Uri("/api/auth/login", UriKind.Relative), content);

        var body = await JsonAssert.StatusAndBodyAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(JsonValueKind.String, body.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Bodies_over_100_kB_are_rejected_with_413()
    {
        var big = JsonSerializer.Serialize(new { email = "a@example.com", password = new string('x', 110_000) });
        using var content = new StringContent(big, Encoding.UTF8, "application/json");

        var response = await Http.PostAsync(new Uri("/api/auth/login", UriKind.Relative), content);

        await JsonAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "요청 본문이 너무 큽니다.");
    }

    [Fact]
    public async Task Protected_endpoint_without_token_is_401_authentication_required()
    {
        await JsonAssert.ErrorAsync(await Http.GetWithTokenAsync("/probe/user", null), HttpStatusCode.Unauthorized, "인증이 필요합니다.");
        await JsonAssert.ErrorAsync(await Http.GetWithTokenAsync("/probe/user", "Bearer"), HttpStatusCode.Unauthorized, "인증이 필요합니다.");
    }

    [Fact]
    public async Task Valid_token_reaches_the_endpoint_whatever_the_scheme_word()
    {
        var (token, user) = await Http.RegisterAsync("scheme@example.com");

        var body = await JsonAssert.StatusAndBodyAsync(await Http.GetWithTokenAsync("/probe/user", "Token " + token), HttpStatusCode.OK);

        Assert.Equal(user.GetProperty("id").GetString(), body.GetProperty("Id").GetString());
    }

    [Fact]
    public async Task Forged_expired_and_alg_none_tokens_are_401_invalid_token()
    {
        var (token, user) = await Http.RegisterAsync("forge@example.com");
        var id = Guid.Parse(user.GetProperty("id").GetString()!);
        var forged = new AccessTokens("another-secret-another-secret-123456", TimeSpan.FromDays(7), TimeProvider.System).Issue(id, "forge@example.com", "admin");
        var expired = new AccessTokens(EdgeFixture.JwtSecret, TimeSpan.FromHours(1), new FixedTime(DateTimeOffset.UtcNow.AddHours(-2))).Issue(id, "forge@example.com", "user");
        var parts = token.Split('.');
        var none = Base64UrlEncode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        var hs512Header = Base64UrlEncode("{\"alg\":\"HS512\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2];

        foreach (var bad in new[] { forged, expired, none, hs512Header, "garbage", parts[0] + "." + parts[1] + ".AAAA" })
        {
            await JsonAssert.ErrorAsync(await Http.GetWithTokenAsync("/probe/user", "Bearer " + bad), HttpStatusCode.Unauthorized, "유효하지 않은 토큰입니다.");
        }
    }

    [Fact]
    public async Task Token_of_a_deleted_user_is_401_user_not_found()
    {
        var (token, user) = await Http.RegisterAsync("gone@example.com");
        await ExecuteAsync("DELETE FROM users WHERE id = @id", new { id = Guid.Parse(user.GetProperty("id").GetString()!) });

        var response = await Http.GetWithTokenAsync("/probe/user", "Bearer " + token);

        var body = await JsonAssert.StatusAndBodyAsync(response, HttpStatusCode.Unauthorized);
        JsonAssert.HasExactlyProperties(body, "error", "code");
        Assert.Equal("사용자 정보를 찾을 수 없습니다. 다시 로그인해주세요.", body.GetProperty("error").GetString());
        Assert.Equal("USER_NOT_FOUND", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Admin_endpoints_use_the_role_stored_in_the_database_not_the_token()
    {
        var (userToken, user) = await Http.RegisterAsync("promoted@example.com");
        var userId = Guid.Parse(user.GetProperty("id").GetString()!);

        await JsonAssert.ErrorAsync(await Http.GetWithTokenAsync("/probe/admin", "Bearer " + userToken), HttpStatusCode.Forbidden, "관리자 권한이 필요합니다.");

        await ExecuteAsync("UPDATE users SET role = 'admin' WHERE id = @userId", new { userId });
        fixture.Server.GetRequiredService<UserDirectory>().Forget(userId);
        var promoted = await JsonAssert.StatusAndBodyAsync(await Http.GetWithTokenAsync("/probe/admin", "Bearer " + userToken), HttpStatusCode.OK);
        Assert.Equal("admin", promoted.GetProperty("Role").GetString());

        await ExecuteAsync("UPDATE users SET role = 'user' WHERE id = @userId", new { userId });
        fixture.Server.GetRequiredService<UserDirectory>().Forget(userId);
        await JsonAssert.ErrorAsync(await Http.GetWithTokenAsync("/probe/admin", "Bearer " + userToken), HttpStatusCode.Forbidden, "관리자 권한이 필요합니다.");
    }

    private async Task ExecuteAsync(string sql, object parameters)
    {
        await using var connection = fixture.Server.GetRequiredService<NpgsqlDataSource>().CreateConnection();
        await connection.ExecuteAsync(sql, parameters);
    }

    private static string Base64UrlDecode(string text) => Encoding.UTF8.GetString(Convert.FromBase64String(
        text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4)));

    private static string Base64UrlEncode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
