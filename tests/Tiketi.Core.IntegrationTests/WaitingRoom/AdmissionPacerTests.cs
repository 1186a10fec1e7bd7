using Tiketi.Core.WaitingRoom;

namespace Tiketi.Core.IntegrationTests.WaitingRoom;

/// <summary>Pacing and rate measurement on a manual clock (no waiting, no timing).</summary>
public sealed class AdmissionPacerTests
{
    [Fact]
    public void The_pacer_grants_rate_tokens_per_second_and_saves_at_most_one_second()
    {
        var clock = new ManualClock();
        var pacer = new AdmissionPacer(clock);

        Assert.Equal(0, pacer.Budget(50));
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(5, pacer.Budget(50));
        pacer.Spend(5);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(50, pacer.Budget(50)); // idle time does not build a burst beyond one second
        pacer.Spend(3);
        Assert.Equal(47, pacer.Budget(50));
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(50, pacer.Budget(50));
    }

    [Fact]
    public void Fractional_rates_accumulate_across_steps()
    {
        var clock = new ManualClock();
        var pacer = new AdmissionPacer(clock);
        var admitted = 0;

        for (var step = 0; step < 40; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(50));
            var budget = pacer.Budget(2);
            pacer.Spend(budget);
            admitted += budget;
        }

        Assert.Equal(4, admitted); // 2 seconds at 2/s
    }

    [Fact]
    public void The_meter_reports_admissions_per_second_over_its_window_including_idle_steps()
    {
        var clock = new ManualClock();
        var meter = new AdmissionRateMeter(clock, TimeSpan.FromSeconds(10));

        meter.Record(10);
        Assert.Null(meter.PerSecond); // less than a second measured
        for (var i = 0; i < 20; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            meter.Record(1);
        }

        Assert.Equal(15.0, meter.PerSecond!.Value, 3); // 30 admissions over 2 s
        for (var i = 0; i < 200; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            meter.Record(0);
        }

        Assert.Equal(0.0, meter.PerSecond!.Value, 3); // stalled (e.g. at capacity): measured rate falls to zero
    }

    [Fact]
    public void Eta_uses_the_measured_rate_and_falls_back_to_the_configured_one()
    {
        Assert.Equal(20, WaitingRoomEta.Seconds(1000, WaitingRoomEta.EffectiveRate(0, 50)));
        Assert.Equal(100, WaitingRoomEta.Seconds(1000, WaitingRoomEta.EffectiveRate(10, 50)));
        Assert.Equal(1, WaitingRoomEta.Seconds(1, WaitingRoomEta.EffectiveRate(0, 50)));
        Assert.Equal(0, WaitingRoomEta.Seconds(0, 50));
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
