using System.Text.Json;
using Tiketi.Core.WaitingRoom;

namespace Tiketi.Edge.Api;

/// <summary>
/// Makes the waiting room unskippable (FLOWS.md defect 32): on a buying endpoint whose JSON body names an
/// <c>eventId</c>, a caller the event's queue has not admitted gets 403 <c>{"error":"대기열을 통해 입장해주세요."}</c>
/// before the handler runs. Bodies without a readable event id pass through so the handler's own validation answers.
/// </summary>
public static class QueueAdmissionFilter
{
    /// <summary>Requires queue admission (after <see cref="CurrentUser.RequireUser"/>) on <paramref name="builder"/>'s endpoints.</summary>
    public static TBuilder RequireQueueAdmission<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static async (context, next) =>
        {
            var http = context.HttpContext;
            var eventId = await ReadEventIdAsync(http.Request, http.RequestAborted);
            if (eventId is { } id
                && !await http.RequestServices.GetRequiredService<IAdmissionGate>().IsAdmittedAsync(id, http.GetCurrentUser().Id, http.RequestAborted))
            {
                return ApiErrors.Error(StatusCodes.Status403Forbidden, WaitingRoomMessages.EnterThroughQueue);
            }

            return await next(context);
        });

    // Reads the (small, size-limited) body once more for the handler: buffering lets it be rewound.
    private static async Task<Guid?> ReadEventIdAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || request.ContentLength > TicketingRequestBody.MaxBytes)
        {
            return null;
        }

        request.EnableBuffering(bufferThreshold: TicketingRequestBody.MaxBytes, bufferLimit: TicketingRequestBody.MaxBytes);
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return document.RootElement.ValueKind == JsonValueKind.Object && TicketingRequestBody.TryGetGuid(document.RootElement, "eventId", out var id)
                ? id
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (IOException)
        {
            // Over the buffer limit: the handler rejects the body itself.
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
