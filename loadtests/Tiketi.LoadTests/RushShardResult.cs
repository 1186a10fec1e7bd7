using System.Text.Json.Serialization;

namespace Tiketi.LoadTests;

/// <summary>One distinct <c>queue-updated</c> push as one shard saw it (times are wall-clock UTC ticks).</summary>
internal sealed class RushWave
{
    public int Number { get; set; }

    /// <summary>The event array as received (carries the server's queue size and timestamp).</summary>
    public string Payload { get; set; } = "";

    public long FirstTicks { get; set; }

    public long LastTicks { get; set; }

    /// <summary>Sockets of the shard that read it.</summary>
    public int Received { get; set; }

    /// <summary>Sockets whose user was still waiting when the wave had reached every socket of the shard.</summary>
    public int WaitingSockets { get; set; }

    /// <summary>How many of <see cref="WaitingSockets"/> read it.</summary>
    public int WaitingReceived { get; set; }
}

/// <summary>One simulated buyer's timeline (wall-clock UTC ticks; 0 = did not happen).</summary>
internal sealed class RushUser
{
    public long CheckSentTicks { get; set; }

    public long CheckDoneTicks { get; set; }

    public bool Queued { get; set; }

    public long AdmittedTicks { get; set; }

    /// <summary>"arrival" (room at check time), "socket" (queue-entry-allowed) or "poll" (status showed it first).</summary>
    public string AdmittedBy { get; set; } = "";

    public long LeftTicks { get; set; }

    /// <summary>"paid", "sold-out", "left" (no purchase wanted), "refused" (403 from the gate) or "failed".</summary>
    public string Outcome { get; set; } = "";
}

/// <summary>What one generator process (one shard of the users) measured; the coordinator merges them.</summary>
internal sealed class RushShardResult
{
    public int Shard { get; set; }

    public int Users { get; set; }

    public int Connected { get; set; }

    public int Joined { get; set; }

    public int SocketsClosed { get; set; }

    public string? FirstClose { get; set; }

    public long Polls { get; set; }

    public long Holds { get; set; }

    public long HoldConflicts { get; set; }

    public long Paid { get; set; }

    public List<string> FailureSamples { get; set; } = [];

    public List<double> HoldLatencyMs { get; set; } = [];

    public List<double> PaymentLatencyMs { get; set; } = [];

    public List<RushUser> Timeline { get; set; } = [];

    public List<RushWave> Waves { get; set; } = [];

    /// <summary><c>queue-updated</c> deliveries that carried the socket's own position.</summary>
    public long PositionedDeliveries { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(RushShardResult))]
internal sealed partial class RushJsonContext : JsonSerializerContext;
