namespace Warning.Rules.Forecasts;

/// <summary>A rain rule that also warns on rain forecast (<c>cma-rainstorm</c>, <c>torrent</c>).</summary>
public interface IUsesForecast
{
    /// <summary>How far ahead a forecast crossing raises a warning (param <c>forecastHorizon</c>, default PT3H).</summary>
    TimeSpan ForecastHorizon { get; }

    /// <summary>Takes a forecast issue at its issue time (an event time, like a reading's).</summary>
    Evaluation.RuleStep Forecast(RainForecast forecast);
}
