using System.Net;
using System.Net.Sockets;

namespace Tiketi.LoadTests;

/// <summary>
/// The server a scenario measures: where it listens and (optionally, <c>--server-pid</c>) which
/// process to read RSS and CPU time from.
/// </summary>
internal sealed class ServerUnderTest
{
    public ServerUnderTest(BenchArguments args)
    {
        EndPoint = args.Server();
        Pid = args.OptionalInt("server-pid");
        Label = args.String("label", Pid is null ? "server" : $"pid {Pid}");
    }

    public IPEndPoint EndPoint { get; }

    public int? Pid { get; }

    public string Label { get; }

    public ProcessSample? Sample() => ProcessSample.TryRead(Pid);

    /// <summary>Waits (bounded) until a TCP connect to the server succeeds.</summary>
    public async Task WaitUntilListeningAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(EndPoint, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    /// <summary>Refuses runs that cannot fit in the open-file limits instead of failing half way.</summary>
    public void CheckCapacity(int sockets)
    {
        const int Headroom = 100;
        var own = ProcessSample.OpenFilesLimit("self");
        if (own is not null && sockets + Headroom > own)
        {
            throw new InvalidOperationException(
                $"{sockets} sockets need more than this generator's open-files limit ({own}); raise `ulimit -n` (loadtests/run.sh tries) or lower --sockets");
        }
        var server = Pid is null ? null : ProcessSample.OpenFilesLimit(Pid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (server is not null && sockets + Headroom > server)
        {
            throw new InvalidOperationException(
                $"{sockets} sockets need more than the server's open-files limit ({server}); start it with a higher `ulimit -n` or lower --sockets");
        }
    }
}
