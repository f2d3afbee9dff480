namespace Warning.Rules.Windows;

/// <summary>A rain rule that can say how much rain fell in a window ending at an event time (within what it keeps).</summary>
public interface IRainWindow
{
    double Sum(DateTimeOffset at, TimeSpan window);
}
