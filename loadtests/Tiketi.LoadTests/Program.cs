using Spectre.Console;
using Tiketi.LoadTests;

// Scenario registry: one case per scenario (the first argument); options follow as --name value.
const string Usage = """
    usage: Tiketi.LoadTests <scenario> [--name value ...]
      connect  --url http://127.0.0.1:3990 --sockets 10000 --concurrency 200 --hold 3 [--server-pid P] [--label L] [--json F]
      fanout   --url ... --sockets 10000 --rate 10 --duration 10 --warmup 2 --drain 10 [--server-pid P] [--label L] [--json F]
      holds    --url ... --buyers 1000 --rounds 3 ...   (seat holds and quantity purchases through the REST API; see HoldsScenario.cs)
      rush     --url ... --edges E1,E2 --users 20000 --capacity 500 --rate 200 ...   (the waiting room with sockets, PostgreSQL oversell audit; see RushScenario.cs)
      realtime --url ... --watchers 5000 --buyers 50 --holds 2000 [--cancel true|false]   (REST seat holds → seat-selected to authenticated watchers; see RealtimeScenario.cs)
      selfcheck --url ... --sockets 5000 --rate 400 --batch 40 --events seats|tick   (the generator's own capacity against `source`)
      source   --url http://127.0.0.1:3990   (a stand-in server streaming batched events for selfcheck; runs until killed)
      compare  a.json b.json
      every scenario also takes --max-seconds (default 900): a hard stop for the whole run
    see loadtests/README.md
    """;

if (args.Length > 0 && args[0] is "connect" or "fanout" or "selfcheck" or "realtime"
    && Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    // Thousands of sockets on one core: run receive continuations on the socket engine's thread instead of queueing each
    // read to the thread pool (measured: ~0.21 instead of ~0.32 µs of generator CPU per received event). Read once,
    // when the first socket is created, so it must be set before any. An explicit setting in the environment wins.
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}
if (!AnsiConsole.Profile.Capabilities.Interactive)
{
    AnsiConsole.Profile.Width = 160; // logs: keep tables on one line per row
}
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}
if (args[0] == "compare")
{
    return CompareCommand.Run(args[1..]);
}
if (args[0] == "realtime")
{
    // Application path with watcher sockets: bounded by its own --max-seconds; options errors print like the others.
    try
    {
        using var realtimeStop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            realtimeStop.Cancel();
        };
        return await RealtimeScenario.RunAsync(args[1..], realtimeStop.Token);
    }
    catch (Exception e) when (e is ArgumentException or InvalidOperationException or OperationCanceledException or HttpRequestException or System.Net.Sockets.SocketException)
    {
        AnsiConsole.MarkupLine("[red]error:[/] " + Markup.Escape(e.Message));
        return 1;
    }
}
if (args[0] == "source")
{
    using var sourceStop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        sourceStop.Cancel();
    };
    AppDomain.CurrentDomain.ProcessExit += (_, _) => sourceStop.Cancel();
    return await BatchingSource.RunAsync(args[1..], sourceStop.Token);
}
if (args[0] is "holds" or "rush")
{
    // The application-path scenarios parse their own options and print their own report.
    using var appStop = new CancellationTokenSource(TimeSpan.FromMinutes(30));
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        appStop.Cancel();
    };
    if (args[0] == "holds")
    {
        return await HoldsScenario.RunAsync(args[1..], appStop.Token);
    }
    try
    {
        return await RushScenario.RunAsync(args[1..], appStop.Token);
    }
    catch (Exception e) when (e is ArgumentException or InvalidOperationException or OperationCanceledException or HttpRequestException or System.Net.Sockets.SocketException)
    {
        AnsiConsole.MarkupLine("[red]error:[/] " + Markup.Escape(e.Message));
        return 1;
    }
}

try
{
    var options = new BenchArguments(args[1..]);
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Double("max-seconds", 900)));
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    var result = args[0] switch
    {
        "connect" => await ConnectScenario.RunAsync(options, stop.Token),
        "fanout" => await FanoutScenario.RunAsync(options, stop.Token),
        "selfcheck" => await SelfCheckScenario.RunAsync(options, stop.Token),
        _ => null,
    };
    if (result is null)
    {
        Console.Error.WriteLine($"unknown scenario '{args[0]}'");
        Console.WriteLine(Usage);
        return 2;
    }
    result.Print();
    return 0;
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or OperationCanceledException or System.Net.Sockets.SocketException)
{
    AnsiConsole.MarkupLine("[red]error:[/] " + Markup.Escape(e.Message));
    return 1;
}
