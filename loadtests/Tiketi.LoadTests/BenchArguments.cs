using System.Globalization;
using System.Net;

namespace Tiketi.LoadTests;

/// <summary>
/// The command line after the scenario name: <c>--name value</c> pairs. Every scenario reads
/// the options it needs with a default; unknown options are reported, not ignored.
/// </summary>
internal sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public BenchArguments(IEnumerable<string> args)
    {
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (name is not null)
                {
                    _values[name] = "true";
                }
                name = arg[2..];
            }
            else if (name is not null)
            {
                _values[name] = arg;
                name = null;
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{arg}' (options are --name value)");
            }
        }
        if (name is not null)
        {
            _values[name] = "true";
        }
    }

    public string String(string name, string fallback)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var v) ? v : fallback;
    }

    public string? OptionalString(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var v) ? v : null;
    }

    public int Int(string name, int fallback) => (int)Double(name, fallback);

    public int? OptionalInt(string name)
    {
        var v = OptionalString(name);
        return v is null ? null : (int)ParseNumber(name, v);
    }

    public double Double(string name, double fallback)
    {
        var v = OptionalString(name);
        return v is null ? fallback : ParseNumber(name, v);
    }

    /// <summary>The server under test, from <c>--url http://127.0.0.1:3990</c> (loopback only).</summary>
    public IPEndPoint Server()
    {
        var uri = new Uri(String("url", "http://127.0.0.1:3990"));
        if (!IPAddress.TryParse(uri.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"--url must be a loopback IP address (got {uri.Host}): benchmarks never leave this machine");
        }
        return new IPEndPoint(address, uri.Port);
    }

    /// <summary>Fails on options no scenario asked for (typos would otherwise silently run defaults).</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException("unknown option(s): " + string.Join(", ", unknown.Select(k => "--" + k)));
        }
    }

    private static double ParseNumber(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new ArgumentException($"--{name} expects a number, got '{value}'");
}
