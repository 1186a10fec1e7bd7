using Spectre.Console;

namespace Tiketi.LoadTests;

/// <summary>A progress bar on a terminal; nothing when the output is a log file (run.sh, CI).</summary>
internal static class ShowProgress
{
    public static async Task<T> RunAsync<T>(string title, int total, Func<Action<int>, Task<T>> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work(_ => { });
        }
        return await AnsiConsole.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(title), maxValue: total);
            return await work(done => task.Value = done);
        });
    }
}
