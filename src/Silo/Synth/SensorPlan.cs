namespace Warning.Silo.Synth;

/// <summary>One synthetic sensor's draw: its days of real rain, scale, shift, drop-out window and events.</summary>
public sealed class SensorPlan
{
    private static readonly string[] Regions = ["620522", "654225", "140930", "410522", "341322", "210283"];

    private double[][] _days = [];
    private int _dropFrom = -1;
    private int _dropTo = -1;
    private int _surgeStep;
    private int _smokeFrom = -1;

    public required string Id { get; init; }

    public required string Kind { get; init; }

    public required int Index { get; init; }

    public required string Region { get; init; }

    public double Scale { get; private init; }

    public int Offset { get; private init; }

    public static SensorPlan Create(int index, string kind, Random random, List<double[]> rainDays, int days, int steps)
    {
        var plan = new SensorPlan
        {
            Id = $"SYN-{kind.ToUpperInvariant()}-{index:D5}",
            Kind = kind,
            Index = index,
            Region = Regions[index % Regions.Length],
            Scale = 0.5 + random.NextDouble() * 1.1,
            Offset = random.Next(100_000),
        };
        plan._days = Enumerable.Range(0, days).Select(_ => rainDays[random.Next(rainDays.Count)]).ToArray();
        if (random.NextDouble() < 0.05)
        {
            plan._dropFrom = random.Next(steps);
            plan._dropTo = plan._dropFrom + random.Next(steps / Math.Max(1, days) / 4, steps / Math.Max(1, days) * 2);
        }
        plan._surgeStep = (int)(steps * (0.5 + random.NextDouble() * 0.4));
        if (random.NextDouble() < 0.2) plan._smokeFrom = random.Next(steps);
        return plan;
    }

    public bool DroppedAt(int step) => step >= _dropFrom && step < _dropTo;

    /// <summary>The real hour's rain spread over the hour's steps, with ±20 % noise, scaled.</summary>
    public double Rain(int step, double stepsPerHour, Random random)
    {
        var hourIndex = (int)(step / stepsPerHour) + Offset % 24;
        var day = _days[hourIndex / 24 % _days.Length];
        var mm = day[hourIndex % 24] / stepsPerHour * Scale;
        return mm <= 0 ? 0 : mm * (0.8 + random.NextDouble() * 0.4);
    }

    /// <summary>Steady creep, then a surge like ZG93's 2007 flood season.</summary>
    public double Displacement(int step, int steps)
    {
        var creep = 0.5 * step / (steps / 10.0 + 1) * Scale;
        var surge = step > _surgeStep ? Math.Pow((step - _surgeStep) / (steps / 40.0 + 1), 2) * 20 * Scale : 0;
        return 600 + creep + surge;
    }

    public double Smoke(int step, Random random) =>
        _smokeFrom >= 0 && step >= _smokeFrom && step < _smokeFrom + 6 ? 0.55 + random.NextDouble() * 0.4 : random.NextDouble() * 0.3;
}
