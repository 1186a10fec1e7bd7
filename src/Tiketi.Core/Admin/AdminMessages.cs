namespace Tiketi.Core.Admin;

/// <summary>The Korean <c>error</c>/<c>message</c> texts of the admin API (REST.md §3.23–3.34, plus our validation).</summary>
public static class AdminMessages
{
    /// <summary>Event created (201).</summary>
    public const string EventCreated = "이벤트가 생성되었습니다.";

    /// <summary>Event updated.</summary>
    public const string EventUpdated = "이벤트가 수정되었습니다.";

    /// <summary>Event cancelled with its reservations.</summary>
    public const string EventCancelled = "이벤트가 취소되었습니다. 모든 예약이 취소되고 결제 완료된 예약은 환불 처리되었습니다.";

    /// <summary>Event deleted.</summary>
    public const string EventDeleted = "이벤트가 삭제되었습니다.";

    /// <summary>No such event.</summary>
    public const string EventNotFound = "이벤트를 찾을 수 없습니다.";

    /// <summary>Cancel of a missing or an already cancelled event (404, REST.md §3.27).</summary>
    public const string EventNotFoundOrCancelled = "이벤트를 찾을 수 없거나 이미 취소되었습니다.";

    /// <summary>Changes to a cancelled event (ticket types, seats).</summary>
    public const string EventIsCancelled = "취소된 이벤트는 변경할 수 없습니다.";

    /// <summary>Delete refused: live reservations exist (409; the original answered 400).</summary>
    public const string EventHasReservations = "예매가 존재하는 이벤트는 삭제할 수 없습니다.";

    /// <summary>Seats generated.</summary>
    public const string SeatsGenerated = "좌석이 생성되었습니다.";

    /// <summary>Seats deleted.</summary>
    public const string SeatsDeleted = "좌석이 삭제되었습니다.";

    /// <summary>Seat generation for an event without a layout.</summary>
    public const string NoSeatLayout = "좌석 레이아웃이 설정되지 않았습니다.";

    /// <summary>Seat generation when seats exist.</summary>
    public const string SeatsAlreadyExist = "이미 좌석이 생성되어 있습니다.";

    /// <summary>Seat deletion while live reservations hold seats.</summary>
    public const string SeatsReserved = "예약된 좌석이 있어 삭제할 수 없습니다.";

    /// <summary>Unknown seat layout id.</summary>
    public const string SeatLayoutNotFound = "존재하지 않는 좌석 레이아웃입니다.";

    /// <summary>A layout whose <c>layout_config</c> cannot produce seats.</summary>
    public const string SeatLayoutInvalid = "좌석 레이아웃 구성이 올바르지 않습니다.";

    /// <summary>Ticket type created (201).</summary>
    public const string TicketCreated = "티켓이 등록되었습니다.";

    /// <summary>Ticket type updated.</summary>
    public const string TicketUpdated = "티켓이 수정되었습니다.";

    /// <summary>No such ticket type.</summary>
    public const string TicketNotFound = "티켓을 찾을 수 없습니다.";

    /// <summary>Total below what is already sold.</summary>
    public const string TicketBelowSold = "판매된 티켓 수보다 적은 수량으로 변경할 수 없습니다.";

    /// <summary>Reservation status changed.</summary>
    public const string ReservationStatusChanged = "예매 상태가 변경되었습니다.";

    /// <summary>PATCH without status or paymentStatus.</summary>
    public const string StatusRequired = "변경할 상태를 지정해주세요.";

    /// <summary>No such reservation.</summary>
    public const string ReservationNotFound = "예매를 찾을 수 없습니다.";

    /// <summary>A status value outside pending/confirmed/cancelled.</summary>
    public const string InvalidReservationStatus = "유효하지 않은 예매 상태입니다. (pending, confirmed, cancelled)";

    /// <summary>A payment status value outside pending/completed/failed/refunded.</summary>
    public const string InvalidPaymentStatus = "유효하지 않은 결제 상태입니다. (pending, completed, refunded)";

