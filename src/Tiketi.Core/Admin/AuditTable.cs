namespace Tiketi.Core.Admin;

/// <summary>Tables whose rows the audit log snapshots (a closed list, so no table name ever comes from input).</summary>
internal enum AuditTable
{
    /// <summary><c>events</c>.</summary>
    Events,

    /// <summary><c>ticket_types</c>.</summary>
    TicketTypes,

    /// <summary><c>reservations</c>.</summary>
    Reservations,

    /// <summary><c>event_queue_settings</c> (keyed by event id).</summary>
    QueueSettings,
}
