namespace Tiketi.Core.WaitingRoom;

/// <summary>User-facing (Korean) texts of the waiting room, as the client shows them.</summary>
public static class WaitingRoomMessages
{
    /// <summary>Unknown event.</summary>
    public const string EventNotFound = "이벤트를 찾을 수 없습니다.";

    /// <summary>Queue calls on an ended or cancelled event.</summary>
    public const string EventClosed = "종료되었거나 취소된 이벤트입니다.";

    /// <summary><c>queue-entry-allowed</c> message.</summary>
    public const string EntryAllowed = "입장이 허용되었습니다. 잠시 후 자동으로 이동합니다.";

    /// <summary><c>queue-cleared</c> message.</summary>
    public const string ClearedByAdmin = "관리자가 대기열을 초기화했습니다.";

    /// <summary>3.20 success message.</summary>
    public const string Left = "대기열에서 나왔습니다.";

    /// <summary>3.22 success message.</summary>
    public const string Cleared = "대기열이 초기화되었습니다.";

    /// <summary>3.18 failure.</summary>
    public const string CheckFailed = "대기열 확인에 실패했습니다.";

    /// <summary>3.19 failure.</summary>
    public const string StatusFailed = "대기열 상태 조회에 실패했습니다.";

    /// <summary>3.20 failure.</summary>
    public const string LeaveFailed = "대기열 나가기에 실패했습니다.";

    /// <summary>3.21 failure.</summary>
    public const string AdminInfoFailed = "대기열 정보 조회에 실패했습니다.";

    /// <summary>3.22 failure.</summary>
    public const string ClearFailed = "대기열 초기화에 실패했습니다.";

    /// <summary>Settings endpoint failure.</summary>
    public const string SettingsFailed = "대기열 설정 처리에 실패했습니다.";

    /// <summary>Settings body: capacity out of range or not an integer.</summary>
    public const string InvalidCapacity = "capacity는 1 이상 1000000 이하의 정수여야 합니다.";

    /// <summary>Settings body: rate out of range or not an integer.</summary>
    public const string InvalidAdmissionRate = "admissionRatePerSecond는 1 이상 100000 이하의 정수여야 합니다.";

    /// <summary>Settings body: a flag that is not a boolean.</summary>
    public const string InvalidFlag = "enabled와 paused는 true 또는 false여야 합니다.";
}
