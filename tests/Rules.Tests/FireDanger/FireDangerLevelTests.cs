using System.Globalization;
using Warning.Rules.FireDanger;
using Warning.Tests.Shared;

namespace Warning.Rules.Tests.FireDanger;

public sealed class FireDangerLevelTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(5.19, 1)]
    [InlineData(5.2, 2)]
    [InlineData(11.19, 2)]
    [InlineData(11.2, 3)]
    [InlineData(21.29, 3)]
    [InlineData(21.3, 4)]
    [InlineData(37.99, 4)]
    [InlineData(38, 5)]
    [InlineData(120, 5)]
    public void Effis_class_limits(double fwi, int level) => Assert.Equal(level, FireDangerLevel.FromFwi(fwi));

    [Fact]
    public void On_the_Algerian_2012_season_fire_days_sit_in_higher_danger_classes()
    {
        var rows = File.ReadLines(Path.Combine(RepoPaths.SharedData, "algerian-fwi", "algerian-fwi.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Select(f => (Fwi: double.Parse(f[11], CultureInfo.InvariantCulture), Fire: f[12].Trim() == "1"))
            .ToList();
        Assert.True(rows.Count > 200);
        var levels = rows.Select(r => (Level: FireDangerLevel.FromFwi(r.Fwi), r.Fire)).ToList();
        var fire = levels.Where(l => l.Fire).Average(l => l.Level);
        var calm = levels.Where(l => !l.Fire).Average(l => l.Level);
        Assert.True(fire > calm + 1, $"mean class on fire days {fire:0.00}, on other days {calm:0.00}");
        Assert.True(levels.Where(l => l.Level >= 4).Count(l => l.Fire) > levels.Count(l => l.Level >= 4) * 0.9, "classes IV–V are nearly all fire days");
    }
}
