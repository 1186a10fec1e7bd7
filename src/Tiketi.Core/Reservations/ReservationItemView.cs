namespace Tiketi.Core.Reservations;

/// <summary>One item of a reservation as the read endpoints show it (seat fields null for ticket-type items).</summary>
public sealed class ReservationItemView
{
    /// <summary>The owning reservation.</summary>
    public Guid ReservationId { get; set; }

    /// <summary>Ticket type name, or the seat label for seat items (null if the seat was deleted).</summary>
    public string? TicketTypeName { get; set; }

    /// <summary>Quantity (1 for seats).</summary>
    public int Quantity { get; set; }

    /// <summary>Unit price in won.</summary>
    public int UnitPrice { get; set; }

    /// <summary>unit price × quantity.</summary>
    public int Subtotal { get; set; }

    /// <summary>Seat id, null for ticket-type items.</summary>
    public Guid? SeatId { get; set; }

    /// <summary>Seat label, null for ticket-type items.</summary>
    public string? SeatLabel { get; set; }

    /// <summary>Seat section, null for ticket-type items.</summary>
    public string? Section { get; set; }

    /// <summary>Seat row number, null for ticket-type items.</summary>
    public int? RowNumber { get; set; }

    /// <summary>Seat number in its row, null for ticket-type items.</summary>
    public int? SeatNumber { get; set; }
}
