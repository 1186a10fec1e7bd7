using System.Threading.RateLimiting;
using Tiketi.Core;

namespace Tiketi.Edge.Api;

/// <summary>
/// Fixed-window limits on login/register per client IP and per e-mail address (FLOWS.md defect 38), so password
/// guessing and account-creation floods get 429. Per instance (in memory); <c>TIKETI_RATE_LIMITS=off</c> disables.
/// </summary>
public sealed class AuthRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _perIp;
    private readonly PartitionedRateLimiter<string>? _perEmail;

    /// <summary>Creates the limiter from the settings.</summary>
    public AuthRateLimiter(TiketiSettings settings)
    {
        if (!settings.RateLimitsEnabled)
        {
            return;
        }

        _perIp = Create(settings.AuthRequestsPerIpPerMinute);
        _perEmail = Create(settings.AuthRequestsPerEmailPerMinute);
    }

    /// <summary>Takes one permit for the caller's IP; false when the window is used up.</summary>
    public bool TryAcquireForIp(HttpContext context) =>
        TryAcquire(_perIp, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>Takes one permit for an (already normalised) e-mail; false when the window is used up.</summary>
    public bool TryAcquireForEmail(string email) => TryAcquire(_perEmail, email);

    /// <summary>The 429 response.</summary>
    public static IResult TooManyRequests(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "60";
        return ApiErrors.Error(StatusCodes.Status429TooManyRequests, ApiErrors.TooManyRequests);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _perIp?.Dispose();
        _perEmail?.Dispose();
    }

    private static bool TryAcquire(PartitionedRateLimiter<string>? limiter, string key)
    {
        if (limiter is null)
        {
            return true;
        }

        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    private static PartitionedRateLimiter<string> Create(int permitsPerMinute) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
