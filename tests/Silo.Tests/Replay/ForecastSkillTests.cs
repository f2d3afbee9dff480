using System.Text.Json;
using Warning.Silo.Replay;
using Warning.Silo.Synth;
using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Replay;

/// <summary>
/// Replays with forecast rows: the report's <c>skill</c>, observed-only and forecast-driven side by side, on a real
/// Biliuhe season with synthetic forecasts of known skill.
/// </summary>
public sealed class ForecastSkillTests
{
    private static readonly string Registry = Path.Combine(RepoPaths.Root, "config", "sensors.yaml");

    private static readonly string Season = Path.Combine(RepoPaths.SharedData, "biliuhe", "biliuhe-2012.csv");

    [Fact]
    public async Task A_perfect_forecast_on_a_Biliuhe_season_gives_lead_time_equal_to_its_horizon_and_no_false_alarms()
    {
        var dir = Directory.CreateTempSubdirectory("warning-forecast-").FullName;
        try
        {
            var file = Path.Combine(dir, "biliuhe-2012-perfect.csv");
            Assert.True(ForecastSynth.Write(Season, file, ForecastErrorModel.Perfect(TimeSpan.FromHours(3))) > 1000);
            var html = Path.Combine(dir, "report.html");
            var report = await ReplayRunner.Run(new ReplaySettings(file, Registry, null, "direct", null, html, null, null), TextWriter.Null, CancellationToken.None);
            var page = await File.ReadAllTextAsync(html);
            Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(page, "class=\"skill-plot\"").Count);   // a plot per level
            Assert.Contains("<td>forecast</td>", page);

            var gauge = report.Skill!.Sensors["BLH-RAIN-01"];
            var scored = gauge.Observed.Where(l => l.Value.Events > 0).Select(l => l.Key).ToList();
            Assert.NotEmpty(scored);
            foreach (var level in scored)
            {
                var observed = gauge.Observed[level];
                var forecast = gauge.Forecast![level];
                // Observation alone warns when the rain has fallen: every event hit, no lead, no false alarm.
                Assert.Equal((observed.Events, 0, 0.0), (observed.Hits, observed.FalseAlarms, observed.LeadMedianHours!.Value));
                // A perfect 3 h forecast warns 3 h ahead of each crossing and never falsely.
                Assert.Equal((observed.Events, forecast.Events, 0, 3.0), (forecast.Hits, forecast.Hits, forecast.FalseAlarms, forecast.LeadMedianHours!.Value));
                Assert.Equal((1.0, 0.0), (forecast.Pod!.Value, forecast.Far!.Value));
            }
            Assert.Equal(gauge.Forecast!["blue"].Events, report.Skill.Total.Forecast!["blue"].Events);
            Assert.Contains(report.Warnings, w => w.SensorId == "BLH-RAIN-01");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_replay_command_writes_skill_into_the_report_and_a_forecast_that_always_misses_adds_no_lead()
    {
        var dir = Directory.CreateTempSubdirectory("warning-forecast-").FullName;
        try
        {
            var file = Path.Combine(dir, "biliuhe-2012-useless.csv");
            // Every issue a miss: the forecast-driven run is the observed one.
            ForecastSynth.Write(Season, file, new ForecastErrorModel(TimeSpan.FromHours(3), TimeSpan.Zero, 0, 1, 0, 0, 7));
            var output = Path.Combine(dir, "report.json");
            Assert.Equal(0, await ReplayCommand.Run([file, "--registry", Registry, "--out", output]));

            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            var skill = doc.RootElement.GetProperty("skill");
            var total = skill.GetProperty("total");
            foreach (var level in new[] { "blue", "yellow", "orange", "red" })
            {
                var observed = total.GetProperty("observed").GetProperty(level);
                var forecast = total.GetProperty("forecast").GetProperty(level);
                Assert.Equal(observed.GetProperty("events").GetInt32(), forecast.GetProperty("events").GetInt32());
                Assert.Equal(observed.GetProperty("hits").GetInt32(), forecast.GetProperty("hits").GetInt32());
                Assert.Equal(0, forecast.GetProperty("falseAlarms").GetInt32());
                if (forecast.GetProperty("hits").GetInt32() > 0) Assert.Equal(0, forecast.GetProperty("leadMedianHours").GetDouble());
            }
            Assert.True(skill.GetProperty("sensors").TryGetProperty("BLH-RAIN-01", out _));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
