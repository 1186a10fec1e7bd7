namespace Tiketi.Testing;

/// <summary>
/// Waits for a condition that has no event to await (a background service's effect in the database or Redis):
/// re-checks it every few milliseconds and fails with <c>what</c> once the deadline passes. Never a fixed sleep.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Completes once <paramref name="condition"/> holds; throws after <paramref name="timeout"/> (30 s).</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Completes once <paramref name="condition"/> holds; throws after <paramref name="timeout"/> (30 s).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(Interval, CancellationToken.None);
        }
    }
}
