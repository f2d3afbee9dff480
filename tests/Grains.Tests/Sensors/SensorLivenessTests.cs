using Warning.Grains.Sensors;

namespace Warning.Grains.Tests.Sensors;

public sealed class SensorLivenessTests
{
    private static readonly DateTimeOffset T0 = new(2021, 7, 20, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Offline_after_is_three_median_intervals_but_never_below_the_minimum()
    {
        var hourly = new SensorLiveness();
        for (var i = 0; i < 5; i++) hourly.Seen(T0.AddHours(i), T0.AddHours(i));
        Assert.Equal(TimeSpan.FromHours(3), hourly.OfflineAfter(TimeSpan.FromMinutes(10)));

        var everyMinute = new SensorLiveness();
        for (var i = 0; i < 5; i++) everyMinute.Seen(T0.AddMinutes(i), T0.AddMinutes(i));
        Assert.Equal(TimeSpan.FromMinutes(10), everyMinute.OfflineAfter(TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void The_median_ignores_one_long_gap_and_late_readings()
    {
        var s = new SensorLiveness();
        foreach (var m in new[] { 0, 5, 10, 15, 120, 125, 3 }) s.Seen(T0.AddMinutes(m), T0.AddMinutes(m));
        Assert.Equal(TimeSpan.FromMinutes(15), s.OfflineAfter(TimeSpan.FromMinutes(1)));
        Assert.Equal(T0.AddMinutes(125), s.LastArrival);
    }
}
