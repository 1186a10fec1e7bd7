using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tiketi.Core.Json;
using Tiketi.Core.Reservations;

namespace Tiketi.Admin;

/// <summary>Admin responses in the contract's JSON conventions (<see cref="ContractJson"/>); errors as <c>{"error":"…"}</c>.</summary>
internal static class AdminResults
{
    /// <summary>Message for unknown admin paths (answered only after authentication).</summary>
    public const string RouteNotFound = "요청한 경로를 찾을 수 없습니다.";

    /// <summary>A JSON body with <paramref name="statusCode"/>.</summary>
    public static IResult Json(object body, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Json(body, ContractJson.Options, statusCode: statusCode);

    /// <summary><c>{"error": message}</c>.</summary>
    public static IResult Error(int statusCode, string message) => Json(new ErrorBody(message), statusCode);

    /// <summary>The response for a refused command: Invalid → 400, NotFound → 404, Conflict → 409.</summary>
    public static IResult Failure(TicketingFailure failure) => Error(
        failure.Kind switch
        {
            TicketingFailureKind.NotFound => StatusCodes.Status404NotFound,
            TicketingFailureKind.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        },
        failure.Message);

    /// <summary>
    /// Declares the endpoint's contract 500 text (<see cref="EndpointFailureMessage"/>): an unexpected failure answers
    /// it (logged by the host's error middleware) instead of the generic message.
    /// </summary>
    public static RouteHandlerBuilder FailsWith(this RouteHandlerBuilder endpoint, string message) =>
        endpoint.WithMetadata(new EndpointFailureMessage(message));

    /// <summary>The contract's pagination object (REST.md §1.7).</summary>
    public static object Pagination(AdminPage page, int total) => new
    {
        page = page.Page,
        limit = page.Limit,
        total,
        totalPages = (int)Math.Ceiling(total / (double)page.Limit),
    };

    /// <summary>The plain error body.</summary>
    /// <param name="error">The Korean message.</param>
    public sealed record ErrorBody(string error);
}
