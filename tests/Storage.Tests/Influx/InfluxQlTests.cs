using Warning.Storage.Influx;

namespace Warning.Storage.Tests.Influx;

public sealed class InfluxQlTests
{
    [Theory]
    [InlineData("9600h0m0s", 9600 * 3600.0)]
    [InlineData("0s", 0.0)]
    [InlineData("1h30m0s", 5400.0)]
    [InlineData("1m30.5s", 90.5)]
    [InlineData("500ms", 0.5)]
    public void Durations_as_InfluxDB_shows_them_are_read(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), InfluxQl.ParseDuration(text));

    [Fact]
    public void Durations_are_written_in_whole_seconds_and_zero_is_forever()
    {
        Assert.Equal("34560000s", InfluxQl.Duration(TimeSpan.FromDays(400)));
        Assert.Equal("INF", InfluxQl.Duration(TimeSpan.Zero));
    }

    [Fact]
    public void Identifiers_are_quoted_with_their_quotes_escaped() =>
        Assert.Equal("\"a\\\"b\"", InfluxQl.Ident("a\"b"));
}
