using System.Diagnostics;
using StackExchange.Redis;

namespace Tiketi.Testing;

/// <summary>A throwaway redis-server on a free loopback port, without persistence; killed on dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly ConnectionMultiplexer _admin;

    private RedisServer(Process process, string directory, int port, ConnectionMultiplexer admin)
    {
        _process = process;
        _directory = directory;
        Port = port;
        _admin = admin;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();
    }

    /// <summary>Number of logical databases, so parallel test classes each get their own.</summary>
    public const int Databases = 256;

    /// <summary>The loopback TCP port.</summary>
    public int Port { get; }

    /// <summary><c>REDIS_URL</c> for database <paramref name="database"/>.</summary>
    public string UrlFor(int database = 0) => $"redis://127.0.0.1:{Port}/{database}";

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = ExternalProcess.FreePort();
            var directory = Directory.CreateTempSubdirectory("tiketi-redis-").FullName;
            var info = new ProcessStartInfo("redis-server")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory, "--databases", Databases.ToString() })
            {
                info.ArgumentList.Add(argument);
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start redis-server.");
            var ready = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    ready.TrySetResult(false);
                }
                else if (e.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
                {
                    ready.TrySetResult(true);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var started = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (!started)
            {
                process.Dispose();
                if (attempt < 3)
                {
                    continue;
                }

                throw new InvalidOperationException("redis-server exited before accepting connections.");
            }

            var admin = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
            {
                EndPoints = { { "127.0.0.1", port } },
                AllowAdmin = true,
                AbortOnConnectFail = true,
            });
            return new RedisServer(process, directory, port, admin);
        }
    }

    /// <summary>Deletes every key of one logical database.</summary>
    public async Task FlushAsync(int database = 0)
    {
        var server = _admin.GetServer("127.0.0.1", Port);
        await server.FlushDatabaseAsync(database);
    }

    /// <summary>Kills the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _admin.CloseAsync();
        _admin.Dispose();
        Kill();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }

            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // Already gone.
        }
    }
}
