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
}
