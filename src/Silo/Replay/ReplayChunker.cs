using Warning.Grains.Telemetry;

namespace Warning.Silo.Replay;

/// <summary>
/// Gathers event-time steps into chunks a replay sends as one grain call per sensor, keeping every order the report
/// depends on (<see cref="ReplayOrder"/> says who depends on whom):
/// <list type="bullet">
/// <item>A sensor that goes <see cref="ReplayRole.Alone"/> depends only on its own readings and forecast issues in
/// event-time order: it takes the chunk's steps in one run (an issue for it after the readings of its time) while the
/// others take theirs.</item>
/// <item><see cref="ReplayRole.InOrder"/> sensors (cameras, detectors of a source, unknown ids) ask and tell only each
/// other: their readings go one by one after the runs, step by step and in id order within a step, each step's other
/// forecast issues after them — the order of a replay step by step.</item>
/// <item>A <see cref="ReplayRole.AsksAlone"/> reading (a landslide point asking its rain gauge) must find the gauge
/// exactly at its own step, no further: the chunk ends at that step.</item>
/// </list>
/// A chunk also ends after <c>maxSteps</c> steps or <c>maxReadings</c> readings; its last step's forecast issues go after
/// that step's in-order readings, as step by step. <c>maxSteps</c> 1 is the step-by-step replay. Pure: the roles are given.
/// </summary>
public sealed class ReplayChunker
{
    private readonly Func<string, ReplayRole> _role;
    private readonly Func<string, bool> _takesForecasts;
    private readonly int _maxSteps;
    private readonly int _maxReadings;
    private readonly Dictionary<string, SensorRun> _runs = new(StringComparer.Ordinal);
    private List<SensorRun> _order = [];
    private List<(string Kind, Reading Reading)> _inOrder = [];
    private int _steps;
    private int _readings;

    public ReplayChunker(Func<string, ReplayRole> role, Func<string, bool> takesForecasts, int maxSteps, int maxReadings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxReadings, 1);
        (_role, _takesForecasts, _maxSteps, _maxReadings) = (role, takesForecasts, maxSteps, maxReadings);
    }

    /// <summary>
    /// Adds one event-time step: its readings (in id order, as <see cref="ReplayInput"/> gives them) and its forecast
    /// issues. Returns the chunk that ends with this step, or null while the chunk goes on.
    /// </summary>
    public ReplayChunk? Add(IReadOnlyList<(string Kind, Reading Reading)> readings, IReadOnlyList<(string Kind, Reading Reading)> issues)
    {
        var ends = false;
        foreach (var item in readings)
        {
            switch (_role(item.Reading.SensorId))
            {
                case ReplayRole.Alone:
                    RunOf(item.Reading.SensorId).Items.Add(item);
                    break;
                case ReplayRole.AsksAlone:
                    ends = true;
                    _inOrder.Add(item);
                    break;
                default:
                    _inOrder.Add(item);
                    break;
            }
            _readings++;
        }
        _steps++;
        ends |= _steps >= _maxSteps || _readings >= _maxReadings;
        if (ends)
        {
            _inOrder.AddRange(issues);
            return Take();
        }
        foreach (var issue in issues)
        {
            if (_takesForecasts(issue.Reading.SensorId)) RunOf(issue.Reading.SensorId).Items.Add(issue);
            else _inOrder.Add(issue);
        }
        return null;
    }

    /// <summary>What is gathered and not yet sent, at the end of the input; null if nothing.</summary>
    public ReplayChunk? Flush() => _steps > 0 ? Take() : null;

    private SensorRun RunOf(string sensorId)
    {
        if (!_runs.TryGetValue(sensorId, out var run))
        {
            _runs[sensorId] = run = new SensorRun(sensorId, []);
            _order.Add(run);
        }
        return run;
    }

    private ReplayChunk Take()
    {
        var chunk = new ReplayChunk(_order, _inOrder);
        (_order, _inOrder) = ([], []);
        _runs.Clear();
        (_steps, _readings) = (0, 0);
        return chunk;
    }
}
