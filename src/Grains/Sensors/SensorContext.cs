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

    public static async Task Prepare(ISensorRule rule, SensorDefinition sensor, DateTimeOffset ts, IGrainFactory grains)
    {
        if (rule is IUsesFireDanger fireDanger) fireDanger.FireDanger = await FireDangerOn(sensor, ts, grains);
        if (rule is IAreaConfirmed camera)
        {
            var others = 0;
            foreach (var area in sensor.Areas)
            {
                others = Math.Max(others, await grains.GetGrain<IAreaGrain>(area).OtherCamerasConfirming(sensor.Id, ts, camera.Persistence));
            }
            camera.ConfirmingCameras = others;
        }
        if (rule is IUsesRainCoupling { RainSensor: { } gauge } coupled)
        {
            coupled.CoupledRain = await grains.GetGrain<ISensorGrain>(gauge).RainSum(ts, CoupledRainWindow);
        }
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
