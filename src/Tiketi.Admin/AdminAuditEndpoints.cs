using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tiketi.Core.Admin;

namespace Tiketi.Admin;

/// <summary><c>GET /api/admin/audit?page&amp;limit&amp;action&amp;targetId</c>: the audit log, newest first, paged.</summary>
internal static class AdminAuditEndpoints
{
    /// <summary>Default page size.</summary>
    public const int DefaultLimit = 50;

    public static void MapAuditEndpoints(this RouteGroupBuilder admin) => admin.MapGet("/audit", ReadAsync).FailsWith(AdminMessages.AuditFailed);

    private static async Task<IResult> ReadAsync(HttpContext context, AuditLog audit, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (!AdminPage.TryRead(query, DefaultLimit, out var page))
        {
            return AdminResults.Error(StatusCodes.Status400BadRequest, AdminMessages.MalformedQuery);
        }

        Guid? targetId = null;
        var targetText = query["targetId"].ToString();
        if (targetText.Length > 0)
        {
            if (!Guid.TryParse(targetText, out var parsed))
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, AdminMessages.MalformedQuery);
            }

            targetId = parsed;
        }

        var action = query["action"].ToString();
        var (entries, total) = await audit.ReadAsync(page.Page, page.Limit, action.Length > 0 ? action : null, targetId, cancellationToken).ConfigureAwait(false);
        return AdminResults.Json(new { entries, pagination = AdminResults.Pagination(page, total) });
    }
}
