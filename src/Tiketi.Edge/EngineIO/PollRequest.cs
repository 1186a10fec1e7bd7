namespace Tiketi.Edge.EngineIO;

/// <summary>What a waiting long-polling GET is woken up to send.</summary>
internal enum PollAnswer
{
    /// <summary>The queued packets.</summary>
    Data,

    /// <summary><c>6</c>: end this poll cleanly (upgrade, or the client closed the session).</summary>
    Noop,

    /// <summary><c>1</c>: the server closed the session; the client should reconnect.</summary>
    Close,
}

/// <summary>The one pending long-polling GET of a session.</summary>
internal sealed class PollRequest
{
    private readonly TaskCompletionSource<PollAnswer> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<PollAnswer> Answer => _answer.Task;

    public bool IsAnswered => _answer.Task.IsCompleted;

    public void Complete(PollAnswer answer) => _answer.TrySetResult(answer);
}
