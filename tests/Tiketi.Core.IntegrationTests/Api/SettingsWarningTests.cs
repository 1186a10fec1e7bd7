using Microsoft.Extensions.Configuration;

namespace Tiketi.Core.IntegrationTests.Api;

/// <summary>Settings that start but should not reach production are named at start (outside Development).</summary>
public sealed class SettingsWarningTests
{
    [Fact]
    public void A_short_secret_and_disabled_rate_limits_are_warned_about_outside_development_only()
    {
        var weak = Settings(("JWT_SECRET", "short"), ("TIKETI_RATE_LIMITS", "off"));

        var production = TiketiSettings.FromConfiguration(weak, isDevelopment: false);
        var development = TiketiSettings.FromConfiguration(weak, isDevelopment: true);
        var strong = TiketiSettings.FromConfiguration(Settings(("JWT_SECRET", new string('k', TiketiSettings.StrongSecretLength))), isDevelopment: false);

        Assert.Equal(2, production.Warnings.Count);
        Assert.Contains(production.Warnings, w => w.StartsWith("JWT_SECRET is shorter than 32 characters", StringComparison.Ordinal));
        Assert.Contains(production.Warnings, w => w.StartsWith("TIKETI_RATE_LIMITS=off", StringComparison.Ordinal));
        Assert.Empty(development.Warnings);
        Assert.Empty(strong.Warnings);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)))
        {
            ["DATABASE_URL"] = "postgres://u:p@127.0.0.1:5432/db",
            ["REDIS_URL"] = "redis://127.0.0.1:6379",
        })
        .Build();
}
