using Warning.Grains.Telemetry;

namespace Warning.Silo.Replay;

/// <summary>
/// Gathers event-time steps into chunks a replay sends as one grain call per sensor, keeping every order the report
/// depends on. A sensor that neither asks nor tells others (<see cref="ReplayOrder"/>) depends only on its own readings
/// and forecasts, in event-time order: it may take many steps at once while other such sensors take theirs. A reading of
/// a sensor that asks others (a landslide point asks its rain gauge, a camera its area, a detector tells its source)
/// must see every other sensor at its own step, no further: a chunk ends at the step where such a reading sits — the
/// independent readings up to and including that step, then the dependent ones one by one in id order, then the step's
/// forecast issues, as a replay step by step does it. A forecast issue for a gauge joins the gauge's own run after the
/// readings of its time; one for anything else (refused, and its dead letter in order) ends the chunk too. A chunk also
/// ends after <c>maxSteps</c> steps or <c>maxReadings</c> readings; <c>maxSteps</c> 1 is the step-by-step replay.
/// Pure: which sensors are independent and take forecasts is given.
/// </summary>
public sealed class ReplayChunker
{
    private readonly Func<string, bool> _independent;
    private readonly Func<string, bool> _takesForecasts;
    private readonly int _maxSteps;
    private readonly int _maxReadings;
    private readonly Dictionary<string, SensorRun> _runs = new(StringComparer.Ordinal);
    private List<SensorRun> _order = [];
    private int _steps;
    private int _readings;

    public ReplayChunker(Func<string, bool> independent, Func<string, bool> takesForecasts, int maxSteps, int maxReadings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxReadings, 1);
        (_independent, _takesForecasts, _maxSteps, _maxReadings) = (independent, takesForecasts, maxSteps, maxReadings);
    }

    /// <summary>
    /// Adds one event-time step: its readings (in id order, as <see cref="ReplayInput"/> gives them) and its forecast
    /// issues. Returns the chunk that ends with this step, or null while the chunk goes on.
    /// </summary>
    public ReplayChunk? Add(IReadOnlyList<(string Kind, Reading Reading)> readings, IReadOnlyList<(string Kind, Reading Reading)> issues)
    {
        List<(string Kind, Reading Reading)>? dependent = null;
        foreach (var item in readings)
        {
            if (_independent(item.Reading.SensorId))
            {
                RunOf(item.Reading.SensorId).Items.Add(item);
                _readings++;
            }
            else
            {
                (dependent ??= []).Add(item);
            }
        }
        _steps++;
        var ends = dependent is not null || _steps >= _maxSteps || _readings >= _maxReadings;
        for (var i = 0; i < issues.Count && !ends; i++) ends = !_takesForecasts(issues[i].Reading.SensorId);
        if (!ends)
        {
            foreach (var issue in issues) RunOf(issue.Reading.SensorId).Items.Add(issue);
            return null;
        }
        dependent ??= [];
        dependent.AddRange(issues);
        return Take(dependent);
    }

    /// <summary>What is gathered and not yet sent, at the end of the input; null if nothing.</summary>
    public ReplayChunk? Flush() => _steps > 0 ? Take([]) : null;

    private SensorRun RunOf(string sensorId)
    {
        if (!_runs.TryGetValue(sensorId, out var run))
        {
            _runs[sensorId] = run = new SensorRun(sensorId, []);
            _order.Add(run);
        }
        return run;
    }

    private ReplayChunk Take(List<(string Kind, Reading Reading)> inOrder)
    {
        var chunk = new ReplayChunk(_order, inOrder);
        _order = [];
        _runs.Clear();
        (_steps, _readings) = (0, 0);
        return chunk;
    }
}
