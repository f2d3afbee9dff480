using System.Text.Json;
using Warning.Grains.Persistence;
using Warning.Grains.Sensors;
using Warning.Grains.Telemetry;

namespace Warning.Grains.Tests.Sensors;

public sealed class SensorStateTests
{
    private static readonly DateTimeOffset T0 = new(2021, 7, 20, 16, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void A_state_saved_with_event_times_as_strings_reads_back_and_knows_its_repeats()
    {
        const string saved = """{"recentSeqs":[7],"recentTs":["2021-07-20T16:00:00+08:00","2021-07-20T08:05:00.5Z"],"readings":2}""";
        var state = JsonSerializer.Deserialize<SensorState>(saved, GrainStateJson.Options)!;
        Assert.True(state.IsDuplicate(new Reading("G", T0.ToUniversalTime(), null, new Dictionary<string, double>())));
        Assert.True(state.IsDuplicate(new Reading("G", T0.AddMinutes(5).AddMilliseconds(500), null, new Dictionary<string, double>())));
        Assert.True(state.IsDuplicate(new Reading("G", T0.AddHours(1), 7, new Dictionary<string, double>())));
        Assert.False(state.IsDuplicate(new Reading("G", T0.AddMinutes(5), 8, new Dictionary<string, double>())));

        state.Remember(new Reading("G", T0.AddMinutes(10), 9, new Dictionary<string, double>()));
        var again = JsonSerializer.Deserialize<SensorState>(JsonSerializer.Serialize(state, GrainStateJson.Options), GrainStateJson.Options)!;
        Assert.Equal(state.RecentTs, again.RecentTs);
        Assert.True(again.IsDuplicate(new Reading("G", T0.AddMinutes(10), null, new Dictionary<string, double>())));
    }

    [Fact]
    public void Remembers_only_the_most_recent_readings()
    {
        var state = new SensorState();
        for (var i = 0; i <= SensorState.RecentKeys; i++) state.Remember(new Reading("G", T0.AddMinutes(i), i, new Dictionary<string, double>()));
        Assert.False(state.IsDuplicate(new Reading("G", T0, null, new Dictionary<string, double>())));
        Assert.True(state.IsDuplicate(new Reading("G", T0.AddMinutes(1), null, new Dictionary<string, double>())));
    }

    [Fact]
    public void Keys_are_held_as_low_bits_and_milliseconds_and_persist_oldest_first()
    {
        var state = new SensorState();
        const long big = (1L << 40) + 5;
        state.Remember(new Reading("G", T0, big, new Dictionary<string, double>()));
        state.Remember(new Reading("G", T0.AddMinutes(5), big + 1, new Dictionary<string, double>()));
        Assert.True(state.IsDuplicate(new Reading("G", T0.AddHours(3), big, new Dictionary<string, double>())));
        Assert.False(state.IsDuplicate(new Reading("G", T0.AddHours(3), big + 2, new Dictionary<string, double>())));
        // A time more than 24 days away from the first one remembered cannot be held in 4 bytes: not remembered.
        var farOff = T0.AddDays(-30);
        state.Remember(new Reading("G", farOff, null, new Dictionary<string, double>()));
        Assert.False(state.IsDuplicate(new Reading("G", farOff, null, new Dictionary<string, double>())));

        var again = JsonSerializer.Deserialize<SensorState>(JsonSerializer.Serialize(state, GrainStateJson.Options), GrainStateJson.Options)!;
        Assert.Equal([T0.UtcTicks, T0.AddMinutes(5).UtcTicks], again.RecentTs);
        Assert.True(again.IsDuplicate(new Reading("G", T0.AddMinutes(5), null, new Dictionary<string, double>())));
        Assert.True(again.IsDuplicate(new Reading("G", T0.AddDays(1), big + 1, new Dictionary<string, double>())));
    }
}
