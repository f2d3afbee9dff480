using System.Text;
using Warning.Ingest.Forecasts;

namespace Warning.Ingest.Tests.Forecasts;

public sealed class ForecastParserTests
{
    private static readonly DateTimeOffset Now = new(2021, 7, 20, 12, 0, 0, TimeSpan.FromHours(8));

    private static (Warning.Grains.Forecasts.ForecastIssue?, Warning.Ingest.Telemetry.Rejection?) Parse(string json) =>
        ForecastParser.Parse("G1", Encoding.UTF8.GetBytes(json), Now);

    [Fact]
    public void A_good_issue_is_read_step_by_step()
    {
        var (issue, rejection) = Parse("""{"issued": "2021-07-20T12:00:00+08:00", "source": "county-met", "steps": [{"ts": "2021-07-20T13:00:00+08:00", "rain_mm": 12.5}, {"ts": "2021-07-20T14:00:00+08:00", "rain_mm": 0}]}""");
        Assert.Null(rejection);
        Assert.Equal(("G1", Now, "county-met"), (issue!.SensorId, issue.Issued, issue.Source));
        Assert.Equal([(Now.AddHours(1), 12.5), (Now.AddHours(2), 0.0)], issue.Steps.Select(s => (s.Ts, s.RainMm)));
        Assert.Empty(Parse("""{"issued": "2021-07-20T12:00:00+08:00", "source": "x", "steps": []}""").Item1!.Steps);   // a withdrawal
    }

    [Theory]
    [InlineData("""not json""", "malformed-json", "$")]
    [InlineData("""[]""", "wrong-type", "$")]
    [InlineData("""{"source": "x", "steps": []}""", "missing-field", "$.issued")]
    [InlineData("""{"issued": "2021-07-20 12:00", "source": "x", "steps": []}""", "bad-timestamp", "$.issued")]
    [InlineData("""{"issued": "2021-07-22T12:00:00+08:00", "source": "x", "steps": []}""", "future-timestamp", "$.issued")]
    [InlineData("""{"issued": "2021-07-20T12:00:00+08:00", "steps": []}""", "missing-field", "$.source")]
    [InlineData("""{"issued": "2021-07-20T12:00:00+08:00", "source": "", "steps": []}""", "wrong-type", "$.source")]
    [InlineData("""{"issued": "2021-07-20T12:00:00+08:00", "source": "x"}""", "missing-field", "$.steps")]
    [InlineData("""{"issued": "2021-07-20T12:00:00+08:00", "source": "x", "steps": {}}""", "wrong-type", "$.steps")]
    [InlineData("""{"issued": "2021-07-20T12:00:00+08:00", "source": "x", "steps": [{"ts": "2021-07-20T12:00:00+08:00", "rain_mm": 1}]}""", "bad-timestamp", "$.steps[0].ts")]
    [InlineData("""{"issued": "2021-07-20T12:00:00+08:00", "source": "x", "steps": [{"ts": "2021-08-20T12:00:00+08:00", "rain_mm": 1}]}""", "bad-timestamp", "$.steps[0].ts")]
    [InlineData("""{"issued": "2021-07-20T12:00:00+08:00", "source": "x", "steps": [{"ts": "2021-07-20T14:00:00+08:00", "rain_mm": 1}, {"ts": "2021-07-20T13:00:00+08:00", "rain_mm": 1}]}""", "bad-timestamp", "$.steps[1].ts")]
    [InlineData("""{"issued": "2021-07-20T12:00:00+08:00", "source": "x", "steps": [{"ts": "2021-07-20T13:00:00+08:00"}]}""", "missing-field", "$.steps[0].rain_mm")]
    [InlineData("""{"issued": "2021-07-20T12:00:00+08:00", "source": "x", "steps": [{"ts": "2021-07-20T13:00:00+08:00", "rain_mm": "5"}]}""", "wrong-type", "$.steps[0].rain_mm")]
    [InlineData("""{"issued": "2021-07-20T12:00:00+08:00", "source": "x", "steps": [{"ts": "2021-07-20T13:00:00+08:00", "rain_mm": -0.1}]}""", "wrong-type", "$.steps[0].rain_mm")]
    [InlineData("""{"issued": "2021-07-20T12:00:00+08:00", "source": "x", "steps": [{"ts": "2021-07-20T13:00:00+08:00", "rain_mm": 501}]}""", "wrong-type", "$.steps[0].rain_mm")]
    public void A_bad_issue_is_refused_naming_the_field(string json, string reason, string field)
    {
        var (issue, rejection) = Parse(json);
        Assert.Null(issue);
        Assert.Equal((reason, field), (rejection!.Reason, rejection.Field));
        Assert.False(string.IsNullOrWhiteSpace(rejection.Error));
    }

    [Fact]
    public void The_topic_names_the_gauge()
    {
        Assert.Equal("G1", ForecastTopic.SensorOf("forecasts/rain/G1"));
        Assert.Null(ForecastTopic.SensorOf("forecasts/wind/G1"));
        Assert.Null(ForecastTopic.SensorOf("forecasts/rain/G1/x"));
    }
}
