namespace Tiketi.Core.Admin;

/// <summary>The <c>action</c> values of the audit log.</summary>
public static class AuditActions
{
    /// <summary>POST /api/admin/events.</summary>
    public const string EventCreate = "event.create";

    /// <summary>PUT /api/admin/events/:id.</summary>
    public const string EventUpdate = "event.update";

    /// <summary>POST /api/admin/events/:id/cancel.</summary>
    public const string EventCancel = "event.cancel";

    /// <summary>DELETE /api/admin/events/:id.</summary>
    public const string EventDelete = "event.delete";

    /// <summary>POST /api/admin/events/:id/generate-seats.</summary>
    public const string SeatsGenerate = "seats.generate";

    /// <summary>DELETE /api/admin/events/:id/seats.</summary>
    public const string SeatsDelete = "seats.delete";

    /// <summary>POST /api/admin/events/:eventId/tickets.</summary>
    public const string TicketTypeCreate = "ticket_type.create";

    /// <summary>PUT /api/admin/tickets/:id.</summary>
    public const string TicketTypeUpdate = "ticket_type.update";

    /// <summary>PATCH /api/admin/reservations/:id/status.</summary>
    public const string ReservationStatus = "reservation.status";

    /// <summary>PUT /api/admin/events/:id/queue (waiting-room settings).</summary>
    public const string QueueSettings = "queue.settings";

    /// <summary>POST /api/queue/admin/clear/:eventId (Redis state: <c>after</c> says what was removed).</summary>
    public const string QueueClear = "queue.clear";
}
