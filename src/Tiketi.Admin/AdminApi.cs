using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tiketi.Core.Admin;

namespace Tiketi.Admin;

/// <summary>
/// The admin REST API (<c>/api/admin/*</c>, REST.md §3.23–3.34 plus <c>GET /api/admin/audit</c>). Like the
/// original's router, it authenticates before matching: every path under <c>/api/admin</c> — unknown ones
/// included — answers 401/403 to a caller who is not an admin (role read from the database) before anything else.
/// </summary>
public static class AdminApi
{
    private static readonly string[] AnyMethod = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>Registers the admin services of Tiketi.Core.</summary>
    public static IServiceCollection AddAdminApi(this IServiceCollection services) => services.AddTiketiAdministration();

    /// <summary>Maps every admin endpoint under <c>/api/admin</c>, each behind <paramref name="authenticate"/>.</summary>
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app, AdminAuthenticator authenticate)
    {
        var admin = app.MapGroup("/api/admin");
        admin.AddEndpointFilter(async (context, next) =>
        {
            var authentication = await authenticate(context.HttpContext).ConfigureAwait(false);
            if (authentication.Admin is null)
            {
                return authentication.Rejection;
            }

            AdminRequest.SetActor(context.HttpContext, authentication.Admin);
            return await next(context).ConfigureAwait(false);
        });

        admin.MapDashboardEndpoints();
        admin.MapEventEndpoints();
        admin.MapSeatEndpoints();
        admin.MapTicketEndpoints();
        admin.MapReservationEndpoints();
        admin.MapAuditEndpoints();

        // Lowest precedence: unknown admin paths (or known paths with another method) still pass the filter first.
        admin.MapMethods("/{**path}", AnyMethod, static () => AdminResults.Error(StatusCodes.Status404NotFound, AdminResults.RouteNotFound));
        return admin;
    }
}
