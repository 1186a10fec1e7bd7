using Tiketi.Core.Json;

namespace Tiketi.Edge.Api;

/// <summary>
/// The contract's error bodies (REST.md §1.5): <c>{"error":"..."}</c> and <c>{"error":"...","code":"..."}</c>.
/// Endpoints return these for every 4xx/5xx so the client always finds a string in <c>data.error</c>.
/// </summary>
public static class ApiErrors
{
    /// <summary>Message for unknown routes.</summary>
    public const string RouteNotFound = "요청한 경로를 찾을 수 없습니다.";

    /// <summary>Message for a known path called with the wrong method.</summary>
    public const string MethodNotAllowed = "허용되지 않은 요청 방식입니다.";

    /// <summary>Message for a body that is not valid JSON or has fields of the wrong type.</summary>
    public const string MalformedBody = "요청 본문의 형식이 올바르지 않습니다.";

    /// <summary>Message for a route or query value of the wrong format (e.g. an id that is not a UUID).</summary>
    public const string MalformedParameter = "요청 값의 형식이 올바르지 않습니다.";

    /// <summary>Message for bodies above the 100 kB limit.</summary>
    public const string BodyTooLarge = "요청 본문이 너무 큽니다.";

    /// <summary>Message for unexpected server failures.</summary>
    public const string Internal = "서버 오류가 발생했습니다.";

    /// <summary>Message for rate-limited requests.</summary>
    public const string TooManyRequests = "요청이 너무 많습니다. 잠시 후 다시 시도해주세요.";

    /// <summary><c>{"error": message}</c> with <paramref name="statusCode"/>.</summary>
    public static IResult Error(int statusCode, string message) =>
        TypedResults.Json(new ErrorBody(message), ApiJson.Options, statusCode: statusCode);

    /// <summary><c>{"error": message, "code": code}</c> with <paramref name="statusCode"/>.</summary>
    public static IResult ErrorWithCode(int statusCode, string message, string code) =>
        TypedResults.Json(new CodedErrorBody(message, code), ApiJson.Options, statusCode: statusCode);

    /// <summary>400 <c>{"error": message}</c>.</summary>
    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    /// <summary>404 <c>{"error": message}</c>.</summary>
    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    /// <summary>500 <c>{"error": message}</c>; log the cause before returning it.</summary>
    public static IResult ServerError(string message) => Error(StatusCodes.Status500InternalServerError, message);

    /// <summary>
    /// Answers unexpected exceptions of these endpoints with 500 <c>{"error": message}</c> (the endpoint's contract
    /// failure message, e.g. "회원가입에 실패했습니다.") instead of the generic message; <see cref="ApiErrorMiddleware"/>
    /// logs the exception and reads the message from the endpoint's metadata.
    /// </summary>
    public static TBuilder WithFailureMessage<TBuilder>(this TBuilder builder, string message) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new EndpointFailureMessage(message));

    /// <summary>Writes <c>{"error": message}</c> directly (for middleware, where no endpoint result runs).</summary>
    public static Task WriteAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        return context.Response.WriteAsJsonAsync(new ErrorBody(message), ApiJson.Options, context.RequestAborted);
    }

    /// <summary>The plain error body.</summary>
    /// <param name="error">The Korean message.</param>
    public sealed record ErrorBody(string error);

    /// <summary>The error body with a machine-readable code.</summary>
    /// <param name="error">The Korean message.</param>
    /// <param name="code">The code, e.g. <c>USER_NOT_FOUND</c>.</param>
    public sealed record CodedErrorBody(string error, string code);
}
