namespace Tiketi.Core.WaitingRoom;

/// <summary>An administrator's change to <see cref="WaitingRoomSettings"/>; null fields keep their current value.</summary>
/// <param name="Capacity">New capacity, or null.</param>
/// <param name="AdmissionRatePerSecond">New admission rate, or null.</param>
/// <param name="Enabled">New enabled flag, or null.</param>
/// <param name="Paused">New paused flag, or null.</param>
public sealed record WaitingRoomSettingsChange(int? Capacity, int? AdmissionRatePerSecond, bool? Enabled, bool? Paused);
