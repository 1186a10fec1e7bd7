using Npgsql;

namespace Tiketi.Core.Data;

/// <summary>Turns a <c>postgres://user:pass@host:port/db?sslmode=...</c> URL into an Npgsql connection string.</summary>
public static class DatabaseUrl
{
    /// <summary>Pool size used when the URL does not set one: enough for bursts, far below PostgreSQL's default 100 connections.</summary>
    public const int DefaultMaxPoolSize = 50;

    /// <summary>
    /// Converts a <c>postgres://</c> or <c>postgresql://</c> URL. User name, password and database are URL-decoded;
    /// query parameters (<c>sslmode</c>, <c>application_name</c>, <c>connect_timeout</c>, <c>host</c> for a unix socket
    /// directory, or any Npgsql keyword) are passed through. A plain Npgsql connection string is returned unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The URL is empty or not a PostgreSQL URL.</exception>
    public static string ToConnectionString(string postgresUrl)
    {
        if (string.IsNullOrWhiteSpace(postgresUrl))
        {
            throw new ArgumentException("DATABASE_URL is empty.", nameof(postgresUrl));
        }

        var schemeEnd = postgresUrl.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            if (postgresUrl.Contains('=', StringComparison.Ordinal))
            {
                return postgresUrl;
            }

            throw new ArgumentException("DATABASE_URL must look like postgres://user:password@host:port/database.", nameof(postgresUrl));
        }

        var scheme = postgresUrl[..schemeEnd].ToLowerInvariant();
        if (scheme is not ("postgres" or "postgresql"))
        {
            throw new ArgumentException($"DATABASE_URL scheme must be postgres:// or postgresql://, not {scheme}://.", nameof(postgresUrl));
        }

        var rest = postgresUrl[(schemeEnd + 3)..];
        string? query = null;
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0)
        {
            query = rest[(queryStart + 1)..];
            rest = rest[..queryStart];
        }

        // Hot statements (holds, cancels, lookups) are prepared on the server after their second use:
        // PostgreSQL then skips parsing and planning them, which is most of their cost on a busy box.
        var builder = new NpgsqlConnectionStringBuilder { MaxPoolSize = DefaultMaxPoolSize, MaxAutoPrepare = 128, AutoPrepareMinUsages = 2 };

        // A password may contain '/', so the user info ends at the last '@'.
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon >= 0 ? userInfo[..colon] : userInfo);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var hostPort = slash >= 0 ? rest[..slash] : rest;
        var database = slash >= 0 ? Uri.UnescapeDataString(rest[(slash + 1)..]) : string.Empty;
        ApplyHostPort(builder, hostPort);
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (!string.IsNullOrEmpty(query))
        {
            foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var key = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair);
                var value = eq >= 0 ? Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' ')) : string.Empty;
                ApplyParameter(builder, key, value);
            }
        }

        return builder.ConnectionString;
    }

    private static void ApplyHostPort(NpgsqlConnectionStringBuilder builder, string hostPort)
    {
        if (hostPort.Length == 0)
        {
            builder.Host = "localhost";
            return;
        }

        string host;
        string? port = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            host = hostPort[1..close];
            if (close + 1 < hostPort.Length && hostPort[close + 1] == ':')
            {
                port = hostPort[(close + 2)..];
            }
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            host = colon >= 0 ? hostPort[..colon] : hostPort;
            port = colon >= 0 ? hostPort[(colon + 1)..] : null;
        }

        builder.Host = Uri.UnescapeDataString(host);
        if (!string.IsNullOrEmpty(port))
        {
            if (!int.TryParse(port, out var number) || number is < 1 or > 65535)
            {
                throw new ArgumentException($"DATABASE_URL has an invalid port '{port}'.", nameof(hostPort));
            }

            builder.Port = number;
        }
    }

    private static void ApplyParameter(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "sslmode":
                builder["SSL Mode"] = value;
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "connect_timeout":
                builder["Timeout"] = value;
                break;
            case "host":
                builder.Host = value;
                break;
            case "port":
                builder["Port"] = value;
                break;
            case "user":
                builder.Username = value;
                break;
            case "password":
                builder.Password = value;
                break;
            default:
                try
                {
                    builder[key] = value;
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"DATABASE_URL has an unsupported parameter '{key}'.", nameof(key), e);
                }

                break;
        }
    }
}
