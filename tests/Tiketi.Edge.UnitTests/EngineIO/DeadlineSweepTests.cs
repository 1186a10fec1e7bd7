using Tiketi.Edge.EngineIO;
using Tiketi.Edge.UnitTests.SocketIO;

namespace Tiketi.Edge.UnitTests.EngineIO;

public class DeadlineSweepTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);

    private sealed class Owner : IDeadlineOwner
    {
        public int Fired { get; private set; }

        public void OnDeadline() => Fired++;
    }

    [Fact]
    public void A_deadline_fires_once_at_the_first_sweep_after_it_and_not_before()
    {
        var time = new ManualTimeProvider();
        var sweep = new DeadlineSweep(Period, time);
        var owner = new Owner();

        sweep.Register(owner, TimeSpan.FromMilliseconds(120));
        time.Advance(Period);
        time.Advance(Period);
        Assert.Equal(0, owner.Fired);

        time.Advance(Period);
        Assert.Equal(1, owner.Fired);
        Assert.Equal(0, sweep.Count);

        time.Advance(Period);
        Assert.Equal(1, owner.Fired);
    }

    [Fact]
    public void An_unregistered_deadline_never_fires()
    {
        var time = new ManualTimeProvider();
        var sweep = new DeadlineSweep(Period, time);
        var owner = new Owner();

        sweep.Register(owner, Period);
        sweep.Unregister(owner);
        time.Advance(Period * 4);

        Assert.Equal(0, owner.Fired);
        Assert.Equal(0, sweep.Count);
    }

    [Fact]
    public void Registering_again_replaces_the_earlier_deadline()
    {
        var time = new ManualTimeProvider();
        var sweep = new DeadlineSweep(Period, time);
        var owner = new Owner();

        sweep.Register(owner, Period);
        sweep.Register(owner, Period * 3);
        time.Advance(Period);
        time.Advance(Period);
        Assert.Equal(0, owner.Fired);
        Assert.Equal(1, sweep.Count);

        time.Advance(Period);
        Assert.Equal(1, owner.Fired);
    }

    [Fact]
    public void Owners_fire_independently_and_the_timer_rearms_for_late_registrations()
    {
        var time = new ManualTimeProvider();
        var sweep = new DeadlineSweep(Period, time);
        var early = new Owner();
        var late = new Owner();

        sweep.Register(early, Period);
        sweep.Register(late, Period * 2);
        time.Advance(Period);
        Assert.Equal((1, 0), (early.Fired, late.Fired));

        time.Advance(Period);
        Assert.Equal((1, 1), (early.Fired, late.Fired));

        // The timer stopped once nothing was left; a new registration starts it again.
        sweep.Register(early, Period);
        time.Advance(Period);
        Assert.Equal(2, early.Fired);
    }
}
