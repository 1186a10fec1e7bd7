using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tiketi.Core.Admin;
using Tiketi.Core.Json;

namespace Tiketi.Admin;

/// <summary>Request plumbing of the admin endpoints: the caller, bounded JSON bodies, ids from the route.</summary>
internal static class AdminRequest
{
    /// <summary>Body limit (Express's default, REST.md §1.1).</summary>
    public const int MaxBodyBytes = 100 * 1024;

    private static readonly object ActorKey = new();

    /// <summary>The admin authenticated by the group filter.</summary>
    public static AdminActor Actor(HttpContext context) =>
        context.Items.TryGetValue(ActorKey, out var value) && value is AdminActor actor
            ? actor
            : throw new InvalidOperationException("Admin endpoint reached without the admin filter.");

    /// <summary>Stores the authenticated admin for <see cref="Actor"/>.</summary>
    public static void SetActor(HttpContext context, AdminActor actor) => context.Items[ActorKey] = actor;

    /// <summary>
    /// The JSON body (an empty body reads as <c>{}</c>, so body-less calls work), or the 400/413 to send instead.
    /// The returned element is detached from any pooled buffer.
    /// </summary>
    public static async Task<(JsonElement Body, IResult? Rejection)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (default, AdminResults.Error(StatusCodes.Status413PayloadTooLarge, "요청 본문이 너무 큽니다."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (default, AdminResults.Error(StatusCodes.Status413PayloadTooLarge, "요청 본문이 너무 큽니다."));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            using var empty = JsonDocument.Parse("{}");
            return (empty.RootElement.Clone(), null);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            return document.RootElement.ValueKind == JsonValueKind.Object && JsonText.IsReadable(document.RootElement)
                ? (document.RootElement.Clone(), null)
                : (default, AdminResults.Error(StatusCodes.Status400BadRequest, AdminMessages.MalformedBody));
        }
        catch (JsonException)
        {
            return (default, AdminResults.Error(StatusCodes.Status400BadRequest, AdminMessages.MalformedBody));
        }
    }

    /// <summary>A route id; a value that is not a UUID names nothing, so it answers <paramref name="notFound"/> (404).</summary>
    public static bool TryId(string? text, string notFound, out Guid id, out IResult? rejection)
    {
        if (Guid.TryParse(text, out id))
        {
            rejection = null;
            return true;
        }

        rejection = AdminResults.Error(StatusCodes.Status404NotFound, notFound);
        return false;
    }
}
