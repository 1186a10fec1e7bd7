using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Tiketi.Core;

/// <summary>
/// Process configuration, read from environment variables / appsettings with the names the operations docs use:
/// <c>DATABASE_URL</c>, <c>REDIS_URL</c>, <c>JWT_SECRET</c>, <c>JWT_LIFETIME_HOURS</c>, <c>ADMIN_EMAIL</c>,
/// <c>ADMIN_PASSWORD</c>, <c>TIKETI_DEMO_DATA=1</c>, <c>TIKETI_RATE_LIMITS=off</c>.
/// </summary>
public sealed class TiketiSettings
{
    /// <summary>Npgsql connection string derived from <c>DATABASE_URL</c>.</summary>
    public required string DatabaseConnectionString { get; init; }

    /// <summary>The raw <c>REDIS_URL</c>.</summary>
    public required string RedisUrl { get; init; }

    /// <summary>HMAC secret for access tokens. Never logged.</summary>
    public required string JwtSecret { get; init; }

    /// <summary>Access token lifetime (default 7 days, REST.md §1.3).</summary>
    public TimeSpan JwtLifetime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Admin account ensured at every start, or null when not configured.</summary>
    public string? AdminEmail { get; init; }

    /// <summary>Password for a newly created admin account. Never logged.</summary>
    public string? AdminPassword { get; init; }

    /// <summary>Seed demo layouts/events/seats at start (idempotent).</summary>
    public bool DemoData { get; init; }

    /// <summary>Rate limits on login/register; <c>TIKETI_RATE_LIMITS=off</c> disables them (tests, load tests).</summary>
    public bool RateLimitsEnabled { get; init; } = true;

    /// <summary>Requests per window per client IP on login/register.</summary>
    public int AuthRequestsPerIpPerMinute { get; init; } = 30;

    /// <summary>Attempts per window per e-mail address on login/register.</summary>
    public int AuthRequestsPerEmailPerMinute { get; init; } = 10;

    /// <summary>How often the event status updater runs.</summary>
    public TimeSpan EventStatusInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether the process runs in the Development environment (relaxed defaults).</summary>
    public bool IsDevelopment { get; init; }

    /// <summary>Shortest <c>JWT_SECRET</c> not warned about outside Development (HS256 keys of 256 bits).</summary>
    public const int StrongSecretLength = 32;

    /// <summary>
    /// Settings that start but should not go to production, each as one log line (logged at start outside
    /// Development). Not refused: operators and test harnesses pick their own secrets.
    /// </summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            if (IsDevelopment)
            {
                return [];
            }

            List<string> warnings = [];
            if (JwtSecret.Length < StrongSecretLength)
            {
                warnings.Add($"JWT_SECRET is shorter than {StrongSecretLength} characters: tokens signed with it can be brute-forced offline from any user's own token.");
            }

            if (!RateLimitsEnabled)
            {
                warnings.Add("TIKETI_RATE_LIMITS=off: login and register are not rate-limited (meant for tests and load tests).");
            }

            return warnings;
        }
    }

    /// <summary>
    /// Reads the settings. Outside Development a missing <c>DATABASE_URL</c>, <c>REDIS_URL</c> or <c>JWT_SECRET</c>
    /// is a startup error; in Development they default to local servers / a random per-process secret, and the admin
    /// account defaults to <c>admin@tiketi.gg</c> / <c>admin123</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A required setting is missing or invalid (message says which).</exception>
    public static TiketiSettings FromConfiguration(IConfiguration configuration, bool isDevelopment)
    {
        var databaseUrl = configuration["DATABASE_URL"];
        var redisUrl = configuration["REDIS_URL"];
        var jwtSecret = configuration["JWT_SECRET"];
        if (string.IsNullOrWhiteSpace(databaseUrl))
        {
            databaseUrl = isDevelopment ? "postgres://tiketi:tiketi@127.0.0.1:55432/tiketi"
                : throw new InvalidOperationException("DATABASE_URL is not set (e.g. postgres://user:password@host:5432/tiketi).");
        }

        if (string.IsNullOrWhiteSpace(redisUrl))
        {
            redisUrl = isDevelopment ? "redis://127.0.0.1:56379"
                : throw new InvalidOperationException("REDIS_URL is not set (e.g. redis://127.0.0.1:6379).");
        }

        if (string.IsNullOrEmpty(jwtSecret))
        {
            // Tokens then die with the process, which is fine for a developer's machine and nothing else.
            jwtSecret = isDevelopment ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
                : throw new InvalidOperationException("JWT_SECRET is not set; it is required outside Development (use a long random string).");
        }

        string connectionString;
        try
        {
            connectionString = Data.DatabaseUrl.ToConnectionString(databaseUrl);
            _ = Redis.RedisUrl.ToConfigurationOptions(redisUrl);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }

        var adminEmail = configuration["ADMIN_EMAIL"];
        var adminPassword = configuration["ADMIN_PASSWORD"];
        if (isDevelopment)
        {
            adminEmail = string.IsNullOrWhiteSpace(adminEmail) ? "admin@tiketi.gg" : adminEmail;
            adminPassword = string.IsNullOrEmpty(adminPassword) ? "admin123" : adminPassword;
        }

        return new TiketiSettings
        {
            DatabaseConnectionString = connectionString,
            RedisUrl = redisUrl,
            JwtSecret = jwtSecret,
            JwtLifetime = TimeSpan.FromHours(ReadInt(configuration, "JWT_LIFETIME_HOURS", 7 * 24, 1)),
            AdminEmail = string.IsNullOrWhiteSpace(adminEmail) ? null : adminEmail.Trim(),
            AdminPassword = string.IsNullOrEmpty(adminPassword) ? null : adminPassword,
            DemoData = IsOn(configuration["TIKETI_DEMO_DATA"]),
            RateLimitsEnabled = !IsOff(configuration["TIKETI_RATE_LIMITS"]),
            AuthRequestsPerIpPerMinute = ReadInt(configuration, "TIKETI_AUTH_IP_PER_MINUTE", 30, 1),
            AuthRequestsPerEmailPerMinute = ReadInt(configuration, "TIKETI_AUTH_EMAIL_PER_MINUTE", 10, 1),
            EventStatusInterval = TimeSpan.FromMilliseconds(ReadInt(configuration, "TIKETI_EVENT_STATUS_INTERVAL_MS", 2000, 100)),
            IsDevelopment = isDevelopment,
        };
    }

    private static bool IsOn(string? value) => value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("on", StringComparison.OrdinalIgnoreCase));

    private static bool IsOff(string? value) => value is not null && (value == "0" || value.Equals("false", StringComparison.OrdinalIgnoreCase) || value.Equals("off", StringComparison.OrdinalIgnoreCase));

    private static int ReadInt(IConfiguration configuration, string key, int fallback, int minimum)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, out var value) && value >= minimum
            ? value
            : throw new InvalidOperationException($"{key} must be an integer ≥ {minimum}.");
    }
}
