using StackExchange.Redis;

namespace Tiketi.Core.Redis;

/// <summary>Turns a <c>redis://[user:password@]host:port[/db]</c> URL into StackExchange.Redis options.</summary>
public static class RedisUrl
{
    /// <summary>
    /// Converts <c>redis://</c> or <c>rediss://</c> (TLS) URLs; a bare <c>host:port</c> or StackExchange.Redis
    /// configuration string is parsed as such. The connection never aborts on a failed first connect, so the
    /// process can start while Redis is still coming up.
    /// </summary>
    /// <exception cref="ArgumentException">The URL is empty or malformed.</exception>
    public static ConfigurationOptions ToConfigurationOptions(string redisUrl)
    {
        if (string.IsNullOrWhiteSpace(redisUrl))
        {
            throw new ArgumentException("REDIS_URL is empty.", nameof(redisUrl));
        }

        ConfigurationOptions options;
        var schemeEnd = redisUrl.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            options = ConfigurationOptions.Parse(redisUrl);
        }
        else
        {
            var scheme = redisUrl[..schemeEnd].ToLowerInvariant();
            if (scheme is not ("redis" or "rediss"))
            {
                throw new ArgumentException($"REDIS_URL scheme must be redis:// or rediss://, not {scheme}://.", nameof(redisUrl));
            }

            options = new ConfigurationOptions { Ssl = scheme == "rediss" };
            var rest = redisUrl[(schemeEnd + 3)..];
            var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
            if (queryStart >= 0)
            {
                rest = rest[..queryStart];
            }

            var at = rest.LastIndexOf('@');
            if (at >= 0)
            {
                var userInfo = rest[..at];
                rest = rest[(at + 1)..];
                var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
                // Redis before 6 has no user names; the password is what AUTH needs.
                var password = colon >= 0 ? userInfo[(colon + 1)..] : userInfo;
                if (password.Length > 0)
                {
                    options.Password = Uri.UnescapeDataString(password);
                }
            }

            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var hostPort = slash >= 0 ? rest[..slash] : rest;
            var db = slash >= 0 ? rest[(slash + 1)..] : string.Empty;
            var portColon = hostPort.LastIndexOf(':');
            var host = hostPort;
            var port = 6379;
            if (portColon >= 0 && !hostPort.EndsWith(']'))
            {
                host = hostPort[..portColon];
                if (!int.TryParse(hostPort[(portColon + 1)..], out port) || port is < 1 or > 65535)
                {
                    throw new ArgumentException($"REDIS_URL has an invalid port in '{hostPort}'.", nameof(redisUrl));
                }
            }

            host = host.Trim('[', ']');
            options.EndPoints.Add(host.Length == 0 ? "localhost" : host, port);
            if (db.Length > 0)
            {
                if (!int.TryParse(db, out var dbIndex) || dbIndex < 0)
                {
                    throw new ArgumentException($"REDIS_URL has an invalid database index '{db}'.", nameof(redisUrl));
                }

                options.DefaultDatabase = dbIndex;
            }
        }

        options.AbortOnConnectFail = false;
        options.ConnectRetry = 3;
        options.ConnectTimeout = 5000;
        options.SyncTimeout = 5000;
        return options;
    }
}
