using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tiketi.Core.Admin;

namespace Tiketi.Admin;

/// <summary>Dashboard and seat layouts (REST.md §3.23, §3.24).</summary>
internal static class AdminDashboardEndpoints
{
    public static void MapDashboardEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/dashboard/stats", GetStatsAsync).FailsWith(AdminMessages.StatsFailed);
        admin.MapGet("/seat-layouts", GetLayoutsAsync).FailsWith(AdminMessages.SeatLayoutsFailed);
    }

    private static async Task<IResult> GetStatsAsync(AdminDashboard dashboard, CancellationToken cancellationToken)
    {
        var (stats, recent, live) = await dashboard.GetAsync(cancellationToken).ConfigureAwait(false);
        return AdminResults.Json(new { stats, recentReservations = recent, live });
    }

    private static async Task<IResult> GetLayoutsAsync(SeatLayoutCatalog layouts, CancellationToken cancellationToken) =>
        AdminResults.Json(new { layouts = await layouts.ListAsync(cancellationToken).ConfigureAwait(false) });
}
