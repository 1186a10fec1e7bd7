using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tiketi.Edge.EngineIO;

namespace Tiketi.Edge.UnitTests.SocketIO;

/// <summary>An Engine.IO session without a transport: records what the server sends and feeds it client packets.</summary>
internal sealed class FakeEngineConnection : EngineConnection
{
    private static int s_next;
    private readonly IEngineHandler _handler;
    private readonly List<OutboundMessage> _sent = [];
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _isClosed;

    public FakeEngineConnection(IEngineHandler handler, int capacity = int.MaxValue)
        : base("engine" + Interlocked.Increment(ref s_next), new QueryCollection(), new HeaderDictionary(), IPAddress.Loopback)
    {
        _handler = handler;
        Capacity = capacity;
    }

    public int Capacity { get; }

    public override bool IsClosed => Volatile.Read(ref _isClosed) == 1;

    public Task<string> Closed => _closed.Task;

    /// <summary>Opens the session on the handler, as Engine.IO does after its open packet.</summary>
    public static FakeEngineConnection Open(IEngineHandler handler, int capacity = int.MaxValue)
    {
        var connection = new FakeEngineConnection(handler, capacity);
        handler.OnOpen(connection);
        return connection;
    }

    /// <summary>Runs at the start of every <see cref="Send"/>, on the sending thread (to provoke races).</summary>
    public Action<OutboundMessage>? BeforeSend { get; set; }

    public override bool Send(OutboundMessage message)
    {
        BeforeSend?.Invoke(message);
        TaskCompletionSource changed;
        lock (_sent)
        {
            if (IsClosed)
            {
                return false;
            }

            if (_sent.Count >= Capacity)
            {
                changed = _changed;
            }
            else
            {
                message.AddRef();
                _sent.Add(message);
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                changed.TrySetResult();
                return true;
            }
        }

        Close("slow consumer");
        return false;
    }

    public override void Close(string reason)
    {
        if (Interlocked.Exchange(ref _isClosed, 1) == 1)
        {
            return;
        }

        _closed.TrySetResult(reason);
        _handler.OnClose(this, reason);
    }

    public ValueTask ReceiveAsync(string text) =>
        _handler.OnMessageAsync(this, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)), isBinary: false);

    public ValueTask ReceiveBinaryAsync(params byte[] data) =>
        _handler.OnMessageAsync(this, new ReadOnlySequence<byte>(data), isBinary: true);

    public OutboundMessage[] Messages
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Every text packet received, without Engine.IO's "4" (a combined message counts as its parts).</summary>
    public string[] Texts => [.. Messages.Where(m => !m.IsBinary).SelectMany(m => Encoding.UTF8.GetString(m.Packet.Span).Split('\x1e')).Select(t => t[1..])];

    /// <summary>Waits until at least <paramref name="count"/> messages were sent (never longer than 5 s).</summary>
    public async Task<OutboundMessage[]> WaitForMessagesAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            Task changed;
            lock (_sent)
            {
                if (_sent.Count >= count)
                {
                    return [.. _sent];
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }

    public async Task<string> WaitForTextAsync(int textIndex)
    {
        while (true)
        {
            var texts = Texts;
            if (texts.Length > textIndex)
            {
                return texts[textIndex];
            }

            await WaitForMessagesAsync(Messages.Length + 1);
        }
    }

    /// <summary>Releases the references this fake connection took (as a transport does once written).</summary>
    public void ReleaseAll()
    {
        lock (_sent)
        {
            foreach (var message in _sent)
            {
                message.Release();
            }

            _sent.Clear();
        }
    }
}
