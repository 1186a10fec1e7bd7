using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace Tiketi.Edge.EngineIO;

/// <summary>
/// HTTP long-polling: a GET waits for queued packets (one pending GET per session), a POST
/// carries <c>\x1e</c>-separated packets and is answered <c>ok</c> once every packet in it
/// has been handled, so replies its handlers queued are already waiting for the next GET.
/// </summary>
internal static class PollingTransport
{
    private static readonly byte[] Ok = "ok"u8.ToArray();

    public static async Task HandleGetAsync(EngineSession session, HttpContext context)
    {
        var poll = new PollRequest();
        switch (session.BeginPoll(poll, out var batch))
        {
            case EngineSession.PollStart.Closed:
                await EngineErrorResponse.WriteAsync(context.Response, EngineError.UnknownSid);
                return;
            case EngineSession.PollStart.WrongTransport or EngineSession.PollStart.Duplicate:
                await EngineErrorResponse.WriteAsync(context.Response, EngineError.BadRequest);
                return;
            case EngineSession.PollStart.Noop:
                await WritePacketAsync(context.Response, EnginePacketType.Noop);
                return;
            case EngineSession.PollStart.ClosePacket:
                await WritePacketAsync(context.Response, EnginePacketType.Close);
                return;
            case EngineSession.PollStart.Data:
                await WriteBatchAsync(session, context.Response, batch!);
                return;
        }

        session.OnPollPending();
        PollAnswer answer;
        await using (context.RequestAborted.Register(static state => OnAborted(state!), (session, poll)))
        {
            answer = await poll.Answer;
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        switch (answer)
        {
            case PollAnswer.Data when session.TakeBatch() is { } queued:
                await WriteBatchAsync(session, context.Response, queued);
                break;
            case PollAnswer.Data when !session.IsClosed:
            case PollAnswer.Noop:
                await WritePacketAsync(context.Response, EnginePacketType.Noop);
                break;
            default:
                await WritePacketAsync(context.Response, EnginePacketType.Close);
                break;
        }
    }

    public static async Task HandlePostAsync(EngineSession session, HttpContext context, int maxPayload)
    {
        switch (session.BeginPost())
        {
            case EngineSession.PollStart.Closed:
                await EngineErrorResponse.WriteAsync(context.Response, EngineError.UnknownSid);
                return;
            case EngineSession.PollStart.WrongTransport or EngineSession.PollStart.Duplicate:
                await EngineErrorResponse.WriteAsync(context.Response, EngineError.BadRequest);
                return;
        }

        byte[]? body = null;
        try
        {
            (body, var length) = await ReadBodyAsync(context.Request, maxPayload);
            if (body is null)
            {
                session.Close("payload too large", WebSocketCloseStatus.MessageTooBig, PollAnswer.Close);
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            if (!await DispatchAsync(session, body.AsMemory(0, length)))
            {
                session.Close("parse error", WebSocketCloseStatus.InvalidMessageType, PollAnswer.Close);
                await EngineErrorResponse.WriteAsync(context.Response, EngineError.BadRequest);
                return;
            }

            context.Response.ContentType = "text/html";
            context.Response.ContentLength = Ok.Length;
            await context.Response.Body.WriteAsync(Ok, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // The client went away or sent a broken body: that ends the session, nothing else.
            Log.PollingFailed(session.Server.Logger, session.Id, ex);
            session.Close("transport error", WebSocketCloseStatus.NormalClosure, PollAnswer.Close);
        }
        finally
        {
            session.EndPost();
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
    }

    /// <summary>Hands each packet of the payload to the session in order; false on a malformed packet.</summary>
    private static async ValueTask<bool> DispatchAsync(EngineSession session, Memory<byte> payload)
    {
        while (PollingPayload.TryReadNext(ref payload, out var record))
        {
            if (!PollingPayload.TryDecode(record, out var packet))
            {
                return false;
            }

            var result = session.Dispatch(packet, out var delivery);
            await delivery;
            switch (result)
            {
                case EngineSession.DispatchResult.ParseError:
                    return false;
                case EngineSession.DispatchResult.ClientClosed:
                    // The client is gone: its pending GET ends with a noop, not a close.
                    session.Close("transport close", WebSocketCloseStatus.NormalClosure, PollAnswer.Noop);
                    return true;
            }
        }

        return true;
    }

    /// <summary>Reads the whole body into a pooled array; null when it is larger than <paramref name="maxPayload"/>.</summary>
    private static async ValueTask<(byte[]? Body, int Length)> ReadBodyAsync(HttpRequest request, int maxPayload)
    {
        if (request.ContentLength > maxPayload)
        {
            return (null, 0);
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(request.HttpContext.RequestAborted);
            var buffer = result.Buffer;
            if (buffer.Length > maxPayload)
            {
                reader.AdvanceTo(buffer.End);
                return (null, 0);
            }

            if (result.IsCompleted)
            {
                var length = (int)buffer.Length;
                var body = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                buffer.CopyTo(body);
                reader.AdvanceTo(buffer.End);
                return (body, length);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static async Task WriteBatchAsync(EngineSession session, HttpResponse response, Queue<OutboundItem> batch)
    {
        response.ContentType = "text/plain; charset=UTF-8";
        var output = response.BodyWriter;
        var first = true;
        try
        {
            foreach (var item in batch)
            {
                if (!first)
                {
                    PollingPayload.WriteSeparator(output);
                }

                first = false;
                if (item.Message is { } message)
                {
                    PollingPayload.WriteMessage(output, message);
                }
                else
                {
                    PollingPayload.WritePacket(output, item.Packet);
                }
            }
        }
        finally
        {
            foreach (var item in batch)
            {
                item.Message?.Release();
            }

            session.ReturnBatch(batch);
        }

        await output.FlushAsync();
    }

    private static async Task WritePacketAsync(HttpResponse response, EnginePacketType type)
    {
        response.ContentType = "text/plain; charset=UTF-8";
        response.ContentLength = 1;
        PollingPayload.WritePacket(response.BodyWriter, type);
        await response.BodyWriter.FlushAsync();
    }

    private static void OnAborted(object state)
    {
        var (session, poll) = ((EngineSession, PollRequest))state;
        session.OnPollAborted(poll);
    }
}
