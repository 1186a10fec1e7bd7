using Tiketi.Core.Events;

namespace Tiketi.Edge.Api;

/// <summary><c>GET /api/events</c> and <c>GET /api/events/:id</c> (REST.md §3.4/3.5), served from the event cache.</summary>
public static class EventEndpoints
{
    /// <summary>Maps the event read endpoints under the <c>/api</c> group.</summary>
    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        var events = api.MapGroup("/events");
        events.MapGet("/", ListAsync).WithFailureMessage("이벤트 목록을 불러오는데 실패했습니다.");
        events.MapGet("/{id}", DetailAsync).WithFailureMessage("이벤트 정보를 불러오는데 실패했습니다.");
        return events;
    }

    private static async Task<IResult> ListAsync(HttpContext context, EventCatalog catalog, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (!EventListQuery.TryParse(query["status"], query["page"], query["limit"], query["q"], out var parsed, out var error))
        {
            return ApiErrors.BadRequest(error);
        }

        return JsonText(await catalog.GetListJsonAsync(parsed, cancellationToken));
    }

    private static async Task<IResult> DetailAsync(Guid id, EventCatalog catalog, CancellationToken cancellationToken)
    {
        var json = await catalog.GetDetailJsonAsync(id, cancellationToken);
        return json is null ? ApiErrors.NotFound("이벤트를 찾을 수 없습니다.") : JsonText(json);
    }

    /// <summary>An already-serialized contract JSON body.</summary>
    internal static IResult JsonText(string json) => Results.Text(json, "application/json; charset=utf-8");
}
