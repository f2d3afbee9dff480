namespace Warning.Rules.Windows;

/// <summary>
/// A rule state built on a window of samples. <see cref="Newest"/> is the newest event time this rule has taken: a
/// window shared with another rule over the same readings may hold later samples, which this rule does not look at.
/// </summary>
public interface IWindowedState
{
    PackedWindow Samples { get; set; }

    DateTimeOffset? Newest { get; set; }
}

public static class WindowedState
{
    /// <summary>Notes that the rule took a reading at <paramref name="ts"/>; returns its newest event time.</summary>
    public static DateTimeOffset Took(this IWindowedState state, DateTimeOffset ts)
    {
        if (state.Newest is not { } newest || ts > newest) state.Newest = ts;
        return state.Newest!.Value;
    }
}
