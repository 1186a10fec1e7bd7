using Tiketi.Core.Time;
using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tiketi.Core.Reservations;

namespace Tiketi.Edge.Api;

/// <summary>
/// Writes the ticketing endpoints' bodies field by field, so names, casing, nulls and the
/// conditional <c>isExpired</c> key are exactly the contract's regardless of serializer settings.
/// </summary>
internal static class TicketingJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON response with <paramref name="statusCode"/> whose body <paramref name="write"/> produces.</summary>
    public static IResult Response(int statusCode, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return new JsonBytesResult(statusCode, buffer.WrittenMemory);
    }

    /// <summary><c>{"error":message}</c>, or <c>{"success":false,"error":message}</c> for payments.</summary>
    public static IResult Error(int statusCode, string message, bool withSuccessFlag = false) => Response(statusCode, w =>
    {
        w.WriteStartObject();
        if (withSuccessFlag)
        {
            w.WriteBoolean("success", false);
        }

        w.WriteString("error", message);
        w.WriteEndObject();
    });

    /// <summary>The status code a refusal maps to.</summary>
    public static int StatusOf(TicketingFailure failure) => failure.Kind switch
    {
        TicketingFailureKind.Forbidden => StatusCodes.Status403Forbidden,
        TicketingFailureKind.NotFound => StatusCodes.Status404NotFound,
        TicketingFailureKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>A contract timestamp: UTC, milliseconds, <c>Z</c>.</summary>
    public static void WriteTime(Utf8JsonWriter writer, string name, DateTime? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, ContractTime.ToContractString(time));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>A nullable string property written as <c>null</c> when absent (never omitted).</summary>
    public static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>A nullable integer property written as <c>null</c> when absent.</summary>
    public static void WriteNullable(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>A nullable id written as a lowercase UUID or <c>null</c>.</summary>
    public static void WriteNullable(Utf8JsonWriter writer, string name, Guid? value)
    {
        if (value is { } id)
        {
            writer.WriteString(name, id.ToString());
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private sealed class JsonBytesResult(int statusCode, ReadOnlyMemory<byte> body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            httpContext.Response.ContentLength = body.Length;
            await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
