using System.Text.Json;
using Tiketi.Core.Json;

namespace Tiketi.Edge.Api;

/// <summary>Reads the small JSON bodies of the ticketing endpoints: bounded, never throwing on bad input.</summary>
internal static class TicketingRequestBody
{
    /// <summary>The contract's body limit (Express default, 100 kB).</summary>
    public const int MaxBytes = 100 * 1024;

    /// <summary>
    /// For endpoints that take no input (queue check/leave): no body or any JSON object is accepted and ignored
    /// (the client sends <c>{}</c>, REST.md §1.1); anything else gets the 400/413 returned here.
    /// </summary>
    public static async Task<IResult?> RejectUnlessEmptyOrObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0)
        {
            return null;
        }

        var (document, rejection) = await ReadAsync(request, cancellationToken, allowEmpty: true).ConfigureAwait(false);
        document?.Dispose();
        return rejection;
    }

    /// <summary>The parsed body, or the 400/413 response to send instead (neither for an empty body when <paramref name="allowEmpty"/>).</summary>
    public static async Task<(JsonDocument? Document, IResult? Rejection)> ReadAsync(HttpRequest request, CancellationToken cancellationToken, bool allowEmpty = false)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, TicketingJson.Error(StatusCodes.Status413PayloadTooLarge, ApiErrors.BodyTooLarge));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, TicketingJson.Error(StatusCodes.Status413PayloadTooLarge, ApiErrors.BodyTooLarge));
            }

            buffer.Write(chunk, 0, read);
        }

        if (allowEmpty && buffer.Length == 0)
        {
            return (null, null);
        }

        try
        {
            var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            if (document.RootElement.ValueKind != JsonValueKind.Object || !JsonText.IsReadable(document.RootElement))
            {
                document.Dispose();
                return (null, TicketingJson.Error(StatusCodes.Status400BadRequest, ApiErrors.MalformedBody));
            }

            return (document, null);
        }
        catch (JsonException)
        {
            return (null, TicketingJson.Error(StatusCodes.Status400BadRequest, ApiErrors.MalformedBody));
        }
    }

    /// <summary>A string property parsed as a UUID.</summary>
    public static bool TryGetGuid(JsonElement body, string name, out Guid value)
    {
        value = default;
        return body.TryGetProperty(name, out var element)
            && element.ValueKind == JsonValueKind.String
            && Guid.TryParse(element.GetString(), out value);
    }

    /// <summary>A UUID from an array element.</summary>
    public static bool TryGetGuid(JsonElement element, out Guid value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.String && Guid.TryParse(element.GetString(), out value);
    }
}
