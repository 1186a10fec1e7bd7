using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Api;

/// <summary>An edge with rate limits on and small windows.</summary>
public class RateLimitFixture : EdgeFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["TIKETI_RATE_LIMITS"] = "on",
        ["TIKETI_AUTH_EMAIL_PER_MINUTE"] = "3",
        ["TIKETI_AUTH_IP_PER_MINUTE"] = "8",
    };
}
