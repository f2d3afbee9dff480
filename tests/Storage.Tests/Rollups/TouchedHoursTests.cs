using Warning.Storage.Influx;
using Warning.Storage.Rollups;

namespace Warning.Storage.Tests.Rollups;

public sealed class TouchedHoursTests
{
    [Fact]
    public void The_hours_of_each_measurement_are_read_from_the_lines_InfluxDB_took()
    {
        var touched = new TouchedHours();
        var at = new DateTimeOffset(2012, 8, 3, 10, 59, 59, TimeSpan.Zero);
        touched.Record(LineProtocol.Format(
        [
            new InfluxPoint("rain", "A", "1", new Dictionary<string, double> { ["rain_mm"] = 1 }, at.ToUnixTimeMilliseconds()),
            new InfluxPoint("rain", "B x", "1", new Dictionary<string, double> { ["rain_mm"] = 2 }, at.AddSeconds(1).ToUnixTimeMilliseconds()),
            new InfluxPoint("odd kind,1", "C", "1", new Dictionary<string, double> { ["v=1"] = 3 }, at.ToUnixTimeMilliseconds()),
            new InfluxPoint("rain", "A", "1", new Dictionary<string, double> { ["rain_mm"] = 1 }, at.AddMinutes(-5).ToUnixTimeMilliseconds()),
        ]));
        Assert.Equal(3, touched.Count);

        var taken = touched.Take();
        Assert.Equal(0, touched.Count);
        var tenOClock = at.ToUnixTimeMilliseconds() / 3_600_000;
        Assert.Equal([tenOClock, tenOClock + 1], taken["rain"].Order());
        Assert.Equal([tenOClock], taken["odd kind,1"]);
        Assert.Equal(new DateTimeOffset(2012, 8, 3, 10, 0, 0, TimeSpan.Zero), TouchedHours.StartOf(tenOClock));

        touched.Return("rain", taken["rain"]);
        touched.Record("rain", at);
        Assert.Equal(2, touched.Count);
    }

    [Fact]
    public void Forecast_steps_are_not_readings_and_are_not_rolled_up()
    {
        var touched = new TouchedHours();
        var at = new DateTimeOffset(2012, 8, 3, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var lines = LineProtocol.Format(
        [
            new InfluxPoint(InfluxPoint.ForecastMeasurement, "A", "1", new Dictionary<string, double> { ["rain_mm"] = 5 }, at, "2012-08-03T17:00:00+08:00"),
            new InfluxPoint("rain", "A", "1", new Dictionary<string, double> { ["rain_mm"] = 1 }, at),
        ]);
        Assert.StartsWith("forecast,issued=2012-08-03T17:00:00+08:00,region=1,sensor=A rain_mm=5 ", lines);
        touched.Record(lines);
        Assert.Equal(["rain"], touched.Take().Keys);
    }

    [Fact]
    public void Hours_before_1970_are_counted_down_from_the_epoch()
    {
        var touched = new TouchedHours();
        touched.Record("rain,sensor=A v=1 -1\n");
        Assert.Equal([-1L], touched.Take()["rain"]);
    }
}
