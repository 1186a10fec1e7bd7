using Tiketi.Edge.EngineIO;
using Tiketi.Edge.UnitTests.SocketIO;

namespace Tiketi.Edge.UnitTests.EngineIO;

public class DeadlineSweepTests
{
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(50);

    private sealed class Owner : IDeadlineOwner
    {
        public int Fired { get; private set; }

        public void OnDeadline() => Fired++;
    }

    [Fact]
    public void A_lone_deadline_fires_once_exactly_when_due()
    {
        var time = new ManualTimeProvider();
        var sweep = new DeadlineSweep(Gap, time);
        var owner = new Owner();

        sweep.Register(owner, TimeSpan.FromMilliseconds(1000));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, owner.Fired);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, owner.Fired);
        Assert.Equal(0, sweep.Count);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, owner.Fired);
    }

    [Fact]
    public void An_unregistered_deadline_never_fires()
    {
        var time = new ManualTimeProvider();
        var sweep = new DeadlineSweep(Gap, time);
        var owner = new Owner();

        sweep.Register(owner, Gap);
        sweep.Unregister(owner);
        time.Advance(Gap * 4);

        Assert.Equal(0, owner.Fired);
        Assert.Equal(0, sweep.Count);
    }

    [Fact]
    public void Registering_again_replaces_the_earlier_deadline()
    {
        var time = new ManualTimeProvider();
        var sweep = new DeadlineSweep(Gap, time);
        var owner = new Owner();

        sweep.Register(owner, TimeSpan.FromMilliseconds(100));
        sweep.Register(owner, TimeSpan.FromMilliseconds(300));
        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, owner.Fired);
        Assert.Equal(1, sweep.Count);

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, owner.Fired);
    }

    [Fact]
    public void An_earlier_registration_moves_the_timer_forward()
    {
        var time = new ManualTimeProvider();
        var sweep = new DeadlineSweep(Gap, time);
        var late = new Owner();
        var early = new Owner();

        sweep.Register(late, TimeSpan.FromSeconds(10));
        sweep.Register(early, TimeSpan.FromMilliseconds(100));
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal((1, 0), (early.Fired, late.Fired));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal((1, 1), (early.Fired, late.Fired));
    }

    [Fact]
    public void Deadlines_close_together_share_a_sweep_at_most_one_gap_late()
    {
        var time = new ManualTimeProvider();
        var sweep = new DeadlineSweep(Gap, time);
        var first = new Owner();
        var second = new Owner();

        sweep.Register(first, TimeSpan.FromMilliseconds(100));
        sweep.Register(second, TimeSpan.FromMilliseconds(110));
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal((1, 0), (first.Fired, second.Fired));

        time.Advance(TimeSpan.FromMilliseconds(40));  // 140 ms: due, but the next sweep is one gap after the last
        Assert.Equal(0, second.Fired);
        time.Advance(TimeSpan.FromMilliseconds(10));  // 150 ms
        Assert.Equal(1, second.Fired);

        // Stopped once empty; a new registration starts it again.
        sweep.Register(first, Gap);
        time.Advance(Gap);
        Assert.Equal(2, first.Fired);
    }
}
