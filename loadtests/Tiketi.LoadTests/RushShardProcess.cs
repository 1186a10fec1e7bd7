using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Tiketi.LoadTests;

/// <summary>
/// One child generator process of the rush (this same program with <c>rush --shard k/n</c>): its output is echoed
/// with a prefix, <c>READY</c> completes <see cref="Ready"/>, <see cref="GoAsync"/> releases it, and its result is
/// read from the JSON file it writes.
/// </summary>
internal sealed class RushShardProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _resultPath;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RushShardProcess(Process process, string resultPath)
    {
        _process = process;
        _resultPath = resultPath;
    }

    /// <summary>Completes once every socket of the shard is connected and in the waiting room.</summary>
    public Task Ready => _ready.Task;

    public static RushShardProcess Start(int shard, string resultPath, IEnumerable<string> args)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // Receive continuations inline on the socket engine: one generator core holds ~10k sockets.
        info.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start a rush shard");
        var child = new RushShardProcess(process, resultPath);
        _ = child.EchoAsync(shard);
        return child;
    }

    public async Task GoAsync()
    {
        await _process.StandardInput.WriteLineAsync("GO");
        await _process.StandardInput.FlushAsync();
    }

    public async Task<int> ExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public RushShardResult? Result() =>
        File.Exists(_resultPath) ? JsonSerializer.Deserialize(File.ReadAllText(_resultPath), RushJsonContext.Default.RushShardResult) : null;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.Dispose();
    }

    private async Task EchoAsync(int shard)
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            Console.WriteLine($"[shard {shard}] {line}");
            if (line.StartsWith("READY", StringComparison.Ordinal))
            {
                _ready.TrySetResult();
            }
        }
        _ready.TrySetException(new InvalidOperationException($"shard {shard} exited before it was ready"));
    }
}
