namespace Tiketi.Edge.Api;

/// <summary>The user-facing REST API (REST.md §3.2–3.22): one Map*Endpoints call per area, all under <c>/api</c>.</summary>
public static class UserApi
{
    /// <summary>Maps every user REST endpoint.</summary>
    public static IEndpointRouteBuilder MapUserApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapAuthEndpoints();
        api.MapEventEndpoints();
        api.MapTicketEndpoints();
        api.MapSeatMapEndpoints();
        api.MapPaymentMethodEndpoints();
        api.MapSeatEndpoints();
        api.MapReservationEndpoints();
        api.MapPaymentEndpoints();
        return app;
    }
}
