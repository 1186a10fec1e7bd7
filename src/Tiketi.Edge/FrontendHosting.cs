using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Tiketi.Edge;

/// <summary>
/// Serves a built single-page frontend (the unchanged React client's build output, see frontend/README.md) from the
/// edge's own origin when <c>TIKETI_FRONTEND_DIR</c> names a folder with an <c>index.html</c>: a GET or HEAD that no
/// endpoint claims gets the file at its path, or <c>index.html</c> for client-side routes such as
/// <c>/events/:id</c>. API, Socket.IO, health and OpenAPI paths are never answered with the page (unknown ones keep
/// their JSON 404), and nothing outside the folder is reachable. Same origin: the client then needs no CORS at all.
/// </summary>
internal sealed partial class FrontendHosting
{
    private static readonly string[] ReservedPrefixes = ["/api", "/socket.io", "/health", "/openapi"];

    private readonly RequestDelegate _next;
    private readonly PhysicalFileProvider _files;
    private readonly IFileInfo _index;
    private readonly FileExtensionContentTypeProvider _types = new();

    private FrontendHosting(RequestDelegate next, PhysicalFileProvider files, IFileInfo index)
    {
        _next = next;
        _files = files;
        _index = index;
    }

    /// <summary>Adds the frontend to the pipeline when <c>TIKETI_FRONTEND_DIR</c> is set (a missing index.html is logged, not fatal).</summary>
    public static void Use(WebApplication app)
    {
        var folder = app.Configuration["TIKETI_FRONTEND_DIR"];
        if (string.IsNullOrWhiteSpace(folder))
        {
            return;
        }

        var root = Path.GetFullPath(folder);
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            LogNoIndex(app.Logger, root);
            return;
        }

        var files = new PhysicalFileProvider(root);
        var index = files.GetFileInfo("index.html");
        app.Use(next => new FrontendHosting(next, files, index).InvokeAsync);
        LogServing(app.Logger, root);
    }

    private Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (context.GetEndpoint() is not null || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || IsReserved(request.Path))
        {
            return _next(context);
        }

        // PhysicalFileProvider refuses paths that leave its root (.., absolute, hidden): those get the page.
        var file = _files.GetFileInfo(request.Path.Value ?? "/");
        var isPage = !file.Exists || file.IsDirectory;
        if (isPage)
        {
            file = _index;
        }

        var response = context.Response;
        response.ContentType = _types.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";
        response.ContentLength = file.Length;
        // The page must be re-read after a deploy; the bundles it names carry content hashes in their file names.
        response.Headers.CacheControl = isPage || file.Name == "index.html" ? "no-cache" : "public, max-age=3600";
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.SendFileAsync(file, context.RequestAborted);
    }

    private static bool IsReserved(PathString path)
    {
        foreach (var prefix in ReservedPrefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving the frontend from {Root}")]
    private static partial void LogServing(ILogger logger, string root);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TIKETI_FRONTEND_DIR is {Root}, which has no index.html: no frontend is served")]
    private static partial void LogNoIndex(ILogger logger, string root);
}
