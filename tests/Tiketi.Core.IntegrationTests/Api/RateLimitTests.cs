using System.Net;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Api;

public class RateLimitTests(RateLimitFixture fixture) : IClassFixture<RateLimitFixture>
{
    [Fact]
    public async Task Repeated_logins_for_one_email_get_429_then_other_emails_still_work_until_the_ip_limit()
    {
        var http = fixture.Server.Client;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await http.PostJsonAsync("/api/auth/login", new { email = "victim@example.com", password = "guess" + i })).StatusCode);
        }

        var limited = await http.PostJsonAsync("/api/auth/login", new { email = "Victim@Example.com", password = "guess" });
        await JsonAssert.ErrorAsync(limited, HttpStatusCode.TooManyRequests, "요청이 너무 많습니다. 잠시 후 다시 시도해주세요.");
        Assert.True(limited.Headers.Contains("Retry-After"));

        var other = await http.PostJsonAsync("/api/auth/login", new { email = "other@example.com", password = "guess" });
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);

        // 5 requests so far from this IP; the 9th is refused whatever the e-mail.
        for (var i = 0; i < 3; i++)
        {
            await http.PostJsonAsync("/api/auth/login", new { email = $"spray{i}@example.com", password = "guess" });
        }

        await JsonAssert.ErrorAsync(await http.PostJsonAsync("/api/auth/login", new { email = "fresh@example.com", password = "guess" }),
            HttpStatusCode.TooManyRequests, "요청이 너무 많습니다. 잠시 후 다시 시도해주세요.");
    }
}