    /// <summary>A transition the reservation state machine does not have.</summary>
    public const string TransitionNotAllowed = "현재 예매 상태에서는 요청한 상태로 변경할 수 없습니다.";

    /// <summary>Confirming a hold whose seats are no longer locked for it, or that expired.</summary>
    public const string CannotConfirm = "만료되었거나 좌석이 해제된 예약은 확정할 수 없습니다.";

    /// <summary>A payment is being processed for the reservation.</summary>
    public const string PaymentInProgress = "결제가 진행 중입니다. 잠시 후 다시 시도해주세요.";

    /// <summary>A body that is not a JSON object.</summary>
    public const string MalformedBody = "요청 본문의 형식이 올바르지 않습니다.";

    /// <summary>A query value of the wrong format.</summary>
    public const string MalformedQuery = "요청 값의 형식이 올바르지 않습니다.";

    /// <summary>Sale window / performance date out of order.</summary>
    public const string DatesOutOfOrder = "판매 시작일시는 판매 종료일시보다 이전이어야 하고, 판매 종료일시는 공연일시보다 늦을 수 없습니다.";

    /// <summary>A required field is missing or empty.</summary>
    public static string Required(string label) => $"{label}은(는) 필수 항목입니다.";

    /// <summary>A field of the wrong type or format.</summary>
    public static string Invalid(string label) => $"{label}의 형식이 올바르지 않습니다.";

    /// <summary>A text field over its column length.</summary>
    public static string TooLong(string label, int max) => $"{label}은(는) {max}자 이하여야 합니다.";

    /// <summary>A number outside its range.</summary>
    public static string OutOfRange(string label, long min, long max) => $"{label}은(는) {min} 이상 {max} 이하의 정수여야 합니다.";

    /// <summary>Too many ticket grades in one request.</summary>
    public static string TooManyTicketTypes(int max) => $"티켓 등급은 최대 {max}개까지 등록할 수 있습니다.";

    // 500 texts, one per endpoint (REST.md §3.23–3.34): what an unexpected failure of that endpoint answers.

    /// <summary>Dashboard stats failed.</summary>
    public const string StatsFailed = "통계 정보를 불러오는데 실패했습니다.";

    /// <summary>Seat layout list failed.</summary>
    public const string SeatLayoutsFailed = "좌석 레이아웃을 불러오는데 실패했습니다.";

    /// <summary>Event create failed.</summary>
    public const string EventCreateFailed = "이벤트 생성에 실패했습니다.";

    /// <summary>Event update failed.</summary>
    public const string EventUpdateFailed = "이벤트 수정에 실패했습니다.";

    /// <summary>Event cancel failed.</summary>
    public const string EventCancelFailed = "이벤트 취소에 실패했습니다.";

    /// <summary>Event delete failed.</summary>
    public const string EventDeleteFailed = "이벤트 삭제에 실패했습니다.";

    /// <summary>Seat generation failed.</summary>
    public const string SeatGenerationFailed = "좌석 생성에 실패했습니다.";

    /// <summary>Seat removal failed.</summary>
    public const string SeatDeletionFailed = "좌석 삭제에 실패했습니다.";

    /// <summary>Ticket type create failed.</summary>
    public const string TicketCreateFailed = "티켓 등록에 실패했습니다.";

    /// <summary>Ticket type update failed.</summary>
    public const string TicketUpdateFailed = "티켓 수정에 실패했습니다.";

    /// <summary>Reservation list failed.</summary>
    public const string ReservationsFailed = "예매 내역을 불러오는데 실패했습니다.";

    /// <summary>Reservation status change failed.</summary>
    public const string ReservationStatusFailed = "예매 상태 변경에 실패했습니다.";

    /// <summary>Audit log read failed (ours; not in the contract).</summary>
    public const string AuditFailed = "감사 로그를 불러오는데 실패했습니다.";
}
