using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Tiketi.Edge.Cluster;

/// <summary>
/// Behind the load balancer every request comes from the balancer's address, which would make
/// per-client limits (e.g. login rate limits per IP) global. The client address is taken from
/// <c>X-Forwarded-For</c> only when the direct peer is a trusted proxy: loopback always (the
/// nginx of <c>./tiketi up --instances N</c>), plus the networks in <c>TRUSTED_PROXIES</c>
/// (comma-separated CIDRs, e.g. the Docker network of docker-compose.yml). Anyone else's
/// header is ignored, so it cannot be spoofed.
/// </summary>
public static class BalancerForwarding
{
    /// <summary>Installs the forwarded-headers middleware with the trusted proxies above.</summary>
    /// <exception cref="InvalidOperationException"><c>TRUSTED_PROXIES</c> holds something that is not a CIDR.</exception>
    public static WebApplication UseBalancerForwarding(this WebApplication app)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
        };
        options.KnownIPNetworks.Add(new System.Net.IPNetwork(IPAddress.Loopback, 8));
        foreach (var entry in (app.Configuration["TRUSTED_PROXIES"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!System.Net.IPNetwork.TryParse(entry, out var network))
            {
                throw new InvalidOperationException($"TRUSTED_PROXIES: '{entry}' is not a CIDR network (e.g. 172.16.0.0/12).");
            }

            options.KnownIPNetworks.Add(network);
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
