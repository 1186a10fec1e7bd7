using Npgsql;

namespace Tiketi.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temp directory, started on a free loopback port with fsync off and
/// its unix socket inside that directory; stopped and deleted on dispose. As root it runs as the postgres user
/// (PostgreSQL refuses root), in a directory that user owns.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly string? _runAs;
    private int _stopped;

    private PostgresServer(string bin, string root, string? runAs, int port)
    {
        _bin = bin;
        _root = root;
        _runAs = runAs;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAsync().GetAwaiter().GetResult();
    }

    /// <summary>The loopback TCP port.</summary>
    public int Port { get; }

    /// <summary>Database user (trust authentication, no password).</summary>
    public const string User = "tiketi";

    private string DataDirectory => Path.Combine(_root, "data");

    private const string DirectoryPrefix = "tiketi-pg-";
    private const string OwnerFile = "owner.pid";

    /// <summary>Initialises and starts a new cluster.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinDirectory();
        await CleanUpAbandonedAsync(bin);
        var root = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        // Lets a later run stop this cluster if this process dies before stopping it (test hosts can be killed).
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string? runAs = null;
        if (ExternalProcess.IsRoot)
        {
            runAs = "postgres";
            await ExternalProcess.RunAsync("chown", ["postgres", root]);
        }

        var data = Path.Combine(root, "data");
        await ExternalProcess.RunAsync(Path.Combine(bin, "initdb"),
            ["-D", data, "-U", User, "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"], runAs);

        for (var attempt = 1; ; attempt++)
        {
            var port = ExternalProcess.FreePort();
            try
            {
                await ExternalProcess.RunAsync(Path.Combine(bin, "pg_ctl"),
                [
                    "-D", data, "-l", Path.Combine(root, "postgres.log"), "-w", "-t", "60",
                    "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                    "start",
                ], runAs);
                return new PostgresServer(bin, root, runAs, port);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The port was taken between probing and binding; try another.
            }
        }
    }

    /// <summary>A connection string to the maintenance database.</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username={User};Database=postgres;Pooling=false";

    /// <summary>Creates an empty database and returns its <c>DATABASE_URL</c>.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return UrlFor(name);
    }

    /// <summary>The <c>DATABASE_URL</c> of a database in this cluster.</summary>
    public string UrlFor(string database) => $"postgres://{User}@127.0.0.1:{Port}/{database}";

    /// <summary>Stops the cluster immediately and deletes its directory.</summary>
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        try
        {
            await ExternalProcess.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], _runAs);
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: the next run removes leftovers (see CleanUpAbandonedAsync).
            }
        }
    }

    /// <summary>Stops and deletes clusters left behind by test processes that no longer exist.</summary>
    private static async Task CleanUpAbandonedAsync(string bin)
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var ownerPath = Path.Combine(directory, OwnerFile);
            if (!File.Exists(ownerPath) || !int.TryParse(await File.ReadAllTextAsync(ownerPath), out var owner) || IsAlive(owner))
            {
                continue;
            }

            try
            {
                if (File.Exists(Path.Combine(directory, "data", "postmaster.pid")))
                {
                    await ExternalProcess.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "stop"],
                        ExternalProcess.IsRoot ? "postgres" : null);
                }

                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Someone else is cleaning it up, or it is not ours to remove.
            }
        }
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => d, StringComparer.Ordinal).ToList()
            : [];
        if (candidates.Count > 0)
        {
            return candidates[0];
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")));
        return onPath ?? throw new InvalidOperationException("PostgreSQL binaries not found (run ./tiketi deps).");
    }
}
