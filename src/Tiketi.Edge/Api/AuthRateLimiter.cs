using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Tiketi.Core;

namespace Tiketi.Edge.Api;

/// <summary>
/// Fixed-window limits on login/register per client address (IPv6 by /64) and per e-mail address (FLOWS.md defect 38), so password
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
    public bool TryAcquireForIp(HttpContext context) => TryAcquire(_perIp, ClientKey(context.Connection.RemoteIpAddress));

    /// <summary>
    /// The partition of a client address: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its /64 — one subscriber's
    /// network, from which a client can pick any address at will.
    /// </summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

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
