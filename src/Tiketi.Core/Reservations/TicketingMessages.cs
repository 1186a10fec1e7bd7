namespace Tiketi.Core.Reservations;

/// <summary>User-facing error messages of the ticketing write side (Korean, as the client shows them).</summary>
public static class TicketingMessages
{
    /// <summary>3.14: missing/empty seat list.</summary>
    public const string SelectAtLeastOneSeat = "Please select at least one seat";

    /// <summary>3.14: unknown seat, wrong event or duplicate ids.</summary>
    public const string SeatNotFound = "좌석을 찾을 수 없습니다.";

    /// <summary>3.14: requested seats are held or sold by someone else; <paramref name="labels"/> comma-joined ("VIP-1-1").</summary>
    public static string SeatTaken(string labels) => labels.Length == 0 ? "이미 예약된 좌석입니다." : $"이미 예약된 좌석입니다. ({labels})";

    /// <summary>Holds and purchases: the event id does not exist.</summary>
    public const string EventNotFound = "이벤트를 찾을 수 없습니다.";

    /// <summary>Holds and purchases: the event is not on sale.</summary>
    public const string EventNotOnSale = "현재 예매 가능한 기간이 아닙니다.";

    /// <summary>Holds and purchases: the waiting room has not admitted this user.</summary>
    public const string NotAdmitted = "대기열 입장 순서가 아닙니다. 대기열을 통해 입장해주세요.";

    /// <summary>3.8: missing/empty items.</summary>
    public const string SelectTickets = "티켓을 선택해주세요.";

    /// <summary>3.8: a quantity that is not a positive integer.</summary>
    public const string QuantityAtLeastOne = "수량은 1개 이상이어야 합니다.";

    /// <summary>3.8: unknown ticket type or one of another event.</summary>
    public const string TicketNotFound = "존재하지 않는 티켓입니다.";

    /// <summary>3.8: a purchase lost a race it may retry (contract's "lock busy" text).</summary>
    public const string BusyTryAgain = "현재 많은 사용자가 예매 중입니다. 잠시 후 다시 시도해주세요.";

    /// <summary>3.10/3.11: reservation missing or not the caller's.</summary>
    public const string ReservationNotFound = "예매 내역을 찾을 수 없습니다.";

    /// <summary>3.11: already cancelled.</summary>
    public const string AlreadyCancelled = "이미 취소된 예매입니다.";

    /// <summary>3.11: a payment for this reservation is in flight.</summary>
    public const string PaymentInProgress = "결제가 진행 중입니다. 잠시 후 다시 시도해주세요.";

    /// <summary>3.15/3.16: reservation missing or not the caller's.</summary>
    public const string HoldNotFound = "예약을 찾을 수 없습니다.";

    /// <summary>3.16: the hold ran out.</summary>
    public const string HoldExpired = "예약이 만료되었습니다.";

    /// <summary>3.16: paid already (contract text).</summary>
    public const string AlreadyPaid = "Payment already completed for this reservation";

    /// <summary>3.16: the reservation was cancelled.</summary>
    public const string ReservationCancelled = "취소된 예약입니다.";

    /// <summary>3.16: the provider declined or failed.</summary>
    public const string PaymentFailed = "결제에 실패했습니다.";

    /// <summary>3.14: more seats than one user may hold for an event.</summary>
    public static string MaxSeats(int max) => $"최대 {max}석까지 선택 가능합니다.";

    /// <summary>3.8: more tickets than one purchase may take.</summary>
    public static string MaxTickets(int max) => $"1회 최대 {max}매까지 예매 가능합니다.";

    /// <summary>3.8: the purchase would cost more than a reservation can record.</summary>
    public const string AmountTooLarge = "결제 금액이 허용 한도를 초과합니다.";

    /// <summary>3.8: not enough stock of one ticket type.</summary>
    public static string NotEnoughTickets(string name, int remaining) => $"{name} 티켓이 부족합니다. (남은 수량: {remaining})";
}
