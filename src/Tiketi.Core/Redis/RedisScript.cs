using StackExchange.Redis;

namespace Tiketi.Core.Redis;

/// <summary>
/// A Lua script loaded from an embedded resource. Evaluation goes through StackExchange.Redis's script cache:
/// EVALSHA once the server knows the script, EVAL again after a NOSCRIPT (e.g. Redis restarted).
/// </summary>
public sealed class RedisScript
{
    private readonly RedisStore _store;

    internal RedisScript(RedisStore store, string name, string text)
    {
        _store = store;
        Name = name;
        Text = text;
    }

    /// <summary>The resource file name, for logs.</summary>
    public string Name { get; }

    /// <summary>The Lua source.</summary>
    public string Text { get; }

    /// <summary>Runs the script atomically on the default database.</summary>
    public Task<RedisResult> EvaluateAsync(RedisKey[] keys, RedisValue[] values) =>
        _store.Database.ScriptEvaluateAsync(Text, keys, values);
}
