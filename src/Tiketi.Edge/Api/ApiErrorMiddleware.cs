using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Tiketi.Core.Json;

namespace Tiketi.Edge.Api;

/// <summary>
/// Keeps every error in the contract's JSON shape: unknown routes → 404 <c>{"error"}</c>; malformed JSON, wrong
/// types or unparsable route/query values → 400; bodies over 100 kB → 413; anything unexpected → 500 without a
/// stack trace (logged), with the endpoint's contract message when it declares one
/// (<see cref="EndpointFailureMessage"/>). Installed first in the pipeline.
/// </summary>
public sealed partial class ApiErrorMiddleware
{
    /// <summary>Body limit of the REST API (Express's default, REST.md §1.1).</summary>
    public const long MaxBodyBytes = 100 * 1024;

    private readonly RequestDelegate _next;
    private readonly ILogger<ApiErrorMiddleware> _logger;

    /// <summary>Creates the middleware.</summary>
    public ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
    {
        _next = next;
        _logger = logger;
    }

    /// <summary>Runs the rest of the pipeline and translates failures.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var isApi = context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
        if (isApi)
        {
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                await ApiErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ApiErrors.BodyTooLarge);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBodyBytes;
            }
        }

        try
        {
            await _next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var (status, message) = Translate(e);
            LogBadRequest(context.Request.Method, context.Request.Path, e.Message);
            context.Response.Clear();
            await ApiErrors.WriteAsync(context, status, message);
            return;
        }
        catch (JsonException e) when (!context.Response.HasStarted)
        {
            LogBadRequest(context.Request.Method, context.Request.Path, e.Message);
            context.Response.Clear();
            await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, ApiErrors.MalformedBody);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnhandled(e, context.Request.Method, context.Request.Path);
            context.Response.Clear();
            var message = context.GetEndpoint()?.Metadata.GetMetadata<EndpointFailureMessage>()?.Message ?? ApiErrors.Internal;
            await ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, message);
            return;
        }

        if (context.Response.HasStarted || context.Response.ContentLength is not null || context.Response.ContentType is not null)
        {
            return;
        }

        // Status codes set by the framework without a body (routing, body size limit hit while binding).
        switch (context.Response.StatusCode)
        {
            case StatusCodes.Status404NotFound when context.GetEndpoint() is null:
                await ApiErrors.WriteAsync(context, StatusCodes.Status404NotFound, ApiErrors.RouteNotFound);
                break;
            case StatusCodes.Status405MethodNotAllowed:
                await ApiErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, ApiErrors.MethodNotAllowed);
                break;
            case StatusCodes.Status413PayloadTooLarge:
                await ApiErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ApiErrors.BodyTooLarge);
                break;
        }
    }

    private static (int Status, string Message) Translate(BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (StatusCodes.Status413PayloadTooLarge, ApiErrors.BodyTooLarge);
        }

        // Minimal API binding failures: "Failed to read parameter ... as JSON", "Implicit body inferred ..."
        // (empty body), "Expected a supported JSON media type ..." → the body; everything else is a route/query value.
        var aboutBody = e.Message.Contains("JSON", StringComparison.Ordinal) || e.Message.Contains("body", StringComparison.OrdinalIgnoreCase)
            || e.StatusCode == StatusCodes.Status415UnsupportedMediaType || e.InnerException is JsonException;
        return (StatusCodes.Status400BadRequest, aboutBody ? ApiErrors.MalformedBody : ApiErrors.MalformedParameter);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rejected {Method} {Path}: {Reason}")]
    private partial void LogBadRequest(string method, PathString path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, PathString path);
}
