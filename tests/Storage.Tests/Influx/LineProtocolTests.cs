using Warning.Storage.Influx;

namespace Warning.Storage.Tests.Influx;

public sealed class LineProtocolTests
{
    [Fact]
    public void A_point_is_measurement_tags_fields_and_ms_time()
    {
        var line = LineProtocol.Format([new InfluxPoint("rain", "BLH-RAIN-01", "210283", new Dictionary<string, double> { ["rain_mm"] = 12.4, ["flow_m3s"] = 3 }, 1626768000000)]);
        Assert.Equal("rain,region=210283,sensor=BLH-RAIN-01 flow_m3s=3,rain_mm=12.4 1626768000000\n", line);
    }

    [Fact]
    public void Commas_spaces_and_equals_are_escaped_where_line_protocol_needs_it()
    {
        var line = LineProtocol.Format([new InfluxPoint("my kind", "a,b", "x=y", new Dictionary<string, double> { ["m 1"] = 1 }, 5)]);
        Assert.Equal("my\\ kind,region=x\\=y,sensor=a\\,b m\\ 1=1 5\n", line);
    }

    [Theory]
    [InlineData("rain", "RG-001", "410102", null)]
    [InlineData("odd measure,x", "s=1,2 3", "a\\b", "2021-07-20T16:00:00+08:00")]
    public void A_line_reads_back_into_the_point_it_was_written_from(string measurement, string sensor, string region, string? issued)
    {
        var point = new InfluxPoint(measurement, sensor, region, new Dictionary<string, double> { ["rain_mm"] = 12.5, ["b x=y"] = -0.001 }, 1626768000123, issued);
        var line = LineProtocol.Format([point]);

        Assert.True(LineProtocol.TryParse(line, out var read));
        Assert.Equal((point.Measurement, point.Sensor, point.Region, point.Issued, point.TimestampMs), (read!.Measurement, read.Sensor, read.Region, read.Issued, read.TimestampMs));
        Assert.Equal(point.Fields.OrderBy(f => f.Key), read.Fields.OrderBy(f => f.Key));
    }

    [Theory]
    [InlineData("rain v=1 2")] // no sensor tag
    [InlineData("rain,sensor=a,region=b v=x 2")] // a field that is not a number
    [InlineData("rain,sensor=a,region=b v=1")] // no time
    [InlineData("")]
    public void A_line_of_another_shape_is_not_read(string line) => Assert.False(LineProtocol.TryParse(line, out _));
}
