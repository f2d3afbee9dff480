using Warning.Grains.Areas;
using Warning.Grains.Regions;
using Warning.Rules.Evaluation;
using Warning.Rules.FireCamera;
using Warning.Rules.FireDanger;
using Warning.Rules.TangentialAngle;

namespace Warning.Grains.Sensors;

/// <summary>
/// What a rule needs from beyond its own sensor, gathered before a reading is observed (fire danger of the region,
/// cameras of the same area, the coupled rain gauge) and what it tells others after (its own smoke confirmation).
/// Only rules that ask pay for the calls.
/// </summary>
public static class SensorContext
{
    public static readonly TimeSpan CoupledRainWindow = TimeSpan.FromDays(1);

    private static readonly Task<RuleContext> Nothing = Task.FromResult(RuleContext.Empty);

    /// <summary>Asks the region, area and coupled gauge only when the rule uses them (a rule that asks nothing: no call, no allocation).</summary>
    public static Task<RuleContext> Gather(ISensorRule rule, SensorDefinition sensor, DateTimeOffset ts, IGrainFactory grains) =>
        rule is IUsesFireDanger or IAreaConfirmed or IUsesRainCoupling ? Ask(rule, sensor, ts, grains) : Nothing;

    private static async Task<RuleContext> Ask(ISensorRule rule, SensorDefinition sensor, DateTimeOffset ts, IGrainFactory grains)
    {
        var fireDanger = rule is IUsesFireDanger ? await FireDangerOn(sensor, ts, grains) : null;
        int? others = null;
        if (rule is IAreaConfirmed camera)
        {
            others = 0;
            foreach (var area in sensor.Areas)
            {
                others = Math.Max(others.Value, await grains.GetGrain<IAreaGrain>(area).OtherCamerasConfirming(sensor.Id, ts, camera.Persistence));
            }
        }
        var rain = rule is IUsesRainCoupling { RainSensor: { } gauge }
            ? await grains.GetGrain<ISensorGrain>(gauge).RainSum(ts, CoupledRainWindow)
            : null;
        return new RuleContext(fireDanger, others, rain);
    }

    public static async Task Share(ISensorRule rule, SensorDefinition sensor, DateTimeOffset ts, IGrainFactory grains)
    {
        if (rule is IAreaConfirmed { SmokeConfirmed: true })
        {
            foreach (var area in sensor.Areas) await grains.GetGrain<IAreaGrain>(area).ReportSmoke(sensor.Id, ts);
        }
    }

    // The danger of the reading's own (local) day, from the sensor's region or, failing that, its county.
    private static async Task<int?> FireDangerOn(SensorDefinition sensor, DateTimeOffset ts, IGrainFactory grains)
    {
        var date = ts.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var region in new[] { sensor.Region, sensor.Region[..Math.Min(6, sensor.Region.Length)] }.Distinct())
        {
            if (await grains.GetGrain<IRegionGrain>(region).GetFireDanger(date) is { } entry) return entry.Level;
        }
        return null;
    }
}
