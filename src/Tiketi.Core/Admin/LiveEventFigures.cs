namespace Tiketi.Core.Admin;

/// <summary>Live figures of one on-sale event.</summary>
public sealed class LiveEventFigures
{
#pragma warning disable CS1591 // camelCase like the contract's stats object
    public Guid id { get; set; }
    public string title { get; set; } = "";
    public long connectedUsers { get; set; }
    public long queueWaiting { get; set; }
    public long queueActive { get; set; }
    public int activeHolds { get; set; }
#pragma warning restore CS1591
}
